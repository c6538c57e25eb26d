"""Markdown (merge-request comment), CSV (spreadsheet) and GitHub annotations: exact output."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from nianbao.core.waivers import Waiver, apply_waivers
from nianbao.plugins.reporters.csvfile import CsvReporter
from nianbao.plugins.reporters.github import GithubReporter, escape_data, escape_property
from nianbao.plugins.reporters.markdown import MarkdownReporter
from tests.conftest import main
from tests.reporters.conftest import make_run

T301 = "表三「商业企业」列：一(0)+二(0)=0，三(七)+四=1+0=1，差 1"
T303A = "表三「（二）部分公开」行：总计 8，六类申请人之和 8+1+0+0+0+0 = 9，差 1"
T303B = "表三「（七）总计」行：总计 19，六类申请人之和 19+1+0+0+0+0 = 20，差 1"


def blank(cell: str) -> str:
    return f"表二 规范性文件 {cell}：单元格为空（空白格不参与勾稽校验；无数据应填 0）"


def test_markdown(table_checker, reports_dir):
    text = MarkdownReporter().render(make_run(table_checker, "024-lines.json", "034.json"))
    assert text == "\n".join(
        [
            "### ❌ nianbao 检查结果",
            "",
            "共 2 份报告，1 份不通过",
            "",
            "| 文件 | 机关 | 年度 | 错误 | 警告 | 提示 | 已豁免 | 结论 |",
            "|---|---|--:|--:|--:|--:|--:|---|",
            "| `024-lines.json` | 平潭综合实验区自然资源与生态环境局 | 2023 | 3 | 3 | 0 | 0 | ❌ 不通过 |",
            "| `034.json` | 平潭综合实验区君山片区管理局 | 2024 | 0 | 0 | 0 | 0 | ✅ 通过 |",
            "",
            "#### 平潭综合实验区自然资源与生态环境局 2023 — `024-lines.json`",
            "",
            "| 规则 | 严重程度 | 单元格 / 位置 | 行 | 说明 |",
            "|---|---|---|--:|---|",
            f"| T003 | 警告 | 表二 规范性文件 现行有效件数 | 64 | {blank('现行有效件数')} |",
            f"| T003 | 警告 | 表二 规范性文件 本年制发件数 | 62 | {blank('本年制发件数')} |",
            f"| T003 | 警告 | 表二 规范性文件 本年废止件数 | 63 | {blank('本年废止件数')} |",
            f"| T301 | 错误 | 表三 四、结转下年度继续办理 商业企业 | 308 | {T301} |",
            f"| T303 | 错误 | 表三 三、本年度办理结果 （二）部分公开 总计 | 115 | {T303A} |",
            f"| T303 | 错误 | 表三 三、本年度办理结果 （七）总计 总计 | 303 | {T303B} |",
            "",
        ]
    )


def test_markdown_escapes_and_marks_waived(table_checker, reports_dir):
    run = make_run(table_checker, "024.json")
    apply_waivers(run.reports, [Waiver(1, "T301", "*", "表格 | 原样印刷")])
    text = MarkdownReporter().render(run)
    assert (
        f"| T301 | ~~错误~~ | 表三 四、结转下年度继续办理 商业企业 | 308 | {T301} *（已豁免：表格 \\| 原样印刷）* |"
        in text
    )
    assert (
        "| `024.json` | 平潭综合实验区自然资源与生态环境局 | 2023 | 2 | 3 | 0 | 1 | ❌ 不通过 |"
        in text
    )


def test_markdown_all_clear(table_checker, reports_dir):
    text = MarkdownReporter().render(make_run(table_checker, "034.json"))
    assert text.startswith("### ✅ nianbao 检查结果\n\n共 1 份报告，0 份不通过\n")
    assert "####" not in text


def test_csv_rows(table_checker, reports_dir):
    text = CsvReporter().render(make_run(table_checker, "024-lines.json"))
    assert text.startswith("\ufeff文件,机关,年度,规则,严重程度,位置,行,说明,已豁免\r\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    agency = "平潭综合实验区自然资源与生态环境局"
    assert rows[4:] == [
        [
            "024-lines.json",
            agency,
            "2023",
            "T301",
            "错误",
            "/tables/applications/carried_forward/commercial",
            "308",
            T301,
            "",
        ],
        [
            "024-lines.json",
            agency,
            "2023",
            "T303",
            "错误",
            "/tables/applications/results/partially_granted/total",
            "115",
            T303A,
            "",
        ],
        [
            "024-lines.json",
            agency,
            "2023",
            "T303",
            "错误",
            "/tables/applications/results/total/total",
            "303",
            T303B,
            "",
        ],
    ]
    assert rows[1] == [
        "024-lines.json",
        agency,
        "2023",
        "T003",
        "警告",
        "/tables/proactive/normative_documents/in_force",
        "64",
        blank("现行有效件数"),
        "",
    ]
    assert len(rows) == 1 + 6


def test_csv_file_has_bom_and_survives_formula_text(table_checker, reports_dir):
    code = main(["check", "024.json", "--format", "csv=out.csv"])
    assert code == 1
    data = Path("out.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf\xe6\x96\x87\xe4\xbb\xb6,")  # BOM, then 文件
    assert data.count(b"\r\n") == 7
    Path("=1+1.json").write_bytes(Path("024.json").read_bytes())
    text = CsvReporter().render(make_run(table_checker, "=1+1.json"))
    assert "\r\n'=1+1.json," in text


def test_github_annotations(table_checker, reports_dir):
    text = GithubReporter().render(make_run(table_checker, "024-lines.json"))
    lines = text.splitlines()
    assert lines[0] == (
        "::warning file=024-lines.json,line=64,title=T003 表格单元格为空::"
        f"{blank('现行有效件数')} [/tables/proactive/normative_documents/in_force]"
    )
    assert lines[3:] == [
        "::error file=024-lines.json,line=308,title=T301 表三勾稽关系：第一项加第二项之和，等于第三项加第四项之和::"
        f"{T301} [/tables/applications/carried_forward/commercial]",
        "::error file=024-lines.json,line=115,title=T303 表三某行总计不等于各类申请人之和::"
        f"{T303A} [/tables/applications/results/partially_granted/total]",
        "::error file=024-lines.json,line=303,title=T303 表三某行总计不等于各类申请人之和::"
        f"{T303B} [/tables/applications/results/total/total]",
    ]


def test_github_waived_is_a_notice_and_escaping(table_checker, reports_dir):
    run = make_run(table_checker, "024.json")
    apply_waivers(run.reports, [Waiver(1, "T301", "*", "50% 已核实\n见附件")])
    lines = GithubReporter().render(run).splitlines()
    assert lines[3].startswith("::notice file=024.json,line=308,title=T301 ")
    assert lines[3].endswith(
        "::已豁免：50%25 已核实%0A见附件 — "
        + T301
        + " [/tables/applications/carried_forward/commercial]"
    )
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"
    assert escape_data("a:b,c\r\n") == "a:b,c%0D%0A"
