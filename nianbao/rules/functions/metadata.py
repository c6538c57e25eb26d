"""Check functions for the report as a whole: year, edition, deadline, period, signature.

Each is silent when what it compares is not there (no publication date, no year):
the missing input is reported once, by its own rule.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.rules import CheckContext, check_function
from nianbao.rules.dates import (
    agency_kind,
    iso_date,
    report_year,
    signature,
    statistics_period,
)
from nianbao.rules.text import as_text

_MONTH_DAY = {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}


@check_function({"additionalProperties": False, "properties": {}})
def report_year_known(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """The report year must be determinable, and the title must not name another year."""
    years = report_year(ctx.report, ctx)
    if years.year is None and years.title is None and years.period is None:
        yield Violation("/year", {}, "missing")
    elif years.field is None and years.year is None:
        yield Violation(
            "/title",
            {"title_year": years.title, "period_year": years.period},
            "disagree",
        )
    elif years.field is not None and years.title is not None and years.title != years.field:
        yield Violation(
            "/title",
            {
                "title_year": years.title,
                "year": years.field,
                "title": as_text(ctx.report.get("title")),
            },
        )


@check_function(
    {
        "additionalProperties": False,
        "properties": {
            "since": {
                "type": "object",
                "description": "edition → the first report year it applies to",
                "propertyNames": {"enum": ["2019", "2021"]},
                "additionalProperties": {"type": "integer"},
            }
        },
    }
)
def edition_fits_year(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """The edition printed must be the one the report year calls for."""
    year = report_year(ctx.report, ctx).year
    if year is None:
        return
    since = options.get("since") or {"2019": 2019, "2021": 2021}
    due = [ed for ed, first in sorted(since.items(), key=lambda kv: kv[1]) if first <= year]
    if not due:
        return
    expected = due[-1]
    if ctx.edition != expected:
        yield Violation(
            "/edition",
            {"edition": f"edition.{ctx.edition}", "year": year, "expected": f"edition.{expected}"},
        )


@check_function(
    {
        "additionalProperties": False,
        "properties": {
            "department": _MONTH_DAY,
            "government": _MONTH_DAY,
            "township": _MONTH_DAY,
            "other": _MONTH_DAY,
        },
    }
)
def published_by_deadline(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """Published no later than the deadline (month-day of the next year) for the agency kind."""
    published = iso_date(ctx.report.get("published"))
    year = report_year(ctx.report, ctx).year
    if published is None or year is None:
        return
    kind = agency_kind(ctx.report) or "department"
    defaults = {
        "department": "01-31",
        "government": "03-31",
        "township": "01-31",
        "other": "01-31",
    }
    month_day = options.get(kind) or defaults[kind]
    month, day = (int(x) for x in month_day.split("-"))
    try:
        deadline = dt.date(year + 1, month, day)
    except ValueError:  # 02-29 in a common year
        deadline = dt.date(year + 1, month, 28)
    if published > deadline:
        yield Violation(
            "/published",
            {
                "published": published.isoformat(),
                "deadline": deadline.isoformat(),
                "kind": f"kind.{kind}",
                "days": (published - deadline).days,
            },
        )


@check_function({"additionalProperties": False, "properties": {}})
def statistics_period_stated(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """A statistics period must be stated, cover one year ending 12月31日, the report year."""
    period = statistics_period(ctx.report, ctx)
    if period is None:
        yield Violation("/preamble", {}, "missing")
        return
    year = report_year(ctx.report, ctx).year
    values = {"period": period.text, "period_year": period.year, "year": year}
    if period.start.year != period.end.year or (period.end.month, period.end.day) != (12, 31):
        yield Violation(period.pointer, values, "span")
    elif year is not None and period.year != year:
        yield Violation(period.pointer, values)


@check_function({"additionalProperties": False, "properties": {}})
def signed(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """The report must end with the agency's name and a date not after publication."""
    sig = signature(ctx.report)
    if not sig.name or sig.date is None:
        missing = [k for k, v in (("name", sig.name), ("date", sig.date)) if not v]
        yield Violation("/signature", {"missing": [f"signature.{k}" for k in missing]}, "missing")
        return
    published = iso_date(ctx.report.get("published"))
    if published is not None and sig.date > published:
        yield Violation(
            sig.pointer if sig.pointer != "/signature" else "/signature/date",
            {"signed": sig.date.isoformat(), "published": published.isoformat()},
        )
