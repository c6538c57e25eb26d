"""JUnit XML: a testsuite per report, a testcase per evaluated rule, failures with the findings."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from nianbao.plugins.reporters.junit import JunitReporter
from tests.reporters.conftest import make_run

TABLE_RULES_2021 = ["T001", "T002", "T003", "T004", "T203", "T301", "T302", "T303", "T401"]


def rules_2021(run) -> list[str]:
    """Every rule of the 2021 edition this build knows (other packs add to the table rules)."""
    ids = ["E001", "E002", "E003"] + [
        r.id
        for r in run.rules
        if r.scope == "report" and "2021" in r.editions and r.enabled and r.selected
    ]
    if len(run.reports) > 1:  # the corpus rules (X…) run when several reports go together
        ids += [r.id for r in run.rules if r.scope == "corpus" and r.enabled and r.selected]
    assert set(TABLE_RULES_2021) <= set(ids) and "T201" not in ids
    return sorted(ids)


def parse(run) -> ET.Element:
    text = JunitReporter().render(run)
    assert text.startswith("<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(text)


def cases(suite: ET.Element) -> dict[str, ET.Element]:
    return {c.get("name").split()[0]: c for c in suite.iter("testcase")}


def test_suite_per_report_and_counts(table_checker, reports_dir):
    run = make_run(table_checker, "024.json", "034.json")
    root = parse(run)
    want = rules_2021(run)
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["024.json", "034.json"]
    bad, good = suites
    assert list(cases(bad)) == want
    n = str(len(want))
    assert (bad.get("tests"), bad.get("failures"), bad.get("errors"), bad.get("skipped")) == (
        n,
        "2",
        "0",
        "0",
    )
    assert (good.get("tests"), good.get("failures"), good.get("errors")) == (n, "0", "0")
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == (
        str(2 * len(want)),
        "2",
        "0",
    )
    props = {p.get("name"): p.get("value") for p in bad.iter("property")}
    assert props == {
        "agency": "平潭综合实验区自然资源与生态环境局",
        "year": "2023",
        "edition": "2021",
    }
    # the counts agree with the elements
    for suite in suites:
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
        assert int(suite.get("errors")) == len(suite.findall("testcase/error"))


def test_failures_carry_the_findings(table_checker, reports_dir):
    suite = parse(make_run(table_checker, "024-lines.json")).find("testsuite")
    by_rule = cases(suite)
    t303 = by_rule["T303"].find("failure")
    assert t303.get("type") == "T303"
    assert t303.text.splitlines() == [
        "024-lines.json:115 T303 错误: 表三「（二）部分公开」行：总计 8，六类申请人之和 8+1+0+0+0+0 = 9，差 1 "
        "[/tables/applications/results/partially_granted/total]",
        "024-lines.json:303 T303 错误: 表三「（七）总计」行：总计 19，六类申请人之和 19+1+0+0+0+0 = 20，差 1 "
        "[/tables/applications/results/total/total]",
    ]
    assert by_rule["T301"].find("failure").get("message") == (
        "表三「商业企业」列：一(0)+二(0)=0，三(七)+四=1+0=1，差 1"
    )
    # warnings under --fail-on error pass, but their findings are kept in system-out
    t003 = by_rule["T003"]
    assert t003.find("failure") is None
    assert len(t003.find("system-out").text.splitlines()) == 3
    assert list(by_rule["T401"]) == []


def test_fail_on_warning_makes_warnings_failures(table_checker, reports_dir):
    suite = parse(make_run(table_checker, "024.json", fail_on="warning")).find("testsuite")
    assert suite.get("failures") == "3"
    assert cases(suite)["T003"].find("failure").get("message").startswith("3 × T003: ")


def test_unreadable_report_is_an_error_with_only_core_cases(table_checker, reports_dir):
    suite = parse(make_run(table_checker, "broken.json")).find("testsuite")
    assert list(cases(suite)) == ["E001", "E002", "E003"]
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "0", "1")
    error = cases(suite)["E001"].find("error")
    assert error.get("type") == "E001"
    assert "broken.json" in error.text and "JSON" in error.text


def test_select_limits_the_testcases(reports_dir):
    from nianbao.core.runner import Checker, Options

    checker = Checker(Options(entry_points=False, select=["T3"]))
    suite = parse(make_run(checker, "024.json")).find("testsuite")
    names = list(cases(suite))
    assert names[:6] == ["E001", "E002", "E003", "T301", "T302", "T303"]
    assert all(n.startswith("T3") for n in names[3:])
    assert suite.get("failures") == "2"
