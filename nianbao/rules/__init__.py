"""The national rule packs (YAML) and the check functions they name."""
