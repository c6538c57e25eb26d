"""The engine: loads reports, runs rules, hands findings on. Knows no province or file type."""
