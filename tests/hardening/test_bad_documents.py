"""The bad-input matrix for documents: the real HTML, text, Word and PDF readers.

Encodings that lie or are missing must still give the report the page holds; files
that are not what their name says, zip bombs, encrypted and scanned PDFs and pages
nested beyond the parser's depth are one E001 line each — never a traceback, never a
partly read report that passes.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from tests.hardening.conftest import check
from tests.readers.helpers import READERS, cell_differences, load

SEED = load(READERS / "luwo-2020.json")
GBK_PAGE = (READERS / "luwo-2020-gbk.html").read_bytes()
TEXT = (READERS / "luwo-2020.txt").read_text("utf-8")
DECLARED = b"; charset=gb2312"

ENCODINGS = {
    "gbk-html-declared.html": GBK_PAGE,
    "gbk-html-no-charset.html": GBK_PAGE.replace(DECLARED, b""),
    "gbk-html-says-utf8.html": GBK_PAGE.replace(DECLARED, b"; charset=utf-8"),
    "gbk-html-says-latin1.html": GBK_PAGE.replace(DECLARED, b"; charset=iso-8859-1"),
    "gbk-html-says-big5.html": GBK_PAGE.replace(DECLARED, b"; charset=big5"),
    "gb18030-html-no-charset.html": GBK_PAGE.decode("gb18030")
    .replace("; charset=gb2312", "")
    .encode("gb18030"),
    "gb18030.txt": TEXT.encode("gb18030"),
    "gbk.txt": TEXT.replace("\u2002", " ").replace("\xa0", " ").encode("gbk"),  # no en space, nbsp
    "utf8-bom.txt": b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
}


@pytest.mark.parametrize("name", sorted(ENCODINGS))
def test_wrong_or_missing_charset_still_reads_the_report(name, tmp_path, checker):
    path = tmp_path / name
    path.write_bytes(ENCODINGS[name])
    source = checker.read(str(path))
    assert source.report is not None, source.findings
    assert source.report["title"] == "鹿窝镇2020年政府信息公开工作年度报告"
    assert cell_differences(source.report, SEED) == []


def test_every_encoding_gives_the_same_findings(tmp_path, capsys):
    for name, data in ENCODINGS.items():
        (tmp_path / name).write_bytes(data)
    run = check("--select", "T", str(tmp_path), capsys=capsys)
    html = {n: run.findings(n) for n in ENCODINGS if n.endswith(".html")}
    text = {n: run.findings(n) for n in ENCODINGS if n.endswith(".txt")}
    assert len({tuple(v) for v in html.values()}) == 1, html
    assert len({tuple(v) for v in text.values()}) == 1, text
    assert run.code == 0  # warnings (T003 blanks, T202) only: the tables were read


def _docx_bytes() -> bytes:
    return (READERS / "template-2021.docx").read_bytes()


def _pdf_bytes() -> bytes:
    return (READERS / "scanned.pdf").read_bytes()


def _zip_bomb(path: Path) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (8 * 1024 * 1024))


def _encrypted_pdf(path: Path) -> None:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    pdf = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("secret"))
    pdf.drawString(100, 700, "2023 annual report")
    pdf.save()


E001_DOCUMENTS = {
    # name: (make, exact message)
    "pdf-named.docx": (
        lambda p: p.write_bytes(_pdf_bytes()),
        "cannot read: named .docx, but the content is a .pdf file",
    ),
    "docx-named.pdf": (
        lambda p: p.write_bytes(_docx_bytes()),
        "cannot read: named .pdf, but the content is a .docx file",
    ),
    "zip-bomb.docx": (_zip_bomb, None),
    "encrypted.pdf": (
        _encrypted_pdf,
        "cannot read: the PDF is encrypted (it needs a password); save an unprotected copy",
    ),
    "scanned.pdf": (
        lambda p: p.write_bytes(_pdf_bytes()),
        "cannot read: the PDF has no text layer (a scanned image?); run OCR on it or check its "
        "text instead",
    ),
    "nested-tables.html": (
        lambda p: p.write_text(
            "<html><body><p>某局2023年政府信息公开工作年度报告</p>"
            + "<table><tr><td>一、总体情况" * 10_000
            + "</td></tr></table>" * 10_000
            + "</body></html>",
            "utf-8",
        ),
        "cannot read: the page is nested too deeply (over 256 levels) to be read whole",
    ),
    "empty.html": (lambda p: p.write_bytes(b""), "cannot read: the file is empty"),
    "empty.docx": (lambda p: p.write_bytes(b""), "cannot read: the file is empty"),
    "empty.pdf": (lambda p: p.write_bytes(b"  \n"), "cannot read: the file is empty"),
    "truncated.docx": (
        lambda p: p.write_bytes(_docx_bytes()[:3000]),
        "cannot read: damaged zip archive: File is not a zip file",
    ),
    "truncated.pdf": (lambda p: p.write_bytes(_pdf_bytes()[:400]), None),
    "garbage.txt": (
        lambda p: p.write_bytes(bytes(range(256)) * 8),
        "cannot read: not a text file (it holds binary data)",
    ),
    "old-word.docx": (
        lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        "cannot read: an old Word .doc file renamed .docx; save it as .docx",
    ),
}


@pytest.mark.parametrize("name", sorted(E001_DOCUMENTS))
def test_unreadable_document_is_one_e001(name, tmp_path, capsys):
    make, message = E001_DOCUMENTS[name]
    make(tmp_path / name)
    run = check(str(tmp_path / name), capsys=capsys)
    assert run.code == 2
    assert run.findings(name) == [("E001", "")]
    if message is not None:
        assert run.messages(name) == [message]
    else:
        assert run.messages(name)[0].startswith("cannot read: ")


def test_zip_bomb_docx_message(tmp_path, capsys):
    _zip_bomb(tmp_path / "bomb.docx")
    run = check(str(tmp_path / "bomb.docx"), capsys=capsys)
    message = run.messages("bomb.docx")[0]
    assert message.startswith("cannot read: zip member 'word/document.xml' is compressed ")
    assert message.endswith(":1 (limit 200:1: max_ratio) — a zip bomb")


def test_truncated_pdf_message(tmp_path, capsys):
    (tmp_path / "t.pdf").write_bytes(_pdf_bytes()[:400])
    run = check(str(tmp_path / "t.pdf"), capsys=capsys)
    assert run.messages("t.pdf")[0].startswith("cannot read: not a readable PDF: ")


def test_batch_of_bad_documents_checks_the_good_one(tmp_path, capsys):
    for name, (make, _) in E001_DOCUMENTS.items():
        make(tmp_path / name)
    (tmp_path / "good.html").write_bytes(GBK_PAGE)
    run = check("--select", "T", str(tmp_path), capsys=capsys)
    assert run.code == 2
    for name in E001_DOCUMENTS:
        assert run.findings(name) == [("E001", "")]
    assert run.findings("good.html") and all(r != "E001" for r, _ in run.findings("good.html"))


@pytest.mark.parametrize(
    ("name", "chinese"),
    [
        ("pdf-named.docx", "无法读取：文件名为 .docx，内容却是 .pdf 文件"),
        (
            "scanned.pdf",
            "无法读取：PDF 没有文字层（是扫描图像？）；请先做 OCR 文字识别，或改为检查其文字版本",
        ),
        ("empty.docx", "无法读取：文件是空的"),
    ],
)
def test_unreadable_document_reason_is_in_chinese_by_default(name, chinese, tmp_path, capsys):
    make, _ = E001_DOCUMENTS[name]
    make(tmp_path / name)
    run = check("--lang", "zh", str(tmp_path / name), capsys=capsys)
    assert run.messages(name) == [chinese]
