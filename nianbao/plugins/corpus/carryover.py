"""X001 上年结转 = last year's 结转下年度继续办理; X002 现行有效件数 rolls forward.

Both compare a report with the same agency's report of the previous year
(identity.agency_key, ``year`` − 1). Rows 二 and 四 of 表三 are the same in both
editions (FORMAT-SPEC.md §4.2: only （六） differs, and neither rule reads it), so
X001 compares a 2020 report in the 2019 format with a 2021 report in the 2021
format directly. X002 needs 现行有效件数 in both years, which only the 2021 format
has, so it is silent across the edition change.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from nianbao.core.findings import Severity, Violation
from nianbao.core.model import APPLICANT_COLUMNS
from nianbao.core.rules import CheckContext
from nianbao.plugins.corpus.identity import agency_key, agency_name, report_year, same_agency

DOCUMENT_ROWS = ("regulations", "normative_documents")


def _count(value: Any) -> int | None:
    return value if type(value) is int and value >= 0 else None


def _row(table: Any, key: str, columns: Sequence[str]) -> tuple[int | None, ...] | None:
    row = table.get(key) if isinstance(table, dict) else None
    if not isinstance(row, dict):
        return None
    return tuple(_count(row.get(c)) for c in columns)


def previous(
    facts: Sequence[tuple[str, Any]],
) -> Iterable[tuple[str, dict[str, Any], str, dict[str, Any]]]:
    """``(path, facts, last year's path, last year's facts)`` for every such pair: the
    reports in input order, each with last year's in input order."""
    # (agency name, year) → where its facts are: tuples of numbers, which the garbage
    # collector stops tracking, not a list and a (path, facts) pair per report (at
    # 20,000 reports, 40,000 more objects for each of its full passes to go through)
    at: dict[tuple[str, int], tuple[int, ...]] = {}
    for i, (_, fact) in enumerate(facts):
        key = (agency_name(fact["agency"]), fact["year"])
        at[key] = at.get(key, ()) + (i,)
    for path, fact in facts:
        for j in at.get((agency_name(fact["agency"]), fact["year"] - 1), ()):
            other_path, other = facts[j]
            if same_agency(fact["agency"], other["agency"]):
                yield path, fact, other_path, other


class CarryOver:
    """X001: this year's 二、上年结转 must equal last year's 四、结转下年度继续办理, per column."""

    id = "X001"
    severity = Severity.WARNING
    title = {
        "zh": "上年结转与上一年度报告的结转下年度继续办理不一致",
        "en": "Carried over ≠ last year's carried forward",
    }
    plugin = ""

    def collect(self, report: dict[str, Any], ctx: CheckContext) -> dict[str, Any] | None:
        key, year = agency_key(report), report_year(report)
        apps = (report.get("tables") or {}).get("applications")
        if key is None or year is None or not isinstance(apps, dict):
            return None
        return {
            "agency": key,
            "year": year,
            "carried_over": _row(apps, "carried_over", APPLICANT_COLUMNS),
            "carried_forward": _row(apps, "carried_forward", APPLICANT_COLUMNS),
        }

    def pointers(self, fact: dict[str, Any]) -> list[str]:
        """Where its findings on that report stand: the cells of row 二 of 表三."""
        return [f"/tables/applications/carried_over/{column}" for column in APPLICANT_COLUMNS]

    def judge(self, facts: Sequence[tuple[str, Any]]) -> Iterable[tuple[str, Violation]]:
        for path, fact, other_path, other in previous(facts):
            now, then = fact["carried_over"], other["carried_forward"]
            if now is None or then is None:
                continue  # a missing row is T002's, once
            for column, this, last in zip(APPLICANT_COLUMNS, now, then, strict=True):
                if this is None or last is None or this == last:
                    continue
                yield (
                    path,
                    Violation(
                        f"/tables/applications/carried_over/{column}",
                        {
                            "column": column,
                            "this": this,
                            "last": last,
                            "diff": abs(this - last),
                            "year": fact["year"],
                            "last_year": other["year"],
                            "other": other_path,
                        },
                    ),
                )


class InForce:
    """X002 (2021 format): last year's 现行有效件数 + 本年制发 − 本年废止 = 现行有效件数."""

    id = "X002"
    severity = Severity.INFO
    title = {
        "zh": "现行有效件数与上一年度报告不衔接",
        "en": "Documents in force do not roll forward from last year",
    }
    plugin = ""

    def collect(self, report: dict[str, Any], ctx: CheckContext) -> dict[str, Any] | None:
        key, year = agency_key(report), report_year(report)
        proactive = (report.get("tables") or {}).get("proactive")
        if key is None or year is None or ctx.edition != "2021" or not isinstance(proactive, dict):
            return None
        rows = {r: _row(proactive, r, ("issued", "repealed", "in_force")) for r in DOCUMENT_ROWS}
        return {"agency": key, "year": year, "rows": rows}

    def pointers(self, fact: dict[str, Any]) -> list[str]:
        """Where its findings on that report stand: 现行有效件数 of both rows."""
        return [f"/tables/proactive/{row}/in_force" for row in DOCUMENT_ROWS]

    def judge(self, facts: Sequence[tuple[str, Any]]) -> Iterable[tuple[str, Violation]]:
        for path, fact, other_path, other in previous(facts):
            for row in DOCUMENT_ROWS:
                now, then = fact["rows"].get(row), other["rows"].get(row)
                if now is None or then is None or None in now or then[2] is None:
                    continue
                issued, repealed, in_force = now
                expected = then[2] + issued - repealed
                if expected == in_force:
                    continue
                yield (
                    path,
                    Violation(
                        f"/tables/proactive/{row}/in_force",
                        {
                            "row": f"proactive/{row}",
                            "last_in_force": then[2],
                            "issued": issued,
                            "repealed": repealed,
                            "expected": expected,
                            "in_force": in_force,
                            "diff": abs(expected - in_force),
                            "year": fact["year"],
                            "last_year": other["year"],
                            "other": other_path,
                        },
                    ),
                )
