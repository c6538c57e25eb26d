"""HTML: one self-contained page for an auditor, for one report or a whole batch.

The page opens with a summary table (per report: errors, warnings, info, waived,
pass or fail), then, per report, its findings grouped by part (the report as a
whole, then 一…六) with rule, message, cell and source line, and the 表三 grid as
printed with the wrong cells marked (red for errors, amber for warnings; the
small numbers link to the findings). Everything is inline — no script, no
stylesheet or font from the network — so the file can be mailed, archived or
opened offline. Wording follows ``--lang`` (Chinese by default).

This reporter sets ``needs_tables``: the runner keeps each report's tables for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from nianbao.core.findings import Finding
from nianbao.core.reporting import ReportResult, RunResult
from nianbao.plugins.reporters.common import (
    failed,
    group_by_part,
    part_title,
    place,
    source_line,
    waived_text,
)

COLUMNS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other",
    "total",
)
LEGAL_PERSONS = COLUMNS[1:6]
T3 = "/tables/applications"

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
table.grid td { text-align: right; min-width: 44px; font-variant-numeric: tabular-nums; }
table.grid td.label { text-align: left; min-width: 260px; }
table.grid tr.group td { background: #f8f9fa; font-weight: 600; text-align: left; }
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
    description = "one self-contained HTML page: summary, findings by part, 表三 marked"
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
        out.append(self.table3(run, report, index, numbers))
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

    # -- 表三 -------------------------------------------------------------------

    def table3(
        self, run: RunResult, report: ReportResult, index: int, numbers: Mapping[int, int]
    ) -> str:
        t = run.text
        tables = report.tables if isinstance(report.tables, dict) else None
        t3 = tables.get("applications") if tables else None
        heading = f"<h3>{escape(t('table3'))}</h3>"
        if not isinstance(t3, dict):
            if report.edition is None:
                return ""
            return f'{heading}\n<p class="legend">{escape(t("table3_missing"))}</p>'
        marks: dict[str, list[Finding]] = {}
        for f in report.findings:
            if f.pointer.startswith(T3 + "/"):
                marks.setdefault(f.pointer, []).append(f)
        labels = run.labels
        head = (
            f'<tr><th rowspan="3"></th><th colspan="{len(COLUMNS)}">{escape(t("applicant"))}'
            "</th></tr>\n"
            f'<tr><th rowspan="2" class="num">{escape(labels.get("natural_person", "natural_person"))}</th>'
            f'<th colspan="{len(LEGAL_PERSONS)}">{escape(t("legal_persons"))}</th>'
            f'<th rowspan="2" class="num">{escape(labels.get("total", "total"))}</th></tr>\n<tr>'
            + "".join(f'<th class="num">{escape(labels.get(c, c))}</th>' for c in LEGAL_PERSONS)
            + "</tr>"
        )
        rows: list[str] = []
        self._rows(run, t3, "", 1, marks, numbers, index, rows)
        return (
            f'{heading}\n<table class="grid">\n{head}\n'
            + "\n".join(rows)
            + f'\n</table>\n<p class="legend">{escape(t("table3_legend"))}</p>'
        )

    def _rows(
        self,
        run: RunResult,
        node: dict[str, Any],
        prefix: str,
        depth: int,
        marks: dict[str, list[Finding]],
        numbers: Mapping[int, int],
        index: int,
        out: list[str],
    ) -> None:
        order = {k: i for i, k in enumerate(run.labels)}

        def rank(key: str) -> tuple[int, str]:
            return (order.get(f"applications/{prefix}{key}", len(order)), key)

        for key in sorted(node, key=rank):
            value = node[key]
            path = f"{prefix}{key}"
            pointer = f"{T3}/{path}"
            label = run.labels.get(f"applications/{path}", key)
            if not isinstance(value, dict):
                continue
            if value and all(isinstance(v, dict) for v in value.values()):
                cls, sup = self._mark(marks.get(pointer, []), numbers, index)
                out.append(
                    f'<tr class="group"><td class="label depth-{depth} {cls}" '
                    f'colspan="{len(COLUMNS) + 1}">{escape(label)}{sup}</td></tr>'
                )
                self._rows(run, value, path + "/", depth + 1, marks, numbers, index, out)
                continue
            cls, sup = self._mark(marks.get(pointer, []), numbers, index)
            cells = [f'<td class="label depth-{depth} {cls}">{escape(label)}{sup}</td>']
            for col in COLUMNS:
                cell = value.get(col)
                found = marks.get(f"{pointer}/{col}", [])
                cls, sup = self._mark(found, numbers, index)
                if cell is None:
                    cls = (cls + " blank").strip()
                    shown = ""
                else:
                    shown = escape(str(cell))
                cells.append(f'<td class="{cls}">{shown}{sup}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")

    @staticmethod
    def _mark(findings: list[Finding], numbers: Mapping[int, int], index: int) -> tuple[str, str]:
        if not findings:
            return "", ""
        links = ",".join(
            f'<a href="#r{index}-f{numbers[id(f)]}">{numbers[id(f)]}</a>' for f in findings
        )
        return _mark_class(findings), f"<sup>{links}</sup>"
