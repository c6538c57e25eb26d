"""``python -m nianbao.core.regenerate``: write the prebuilt files again.

Run it after changing a shipped rule pack, a locale catalogue or a schema; the test
suite fails until it has been run (core/prebuilt.py says what the files hold).
"""

from __future__ import annotations

from pathlib import Path

from nianbao.core import prebuilt, tables


def main() -> None:
    prebuilt.YAML_STORE.write_text(prebuilt.yaml_store(), encoding="utf-8")
    print(f"wrote {prebuilt.YAML_STORE}")
    target = Path(tables.__file__).with_name("_prebuilt_tables.py")
    target.write_text(tables.prebuilt_module(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
