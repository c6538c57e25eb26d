"""Docs that cannot rot: every hook and every check function is documented."""

from __future__ import annotations

import inspect
from pathlib import Path

from nianbao.core import hookspecs

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_hook_is_documented():
    text = (DOCS / "plugins.md").read_text("utf-8")
    hooks = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("nianbao_")]
    assert len(hooks) >= 10
    missing = [h for h in hooks if f"### {h}" not in text]
    assert missing == []


def test_every_hook_has_a_docstring():
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if name.startswith("nianbao_"):
            assert fn.__doc__ and "Called" in fn.__doc__, name


def test_every_check_function_is_documented(checker):
    text = (DOCS / "packs.md").read_text("utf-8")
    names = checker.plugins.check_functions()
    missing = [n for n in names if f"| `{n}` |" not in text]
    assert missing == []
