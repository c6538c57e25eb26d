"""The content rules as a whole: clean reports are silent, each fault is its own rule.

The per-rule cases (tests/rules/cases/) run one rule at a time. Here every
failing case built on a clean report runs the *whole* national pack, and must give
that case's rule and nothing else (plus the rules it names under ``also``, for the
cases whose single change is two faults by nature). That is RULES.md's
no-cascade principle, tested.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from nianbao.core.engine import Engine, Selection
from nianbao.core.io import Source
from nianbao.core.rules import PackError, build_ruleset, load_pack
from tests.conftest import load_fixture, patched, run_rules
from tests.rules.test_rule_cases import CASES, case_report

ROOT = Path(__file__).resolve().parents[2]
CLEAN = ("clean-2019", "clean-2021")


def _fault_cases():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data["cases"]:
            if case.get("expect") and case.get("base") in CLEAN:
                yield pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize("base", CLEAN)
def test_clean_report_gives_no_finding(checker, base):
    assert run_rules(checker, load_fixture(base), None) == []


def test_clean_2021_fixture_is_the_example():
    example = json.loads((ROOT / "examples" / "report-2021.json").read_text("utf-8"))
    assert example == load_fixture("clean-2021")


@pytest.mark.parametrize(("rule", "case"), list(_fault_cases()))
def test_single_fault_gives_only_its_rule(checker, rule, case):
    findings = run_rules(checker, case_report(case), None, lang=case.get("lang", "zh"))
    assert {f.rule for f in findings} == {rule, *case.get("also", [])}


def test_luwo_example_gives_exactly_its_findings(checker):
    """The seed report, transcribed by hand: what the whole national pack must say.

    表四 prints 14 numbers for 15 cells (the blank one's place is unknown, so all
    15 are null: one T003 for 表四, printed as one row); 规范性文件 printed 242 made / 14 published (T202);
    part 六 is empty, info in the 2019 format (S004). Everything else — parts,
    year, edition, deadline (township, 2021-01-20 ≤ 01-31), statistics period,
    download statement, signature, contact — is in order.
    """
    report = json.loads((ROOT / "examples" / "luwo-2020.json").read_text("utf-8"))
    findings = run_rules(checker, report, None)
    got = [(f.rule, f.pointer, f.severity.label) for f in findings]
    assert got == [
        ("S004", "/parts/5/text", "info"),
        ("T003", "/tables/reviews", "warning"),
        ("T202", "/tables/proactive/normative_documents/published", "warning"),
    ]
    t202 = findings[-1]
    assert "本年新公开数量 14 小于本年新制作数量 242" in t202.message
    assert t202.line == 54  # the provenance points at the printed "14"


def test_luwo_contact_sentence_parses_to_its_contact():
    """The transcription's ``contact`` is what parse_contact reads from its preamble."""
    from nianbao.rules.contact import parse_contact

    report = json.loads((ROOT / "examples" / "luwo-2020.json").read_text("utf-8"))
    assert parse_contact(report["preamble"]) == report["contact"]


def _engine(checker, packs, lang="zh"):
    ruleset = build_ruleset(packs, checker.plugins.check_functions(), checker.plugins.rules())
    return Engine(ruleset, checker.catalogue, lang=lang, selection=Selection(["M003"], None))


def test_a_province_pack_sets_earlier_deadlines(checker, tmp_path):
    """M003's dates are options: a province overrides them by id."""
    province = tmp_path / "province.yaml"
    province.write_text(
        "id: province\nextends: [national]\n"
        'overrides:\n  M003: {with: {department: "01-20", township: "01-15"}}\n',
        "utf-8",
    )
    packs = [*checker.plugins.packs(), load_pack(province)]
    report = load_fixture("clean-2021")  # a department, published 2024-01-25
    national = _engine(checker, checker.plugins.packs()).check(Source("r.json", report))
    local = _engine(checker, packs).check(Source("r.json", report))
    assert national.findings == []
    assert [(f.rule, f.pointer) for f in local.findings] == [("M003", "/published")]
    assert "2024-01-20（晚 5 天）" in local.findings[0].message


def test_a_bad_deadline_option_is_refused_when_the_pack_loads(checker, tmp_path):
    province = tmp_path / "bad.yaml"
    province.write_text(
        "id: bad\nextends: [national]\noverrides:\n  M003: {with: {township: 'Jan 20'}}\n",
        "utf-8",
    )
    with pytest.raises(PackError) as err:
        build_ruleset(
            [*checker.plugins.packs(), load_pack(province)],
            checker.plugins.check_functions(),
            checker.plugins.rules(),
        )
    assert "bad.yaml:4" in str(err.value) and "township" in str(err.value)


def test_edition_is_the_printed_format_not_the_year(checker):
    """A 2023 report printed in the 2019 format: M002, and no 2021 content rule."""
    report = patched(
        "clean-2019",
        {
            "/year": 2023,
            "/title": "鹿窝镇2023年政府信息公开工作年度报告",
            "/published": "2024-01-20",
            "/signature/date": "2024-01-20",
            "/parts/5/text": "全年承办人大代表建议3件。",  # no fee statement: S008 is 2021's
        },
    )
    report["preamble"] = report["preamble"].replace("2020年1月1日", "2023年1月1日")
    assert [f.rule for f in run_rules(checker, report, None)] == ["M002"]


@pytest.mark.parametrize(
    "phrase, found",
    [
        ("^待定", True),  # anchored: only a text that opens with it (the second field here)
        ("待定事项$", False),  # anchored at the end: no text ends with it
        ("\\A待定", True),
        ("待定", True),
    ],
)
def test_s005_pack_phrases_that_look_at_a_texts_edges(checker, tmp_path, phrase, found):
    """S005 first asks all of a report's fields at once; a phrase that looks at where a
    text begins or ends must still be asked of each text alone."""
    province = tmp_path / "province.yaml"
    province.write_text(
        "id: province\nextends: [national]\n"
        f"overrides:\n  S005: {{with: {{phrases: [{json.dumps(phrase)}]}}}}\n",
        "utf-8",
    )
    packs = [*checker.plugins.packs(), load_pack(province)]
    ruleset = build_ruleset(packs, checker.plugins.check_functions(), checker.plugins.rules())
    engine = Engine(ruleset, checker.catalogue, selection=Selection(["S005"], None))
    report = load_fixture("clean-2021")
    report["preamble"] = "待定事项另行说明。" + report["preamble"]
    for part in report["parts"]:  # no X-like letter anywhere (they make it ask per text too)
        part["text"] = re.sub("[Xx×]", "", part["text"])
    report["preamble"] = re.sub("[Xx×]", "", report["preamble"])
    got = [(f.rule, f.pointer) for f in engine.check(Source("r.json", report)).findings]
    assert got == ([("S005", "/preamble")] if found else [])
