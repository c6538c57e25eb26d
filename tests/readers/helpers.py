"""Shared helpers for the reader tests: read a file with the real checker, compare cells."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from nianbao.core.io import Source
from nianbao.core.model import lookup, model, pointer_to_path
from nianbao.core.runner import Checker

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
READERS = FIXTURES / "readers"
CORPUS = FIXTURES / "corpus"


def load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text("utf-8"))


def read(checker: Checker, path: Path) -> Source:
    return checker.read(str(path))


def cell_differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    """Every table cell of the edition whose extracted value is not the model's."""
    out = []
    for pointer in model(want["edition"]).expand("/tables/**@cell"):
        path = pointer_to_path(pointer)
        a, b = lookup(got, path), lookup(want, path)
        if a != b or type(a) is not type(b):
            out.append(f"{pointer}: extracted {a!r}, model {b!r}")
    return out


def finding_keys(result: Any) -> list[tuple[str, str, str]]:
    return [(f.rule, f.pointer, f.severity.label) for f in result.findings]
