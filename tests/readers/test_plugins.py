"""Readers are plugins: a new file type needs a reader only, not a new interpreter."""

from __future__ import annotations

from nianbao.core.runner import Checker, Options
from tests.conftest import cli
from tests.readers.helpers import FIXTURES, READERS, cell_differences, load

PLUGIN = "tests.readers.plugins.csv_reader"


def test_built_in_readers_cover_the_published_formats(checker):
    assert {".txt", ".html", ".htm", ".docx", ".pdf"} <= set(checker.readers)
    names = {name for name, plugin in checker.plugins.pm.list_name_plugin()}
    assert {"nianbao.plugins.readers", "nianbao.plugins.interpreter"} <= names


def test_an_outside_reader_gets_the_interpreter(tmp_path):
    report = load(FIXTURES / "tables-2021.json")
    report["tables"]["reviews"]["review"]["total"] = 9
    rows = [
        "鹿窝镇2021年政府信息公开工作年度报告",
        "",
        "一、总体情况",
        "",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]
    rows += ["行政复议,,,,,行政诉讼", "结果维持,结果纠正,其他结果,尚未审结,总计,未经复议直接起诉"]
    rows += [
        ",".join(
            str(report["tables"]["reviews"][g][c])
            for g in ("review", "litigation_direct", "litigation_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")
        )
    ]
    target = tmp_path / "report.csv"
    target.write_text("\n".join(rows) + "\n", encoding="utf-8")
    checker = Checker(Options(entry_points=False, plugins=[PLUGIN]))
    source = checker.read(str(target))
    assert source.report["year"] == 2021
    assert source.report["tables"]["reviews"] == report["tables"]["reviews"]
    t401 = next(f for f in checker.check_file(str(target)).findings if f.rule == "T401")
    assert t401.source == {"line": 8, "column": 5, "text": "9"}
    code, out, _ = cli("check", "--plugin", PLUGIN, "--select", "T401", str(target))
    assert code == 1 and f"{target}:8 T401" in out


def test_unknown_suffix_names_the_readable_ones(tmp_path):
    target = tmp_path / "report.odt"
    target.write_bytes(b"x")
    code, out, _ = cli("check", str(target))
    assert code == 2 and ".docx, .htm, .html, .json, .pdf" in out


def test_seed_docx_made_from_its_model(checker, tmp_path):
    """A 2019-edition report in Word with real merged cells (python-docx merges)."""
    from tests.readers import render

    report = load(READERS / "luwo-2020.json")
    target = tmp_path / "luwo.docx"
    render.to_docx(report, target)
    got = checker.read(str(target)).report
    assert cell_differences(got, report) == []
    assert got["parts"] == report["parts"] and got["signature"] == report["signature"]
