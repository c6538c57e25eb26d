"""HTML: one self-contained page for an auditor, for one report or a whole batch.

The page opens with a summary table (per report: errors, warnings, info, waived,
pass or fail), then, per report, its findings grouped by part (the report as a
whole, then 一…六) with rule, message, cell and source line, and the 表二, 表三
and 表四 grids as printed with the wrong cells marked (red for errors, amber for
warnings; a finding at a row marks the row, at a table the whole table; the
small numbers link to the findings). Everything is inline — no script, no
stylesheet or font from the network — so the file can be mailed, archived or
opened offline. Wording follows ``--lang`` (Chinese by default).

This reporter sets ``needs_tables``: the runner keeps each report's tables for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from html import escape
from typing import Any

from nianbao.core.findings import Finding
from nianbao.core.model import APPLICANT_COLUMNS, Node, model
from nianbao.core.reporting import ReportResult, RunResult
from nianbao.plugins.reporters.common import (
    failed,
    group_by_part,
    part_title,
    place,
    source_line,
    waived_text,
)

LEGAL_PERSONS = APPLICANT_COLUMNS[1:6]
T2, T3, T4 = "/tables/proactive", "/tables/applications", "/tables/reviews"
# 表二 rows by the item of 《条例》第二十条 whose caption they stand under (both editions)
ITEMS = {
    "regulations": 1,
    "normative_documents": 1,
    "licensing": 5,
    "other_services": 5,
    "punishment": 6,
    "coercion": 6,
    "fees": 8,
    "procurement": 9,
}
CN_DIGITS = "〇一二三四五六七八九"
# 表四 groups printed under 行政诉讼, with the text key of their own header
LITIGATION = {
    "litigation_direct": "table4_direct",
    "litigation_after_review": "table4_after_review",
}

STYLE = """
:root { --err: #f6c6c0; --err-line: #b3261e; --warn: #fde7a8; --warn-line: #8a6100;
        --mark-err: #f4aaa1; --mark-err-line: #c5221f; --mark-warn: #fcd977; --mark-warn-line: #b07b00;
        --info: #d6e8fa; --ok: #1e7b34; --waived: #e6e6e6; --ink: #1f2328; --muted: #59636e; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei",
       "WenQuanYi Micro Hei", sans-serif; color: var(--ink); margin: 24px auto; max-width: 1100px;
       padding: 0 16px; line-height: 1.5; font-size: 14px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 18px; margin: 32px 0 8px;
  border-bottom: 2px solid #d0d7de; padding-bottom: 4px; } h3 { font-size: 15px; margin: 18px 0 6px; }
p.meta { color: var(--muted); margin: 0 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: #f3f5f7; font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.verdict-fail { color: var(--err-line); font-weight: 700; }
.verdict-pass { color: var(--ok); font-weight: 700; }
.sev { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; white-space: nowrap; }
.sev-error { background: var(--err); color: var(--err-line); }
.sev-warning { background: var(--warn); color: var(--warn-line); }
.sev-info { background: var(--info); color: #0b4f8a; }
tr.waived td { color: var(--muted); background: #fafafa; }
.badge-waived { background: var(--waived); color: #333; padding: 0 6px; border-radius: 3px;
  font-size: 12px; margin-left: 4px; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; color: var(--muted); }
table.grid th, table.grid td { padding: 2px 8px; line-height: 1.4; }
table.grid td { text-align: right; min-width: 44px; font-variant-numeric: tabular-nums; }
table.grid td.label { text-align: left; min-width: 260px; }
table.grid tr.group td { background: #f8f9fa; font-weight: 600; text-align: left; }
table.grid th.caption { background: #e9edf1; } table.grid th.group { text-align: center; }
table.grid td.depth-2 { padding-left: 24px; } table.grid td.depth-3 { padding-left: 40px; }
table.grid td.blank { background: repeating-linear-gradient(45deg, #fff, #fff 4px, #f0f0f0 4px, #f0f0f0 8px); }
table.grid td.mark-error { background: var(--mark-err); outline: 2px solid var(--mark-err-line);
  outline-offset: -2px; font-weight: 700; }
table.grid td.mark-warning { background: var(--mark-warn); outline: 2px solid var(--mark-warn-line);
  outline-offset: -2px; }
table.grid td.mark-info { background: var(--info); }
table.grid td.mark-waived { background: var(--waived); }
sup a { color: inherit; text-decoration: none; font-size: 10px; margin-left: 2px; }
p.legend { color: var(--muted); font-size: 12px; }
footer { color: var(--muted); font-size: 12px; margin-top: 32px; }
"""


def _sev(run: RunResult, f: Finding) -> str:
    label = f.severity.label
    return f'<span class="sev sev-{label}">{escape(run.text(label))}</span>'


def _mark_class(findings: list[Finding]) -> str:
    live = [f for f in findings if f.waived is None]
    if not live:
        return "mark-waived"
    return f"mark-{max(f.severity for f in live).label}"


class HtmlReporter:
    name = "html"
    description = "one self-contained HTML page: summary, findings by part, 表二–四 marked"
    needs_tables = True

    def render(self, run: RunResult, *, color: bool = False) -> str:
        lang = "zh-CN" if run.lang == "zh" else run.lang
        body = [
            f"<h1>{escape(run.text('title'))}</h1>",
            f'<p class="meta">{escape(self.tally(run))}</p>',
            self.summary(run),
        ]
        for i, report in enumerate(run.reports, start=1):
            body.append(self.section(run, report, i))
        if run.notes:
            body.append("<ul>" + "".join(f"<li>{escape(n)}</li>" for n in run.notes) + "</ul>")
        body.append(
            f"<footer>{escape(run.text('generated', version=run.version, fail_on=run.fail_on))}"
            "</footer>"
        )
        return (
            "<!DOCTYPE html>\n"
            f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(run.text('title'))}</title>\n<style>{STYLE}</style>\n"
            "</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
        )

    def tally(self, run: RunResult) -> str:
        n_failed = sum(1 for r in run.reports if failed(run, r))
        return run.text("reports_checked", n=len(run.reports), failed=n_failed)

    # -- summary --------------------------------------------------------------

    def summary(self, run: RunResult) -> str:
        t = run.text
        head = (
            f"<tr><th>{escape(t('file'))}</th><th>{escape(t('agency'))}</th>"
            f'<th class="num">{escape(t("year"))}</th>'
            + "".join(
                f'<th class="num">{escape(t(k))}</th>'
                for k in ("error", "warning", "info", "waived")
            )
            + f"<th>{escape(t('result'))}</th></tr>"
        )
        rows = []
        for i, report in enumerate(run.reports, start=1):
            c = report.counts
            bad = failed(run, report)
            verdict = (
                f'<span class="verdict-fail">✗ {escape(t("fail"))}</span>'
                if bad
                else f'<span class="verdict-pass">✓ {escape(t("pass"))}</span>'
            )
            rows.append(
                f'<tr><td><a href="#report-{i}">{escape(report.path)}</a></td>'
                f"<td>{escape(report.agency or '')}</td>"
                f'<td class="num">{report.year if report.year is not None else ""}</td>'
                + "".join(
                    f'<td class="num">{c.get(k, 0)}</td>'
                    for k in ("error", "warning", "info", "waived")
                )
                + f"<td>{verdict}</td></tr>"
            )
        return (
            f'<h2>{escape(t("summary"))}</h2>\n<table class="summary">\n{head}\n'
            + "\n".join(rows)
            + "\n</table>"
        )

    # -- one report -------------------------------------------------------------

    def section(self, run: RunResult, report: ReportResult, index: int) -> str:
        t = run.text
        title = report.agency or report.path
        year = f" {report.year}" if report.year is not None else ""
        out = [
            f'<section id="report-{index}">',
            f"<h2>{index}. {escape(title)}{escape(year)}</h2>",
            f'<p class="meta"><code>{escape(report.path)}</code>'
            + (f" · {escape(t('edition'))} {escape(report.edition)}" if report.edition else "")
            + "</p>",
        ]
        numbers = {id(f): n for n, f in enumerate(report.findings, start=1)}
        if not report.findings:
            out.append(f"<p>{escape(t('no_findings'))}</p>")
        for part, findings in group_by_part(report.findings):
            out.append(f"<h3>{escape(part_title(run, part))}</h3>")
            out.append(self.findings_table(run, report, index, findings, numbers))
        out.append(self.tables(run, report, index, numbers))
        out.append("</section>")
        return "\n".join(out)

    def findings_table(
        self,
        run: RunResult,
        report: ReportResult,
        index: int,
        findings: list[Finding],
        numbers: Mapping[int, int],
    ) -> str:
        t = run.text
        rows = [
            f'<tr><th class="num">#</th><th>{escape(t("rule"))}</th>'
            f"<th>{escape(t('severity'))}</th><th>{escape(t('message'))}</th>"
            f'<th>{escape(t("cell"))}</th><th class="num">{escape(t("source_line"))}</th></tr>'
        ]
        for f in findings:
            n = numbers[id(f)]
            waived = (
                f'<span class="badge-waived">{escape(waived_text(run, f))}</span>'
                if f.waived is not None
                else ""
            )
            where = place(f.pointer, run.labels)
            pointer = (
                f"{escape(where)}<br><code>{escape(f.pointer)}</code>"
                if where != f.pointer
                else f"<code>{escape(f.pointer)}</code>"
            )
            cls = ' class="waived"' if f.waived is not None else ""
            rows.append(
                f'<tr id="r{index}-f{n}"{cls}>'
                f'<td class="num">{n}</td><td>{escape(f.rule)}</td><td>{_sev(run, f)}</td>'
                f"<td>{escape(f.message)}{waived}</td><td>{pointer}</td>"
                f'<td class="num">{escape(source_line(f))}</td></tr>'
            )
        return '<table class="findings">\n' + "\n".join(rows) + "\n</table>"

    # -- 表二、表三、表四 ------------------------------------------------------------

    def tables(
        self, run: RunResult, report: ReportResult, index: int, numbers: Mapping[int, int]
    ) -> str:
        """The three tables as printed, every cell a finding points at (or under) marked.

        Rows and columns come from the edition's schema, so a row missing from the
        report is still drawn (blank) with its finding marked; the texts come from
        the catalogue, in the run's language.
        """
        if report.edition is None:
            return ""
        try:
            schema = model(report.edition)
        except KeyError:  # an edition this version does not know: nothing to draw against
            return ""
        tables = report.tables if isinstance(report.tables, dict) else {}
        out: list[str] = []
        drawn = False
        for key, title, draw in (
            ("proactive", "table2", self.table2),
            ("applications", "table3", self.table3),
            ("reviews", "table4", self.table4),
        ):
            top = f"/tables/{key}"
            out.append(f"<h3>{escape(run.text(title))}</h3>")
            data, node = tables.get(key), schema.node_at(top)
            if not isinstance(data, dict) or node is None:
                missing = run.text("table_missing", table=run.labels.get(key, key))
                out.append(f'<p class="legend">{escape(missing)}</p>')
                continue
            head, rows = draw(run, report.edition, node, data)
            out.append(self.grid(key, head, rows, report, index, numbers))
            drawn = True
        if drawn:
            out.append(f'<p class="legend">{escape(run.text("table3_legend"))}</p>')
        return "\n".join(out)

    def table2(
        self, run: RunResult, edition: str, node: Node, data: dict[str, Any]
    ) -> tuple[str, list[Row]]:
        """表二: per 第二十条 item a caption row and its own column headers, then its rows.

        The grid is as wide as the widest item; a narrower item's last column spans
        the rest (2021 第（五）项 has one column across three).
        """
        width = max(len(row.children) for row in node.children.values())
        rows: list[Row] = []
        block: tuple[int | None, tuple[str, ...]] | None = None
        for key, row in node.children.items():
            cols = tuple(row.children)
            spans = [1] * (len(cols) - 1) + [width - len(cols) + 1]
            item = ITEMS.get(key)
            if (item, cols) != block:
                block = (item, cols)
                if item is not None:
                    caption = run.text("table2_item", n=item, cn=CN_DIGITS[item])
                    rows.append(
                        f'<tr><th class="caption" colspan="{width + 1}">{escape(caption)}</th></tr>'
                    )
                rows.append(
                    f"<tr><th>{escape(run.text('table2_content'))}</th>"
                    + "".join(
                        f'<th class="num"{_colspan(span)}>'
                        f"{escape(_label(run, edition, f'proactive.{col}'))}</th>"
                        for col, span in zip(cols, spans, strict=True)
                    )
                    + "</tr>"
                )
            pointer = f"{T2}/{key}"
            values = _mapping(data.get(key))
            label = Cell(pointer, _label(run, edition, f"proactive/{key}"), "label depth-1")
            cells = [
                _value(f"{pointer}/{col}", values.get(col), span)
                for col, span in zip(cols, spans, strict=True)
            ]
            rows.append(("", [label, *cells]))
        return "", rows

    def table3(
        self, run: RunResult, edition: str, node: Node, data: dict[str, Any]
    ) -> tuple[str, list[Row]]:
        """表三: the applicant header, then every row with its group rows (（三）…) above it."""
        t, labels = run.text, run.labels
        head = (
            f'<tr><th rowspan="3"></th><th colspan="{len(APPLICANT_COLUMNS)}">{escape(t("applicant"))}'
            "</th></tr>\n"
            f'<tr><th rowspan="2" class="num">{escape(labels.get("natural_person", "natural_person"))}</th>'
            f'<th colspan="{len(LEGAL_PERSONS)}">{escape(t("legal_persons"))}</th>'
            f'<th rowspan="2" class="num">{escape(labels.get("total", "total"))}</th></tr>\n<tr>'
            + "".join(f'<th class="num">{escape(labels.get(c, c))}</th>' for c in LEGAL_PERSONS)
            + "</tr>"
        )
        rows: list[Row] = []
        self._rows3(run, edition, node, data, "", 1, rows)
        return head, rows

    def _rows3(
        self,
        run: RunResult,
        edition: str,
        node: Node,
        data: dict[str, Any],
        prefix: str,
        depth: int,
        out: list[Row],
    ) -> None:
        for key, child in node.children.items():
            path = f"{prefix}{key}"
            pointer = f"{T3}/{path}"
            label = _label(run, edition, f"applications/{path}")
            values = _mapping(data.get(key))
            if _is_row(child):
                cells = [_value(f"{pointer}/{col}", values.get(col)) for col in child.children]
                out.append(("", [Cell(pointer, label, f"label depth-{depth}"), *cells]))
                continue
            group = Cell(pointer, label, f"label depth-{depth}", colspan=len(APPLICANT_COLUMNS) + 1)
            out.append(("group", [group]))
            self._rows3(run, edition, child, values, path + "/", depth + 1, out)

    def table4(
        self, run: RunResult, edition: str, node: Node, data: dict[str, Any]
    ) -> tuple[str, list[Row]]:
        """表四: 行政复议 (5 columns) and 行政诉讼 (未经复议直接起诉 5 + 复议后起诉 5), one row."""
        groups = list(node.children.items())
        review = [(k, g) for k, g in groups if k not in LITIGATION]
        litigation = [(k, g) for k, g in groups if k in LITIGATION]

        def col_heads(members: list[tuple[str, Node]], rowspan: str = "") -> str:
            return "".join(
                f'<th class="num"{rowspan}>{escape(_label(run, edition, f"reviews.{col}"))}</th>'
                for _, g in members
                for col in g.children
            )

        def span(members: list[tuple[str, Node]]) -> int:
            return sum(len(g.children) for _, g in members)

        top = "".join(
            f'<th class="group"{_colspan(span([m]))}>'
            f"{escape(_label(run, edition, f'reviews/{m[0]}'))}</th>"
            for m in review
        )
        if litigation:
            top += (
                f'<th class="group"{_colspan(span(litigation))}>'
                f"{escape(run.text('table4_litigation'))}</th>"
            )
        middle = col_heads(review, ' rowspan="2"') + "".join(
            f'<th class="group"{_colspan(span([m]))}>{escape(run.text(LITIGATION[m[0]]))}</th>'
            for m in litigation
        )
        head = f"<tr>{top}</tr>\n<tr>{middle}</tr>" + (
            f"\n<tr>{col_heads(litigation)}</tr>" if litigation else ""
        )
        cells: list[Cell] = []
        for key, g in review + litigation:
            values = _mapping(data.get(key))
            cells += [_value(f"{T4}/{key}/{col}", values.get(col)) for col in g.children]
        return head, [("", cells)]

    def grid(
        self,
        key: str,
        head: str,
        rows: list[Row],
        report: ReportResult,
        index: int,
        numbers: Mapping[int, int],
    ) -> str:
        """Draw one table. A cell is marked by every finding at its pointer or above it
        (a finding at a row marks the row, at the table the whole table); each finding's
        number stands once, on the cell it names or else the first cell it covers."""
        top = f"/tables/{key}"
        found = [f for f in report.findings if _under(f.pointer, top)]
        cells = [c for row in rows if not isinstance(row, str) for c in row[1]]
        covering = [[f for f in found if _under(c.pointer, f.pointer)] for c in cells]
        anchored: dict[int, list[Finding]] = {}
        for f in found:
            hits = [i for i, fs in enumerate(covering) if any(g is f for g in fs)]
            exact = [i for i in hits if cells[i].pointer == f.pointer]
            if hits:
                anchored.setdefault((exact or hits)[0], []).append(f)
        out: list[str] = []
        i = 0
        for row in rows:
            if isinstance(row, str):
                out.append(row)
                continue
            cls, row_cells = row
            tds = []
            for cell in row_cells:
                tds.append(self._td(cell, covering[i], anchored.get(i, []), numbers, index))
                i += 1
            out.append((f'<tr class="{cls}">' if cls else "<tr>") + "".join(tds) + "</tr>")
        return (
            f'<table class="grid" id="r{index}-{key}">\n'
            + (f"{head}\n" if head else "")
            + "\n".join(out)
            + "\n</table>"
        )

    @staticmethod
    def _td(
        cell: Cell,
        covering: list[Finding],
        anchored: list[Finding],
        numbers: Mapping[int, int],
        index: int,
    ) -> str:
        classes = [cell.cls] if cell.cls else []
        if covering:
            classes.append(_mark_class(covering))
        if cell.blank:
            classes.append("blank")
        sup = ""
        if anchored:
            links = ",".join(
                f'<a href="#r{index}-f{numbers[id(f)]}">{numbers[id(f)]}</a>' for f in anchored
            )
            sup = f"<sup>{links}</sup>"
        cls = f' class="{" ".join(classes)}"' if classes else ""
        return f"<td{cls}{_colspan(cell.colspan)}>{escape(cell.text)}{sup}</td>"


@dataclass(frozen=True)
class Cell:
    """One body cell of a drawn table: the pointer findings name it by, and its text."""

    pointer: str
    text: str
    cls: str = ""  # "label depth-2" for a row label
    colspan: int = 1
    blank: bool = False


# A table row: a ready header row, or (the <tr> class, its body cells).
Row = str | tuple[str, list[Cell]]


def _value(pointer: str, value: Any, colspan: int = 1) -> Cell:
    return Cell(pointer, "" if value is None else str(value), colspan=colspan, blank=value is None)


def _label(run: RunResult, edition: str, key: str) -> str:
    """A row or column label; ``key@edition`` where the editions print it differently."""
    return run.labels.get(f"{key}@{edition}") or run.labels.get(key) or key


def _mapping(value: Any) -> dict[str, Any]:
    """A row or group of the report's table; ``{}`` when it is missing (drawn blank)."""
    return value if isinstance(value, dict) else {}


def _is_row(node: Node) -> bool:
    """A table row: its children are cells (a group such as （三）不予公开 holds rows)."""
    return bool(node.children) and all("x-cell" in c.schema for c in node.children.values())


def _under(pointer: str, top: str) -> bool:
    return pointer == top or pointer.startswith(top + "/")


def _colspan(n: int) -> str:
    return f' colspan="{n}"' if n > 1 else ""
