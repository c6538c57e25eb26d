"""Findings on a JSON report name the line of their cell in that file (core/locate.py)."""

from __future__ import annotations

import json

import pytest

from nianbao.core.locate import JsonLines
from tests.conftest import FIXTURES

TEXT = """{
  "a": {"b": [10, {"c": "x{]\\"}"}, 30],
        "d~e/f": 1},
  "g": {
    "h": null,
    "h": 2
  },
  "empty": {}, "list": []
}
"""


@pytest.mark.parametrize(
    ("pointer", "line"),
    [
        ("", 1),
        ("/a", 2),
        ("/a/b/2", 2),
        ("/a/b/1/c", 2),  # a string holding JSON's own punctuation is skipped whole
        ("/a/d~0e~1f", 3),  # escaped pointer segments
        ("/g/h", 6),  # a key given twice: JSON keeps the last one, and so does the line
        ("/g/missing/deeper", 4),  # not there: its nearest enclosing node
        ("/a/b/7", 2),
        ("/empty/x", 8),
        ("/list/0", 8),
    ],
)
def test_lines_of_pointers(pointer, line):
    assert json.loads(TEXT)  # the text is JSON
    assert JsonLines(TEXT).line(pointer) == line


def test_one_line_json_is_line_one_everywhere():
    text = json.dumps({"tables": {"x": [1, 2, {"y": 3}]}})
    assert {JsonLines(text).line(p) for p in ("", "/tables/x/2/y", "/nothing")} == {1}


def test_not_json_gives_no_line():
    assert JsonLines('{"a": [1, 2').line("/a/5") is None


def test_a_finding_names_the_json_line_and_keeps_the_documents_in_source(checker, tmp_path):
    """A JSON model extracted from a page keeps the page's positions in provenance;
    checked as JSON, a finding's line is the JSON file's own, its source the page's."""
    report = json.loads((FIXTURES / "clean-2021.json").read_text("utf-8"))
    report["tables"]["applications"]["carried_forward"]["total"] += 1  # T301 and T303
    pointer = "/tables/applications/carried_forward/total"
    report["provenance"] = {pointer: {"line": 999, "text": "5"}}
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2), "utf-8")
    found = [f for f in checker.check_file(str(path)).findings if f.pointer == pointer]
    assert [f.rule for f in found] == ["T301", "T303"]
    lines = path.read_text("utf-8").splitlines()
    for finding in found:
        assert lines[finding.line - 1].strip().startswith('"total":')
        assert finding.line != 999 and finding.source == {"line": 999, "text": "5"}
    above = [t.strip() for t in lines[: found[0].line - 1] if t.strip().endswith("{")]
    assert above[-1] == '"carried_forward": {'  # the cell of that row, not another total
