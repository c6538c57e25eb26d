"""Render a JSON report model as published documents: web page, copied text, Word, PDF.

The tables are laid out as the official templates lay them out (表三's three-level
header, 表四's two-level header, merged label cells), once, as a list of rows of
``(text, rowspan, colspan)``; each format writes that layout its own way. Tests
read the rendering back and compare every cell with the model.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from nianbao.core.model import APPLICANT_COLUMNS

Spec = list[list[tuple[str, int, int]]]  # rows of (text, rowspan, colspan)

APPLICANT = APPLICANT_COLUMNS
WITHHELD = (
    ("state_secret", "1.属于国家秘密"),
    ("prohibited_by_law", "2.其他法律行政法规禁止公开"),
    ("security_stability", "3.危及“三安全一稳定”"),
    ("third_party_rights", "4.保护第三方合法权益"),
    ("internal_affairs", "5.属于三类内部事务信息"),
    ("process_information", "6.属于四类过程性信息"),
    ("enforcement_files", "7.属于行政执法案卷"),
    ("administrative_query", "8.属于行政查询事项"),
)
UNAVAILABLE = (
    ("not_held", "1.本机关不掌握相关政府信息"),
    ("needs_creation", "2.没有现成信息需要另行制作"),
    ("unclear_after_correction", "3.补正后申请内容仍不明确"),
)
NOT_PROCESSED = (
    ("complaint", "1.信访举报投诉类申请"),
    ("repeated", "2.重复申请"),
    ("publication", "3.要求提供公开出版物"),
    ("excessive", "4.无正当理由大量反复申请"),
    ("confirmation", "5.要求行政机关确认或重新出具已获取信息"),
)
OTHER_2021 = (
    ("overdue_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("overdue_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other", "3.其他"),
)
FULL_WIDTH = str.maketrans("0123456789.-", "０１２３４５６７８９．－")
BLANK = "—"


def value_text(value: Any, fullwidth: bool = False) -> str:
    """A cell value as a report prints it; a blank cell prints nothing."""
    if value is None:
        return ""
    text = str(value)
    return text.translate(FULL_WIDTH) if fullwidth else text


def _get(node: Any, *keys: str) -> Any:
    for key in keys:
        node = node.get(key) if isinstance(node, dict) else None
    return node


def proactive_spec(report: dict[str, Any], fw: bool = False) -> Spec:
    t = report["tables"]["proactive"]
    v = lambda row, col: value_text(_get(t, row, col), fw)  # noqa: E731
    if report["edition"] == "2019":
        rows: Spec = [
            [("第二十条第（一）项", 1, 4)],
            [
                ("信息内容", 1, 1),
                ("本年新\n制作数量", 1, 1),
                ("本年新\n公开数量", 1, 1),
                ("对外公开总数量", 1, 1),
            ],
        ]
        for key, label in (("regulations", "规章"), ("normative_documents", "规范性文件")):
            rows.append(
                [(label, 1, 1)]
                + [(v(key, c), 1, 1) for c in ("made", "published", "total_published")]
            )
        for caption, items in (
            (
                "第二十条第（五）项",
                (("licensing", "行政许可"), ("other_services", "其他对外管理服务事项")),
            ),
            ("第二十条第（六）项", (("punishment", "行政处罚"), ("coercion", "行政强制"))),
        ):
            rows.append([(caption, 1, 4)])
            rows.append(
                [
                    ("信息内容", 1, 1),
                    ("上一年项目数量", 1, 1),
                    ("本年增/减", 1, 1),
                    ("处理决定数量", 1, 1),
                ]
            )
            for key, label in items:
                rows.append(
                    [(label, 1, 1)]
                    + [(v(key, c), 1, 1) for c in ("previous", "change", "decisions")]
                )
        rows += [
            [("第二十条第（八）项", 1, 4)],
            [("信息内容", 1, 1), ("上一年项目数量", 1, 1), ("本年增/减", 1, 2)],
            [("行政事业性收费", 1, 1), (v("fees", "previous"), 1, 1), (v("fees", "change"), 1, 2)],
            [("第二十条第（九）项", 1, 4)],
            [("信息内容", 1, 1), ("采购项目数量", 1, 1), ("采购总金额", 1, 2)],
            [
                ("政府集中采购", 1, 1),
                (v("procurement", "projects"), 1, 1),
                (v("procurement", "amount"), 1, 2),
            ],
        ]
        return rows
    rows = [
        [("第二十条第（一）项", 1, 4)],
        [
            ("信息内容", 1, 1),
            ("本年制发件数", 1, 1),
            ("本年废止件数", 1, 1),
            ("现行有效件数", 1, 1),
        ],
    ]
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        rows.append(
            [(label, 1, 1)] + [(v(key, c), 1, 1) for c in ("issued", "repealed", "in_force")]
        )
    rows += [
        [("第二十条第（五）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政许可", 1, 1), (v("licensing", "decisions"), 1, 3)],
        [("第二十条第（六）项", 1, 4)],
        [("信息内容", 1, 1), ("本年处理决定数量", 1, 3)],
        [("行政处罚", 1, 1), (v("punishment", "decisions"), 1, 3)],
        [("行政强制", 1, 1), (v("coercion", "decisions"), 1, 3)],
        [("第二十条第（八）项", 1, 4)],
        [("信息内容", 1, 1), ("本年收费金额（单位：万元）", 1, 3)],
        [("行政事业性收费", 1, 1), (v("fees", "amount"), 1, 3)],
    ]
    return rows


def applications_spec(report: dict[str, Any], fw: bool = False) -> Spec:
    t = report["tables"]["applications"]

    def values(*path: str) -> list[tuple[str, int, int]]:
        return [(value_text(_get(t, *path, c), fw), 1, 1) for c in APPLICANT]

    edition = report["edition"]
    n_results = 2 + 8 + 3 + 5 + (1 if edition == "2019" else 3) + 1
    rows: Spec = [
        [
            ("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            ("申请人情况", 1, 7),
        ],
        [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
        [
            ("商业\n企业", 1, 1),
            ("科研\n机构", 1, 1),
            ("社会公益组织", 1, 1),
            ("法律服务机构", 1, 1),
            ("其他", 1, 1),
        ],
        [("一、本年新收政府信息公开申请数量", 1, 3)] + values("new_received"),
        [("二、上年结转政府信息公开申请数量", 1, 3)] + values("carried_over"),
        [("三、本年度办理结果", n_results, 1), ("（一）予以公开", 1, 2)]
        + values("results", "granted"),
        [("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", 1, 2)]
        + values("results", "partially_granted"),
    ]
    for group, label, items in (
        ("withheld", "（三）不予公开", WITHHELD),
        ("unavailable", "（四）无法提供", UNAVAILABLE),
        ("not_processed", "（五）不予处理", NOT_PROCESSED),
    ):
        for i, (key, text) in enumerate(items):
            head = [(label, len(items), 1)] if i == 0 else []
            rows.append(head + [(text, 1, 1)] + values("results", group, key))
    if edition == "2019":
        rows.append([("（六）其他处理", 1, 2)] + values("results", "other"))
    else:
        for i, (key, text) in enumerate(OTHER_2021):
            head = [("（六）其他处理", 3, 1)] if i == 0 else []
            rows.append(head + [(text, 1, 1)] + values("results", "other", key))
    rows.append([("（七）总计", 1, 2)] + values("results", "total"))
    rows.append([("四、结转下年度继续办理", 1, 3)] + values("carried_forward"))
    return rows


def reviews_spec(report: dict[str, Any], fw: bool = False) -> Spec:
    t = report["tables"]["reviews"]
    outcomes = ("结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计")
    data = [
        (value_text(_get(t, g, c), fw), 1, 1)
        for g in ("review", "litigation_direct", "litigation_after_review")
        for c in ("upheld", "corrected", "other", "pending", "total")
    ]
    return [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(o, 2, 1) for o in outcomes] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(o, 1, 1) for o in outcomes] * 2,
        data,
    ]


SPECS = {"proactive": proactive_spec, "applications": applications_spec, "reviews": reviews_spec}
TABLE_PART = {2: "proactive", 3: "applications", 4: "reviews"}


def _date_cn(iso: str) -> str:
    y, m, d = iso.split("-")
    return f"{int(y)}年{int(m)}月{int(d)}日"


def blocks(report: dict[str, Any], fw: bool = False) -> list[tuple[str, Any]]:
    """The report as ('title'|'meta'|'p'|'heading'|'table'|'sign', content) in order."""
    out: list[tuple[str, Any]] = []
    done: set[str] = set()
    if report.get("title"):
        out.append(("title", report["title"]))
    if report.get("published"):
        out.append(("meta", f"发布时间：{report['published']}"))
    for para in (report.get("preamble") or "").split("\n"):
        if para.strip():
            out.append(("p", para))
    for part in report.get("parts", []):
        out.append(("heading", part["heading"]))
        for para in (part.get("text") or "").split("\n"):
            if para.strip():
                out.append(("p", para))
        table = TABLE_PART.get(part.get("number"))
        if table and table in report.get("tables", {}) and table not in done:
            out.append(("table", SPECS[table](report, fw)))
            done.add(table)
    for table in ("proactive", "applications", "reviews"):  # tables of a report without parts
        if table in report.get("tables", {}) and table not in done:
            out.append(("table", SPECS[table](report, fw)))
    if report.get("signature"):
        sig = report["signature"]
        if sig.get("name"):
            out.append(("sign", sig["name"]))
        if sig.get("date"):
            out.append(("sign", _date_cn(sig["date"])))
    return out


def to_html(
    report: dict[str, Any], *, charset: str = "utf-8", fullwidth: bool = False, nbsp: bool = False
) -> str:
    """A government-site page: meta charset, h1 title, <p> text, tables with rowspan/colspan."""
    esc = html.escape
    lines = [
        "<!DOCTYPE html>",
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        f"<title>{esc(report.get('title') or '')}</title></head>",
        '<body><div class="nav"><a href="/">首页</a> &gt; 政府信息公开年报</div>',
    ]
    for kind, content in blocks(report, fullwidth):
        if kind == "title":
            lines.append(f"<h1>{esc(content)}</h1>")
        elif kind == "meta":
            lines.append(
                f'<div class="info"><span>{esc(content)}</span> 字体：[<a>大</a> <a>中</a> <a>小</a>]</div>'
            )
        elif kind == "table":
            lines.append('<table border="1" cellspacing="0">')
            for row in content:
                cells = []
                for text, rs, cs in row:
                    attrs = (f' rowspan="{rs}"' if rs > 1 else "") + (
                        f' colspan="{cs}"' if cs > 1 else ""
                    )
                    body = "<br>".join(esc(t) for t in text.split("\n"))
                    if nbsp:
                        body = f"&nbsp;{body}&nbsp;" if body else "&nbsp;"
                    cells.append(f"<td{attrs}>\n  {body}\n</td>")
                lines.append("<tr>" + "".join(cells) + "</tr>")
            lines.append("</table>")
        elif kind == "sign":
            lines.append(f'<p style="text-align:right">{esc(content)}</p>')
        else:
            lines.append(f"<p>{esc(content)}</p>")
    lines.append(
        '<div class="footer">关于我们 | 联系我们 | 网站地图<br>版权所有 ICP备00000000号</div>'
    )
    lines.append("</body></html>")
    return "\n".join(lines) + "\n"


def to_text(report: dict[str, Any]) -> str:
    """The page copied from a browser: one cell per line, blank lines between, a blank cell as —."""
    paras: list[str] = []
    for kind, content in blocks(report):
        if kind == "table":
            for row in content:
                for text, _, _ in row:
                    paras.append(text or BLANK)
        elif kind == "meta":
            paras.append(content + " 字体:[]")
        else:
            paras.append(content)
    paras.append("关于我们|联系我们|网站地图")
    return "\n\n".join(paras) + "\n"


def _grid(spec: Spec) -> tuple[int, list[tuple[int, int, int, int, str]]]:
    """Place a spec on a grid: (columns, [(row, col, rowspan, colspan, text)])."""
    taken: set[tuple[int, int]] = set()
    placed = []
    width = 0
    for r, row in enumerate(spec):
        c = 0
        for text, rs, cs in row:
            while (r, c) in taken:
                c += 1
            placed.append((r, c, rs, cs, text))
            for dr in range(rs):
                for dc in range(cs):
                    taken.add((r + dr, c + dc))
            c += cs
            width = max(width, c)
    return width, placed


def to_docx(report: dict[str, Any], path: Path) -> None:
    """A Word file with real merged cells (python-docx)."""
    import docx

    document = docx.Document()
    for kind, content in blocks(report):
        if kind == "table":
            width, placed = _grid(content)
            table = document.add_table(rows=len(content), cols=width)
            table.style = "Table Grid"
            for r, c, rs, cs, text in placed:
                cell = table.cell(r, c)
                if rs > 1 or cs > 1:
                    cell = cell.merge(table.cell(r + rs - 1, c + cs - 1))
                cell.text = text
        elif kind == "title":
            document.add_heading(content, level=1)
        else:
            document.add_paragraph(content)
    document.save(str(path))


def fill_template(report: dict[str, Any], template: Path, path: Path) -> None:
    """The 2021 Word template as agencies receive it, filled in: title, part texts, cells."""
    import docx

    document = docx.Document(str(template))
    t2, t3, t4 = document.tables
    p = report["tables"]["proactive"]
    for r, key in ((2, "regulations"), (3, "normative_documents")):
        for c, col in enumerate(("issued", "repealed", "in_force"), start=1):
            t2.cell(r, c).text = value_text(p[key][col])
    for r, key in ((6, "licensing"), (9, "punishment"), (10, "coercion")):
        t2.cell(r, 1).text = value_text(p[key]["decisions"])
    t2.cell(13, 1).text = value_text(p["fees"]["amount"])
    a = report["tables"]["applications"]
    res = a["results"]
    rows = [a["new_received"], a["carried_over"], res["granted"], res["partially_granted"]]
    rows += [res["withheld"][k] for k, _ in WITHHELD]
    rows += [res["unavailable"][k] for k, _ in UNAVAILABLE]
    rows += [res["not_processed"][k] for k, _ in NOT_PROCESSED]
    rows += [res["other"][k] for k, _ in OTHER_2021]
    rows += [res["total"], a["carried_forward"]]
    for r, row in enumerate(rows, start=3):
        for c, col in enumerate(APPLICANT, start=3):
            t3.cell(r, c).text = value_text(row[col])
    rv = report["tables"]["reviews"]
    groups = ("review", "litigation_direct", "litigation_after_review")
    cols = ("upheld", "corrected", "other", "pending", "total")
    for i, (g, c) in enumerate((g, c) for g in groups for c in cols):
        t4.cell(3, i).text = value_text(rv[g][c])
    texts = {part["heading"]: part.get("text") or "" for part in report.get("parts", [])}
    paragraphs = document.paragraphs
    for i, para in enumerate(paragraphs):
        text = para.text.strip()
        if text == "政府信息公开工作年度报告格式模板":
            para.text = report.get("title") or ""
        elif text.startswith("（文字描述") and i > 0:
            heading = paragraphs[i - 1].text.strip()
            para.text = texts.get(heading, "")
    if report.get("signature"):
        document.add_paragraph(report["signature"].get("name") or "")
        document.add_paragraph(_date_cn(report["signature"]["date"]))
    document.save(str(path))


def _pdf_fonts() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    name = "STSong-Light"
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(UnicodeCIDFont(name))
    return name


def to_pdf(report: dict[str, Any], path: Path, *, ruled: bool = True) -> None:
    """A PDF (reportlab): tables with drawn ruling lines, or laid out by position only."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    font = _pdf_fonts()
    body = ParagraphStyle("body", fontName=font, fontSize=10, leading=14, firstLineIndent=20)
    plain = ParagraphStyle("plain", fontName=font, fontSize=10, leading=14)
    title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22, alignment=1)
    story: list[Any] = []
    for kind, content in blocks(report):
        if kind == "table":
            width, placed = _grid(content)
            grid = [[""] * width for _ in content]
            style = [
                ("FONTNAME", (0, 0), (-1, -1), font),
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
            if ruled:
                style.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
            for r, c, rs, cs, text in placed:
                grid[r][c] = text.replace("\n", "") if not ruled else text
                if rs > 1 or cs > 1:
                    style.append(("SPAN", (c, r), (c + cs - 1, r + rs - 1)))
            story.append(Table(grid, style=TableStyle(style), repeatRows=0))
            story.append(Spacer(1, 8))
        elif kind == "title":
            story.append(Paragraph(html.escape(content), title))
        elif kind in ("sign", "meta", "heading"):
            story.append(Paragraph(html.escape(content), plain))
        else:
            story.append(Paragraph(html.escape(content), body))
    SimpleDocTemplate(str(path), pagesize=landscape(A4), leftMargin=30, rightMargin=30).build(story)


def scanned_pdf(path: Path) -> None:
    """A page that is only a picture (as a scanner makes it): no text layer at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 560), 255)
    draw = ImageDraw.Draw(image)
    for y in range(40, 520, 24):
        draw.rectangle((40, y, 360, y + 10), fill=0)
    page = canvas.Canvas(str(path), pagesize=A4)
    page.drawImage(ImageReader(image), 50, 100, width=400, height=560)
    page.showPage()
    page.save()
