"""Years and dates a report states: its title's year, statistics period, signature.

Dates are printed as 2021年1月20日, 二〇二一年一月二十日, 2021-01-20 or 2021.1.20;
all of them are read here, once, for M001–M007.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.rules import CheckContext
from nianbao.rules.memo import per_report
from nianbao.rules.numerals import parse_number
from nianbao.rules.parts import find_part
from nianbao.rules.text import as_text, fold, squeeze, texts

_Y = r"\d{4}|[〇零○一二三四五六七八九]{4}"
_M = r"\d{1,2}|十[一二]?|[一二三四五六七八九]"
_D = r"\d{1,2}|[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九]"
_CN_DATE = re.compile(rf"(?P<y>{_Y})\s*年\s*(?P<m>{_M})\s*月\s*(?P<d>{_D})\s*[日号]")
_ISO_DATE = re.compile(
    r"(?<!\d)(?P<y>\d{4})\s*[-./]\s*(?P<m>\d{1,2})\s*[-./]\s*(?P<d>\d{1,2})(?!\d)"
)
_YEAR = re.compile(rf"(?P<y>{_Y})\s*年")

_PERIOD = re.compile(
    rf"(?P<y1>{_Y})\s*年\s*(?P<m1>{_M})\s*月\s*(?P<d1>{_D})\s*日\s*(?:起)?\s*"
    rf"(?:至|到|~|-|—|－|－)\s*(?:(?P<y2>{_Y})\s*年\s*)?(?P<m2>{_M})\s*月\s*(?P<d2>{_D})\s*日"
)
_PERIOD_YEAR = re.compile(
    rf"统计(?:期限|时限|期间|时间|区间|周期|范围)[^。；;\d〇零○一二三四五六七八九]{{0,6}}(?P<y>{_Y})\s*年\s*(?:度)?(?!\s*(?:{_M})\s*月)"
)


def parse_date(text: str) -> dt.date | None:
    """The first date printed in ``text`` (2021年1月20日, 2021-01-20, …), or None."""
    folded = fold(text or "")
    for pattern in (_CN_DATE, _ISO_DATE):
        m = pattern.search(folded)
        if m:
            return _date(m.group("y"), m.group("m"), m.group("d"))
    return None


def _date(y: str, m: str, d: str) -> dt.date | None:
    year, month, day = parse_number(y), parse_number(m), parse_number(d)
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def iso_date(value: Any) -> dt.date | None:
    """A model date field (YYYY-MM-DD) as a date, None if absent or malformed."""
    if not isinstance(value, str):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def title_year(title: str) -> int | None:
    """The report year a title names: 鹿窝镇2020年政府信息公开工作年度报告 → 2020."""
    m = _YEAR.search(fold(title or ""))
    return parse_number(m.group("y")) if m else None


@dataclass(frozen=True)
class Period:
    """A statistics-period statement: where it is, what it says."""

    pointer: str
    text: str  # as printed
    start: dt.date | None
    end: dt.date | None
    year: int  # the year it covers (the end's year)


def statistics_periods(report: dict[str, Any]) -> Iterator[Period]:
    """Statistics-period statements, those introduced by 统计 first.

    "本报告所列数据的统计期限自2020年1月1日起至12月31日止" → 2020-01-01…2020-12-31.
    """
    found = [item for pointer, text in texts(report) for item in _periods_in(pointer, text)]
    yield from (period for _, period in sorted(found, key=lambda item: item[0]))


def _periods_in(pointer: str, text: str) -> Iterator[tuple[int, Period]]:
    """(0 if introduced by 统计 else 1, period) of one text, in the order they are read."""
    folded = fold(text)
    # (a period is written with 月 and 日; most texts have none and skip the scan)
    for m in _PERIOD.finditer(folded) if "月" in folded and "日" in folded else ():
        start = _date(m.group("y1"), m.group("m1"), m.group("d1"))
        end = _date(m.group("y2") or m.group("y1"), m.group("m2"), m.group("d2"))
        if start is None or end is None:
            continue
        near = "统计" in folded[max(0, m.start() - 30) : m.start()]
        whole_year = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
        if near or whole_year:
            yield 0 if near else 1, Period(pointer, text[m.start() : m.end()], start, end, end.year)
    for m in _PERIOD_YEAR.finditer(folded) if "统计" in folded else ():
        year = parse_number(m.group("y"))
        if year:
            start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
            yield 0, Period(pointer, text[m.start() : m.end()], start, end, year)


def statistics_period(report: dict[str, Any], ctx: CheckContext | None = None) -> Period | None:
    """The report's statistics period, if it states one (once per report, given ``ctx``)."""
    return per_report(ctx, "nianbao.statistics_period", _first_period, report)


def _first_period(report: dict[str, Any]) -> Period | None:
    return _first_of(tuple(texts(report)))


@lru_cache(maxsize=256)
def _first_of(texts_: tuple[tuple[str, str], ...]) -> Period | None:
    """``next(statistics_periods(report))``, reading no further than it must: the first
    period introduced by 统计, else the first of a whole year. Most reports state it in
    the preamble, and their parts are then not searched for periods at all.

    Cached on the texts: report_year and M004 ask for the same report's period.
    """
    later = None
    for pointer, text in texts_:
        for near, period in _periods_in(pointer, text):
            if near == 0:
                return period
            if later is None:
                later = period
    return later


@dataclass(frozen=True)
class ReportYear:
    """The report year and where each candidate came from."""

    year: int | None
    field: int | None
    title: int | None
    period: int | None


def report_year(report: dict[str, Any], ctx: CheckContext | None = None) -> ReportYear:
    """The report year: ``year`` if given, else the title's and the period's if they agree.

    Worked out once per report when the check context is given: six rules ask.
    """
    return per_report(ctx, "nianbao.report_year", _report_year, report)


def _report_year(report: dict[str, Any]) -> ReportYear:
    field = report.get("year")
    field = field if isinstance(field, int) and not isinstance(field, bool) else None
    title = title_year(as_text(report.get("title")))
    period = statistics_period(report)
    pyear = period.year if period else None
    if field is not None:
        year = field
    elif title is not None and pyear is not None:
        year = title if title == pyear else None
    else:
        year = title if title is not None else pyear
    return ReportYear(year, field, title, pyear)


# -- the agency and its deadline ----------------------------------------------------

_BRACKETS = re.compile(r"[(（][^()（）]*[)）]")
_TOWNSHIP = re.compile(r"(?:乡|镇)人民政府$|街道办事处$|街道$|(?:乡|镇)$")
_GOVERNMENT = re.compile(r"(?:省|自治区|市|州|盟|县|区|旗)人民政府$")


def agency_kind(report: dict[str, Any]) -> str | None:
    """department | government | township | other, from ``agency.kind`` or the name.

    乡/镇人民政府 and 街道办事处 are townships; a 省/自治区/市/州/县/区/旗 人民政府
    (not its 办公室/厅/局) is a government; every other body is a department.
    """
    agency = report.get("agency") if isinstance(report.get("agency"), dict) else {}
    kind = agency.get("kind")
    if kind in ("department", "government", "township", "other"):
        return kind
    name = as_text(agency.get("name"))
    if not name:
        signature = report.get("signature") if isinstance(report.get("signature"), dict) else {}
        name = as_text(signature.get("name"))
    if not name:
        return None
    name = _BRACKETS.sub("", squeeze(name))
    if _TOWNSHIP.search(name):
        return "township"
    if _GOVERNMENT.search(name):
        return "government"
    return "department"


# -- the signature ---------------------------------------------------------------------

_SIGNER = re.compile(
    r"(?:人民政府|政府|局|委|委员会|办|办公室|办公厅|中心|厅|院|所|处|站|队|馆|会|街道办事处|管理局|管委会|镇|乡|街道)$"
)


@dataclass(frozen=True)
class Signature:
    name: str | None
    date: dt.date | None
    date_text: str | None
    pointer: str


def signature(report: dict[str, Any]) -> Signature:
    """The signature: the ``signature`` field, else the closing lines of the last part.

    A report's last lines are usually the agency's name and a date
    (鹿窝镇人民政府 / 2021年1月20日); a reader that did not split them off
    leaves them at the end of part 六's text.
    """
    sig = report.get("signature") if isinstance(report.get("signature"), dict) else {}
    name = as_text(sig.get("name")).strip() or None
    raw_date = sig.get("date")
    date = iso_date(raw_date)
    if name or date:
        return Signature(name, date, raw_date if isinstance(raw_date, str) else None, "/signature")
    parts = report.get("parts")
    if not isinstance(parts, list) or not parts or not isinstance(parts[-1], dict):
        return Signature(None, None, None, "/signature")
    text = as_text(parts[-1].get("text"))
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()][-3:]
    found_name = found_date = None
    date_text = None
    for line in reversed(lines):
        folded = fold(line)
        if found_date is None and (
            _CN_DATE.fullmatch(folded.strip()) or _ISO_DATE.fullmatch(folded.strip())
        ):
            found_date = parse_date(folded)
            date_text = line
        elif (
            found_date is not None
            and found_name is None
            and _SIGNER.search(squeeze(line))
            and len(squeeze(line)) <= 40
        ):
            found_name = line
            break
    if found_name and found_date:
        return Signature(found_name, found_date, date_text, f"/parts/{len(parts) - 1}/text")
    return Signature(None, None, None, "/signature")


# -- the year part 一 opens with (M007) -----------------------------------------------

_OPENING = re.compile(
    rf"^\s*(?:[(（][一二三四五六七八九十]+[)）]|[一二三四五六七八九十]是)?\s*"
    rf"(?P<y>{_Y})\s*年\s*(?P<du>度)?(?P<after>[^。；;\n]{{0,40}})"
)
_SPAN = re.compile(r"^\s*(?:以来|来|至今|至|到|起|以前|之前|前|-|—|~|年|底|末)")
_PLAN = re.compile(r"将|计划|拟|打算|要|准备|预计")


@dataclass(frozen=True)
class Opening:
    year: int
    text: str  # the opening words as printed


def opening_year(text: str) -> Opening | None:
    """The year that ``text`` opens with as the year of its work, if any.

    "2022年，我局…" and "2022年度，…" name a year of work; "2019年以来" (a span),
    "2024年，我局将…" (a plan) do not. A short first line without a comma (a
    sub-heading such as （一）主动公开情况) is skipped.
    """
    lines = [line for line in (text or "").splitlines() if line.strip()]
    candidates = lines[:1]
    if (
        lines
        and len(lines) > 1
        and len(lines[0].strip()) <= 25
        and not re.search(r"[,，。]", lines[0])
    ):
        candidates = lines[:2]
    for line in candidates:
        m = _OPENING.match(fold(line))
        if not m:
            continue
        after = m.group("after")
        if _SPAN.match(after):
            return None
        clause = re.split(r"[,，]", after, maxsplit=1)
        head = clause[0] if len(clause) == 1 or clause[0].strip() else after
        if _PLAN.search(head) or (len(clause) > 1 and _PLAN.search(clause[1][:8])):
            return None
        year = parse_number(m.group("y"))
        if year is None:
            return None
        end = (
            m.end("du") if m.group("du") else m.end("y") + fold(line)[m.end("y") :].index("年") + 1
        )
        return Opening(year, line[m.start("y") : min(len(line), end + 6)].strip())
    return None


def year_of_work(report: dict[str, Any], ctx: Any) -> Iterator[Violation]:
    """M007: part 一 opens by naming a year other than the report year as its year of work."""
    year = report_year(report, ctx).year
    part = find_part(report, 1, ctx)
    if year is None or part is None:
        return
    opening = opening_year(part.text)
    if opening is not None and opening.year != year:
        yield Violation(
            f"{part.pointer}/text",
            {"named": opening.year, "year": year, "quote": opening.text},
        )
