"""Every rule's passing and failing examples, kept as data in tests/rules/cases/<ID>.yaml.

One harness runs them all on the real engine (sqlfluff / Spectral style): a case
names a base fixture, the cells it changes, and the exact findings expected
(rule, pointer, severity, and optionally fragments of the message).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import patched, run_rules, set_pointer

CASES = Path(__file__).parent / "cases"


def _cases():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}")


def case_report(case):
    """The case's base fixture with its ``remove``, ``set`` and ``replace`` applied.

    ``replace`` maps a pointer to ``[old, new]``: one substring of that text field
    replaced, so a case can change one phrase of a long text.
    """
    report = patched(case.get("base", "tables-2021"), case.get("set"), case.get("remove"))
    for pointer, (old, new) in (case.get("replace") or {}).items():
        text = report
        for key in pointer.strip("/").split("/"):
            text = text[int(key)] if isinstance(text, list) else text[key]
        assert old in text, f"{pointer} has no {old!r}"
        set_pointer(report, pointer, text.replace(old, new, 1))
    return report


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(checker, rule, case):
    report = case_report(case)
    findings = run_rules(checker, report, [case.get("select", rule)], lang=case.get("lang", "zh"))
    got = [(f.rule, f.pointer, f.severity.label) for f in findings]
    want = [
        (e.get("rule", rule), e.get("pointer", ""), e["severity"]) for e in case.get("expect", [])
    ]
    assert got == want
    for finding, expected in zip(findings, case.get("expect", []), strict=True):
        for fragment in expected.get("message", []):
            assert fragment in finding.message, finding.message


def test_every_catalogue_rule_has_cases(checker):
    """A rule without both a passing and a failing case is untested."""
    have = {p.stem for p in CASES.glob("*.yaml")}
    rules = {r.id for r in checker.ruleset.rules.values()}
    assert rules - have == set()
    for path in CASES.glob("*.yaml"):
        data = yaml.safe_load(path.read_text("utf-8"))
        verdicts = {bool(c.get("expect")) for c in data["cases"]}
        assert verdicts == {True, False}, f"{path.name} needs a passing and a failing case"
