"""HTML: one self-contained page — summary, findings by part, 表三 with the wrong cells marked."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from nianbao.core.runner import Checker, Options
from nianbao.plugins.reporters.html import HtmlReporter
from tests.reporters.conftest import TABLE_RULES, make_run


class Page(HTMLParser):
    """Collects headings, the summary rows and the 表三 grid cells of a rendered page."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, dict]] = []
        self.h3: list[str] = []
        self.marked: list[tuple[str, str, str]] = []  # (class, cell text, row label)
        self.summary: list[list[str]] = []
        self.tags: set[str] = set()
        self._text: list[str] = []
        self._row: list[str] = []
        self._row_label = ""
        self._table = ""
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.add(tag)
        if tag == "table":
            self._table = attrs.get("class", "")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th", "h3"):
            self._text = []
        self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, attrs = self.stack.pop()
            if open_tag == tag:
                break
        text = "".join(self._text).strip()
        if tag == "h3":
            self.h3.append(text)
        if tag == "td":
            self._row.append(text)
            cls = attrs.get("class", "")
            if self._table == "grid" and "label" in cls:
                self._row_label = text
            if self._table == "grid" and "mark-" in cls:
                kind = re.search(r"mark-(\w+)", cls).group(1)
                self.marked.append((kind, text, self._row_label))
        if tag == "tr" and self._table == "summary" and self._row:
            self.summary.append(self._row)

    def handle_data(self, data):
        self._text.append(data)


def test_self_contained(table_checker, reports_dir):
    text = HtmlReporter().render(make_run(table_checker, "024.json"))
    assert text.startswith("<!DOCTYPE html>")
    page = Page(text)
    assert not page.tags & {"script", "link", "img", "iframe", "object"}
    assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:|//)", text)
    assert "@import" not in text and "url(" not in text
    assert '<html lang="zh-CN">' in text


def test_summary_table_per_report(table_checker, reports_dir):
    page = Page(
        HtmlReporter().render(make_run(table_checker, "024.json", "034.json", "broken.json"))
    )
    assert page.summary == [
        ["024.json", "平潭综合实验区自然资源与生态环境局", "2023", "3", "3", "0", "0", "✗ 不通过"],
        ["034.json", "平潭综合实验区君山片区管理局", "2024", "0", "0", "0", "0", "✓ 通过"],
        ["broken.json", "", "", "1", "0", "0", "0", "✗ 不通过"],
    ]


def test_findings_grouped_by_part_and_cells_marked(table_checker, reports_dir):
    text = HtmlReporter().render(make_run(table_checker, "024-lines.json"))
    page = Page(text)
    assert page.h3 == [
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "表三 收到和处理政府信息公开申请情况",
    ]
    # the wrong cells, in grid order: the cell text is the printed value plus the finding number
    assert page.marked == [
        ("error", "85", "（二）部分公开"),
        ("error", "196", "（七）总计"),
        ("error", "04", "四、结转下年度继续办理"),
    ]
    assert "表三「（二）部分公开」行：总计 8，六类申请人之和 8+1+0+0+0+0 = 9，差 1" in text
    assert '<td class="num">187</td>' in text  # the source line of the finding
    assert 'href="#r1-f5"' in text and 'id="r1-f5"' in text


def test_waived_findings_are_shown_as_waived(table_checker, reports_dir):
    from nianbao.core.waivers import Waiver, apply_waivers

    run = make_run(table_checker, "024.json")
    apply_waivers(run.reports, [Waiver(1, "T301", "*.json", "原表如此，已核实")])
    page = Page(HtmlReporter().render(run))
    assert ("waived", "04", "四、结转下年度继续办理") in page.marked
    assert page.summary[0][3:] == ["2", "3", "0", "1", "✗ 不通过"]
    assert "已豁免：原表如此，已核实" in HtmlReporter().render(run)


def test_english(reports_dir):
    checker = Checker(Options(entry_points=False, keep_tables=True, lang="en", select=TABLE_RULES))
    page = Page(HtmlReporter().render(make_run(checker, "024.json")))
    assert page.h3[0] == "2. Proactive disclosure"
    assert page.summary[0][-1] == "✗ fail"


def test_report_without_tables_says_so(reports_dir):
    checker = Checker(Options(entry_points=False, select=TABLE_RULES))  # tables not kept
    text = HtmlReporter().render(make_run(checker, "034.json"))
    assert "未能绘制表三" in text
    assert "未发现问题" in text
