"""Baselines: record today's findings, then report only the new ones.

``nianbao check --write-baseline nb-baseline.json`` records every finding;
``--baseline nb-baseline.json`` hides the findings the file records and says how
many it matched, so a repository of old reports can adopt nianbao and still fail
the build on anything new.

A finding is known by (file, rule, pointer) — never by its line or message — so
an unrelated edit that moves lines or changes a number elsewhere does not turn a
known finding into a new one. The same key may be recorded several times (a rule
that fires twice on one cell); each record matches one finding. The file is the
report's path relative to the baseline file's folder, so the baseline works from
any working directory. Waived findings and the input-error rules E001–E003 are
never recorded or hidden.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nianbao.core.config import ConfigError
from nianbao.core.engine import CORE_RULES
from nianbao.core.findings import Finding
from nianbao.core.reporting import ReportResult

FORMAT = 1

Key = tuple[str, str, str]


def file_key(path: str, base: Path) -> str:
    """A report path as the baseline records it: relative to ``base``, with '/'."""
    p = Path(path)
    try:
        return Path(os.path.relpath(p.resolve(), base.resolve())).as_posix()
    except ValueError:  # another drive
        return p.as_posix()


def _recordable(finding: Finding) -> bool:
    return finding.waived is None and finding.rule not in CORE_RULES


def build(reports: Sequence[ReportResult], base: Path) -> dict[str, Any]:
    """The baseline document for these reports (sorted, so it diffs well)."""
    records = []
    for report in reports:
        key = file_key(report.path, base)
        for f in report.findings:
            if _recordable(f):
                records.append(
                    {"file": key, "rule": f.rule, "pointer": f.pointer, "message": f.message}
                )
    records.sort(key=lambda r: (r["file"], r["rule"], r["pointer"], r["message"]))
    return {"tool": "nianbao", "format": FORMAT, "findings": records}


def dumps(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def load(path: str | Path) -> Counter[Key]:
    """The recorded keys of a baseline file; anything unreadable raises ConfigError."""
    try:
        data = json.loads(Path(path).read_text("utf-8-sig"))
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such baseline file (write one with --write-baseline {path})",
            "baseline_missing",
            path=path,
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(
            f"{path}: cannot read baseline: {exc}",
            "baseline_unreadable",
            path=path,
            detail=str(exc),
        ) from None
    except json.JSONDecodeError as exc:
        raise ConfigError(
            f"{path}: not a baseline: invalid JSON (line {exc.lineno}, column {exc.colno})",
            "baseline_invalid_json",
            path=path,
            line=exc.lineno,
            column=exc.colno,
        ) from None
    if not isinstance(data, dict) or data.get("tool") != "nianbao" or "findings" not in data:
        raise ConfigError(
            f"{path}: not a nianbao baseline (written by --write-baseline)",
            "baseline_not_nianbao",
            path=path,
        )
    if data.get("format") != FORMAT:
        raise ConfigError(
            f"{path}: baseline format {data.get('format')!r} is not supported (expected {FORMAT})",
            "baseline_format",
            path=path,
            format=data.get("format"),
            expected=FORMAT,
        )
    keys: Counter[Key] = Counter()
    for i, rec in enumerate(data["findings"] if isinstance(data["findings"], list) else [None]):
        if not isinstance(rec, dict) or not all(
            isinstance(rec.get(k), str) for k in ("file", "rule", "pointer")
        ):
            raise ConfigError(
                f"{path}: baseline entry {i + 1} needs file, rule and pointer",
                "baseline_entry",
                path=path,
                n=i + 1,
            )
        keys[(rec["file"], rec["rule"], rec["pointer"])] += 1
    return keys


def apply(reports: Sequence[ReportResult], known: Counter[Key], base: Path) -> dict[str, int]:
    """Hide known findings (in place); return ``{"matched", "new", "absent"}``.

    ``absent`` counts records of the checked files that matched nothing: fixed since
    the baseline was written (rewrite it to keep it tight). Records of files not
    checked in this run (pre-commit checks only the changed ones) are not counted.
    """
    left = Counter(known)
    matched = new = 0
    checked = set()
    for report in reports:
        key = file_key(report.path, base)
        checked.add(key)
        kept = []
        for f in report.findings:
            k = (key, f.rule, f.pointer)
            if _recordable(f) and left[k] > 0:
                left[k] -= 1
                matched += 1
                continue
            if _recordable(f):
                new += 1
            kept.append(f)
        report.findings = kept
    absent = sum(n for (file, _, _), n in left.items() if file in checked)
    return {"matched": matched, "new": new, "absent": absent}
