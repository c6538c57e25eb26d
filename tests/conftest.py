"""Shared fixtures: one real Checker per session (no mocks), helpers to run rules and the CLI."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from nianbao.cli import main
from nianbao.core.engine import Engine, Selection
from nianbao.core.io import Source
from nianbao.core.model import pointer_to_path
from nianbao.core.runner import Checker, Options

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def checker() -> Checker:
    """The real checker with every built-in plugin, no entry points (tests stay hermetic)."""
    return Checker(Options(entry_points=False))


def load_fixture(name: str) -> dict[str, Any]:
    path = FIXTURES / name
    if not path.suffix:
        path = path.with_suffix(".json")
    return json.loads(path.read_text("utf-8"))


def set_pointer(doc: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer_to_path(pointer)
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node.setdefault(key, {})
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def remove_pointer(doc: dict[str, Any], pointer: str) -> None:
    *parents, last = pointer_to_path(pointer)
    node = doc
    for key in parents:
        node = node[int(key)] if isinstance(node, list) else node[key]
    del node[int(last) if isinstance(node, list) else last]


def patched(
    base: str | dict[str, Any], set_: dict[str, Any] | None = None, remove: list[str] | None = None
) -> dict[str, Any]:
    doc = copy.deepcopy(load_fixture(base) if isinstance(base, str) else base)
    for pointer in remove or []:
        remove_pointer(doc, pointer)
    for pointer, value in (set_ or {}).items():
        set_pointer(doc, pointer, value)
    return doc


def run_rules(
    checker: Checker,
    report: dict[str, Any],
    select: list[str] | None = None,
    lang: str = "zh",
    path: str = "report.json",
):
    """Findings of the real engine on one report, limited to ``select``."""
    engine = Engine(
        checker.ruleset,
        checker.catalogue,
        lang=lang,
        selection=Selection(select, None),
        corpus_rules=(),
        config=checker.options.config,
    )
    return engine.check(Source(path, report)).findings


def cli(*args: str, cwd: Path | None = None, autoload: bool = False) -> tuple[int, str, str]:
    """Run ``nianbao`` in a subprocess (the real console entry), return (code, stdout, stderr).

    Installed plugins are not loaded unless ``autoload``: the suite must not depend on
    what else is installed on the machine.
    """
    env = dict(os.environ)
    if autoload:
        env.pop("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", None)
    else:
        env["NIANBAO_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    root = Path(__file__).resolve().parent.parent
    env["PYTHONPATH"] = os.pathsep.join([str(root), env.get("PYTHONPATH", "")])
    proc = subprocess.run(
        [sys.executable, "-m", "nianbao", *args], capture_output=True, text=True, cwd=cwd, env=env
    )
    return proc.returncode, proc.stdout, proc.stderr


__all__ = ["FIXTURES", "checker", "cli", "load_fixture", "main", "patched", "run_rules"]
