"""Helpers for the output-format tests: real runs on fixtures, and the official SARIF schema."""

from __future__ import annotations

import json
import re
import shutil
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from nianbao.core.reporting import RunResult
from nianbao.core.runner import Checker, Options
from tests.conftest import FIXTURES

SARIF_SCHEMA = FIXTURES / "sarif-schema-2.1.0.json"
SEED = Path(__file__).resolve().parents[2] / "examples" / "luwo-2020.json"  # the README's example

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


class Page(HTMLParser):
    """What a rendered page shows: headings, the summary rows, and the grids (表二–四).

    ``marked`` holds each marked grid cell as (table, mark, cell text, row label);
    the cell text is the printed value followed by the numbers of its findings.
    ``grids`` holds every grid's rows as the texts of their cells (th and td).
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.h3: list[str] = []
        self.marked: list[tuple[str, str, str, str]] = []
        self.summary: list[list[str]] = []
        self.grids: dict[str, list[list[str]]] = {}
        self.tags: set[str] = set()
        self._text: list[str] = []
        self._row: list[str] = []
        self._row_label = ""
        self._table = ""
        self._grid = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "table":
            self._table = attrs.get("class", "")
            self._grid = re.sub(r"^r\d+-", "", attrs.get("id", "")) if self._table == "grid" else ""
        if tag == "tr":
            self._row = []
            self._row_label = ""
        if tag in ("td", "th", "h3"):
            self._text = []
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs = self.stack.pop()
            if open_tag == tag:
                break
        text = "".join(self._text).strip()
        if tag == "h3":
            self.h3.append(text)
        if tag == "td" or (tag == "th" and self._grid):
            self._row.append(text)
            cls = attrs.get("class", "")
            if self._grid and tag == "td" and "label" in cls:
                self._row_label = text
            if self._grid and tag == "td" and "mark-" in cls:
                kind = re.search(r"mark-(\w+)", cls).group(1)
                self.marked.append((self._grid, kind, text, self._row_label))
        if tag == "tr" and self._table == "summary" and self._row:
            self.summary.append(self._row)
        if tag == "tr" and self._grid:
            self.grids.setdefault(self._grid, []).append(self._row)

    def handle_data(self, data):
        self._text.append(data)
