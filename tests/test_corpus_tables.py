"""Real published reports, transcribed by hand: the arithmetic rules must report exactly
the faults the transcription notes list for each (tests/fixtures/corpus/, from the
corpus index), and nothing else. Blank cells silence the identities that need them."""

from __future__ import annotations

import json

import pytest

from tests.conftest import FIXTURES, run_rules

ARITHMETIC = ["T2", "T3", "T401"]

EXPECTED: dict[str, list[tuple[str, str]]] = {
    "001": [],
    "002": [],
    "004": [
        ("T302", "/tables/applications/results/total/natural_person"),
        ("T302", "/tables/applications/results/total/total"),
    ],
    "006": [],
    "007": [],
    "008": [],
    "011": [],
    "012": [],
    "014": [],
    "015": [],
    "017": [],
    "018": [],
    "021": [],
    "023": [],
    "024": [
        ("T301", "/tables/applications/carried_forward/commercial"),
        ("T303", "/tables/applications/results/partially_granted/total"),
        ("T303", "/tables/applications/results/total/total"),
    ],
    "027": [],
    "028": [],
    "030": [],
    "032": [],
    "034": [],
    "101": [],
}


def test_every_corpus_fixture_is_listed():
    assert sorted(p.stem for p in (FIXTURES / "corpus").glob("*.json")) == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_arithmetic_findings(checker, name):
    report = json.loads((FIXTURES / "corpus" / f"{name}.json").read_text("utf-8"))
    findings = run_rules(checker, report, ARITHMETIC)
    assert [(f.rule, f.pointer) for f in findings] == EXPECTED[name]


def test_corpus_blank_cells_are_reported_once_each(checker):
    """015 prints nothing in two （六） rows: 14 blank cells, 14 T003 findings, no arithmetic cascade."""
    report = json.loads((FIXTURES / "corpus" / "015.json").read_text("utf-8"))
    findings = run_rules(checker, report, ["T"])
    blanks = [f.pointer for f in findings if f.rule == "T003"]
    rows = {p.rsplit("/", 1)[0] for p in blanks if p.startswith("/tables/applications")}
    assert rows == {
        "/tables/applications/results/other/overdue_fee",
        "/tables/applications/results/other/other",
    }
    assert len([p for p in blanks if p.startswith("/tables/applications")]) == 14
    assert {f.rule for f in findings} == {"T003"}
