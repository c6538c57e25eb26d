"""HTML: one self-contained page — summary, findings by part, 表二–四 with the wrong cells marked."""

from __future__ import annotations

import json
import re

import pytest

from nianbao.core.runner import Checker, Options
from nianbao.plugins.reporters.html import HtmlReporter
from tests.conftest import FIXTURES
from tests.reporters.conftest import SEED, TABLE_RULES, Page, make_run


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
        "表二 主动公开政府信息情况",
        "表三 收到和处理政府信息公开申请情况",
        "表四 政府信息公开行政复议、行政诉讼情况",
    ]
    # the wrong cells, in grid order: the cell text is the printed value plus the finding
    # number (the three blank 表二 cells show only their number)
    assert page.marked == [
        ("proactive", "warning", "2", "行政规范性文件"),  # 本年制发件数
        ("proactive", "warning", "3", "行政规范性文件"),  # 本年废止件数
        ("proactive", "warning", "1", "行政规范性文件"),  # 现行有效件数
        ("applications", "error", "85", "（二）部分公开"),
        ("applications", "error", "196", "（七）总计"),
        ("applications", "error", "04", "四、结转下年度继续办理"),
    ]
    assert "表三「（二）部分公开」行：总计 8，六类申请人之和 8+1+0+0+0+0 = 9，差 1" in text
    assert '<td class="num">115</td>' in text  # the source line of the finding
    assert 'href="#r1-f5"' in text and 'id="r1-f5"' in text


def test_waived_findings_are_shown_as_waived(table_checker, reports_dir):
    from nianbao.core.waivers import Waiver, apply_waivers

    run = make_run(table_checker, "024.json")
    apply_waivers(run.reports, [Waiver(1, "T301", "*.json", "原表如此，已核实")])
    page = Page(HtmlReporter().render(run))
    assert ("applications", "waived", "04", "四、结转下年度继续办理") in page.marked
    assert page.summary[0][3:] == ["2", "3", "0", "1", "✗ 不通过"]
    assert "已豁免：原表如此，已核实" in HtmlReporter().render(run)


def test_english(reports_dir):
    checker = Checker(Options(entry_points=False, keep_tables=True, lang="en", select=TABLE_RULES))
    page = Page(HtmlReporter().render(make_run(checker, "024.json")))
    assert page.h3[0] == "2. Proactive disclosure"
    assert page.h3[-3:] == [
        "Table 2 — proactive disclosure",
        "Table 3 — applications received and handled",
        "Table 4 — administrative review and litigation",
    ]
    assert page.grids["proactive"][:2] == [
        ["Article 20, item (1)"],
        ["Information", "issued this year", "repealed this year", "in force"],
    ]
    assert page.summary[0][-1] == "✗ fail"


def test_report_without_tables_says_so(reports_dir):
    checker = Checker(Options(entry_points=False, select=TABLE_RULES))  # tables not kept
    text = HtmlReporter().render(make_run(checker, "034.json"))
    for table in ("表二", "表三", "表四"):
        assert f"未能绘制{table}：报告中没有可用的{table}数据。" in text
    assert "未发现问题" in text


TABLE2 = {
    "2019": [
        ["第二十条第（一）项"],
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "2", "2", "2"],
        ["规范性文件", "14", "14", "14"],
        ["第二十条第（五）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政许可", "0", "0", "0"],
        ["其他对外管理服务事项", "0", "0", "0"],
        ["第二十条第（六）项"],
        ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        ["行政处罚", "6", "4", "10"],
        ["行政强制", "0", "0", "0"],
        ["第二十条第（八）项"],
        ["信息内容", "上一年项目数量", "本年增/减"],
        ["行政事业性收费", "0", "0"],
        ["第二十条第（九）项"],
        ["信息内容", "采购项目数量", "采购总金额"],
        ["政府集中采购", "0", "0"],
    ],
    "2021": [
        ["第二十条第（一）项"],
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "0", "0", "0"],
        ["行政规范性文件", "3", "1", "12"],
        ["第二十条第（五）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政许可", "286"],
        ["第二十条第（六）项"],
        ["信息内容", "本年处理决定数量"],
        ["行政处罚", "41"],
        ["行政强制", "3"],
        ["第二十条第（八）项"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "12.5"],
    ],
}


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_table2_as_each_edition_prints_it(table_checker, edition):
    text = HtmlReporter().render(make_run(table_checker, str(FIXTURES / f"clean-{edition}.json")))
    page = Page(text)
    assert page.grids["proactive"] == TABLE2[edition]
    assert page.marked == []
    if edition == "2021":  # one value column under 第（五）（六）（八）项, across all three
        assert text.count('<th class="num" colspan="3">本年处理决定数量</th>') == 2
        assert '<td colspan="3">286</td>' in text and '<td colspan="3">12.5</td>' in text
    else:  # 第（八）（九）项 have two columns: the second spans the rest
        assert '<th class="num" colspan="2">本年增/减</th>' in text


def test_table4_two_level_header(table_checker):
    text = HtmlReporter().render(make_run(table_checker, str(FIXTURES / "clean-2021.json")))
    outcomes = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    assert Page(text).grids["reviews"] == [
        ["行政复议", "行政诉讼"],
        [*outcomes, "未经复议直接起诉", "复议后起诉"],
        outcomes * 2,
        ["2", "1", "0", "1", "4", "1", "0", "0", "1", "2", "1", "0", "0", "0", "1"],
    ]
    for header in (
        '<th class="group" colspan="5">行政复议</th>',
        '<th class="group" colspan="10">行政诉讼</th>',
        '<th class="group" colspan="5">未经复议直接起诉</th>',
        '<th class="group" colspan="5">复议后起诉</th>',
        '<th class="num" rowspan="2">结果维持</th>',
    ):
        assert header in text


def test_seed_report_marks_its_table2_cell_and_all_of_table4(table_checker):
    text = HtmlReporter().render(make_run(table_checker, str(SEED)))
    page = Page(text)
    # finding 1: T003 at /tables/reviews (the whole 表四 blank); 2: T202 at 表二 规范性文件 本年新公开数量
    assert re.search(r'<tr id="r1-f1"><td class="num">1</td><td>T003</td>', text)
    assert re.search(r'<tr id="r1-f2"><td class="num">2</td><td>T202</td>', text)
    assert page.marked == [
        ("proactive", "warning", "142", "规范性文件"),  # the printed 14, finding 2
        ("reviews", "warning", "1", ""),  # every cell of 表四; the number once, on the first
        *[("reviews", "warning", "", "")] * 14,
    ]
    assert '<td class="mark-warning">14<sup><a href="#r1-f2">2</a></sup></td>' in text
    assert text.count('<td class="mark-warning blank">') == 15


def test_a_finding_at_a_row_marks_the_whole_row(table_checker, tmp_path):
    report = json.loads((FIXTURES / "clean-2021.json").read_text("utf-8"))
    del report["tables"]["applications"]["results"]["granted"]  # T002 at the row
    del report["tables"]["proactive"]["fees"]
    path = tmp_path / "rows.json"
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    run = make_run(table_checker, str(path))
    assert [(f.rule, f.pointer) for f in run.reports[0].findings] == [
        ("T002", "/tables/applications/results/granted"),
        ("T002", "/tables/proactive/fees"),
    ]
    page = Page(HtmlReporter().render(run))
    # the missing rows are drawn blank, label and cells marked; the number stands on the label
    assert page.marked == [
        ("proactive", "error", "行政事业性收费2", "行政事业性收费2"),
        ("proactive", "error", "", "行政事业性收费2"),
        ("applications", "error", "（一）予以公开1", "（一）予以公开1"),
        *[("applications", "error", "", "（一）予以公开1")] * 7,
    ]
