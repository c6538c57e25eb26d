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
    assert by_pointer[""].startswith(
        "/：不符合格式要求：有未知字段 unknown_top；允许的字段：agency、"
    )
    assert "有未知字段 bogus_row；" in by_pointer["/tables/applications/results/withheld"]
    assert by_pointer["/year"] == '/year：不符合格式要求：应为整数或 null，实为字符串 "2023"'
    assert {f.pointer: f.values for f in findings}[""]["keys"] == ["unknown_top"]
    english = {f.pointer: f.message for f in run_rules(checker, report, lang="en")}
    assert english[""].startswith(
        "/: does not fit the schema: unknown key(s) unknown_top; allowed: agency, "
    )
    assert "unknown key(s) bogus_row; " in english["/tables/applications/results/withheld"]
    assert english["/year"] == (
        '/year: does not fit the schema: expected an integer or null, got a string "2023"'
    )


def test_missing_required_key_is_e002_in_both_languages(checker):
    report = load_fixture("tables-2021")
    del report["tables"]
    (zh,) = run_rules(checker, report)
    assert (zh.rule, zh.pointer, zh.message) == (
        "E002",
        "",
        "/：不符合格式要求：缺少必需字段 tables",
    )
    assert zh.values == {"pointer": "/", "kind": "required", "key": "tables"}
    (en,) = run_rules(checker, report, lang="en")
    assert en.message == "/: does not fit the schema: 'tables' is required"


def test_missing_or_unknown_edition_is_e002(checker):
    report = load_fixture("tables-2021")
    report["edition"] = "2020"
    findings = run_rules(checker, report)
    assert [(f.rule, f.pointer) for f in findings] == [("E002", "/edition")]
    assert findings[0].message == '/edition：不符合格式要求：应为 "2019" 或 "2021"，实为 "2020"'
    (english,) = run_rules(checker, report, lang="en")
    assert english.message == (
        '/edition: does not fit the schema: expected "2019" or "2021", got "2020"'
    )


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
