"""贵州省规则包: local contact conventions, and a stricter national rule.

A province plugin is a normal package: it ships YAML packs (and, if it needs them,
Python rules or check functions) through nianbao's hooks, and declares the
``nianbao`` entry point so nianbao finds it after ``pip install`` with nothing else
to configure.
"""

from __future__ import annotations

from pathlib import Path

from nianbao import hookimpl

HERE = Path(__file__).resolve().parent


@hookimpl
def nianbao_rule_packs() -> list[Path]:
    return [HERE / "guizhou.yaml"]
