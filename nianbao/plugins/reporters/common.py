"""What several output formats share: stable paths, where a finding stands, severity words.

Reporters only render a finished ``RunResult``; nothing here reads a file or
knows about any rule beyond its pointer.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from nianbao.core.findings import Finding
from nianbao.core.reporting import ReportResult, RunResult

TABLE_PARTS = {"proactive": 2, "applications": 3, "reviews": 4}
PARTS = (1, 2, 3, 4, 5, 6)


def relative_path(path: str) -> str:
    """The path with '/' separators, relative to the working folder when it is absolute.

    CI systems resolve paths against the checkout, so SARIF and GitHub annotations
    never carry the absolute path of the machine that ran the check.
    """
    p = Path(path)
    if p.is_absolute():
        try:
            return Path(os.path.relpath(p, Path.cwd())).as_posix()
        except ValueError:  # another drive
            return p.as_posix()
    return PurePosixPath(p.as_posix()).as_posix()


def path_uri(path: str) -> str:
    """A relative URI reference for a report path (percent-encoded, '/' kept)."""
    return quote(relative_path(path), safe="/-._~")


def severity_word(run: RunResult, finding: Finding) -> str:
    return run.text(finding.severity.label)


def waived_text(run: RunResult, finding: Finding) -> str:
    """ "已豁免：reason（有效至 date）" for a waived finding, "" otherwise."""
    if finding.waived is None:
        return ""
    text = run.text("waived_because", reason=finding.waived.get("reason", ""))
    if finding.waived.get("expires"):
        text += run.text("waived_until", date=finding.waived["expires"])
    return text


def part_of(finding: Finding) -> int | None:
    """Which part (1–6) of the report a finding is about; ``None`` = the report as a whole.

    Tables 二–四 are parts 二–四; a rule about a part's text says ``part`` in its
    values or points into ``/parts/<i>`` (the i-th part as printed).
    """
    value = finding.values.get("part")
    if isinstance(value, int) and value in PARTS:
        return value
    segs = finding.pointer.split("/")
    if len(segs) >= 3 and segs[1] == "tables":
        return TABLE_PARTS.get(segs[2])
    if len(segs) >= 2 and segs[1] == "tables":
        key = finding.values.get("key")
        return TABLE_PARTS.get(key) if isinstance(key, str) else None
    if len(segs) >= 3 and segs[1] == "parts" and segs[2].isdigit():
        n = int(segs[2]) + 1
        return n if n in PARTS else None
    return None


def group_by_part(findings: Iterable[Finding]) -> list[tuple[int | None, list[Finding]]]:
    """Findings grouped: the report as a whole first, then parts 一…六, in order."""
    groups: dict[int | None, list[Finding]] = {}
    for f in findings:
        groups.setdefault(part_of(f), []).append(f)
    order = [None, *PARTS]
    return [(k, groups[k]) for k in order if k in groups]


def part_title(run: RunResult, part: int | None) -> str:
    if part is None:
        return run.text("whole_report")
    return run.texts.get(f"part_{part}") or run.text("part_n", n=part)


def place(pointer: str, labels: Mapping[str, str]) -> str:
    """A pointer as people name it: ``/tables/applications/results/total/total`` →
    "表三 三、本年度办理结果 （七）总计 总计". Pointers outside the tables are shown as is."""
    segs = [s for s in pointer.split("/") if s]
    if len(segs) < 2 or segs[0] != "tables":
        return pointer
    segs = segs[1:]
    out = []
    for i in range(1, len(segs) + 1):
        key = "/".join(segs[:i])
        hit = labels.get(key)
        if not hit and i == len(segs):
            last = segs[-1]
            hit = labels.get(f"{segs[0]}.{last}") or labels.get(last) or last
        if hit:
            out.append(hit)
    return labels.get("_path_sep", " ").join(out)


def source_line(finding: Finding) -> str:
    """Where in the source document: "12", or "p. 3" for a PDF page, or ""."""
    if finding.line:
        return str(finding.line)
    src = finding.source or {}
    if src.get("page") not in (None, ""):
        return f"p. {src['page']}"
    return ""


def failed(run: RunResult, report: ReportResult) -> bool:
    """Whether this report fails under the run's ``fail_on`` (unreadable input always does)."""
    return any(f.rule in ("E001", "E002") or run.failing(f) for f in report.findings)
