"""A plugin that cannot be imported (its own dependency is missing)."""

raise ImportError("No module named 'province_database_driver'")
