"""Helpers for the output-format tests: real runs on fixtures, and the official SARIF schema."""

from __future__ import annotations

import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nianbao.core.reporting import RunResult
from nianbao.core.runner import Checker, Options
from tests.conftest import FIXTURES

SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"

# The corpus fixtures carry the parts' headings only (corpus/INDEX.md): the content
# rules mean nothing on them, so the output tests run the table rules alone.
TABLE_RULES = ("T",)
TABLE_RULES_CONFIG = 'select = ["T"]\n'


@cache
def _validator() -> jsonschema.Draft4Validator:
    schema = json.loads(SARIF_SCHEMA.read_text("utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(
        schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def validate_sarif(text: str) -> dict[str, Any]:
    """Parse SARIF output and validate it against the official 2.1.0 schema (all errors shown)."""
    doc = json.loads(text)
    errors = sorted(_validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])
    return doc


@pytest.fixture(autouse=True)
def no_installed_plugins(monkeypatch):
    """In-process CLI runs load only the built-ins, whatever else is installed."""
    monkeypatch.setenv("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", "1")


@pytest.fixture(scope="session")
def table_checker() -> Checker:
    """A real checker that keeps tables (what the CLI builds when html is selected)."""
    return Checker(Options(entry_points=False, keep_tables=True, select=TABLE_RULES))


@pytest.fixture
def reports_dir(tmp_path, monkeypatch) -> Path:
    """A working folder holding copies of the fixtures, so paths in outputs are short and relative."""
    for name in ("corpus/024.json", "corpus/034.json", "reporters/024-lines.json"):
        shutil.copy(FIXTURES / name, tmp_path / Path(name).name)
    (tmp_path / "broken.json").write_text('{"edition": "2021",', "utf-8")
    (tmp_path / "nianbao.toml").write_text(TABLE_RULES_CONFIG, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def make_run(checker: Checker, *paths: str, fail_on: str = "error") -> RunResult:
    run = checker.finish([checker.check_file(p) for p in paths])
    run.fail_on = fail_on
    return run
