"""``python -m nianbao.core.regenerate``: write the prebuilt files again.

Run it after changing a shipped rule pack, a locale catalogue or a schema; the test
suite fails until it has been run (core/prebuilt.py says what the files hold).
"""

from __future__ import annotations

from pathlib import Path

from nianbao.core import prebuilt, tables


def shipped_yaml() -> list[Path]:
    """The YAML files every default run reads: the built-in catalogues and the national
    plugin's rule packs, as their owners name them."""
    from nianbao.core.messages import builtin_catalogue_paths
    from nianbao.plugins.national import nianbao_rule_packs

    return sorted(builtin_catalogue_paths().values()) + list(nianbao_rule_packs())


def main() -> None:
    prebuilt.YAML_STORE.write_text(prebuilt.yaml_store(shipped_yaml()), encoding="utf-8")
    print(f"wrote {prebuilt.YAML_STORE}")
    target = Path(tables.__file__).with_name("_prebuilt_tables.py")
    target.write_text(tables.prebuilt_module(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
