"""Word and PDF: the same report gives the same findings as its web page; scans are refused."""

from __future__ import annotations

import pytest

from tests.conftest import cli
from tests.readers import render
from tests.readers.helpers import CORPUS, FIXTURES, READERS, cell_differences, finding_keys, load

TEMPLATE = READERS / "template-2021.docx"


def _with_errors(report):
    """A 2021 report with arithmetic errors, so that the findings compared are not empty."""
    tables = report["tables"]
    tables["applications"]["results"]["total"]["natural_person"] += 1  # T302, T303
    tables["reviews"]["review"]["total"] = 7  # T401
    return report


@pytest.fixture
def report():
    return _with_errors(load(CORPUS / "101.json"))


@pytest.fixture
def html_findings(checker, tmp_path, report):
    page = tmp_path / "report.html"
    page.write_text(render.to_html(report), encoding="utf-8")
    keys = finding_keys(checker.check_file(str(page)))
    assert {"T302", "T303", "T401"} <= {k[0] for k in keys}
    return keys


def test_filled_word_template_gives_the_html_findings(checker, tmp_path, report, html_findings):
    target = tmp_path / "report.docx"
    render.fill_template(report, TEMPLATE, target)
    assert finding_keys(checker.check_file(str(target))) == html_findings
    got = checker.read(str(target)).report
    assert cell_differences(got, report) == []
    assert got["title"] == report["title"] and got.get("signature") is None


@pytest.mark.parametrize("ruled", [True, False], ids=["ruled", "unruled"])
def test_pdf_gives_the_html_findings(checker, tmp_path, report, html_findings, ruled):
    target = tmp_path / "report.pdf"
    render.to_pdf(report, target, ruled=ruled)
    assert finding_keys(checker.check_file(str(target))) == html_findings


def test_docx_cells_carry_table_row_cell(checker, tmp_path, report):
    target = tmp_path / "report.docx"
    render.fill_template(report, TEMPLATE, target)
    result = checker.check_file(str(target))
    t401 = next(f for f in result.findings if f.rule == "T401")
    assert t401.source == {"table": 3, "row": 4, "cell": 5, "text": "7"}


def test_pdf_cells_carry_page_table_row_cell(checker, tmp_path, report):
    target = tmp_path / "report.pdf"
    render.to_pdf(report, target, ruled=True)
    result = checker.check_file(str(target))
    t401 = next(f for f in result.findings if f.rule == "T401")
    assert {"page", "table", "row", "cell"} <= set(t401.source)
    assert t401.source["text"] == "7"


def test_published_pdf_reads_into_its_transcription(checker):
    source = checker.read(str(CORPUS / "101.pdf"))
    assert source.findings == []
    truth = load(CORPUS / "101.json")
    assert cell_differences(source.report, truth) == []
    report = source.report
    assert report["year"] == 2024 and report["edition"] == "2021"
    assert report["agency"] == {"name": "淮安市人民政府", "kind": "government"}
    assert [p["heading"] for p in report["parts"]] == [p["heading"] for p in truth["parts"]]
    assert report["provenance"]["/tables/proactive/licensing/decisions"]["page"] == 3


def test_scanned_pdf_is_one_clear_line():
    code, out, _ = cli("check", str(READERS / "scanned.pdf"), str(FIXTURES / "tables-2021.json"))
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == (
        f"{READERS / 'scanned.pdf'} E001 错误 无法读取：PDF 没有文字层（是扫描图像？）；"
        "请先做 OCR 文字识别，或改为检查其文字版本"
    )
    assert "共检查 2 份报告" in lines[-1]  # the other file was still checked
    code, out, _ = cli("check", "--lang", "en", str(READERS / "scanned.pdf"))
    assert out.splitlines()[0] == (
        f"{READERS / 'scanned.pdf'} E001 error cannot read: the PDF has no text layer "
        "(a scanned image?); run OCR on it or check its text instead"
    )


@pytest.mark.parametrize(
    ("name", "data", "reason", "english", "chinese"),
    [
        ("a.pdf", b"hello", "not_pdf", "not a PDF file (no %PDF header)", "不是 PDF 文件"),
        ("a.docx", b"hello", "not_docx", "not a .docx file (not a zip package)", "不是 .docx 文件"),
        (
            "a.docx",
            b"\xd0\xcf\x11\xe0rest",
            "doc_renamed",
            "an old Word .doc file renamed .docx; save it as .docx",
            "改名为 .docx 的旧版 Word .doc 文件",
        ),
        ("a.txt", b"", "empty_file", "the file is empty", "文件是空的"),
    ],
)
def test_broken_files_are_one_clear_line(checker, tmp_path, name, data, reason, english, chinese):
    target = tmp_path / name
    target.write_bytes(data)
    source = checker.read(str(target))
    assert [(r, v.values["reason"]) for r, v in source.findings] == [("E001", reason)]
    for lang, text in (("en", english), ("zh", chinese)):
        code, out, _ = cli("check", "--lang", lang, str(target))
        assert code == 2 and text in out.splitlines()[0]
