"""Markdown, for a merge-request or pull-request comment.

A one-line tally, a summary table (one row per report: counts and pass/fail),
then, for each report with findings, a table of them (rule, severity, cell,
line, message). Waived findings are listed, marked as waived. A report's list
is cut at ``LIMIT`` rows so the comment stays within what code hosts accept;
the cut is said, never silent.
"""

from __future__ import annotations

from nianbao.core.findings import Finding
from nianbao.core.reporting import ReportResult, RunResult
from nianbao.plugins.reporters.common import failed, place, source_line, waived_text

LIMIT = 100


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell: one line, pipes and tags escaped."""
    value = " ".join(str(text).split())
    for a, b in (("\\", "\\\\"), ("|", "\\|"), ("<", "&lt;"), (">", "&gt;")):
        value = value.replace(a, b)
    return value


def code(text: str) -> str:
    if not text:
        return ""
    tick = "``" if "`" in text else "`"
    return f"{tick}{cell(text)}{tick}"


class MarkdownReporter:
    name = "markdown"
    description = "Markdown for a merge-request comment"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        t = run.text
        n_failed = sum(1 for r in run.reports if failed(run, r))
        icon = "❌" if n_failed else "✅"
        lines = [
            f"### {icon} {t('markdown_title')}",
            "",
            t("reports_checked", n=len(run.reports), failed=n_failed),
            "",
            f"| {t('file')} | {t('agency')} | {t('year')} | {t('error')} | {t('warning')} "
            f"| {t('info')} | {t('waived')} | {t('result')} |",
            "|---|---|--:|--:|--:|--:|--:|---|",
        ]
        for report in run.reports:
            c = report.counts
            verdict = f"❌ {t('fail')}" if failed(run, report) else f"✅ {t('pass')}"
            lines.append(
                f"| {code(report.path)} | {cell(report.agency or '')} | "
                f"{report.year if report.year is not None else ''} | {c['error']} | "
                f"{c['warning']} | {c['info']} | {c.get('waived', 0)} | {verdict} |"
            )
        for report in run.reports:
            if report.findings:
                lines += ["", *self.report(run, report)]
        if run.notes:
            lines += ["", *(f"> {cell(note)}" for note in run.notes)]
        return "\n".join(lines) + "\n"

    def report(self, run: RunResult, report: ReportResult) -> list[str]:
        t = run.text
        title = f"{report.agency} {report.year or ''}".strip() if report.agency else report.path
        lines = [
            f"#### {cell(title)}" + (f" — {code(report.path)}" if report.agency else ""),
            "",
            f"| {t('rule')} | {t('severity')} | {t('cell')} | {t('line')} | {t('message')} |",
            "|---|---|---|--:|---|",
        ]
        for f in report.findings[:LIMIT]:
            lines.append(self.row(run, f))
        if len(report.findings) > LIMIT:
            lines += ["", t("more_findings", n=len(report.findings) - LIMIT)]
        return lines

    def row(self, run: RunResult, f: Finding) -> str:
        where = place(f.pointer, run.labels)
        where_text = cell(where) if where != f.pointer else code(f.pointer)
        severity = run.text(f.severity.label)
        message = cell(f.message)
        if f.waived is not None:
            severity = f"~~{severity}~~"
            message += f" *（{cell(waived_text(run, f))}）*"
        return f"| {f.rule} | {severity} | {where_text} | {source_line(f)} | {message} |"
