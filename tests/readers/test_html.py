"""Web pages as government sites publish them."""

from __future__ import annotations

from tests.conftest import cli
from tests.readers import render
from tests.readers.helpers import READERS, cell_differences, finding_keys, load

SEED_JSON = READERS / "luwo-2020.json"
GBK_PAGE = READERS / "luwo-2020-gbk.html"


def test_gbk_page_declared_gb2312(checker):
    source = checker.read(str(GBK_PAGE))
    assert source.findings == []
    assert source.report["provenance"]["/title"]["text"] == "鹿窝镇2020年政府信息公开工作年度报告"
    report = source.report
    want = load(SEED_JSON)
    assert cell_differences(report, want) == []
    assert report["title"] == want["title"] and report["published"] == "2021-01-20"


def test_gbk_page_reads_like_the_utf8_page(checker, tmp_path):
    page = tmp_path / "utf8.html"
    page.write_text(render.to_html(load(SEED_JSON)), encoding="utf-8")
    assert finding_keys(checker.check_file(str(GBK_PAGE))) == finding_keys(
        checker.check_file(str(page))
    )


def test_gbk_page_without_a_declared_charset_is_sniffed(checker, tmp_path):
    data = GBK_PAGE.read_bytes().replace(b"; charset=gb2312", b"")
    page = tmp_path / "nocharset.html"
    page.write_bytes(data)
    source = checker.read(str(page))
    assert cell_differences(source.report, load(SEED_JSON)) == []
    assert source.report["title"] == "鹿窝镇2020年政府信息公开工作年度报告"


def test_full_width_digits_nbsp_and_stray_spaces(checker, tmp_path):
    report = load(READERS.parent / "corpus" / "101.json")
    page = tmp_path / "fw.html"
    page.write_text(render.to_html(report, fullwidth=True, nbsp=True), encoding="utf-8")
    source = checker.read(str(page))
    assert source.findings == []
    assert cell_differences(source.report, report) == []
    assert source.report["tables"]["proactive"]["fees"]["amount"] == 96171.6


def test_rowspan_colspan_cells_have_element_provenance(checker, tmp_path):
    report = load(READERS.parent / "tables-2021.json")
    report["tables"]["applications"]["results"]["total"]["total"] = 5
    page = tmp_path / "t.html"
    page.write_text(render.to_html(report), encoding="utf-8")
    result = checker.check_file(str(page))
    t302 = next(f for f in result.findings if f.rule == "T302")
    assert t302.pointer == "/tables/applications/results/total/total"
    assert t302.source["element"] == "table[2]/tr[27]/td[8]"
    assert t302.source["text"] == "5"
    code, out, _ = cli("check", "--select", "T302", str(page))
    assert code == 1 and f"{page}:{t302.line} T302" in out


def test_paragraphs_in_divs_and_br(checker, tmp_path):
    report = load(SEED_JSON)
    page = render.to_html(report)
    page = page.replace("<p>", "<div>").replace("</p>", "</div>")
    heading = "<div>一、总体情况</div>"
    assert heading in page
    page = page.replace(heading, '<div class="c"><span>正文</span><br>一、总体情况<br>')
    target = tmp_path / "div.html"
    target.write_text(page, encoding="utf-8")
    got = checker.read(str(target)).report
    assert [p["heading"] for p in got["parts"]] == [p["heading"] for p in report["parts"]]
    assert got["parts"][0]["text"] == report["parts"][0]["text"]
    assert got["signature"] == report["signature"]


def test_unreadable_html_is_one_line(tmp_path):
    page = tmp_path / "empty.html"
    page.write_bytes(b"   ")
    code, out, _ = cli("check", str(page))
    assert code == 2
    assert out.splitlines()[0] == f"{page} E001 错误 无法读取：文件是空的"
    code, out, _ = cli("check", "--lang", "en", str(page))
    assert out.splitlines()[0] == f"{page} E001 error cannot read: the file is empty"
