"""CSV, for a spreadsheet: one row per finding.

Columns: file, agency, year, rule, severity, pointer, line, message, and the
waiver's reason for a waived finding (empty otherwise); headers and severities
follow ``--lang``. UTF-8 with a byte-order mark so Excel opens Chinese text
correctly; rows end with CRLF (RFC 4180). Text that a spreadsheet would run as
a formula (starting with = + - @) is prefixed with an apostrophe: report files
come from outside, and a cell must never execute.
"""

from __future__ import annotations

import csv
import io

from nianbao.core.reporting import RunResult
from nianbao.plugins.reporters.common import source_line

BOM = "\ufeff"
HEADERS = ("file", "agency", "year", "rule", "severity", "pointer", "line", "message", "waived")


def safe(text: str) -> str:
    """Neutralise a leading formula character (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


class CsvReporter:
    name = "csv"
    description = "CSV, one row per finding (UTF-8 with BOM, for Excel)"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow([run.text(h) for h in HEADERS])
        for report in run.reports:
            for f in report.findings:
                writer.writerow(
                    [
                        safe(report.path),
                        safe(report.agency or ""),
                        "" if report.year is None else report.year,
                        f.rule,
                        run.text(f.severity.label),
                        f.pointer,
                        source_line(f),
                        safe(f.message),
                        safe(str(f.waived.get("reason", ""))) if f.waived is not None else "",
                    ]
                )
        return BOM + buf.getvalue()
