"""The engine: schema errors, a rule that raises, selection by id and prefix."""

from __future__ import annotations

import pytest

from nianbao.core.engine import Selection
from nianbao.core.runner import Checker, Options
from tests.conftest import load_fixture, patched, run_rules


def test_schema_errors_are_all_reported_with_pointers(checker):
    report = patched(
        "tables-2021",
        {
            "/year": "2023",
            "/tables/applications/results/withheld/bogus_row": {},
            "/contact": {"phones": "0851-1234567"},
        },
    )
    report["unknown_top"] = 1
    findings = run_rules(checker, report)
    assert [(f.rule, f.pointer) for f in findings] == [
        ("E002", ""),
        ("E002", "/contact/phones"),
        ("E002", "/tables/applications/results/withheld"),
        ("E002", "/year"),
    ]
    by_pointer = {f.pointer: f.message for f in findings}
    assert "unknown key(s) 'unknown_top'" in by_pointer[""]
    assert "'bogus_row'" in by_pointer["/tables/applications/results/withheld"]
    assert "expected integer or null, got str" in by_pointer["/year"]


def test_missing_or_unknown_edition_is_e002(checker):
    report = load_fixture("tables-2021")
    report["edition"] = "2020"
    findings = run_rules(checker, report)
    assert [(f.rule, f.pointer) for f in findings] == [("E002", "/edition")]
    assert '"2019" or "2021"' in findings[0].message


def test_a_rule_that_raises_is_e003_and_the_others_still_run():
    checker = Checker(Options(plugins=["tests.plugins.raising_rule"], entry_points=False))
    report = patched("tables-2021", {"/tables/reviews/review/total": 5})
    findings = run_rules(checker, report, ["ZZ", "T401"])
    assert [(f.rule, f.severity.label) for f in findings] == [("E003", "error"), ("T401", "error")]
    assert "ZZ001" in findings[0].message and "tests.plugins.raising_rule" in findings[0].message
    assert "ZeroDivisionError" in findings[0].message


@pytest.mark.parametrize(
    ("select", "ignore", "rule", "on"),
    [
        ([], [], "T301", True),
        (["T3"], [], "T301", True),
        (["T3"], [], "T401", False),
        (["T"], ["T3"], "T301", False),
        (["T"], ["T3"], "T401", True),
        (["T301"], ["T3"], "T301", True),  # the longer match wins, as in ruff
        ([], ["T"], "E001", True),  # an unreadable input is never silenced
        (["s001,t3"], [], "S001", True),
    ],
)
def test_selection_by_id_and_prefix(select, ignore, rule, on):
    assert Selection(select, ignore)(rule) is on


def test_findings_are_sorted_and_deterministic(checker):
    report = patched(
        "tables-2019",
        {
            "/tables/reviews/review/total": 1,
            "/tables/applications/new_received/total": 2,
        },
    )
    first = run_rules(checker, report)
    second = run_rules(checker, report)
    assert first == second
    assert [f.sort_key() for f in first] == sorted(f.sort_key() for f in first)
