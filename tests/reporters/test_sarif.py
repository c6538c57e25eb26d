"""SARIF 2.1.0: valid against the official schema, pointing at files and lines, stable."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from nianbao.plugins.reporters.sarif import SarifReporter
from tests.conftest import FIXTURES
from tests.reporters.conftest import TABLE_RULES, make_run, validate_sarif

CORPUS = sorted((FIXTURES / "corpus").glob("*.json"))


def render(run) -> dict:
    return validate_sarif(SarifReporter().render(run))


def test_results_point_at_file_and_line(table_checker, reports_dir):
    """A report given as JSON is the file code scanning shows: each result's region is
    the line of its cell in that file (not the line in the document it came from,
    which stays in the finding's source)."""
    doc = render(make_run(table_checker, "024-lines.json"))
    assert doc["version"] == "2.1.0"
    assert len(doc["runs"]) == 1
    results = doc["runs"][0]["results"]
    got = [
        (
            r["ruleId"],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        )
        for r in results
    ]
    assert got == [
        ("T003", "warning", "024-lines.json", "/tables/proactive/normative_documents/in_force"),
        ("T003", "warning", "024-lines.json", "/tables/proactive/normative_documents/issued"),
        ("T003", "warning", "024-lines.json", "/tables/proactive/normative_documents/repealed"),
        ("T301", "error", "024-lines.json", "/tables/applications/carried_forward/commercial"),
        ("T303", "error", "024-lines.json", "/tables/applications/results/partially_granted/total"),
        ("T303", "error", "024-lines.json", "/tables/applications/results/total/total"),
    ]
    text = Path("024-lines.json").read_text("utf-8").splitlines()
    for result in results:
        line = result["locations"][0]["physicalLocation"]["region"]["startLine"]
        pointer = result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"]
        key = pointer.rsplit("/", 1)[1]
        assert text[line - 1].strip().startswith(f'"{key}":'), (pointer, line, text[line - 1])
        # and the line is inside the right row: the nearest enclosing key above it
        row = pointer.rsplit("/", 2)[1]
        above = [t.strip() for t in text[: line - 1] if t.strip().endswith("{")]
        assert above[-1].startswith(f'"{row}":'), (pointer, above[-1])
    t301 = doc["runs"][0]["results"][3]
    assert t301["message"]["text"] == "表三「商业企业」列：一(0)+二(0)=0，三(七)+四=1+0=1，差 1"
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    assert rules[t301["ruleIndex"]]["id"] == "T301"


def test_driver_lists_every_rule_with_its_metadata(table_checker, reports_dir):
    run = make_run(table_checker, "034.json")
    driver = render(run)["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("nianbao", run.version)
    assert [r["id"] for r in driver["rules"]] == [r.id for r in run.rules]
    assert {"E001", "E002", "E003", "T301", "T303", "T401"} <= {r["id"] for r in driver["rules"]}
    for rule in driver["rules"]:
        assert set(rule) >= {
            "id",
            "name",
            "shortDescription",
            "fullDescription",
            "help",
            "helpUri",
            "defaultConfiguration",
        }
        assert rule["helpUri"].endswith(f"/docs/rules/{rule['id']}.md")
        assert rule["helpUri"].startswith("https://")
        assert rule["help"]["text"] and rule["shortDescription"]["text"]
    t301 = next(r for r in driver["rules"] if r["id"] == "T301")
    assert (
        t301["shortDescription"]["text"]
        == "表三勾稽关系：第一项加第二项之和，等于第三项加第四项之和"
    )
    assert t301["defaultConfiguration"] == {"level": "error"}
    t003 = next(r for r in driver["rules"] if r["id"] == "T003")
    assert t003["defaultConfiguration"] == {"level": "warning"}


def test_rule_help_uses_catalogue_texts_when_present(table_checker, reports_dir):
    run = make_run(table_checker, "034.json")
    run.rules = [
        replace(r, texts={"what": "检查勾稽关系。", "why": "格式要求。", "fix": "改正数字。"})
        if r.id == "T301"
        else r
        for r in run.rules
    ]
    t301 = next(r for r in render(run)["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "T301")
    assert t301["fullDescription"] == {"text": "检查勾稽关系。"}
    assert t301["help"]["text"].startswith("检查勾稽关系。\n\n格式要求。\n\n改正数字。\n\nhttps://")


def test_docs_url_setting_moves_help_links(reports_dir):
    from nianbao.core.runner import Checker, Options

    checker = Checker(
        Options(entry_points=False, config={"docs_url": "https://intranet.example/nb/"})
    )
    rules = render(make_run(checker, "034.json"))["runs"][0]["tool"]["driver"]["rules"]
    assert (
        next(r for r in rules if r["id"] == "T301")["helpUri"]
        == "https://intranet.example/nb/T301.md"
    )


def test_whole_corpus_validates_and_is_stable(table_checker, monkeypatch):
    monkeypatch.chdir(FIXTURES)
    paths = [str(p.relative_to(FIXTURES)) for p in CORPUS]
    text = SarifReporter().render(make_run(table_checker, *paths))
    doc = validate_sarif(text)
    again = SarifReporter().render(make_run(table_checker, *paths))
    assert text == again
    assert str(FIXTURES) not in text and str(Path.cwd()) not in text
    run = doc["runs"][0]
    assert "invocations" not in run  # no start/end times or machine details
    assert [a["location"]["uri"] for a in run["artifacts"]] == paths
    want = [
        (p, f.rule)
        for p, rep in zip(paths, make_run(table_checker, *paths).reports, strict=True)
        for f in rep.findings
    ]
    got = [
        (r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["ruleId"])
        for r in run["results"]
    ]
    assert got == want


def test_absolute_input_paths_become_relative(table_checker, reports_dir):
    doc = render(make_run(table_checker, str(reports_dir / "024.json")))
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in doc["runs"][0]["results"]
    }
    assert uris == {"024.json"}


def test_unreadable_input_is_a_result_on_the_file(table_checker, reports_dir):
    doc = render(make_run(table_checker, "broken.json"))
    [result] = doc["runs"][0]["results"]
    assert result["ruleId"] == "E001"
    assert result["level"] == "error"
    assert result["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "broken.json"}
    }


def test_fingerprint_survives_moved_lines(table_checker, reports_dir):
    first = render(make_run(table_checker, "024-lines.json"))["runs"][0]["results"]
    data = json.loads(Path("024-lines.json").read_text("utf-8"))
    data["title"] = "平潭综合实验区自然资源与生态环境局2023年政府信息公开工作年度报告"
    text = json.dumps(data, ensure_ascii=False, indent=1)
    Path("024-lines.json").write_text("\n" * 40 + text, "utf-8")  # every line moves
    second = render(make_run(table_checker, "024-lines.json"))["runs"][0]["results"]
    assert [r["partialFingerprints"] for r in first] == [r["partialFingerprints"] for r in second]
    lines = [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in second]
    assert lines != [r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in first]
    printed = text.splitlines()
    assert printed[lines[4] - 41].strip().startswith('"total":')  # still on its cell


def test_non_ascii_paths_are_percent_encoded(table_checker, reports_dir):
    Path("鹿窝镇.json").write_bytes(Path("024.json").read_bytes())
    doc = render(make_run(table_checker, "鹿窝镇.json"))
    uri = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"][
        "uri"
    ]
    assert uri == "%E9%B9%BF%E7%AA%9D%E9%95%87.json"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_language_of_the_run(reports_dir, lang):
    from nianbao.core.runner import Checker, Options

    checker = Checker(Options(entry_points=False, lang=lang, select=TABLE_RULES))
    doc = render(make_run(checker, "024.json"))
    assert doc["runs"][0]["language"] == {"zh": "zh-CN", "en": "en"}[lang]
    msg = doc["runs"][0]["results"][3]["message"]["text"]
    assert msg.startswith(
        {"zh": "表三「商业企业」列", "en": "Table 3 column «commercial enterprises»"}[lang]
    )
