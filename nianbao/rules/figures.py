"""Figures a report states in words, and the table cells they name (rule N001).

Reports restate their tables in part 一 and part 三: "全年共收到政府信息公开申请
75件"、"办结69件"、"结转下年度继续办理2件"、"行政复议案件2件、行政诉讼案件1件".
Each statement kind names one table cell (or a small set of readings that
practice allows — "收到75件" is read as 本年新收, or 新收 + 上年结转, since many
agencies count carried-over applications as received). A figure contradicts the
table only if it equals none of its readings; a figure stated loosely (近100件,
100余件) or a statement without a figure says nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.model import is_number
from nianbao.rules.numerals import NUMBER, parse_number
from nianbao.rules.parts import where_label
from nianbao.rules.text import fold, quote, texts

_UNITS = "件宗起个份条"
_UNIT = "(?:" + "|".join(_UNITS) + ")"
# every kind's pattern ends with a number and one of these: a text without any (a
# third of them) is not searched seven times for nothing
_ANY_UNIT = re.compile(f"[{_UNITS}]")
_GAP = r"[^。；;，,\d〇零○一二两三四五六七八九十百千万]{0,12}?"
_SHORT = r"[^。；;，,\d〇零○一二两三四五六七八九十百千万]{0,6}?"
_TOTAL = r"(?:共|合计|总计|累计|计|达|为|共计)?"
_APPROX_BEFORE = re.compile(r"(?:近|约|超过|超|逾|多于|不足|不到|将近|接近|大约)$")
_APPROX_AFTER = re.compile(r"^\s*(?:余|多|以上|左右|上下)")

A = "/tables/applications"
R = "/tables/reviews"


@dataclass(frozen=True)
class Kind:
    """One kind of figure: how it is written and which cells it may mean."""

    name: str
    pattern: re.Pattern[str]
    readings: tuple[tuple[str, ...], ...]  # each reading: pointers summed
    forbid: re.Pattern[str] | None = None  # words in the match that make it another figure


def _kind(
    name: str, pattern: str, readings: Iterable[Iterable[str]], forbid: str | None = None
) -> Kind:
    return Kind(
        name,
        re.compile(pattern),
        tuple(tuple(r) for r in readings),
        re.compile(forbid) if forbid else None,
    )


_NUM = rf"(?P<num>{NUMBER})\s*{_UNIT}"


def _not_after(words: Iterable[str], before: Iterable[str]) -> str:
    """``words`` as an alternation, each not preceded by any of ``before``.

    办结(?<!未办结) rather than (?<!未)办结: the same matches, but a pattern that
    opens with its literal words lets the regex engine skip to where they occur
    instead of testing the look-behinds at every position (5× faster).
    """
    before = tuple(before)
    return "|".join(
        re.escape(word) + "".join(f"(?<!{re.escape(b + word)})" for b in before) for word in words
    )


KINDS: tuple[Kind, ...] = (
    _kind(
        "carried_over",
        rf"上一?年度?(?:结转|转结|遗留){_SHORT}(?:申请)?{_SHORT}{_TOTAL}{_NUM}",
        [[f"{A}/carried_over/total"]],
    ),
    _kind(
        "carried_forward",
        rf"(?:结转(?:至|到|入)?下一?年度?|转入下一?年度?|顺延(?:至|到)?(?:下一?年度?)?|"
        rf"结转(?:至|到)?\d{{4}}年度?)(?:继续)?(?:办理)?{_SHORT}(?:申请)?{_SHORT}{_TOTAL}{_NUM}",
        [[f"{A}/carried_forward/total"]],
    ),
    _kind(
        "received",
        rf"(?:收到|受理|新收|接收|接到|共收|收悉)(?P<mid>{_GAP})(?:申请|依申请公开){_SHORT}{_TOTAL}{_NUM}",
        [[f"{A}/new_received/total"], [f"{A}/new_received/total", f"{A}/carried_over/total"]],
        forbid=r"复议|诉讼|结转|诉求|信访|咨询|投诉|举报",
    ),
    _kind(
        "handled",
        rf"(?:{_not_after(('办结', '答复', '办理完毕', '作出答复', '予以答复', '办复'), ('逾期', '超期', '延期', '未'))})"
        rf"(?P<mid>{_SHORT}){_TOTAL}{_NUM}",
        [[f"{A}/results/total/total"]],
        # 办结人大代表建议17件, 答复政协提案, 办结信访件: other kinds of items
        forbid=r"复议|诉讼|率|建议|提案|议案|信访|来信|诉求|咨询|投诉|举报",
    ),
    _kind(
        "processed",
        rf"办理(?P<mid>{_SHORT})(?:申请|依申请公开){_SHORT}{_TOTAL}{_NUM}",
        [
            [f"{A}/results/total/total"],
            [f"{A}/new_received/total"],
            [f"{A}/new_received/total", f"{A}/carried_over/total"],
        ],
        forbid=r"复议|诉讼|结转",
    ),
    _kind(
        "reviews",
        rf"行政复议(?P<mid>{_SHORT}){_TOTAL}{_NUM}",
        [[f"{R}/review/total"]],
        forbid=r"诉讼|维持|纠正|纠错|撤销|确认违法|审结|结果|败诉|胜诉|驳回|终止",
    ),
    _kind(
        "lawsuits",
        rf"行政诉讼(?P<mid>{_SHORT}){_TOTAL}{_NUM}",
        [[f"{R}/litigation_direct/total", f"{R}/litigation_after_review/total"]],
        forbid=r"复议|维持|纠正|纠错|撤销|确认违法|审结|结果|败诉|胜诉|驳回|终止",
    ),
)


@dataclass(frozen=True)
class Figure:
    """One figure found in the text."""

    kind: str
    value: int
    pointer: str  # the text it stands in
    quote: str  # the words around it, as printed


def figures(report: dict[str, Any]) -> Iterator[Figure]:
    """Every figure of a known kind stated in the preamble or the parts' texts."""
    for pointer, text in texts(report):
        folded = fold(text)
        if not _ANY_UNIT.search(folded):
            continue
        taken: list[tuple[int, int]] = []
        for kind in KINDS:
            for m in kind.pattern.finditer(folded):
                start, end = m.start(), m.end()
                if any(s < end and start < e for s, e in taken):
                    continue  # part of a figure read already (上年结转 inside 收到…)
                if kind.forbid and kind.forbid.search(m.group(0)[: m.start("num") - start]):
                    continue
                if _APPROX_BEFORE.search(folded[: m.start("num")]) or _APPROX_AFTER.match(
                    folded[m.end("num") :]
                ):
                    continue
                value = parse_number(m.group("num"))
                if value is None:
                    continue
                taken.append((start, end))
                yield Figure(kind.name, value, pointer, quote(text, start, end, 6))


def _reading(report: dict[str, Any], pointers: tuple[str, ...]) -> int | None:
    total = 0
    for pointer in pointers:
        node: Any = report
        for key in pointer.strip("/").split("/"):
            node = node.get(key) if isinstance(node, dict) else None
        if not is_number(node):
            return None
        total += node
    return total


def text_against_tables(report: dict[str, Any], ctx: Any) -> Iterator[Violation]:
    """N001: a figure stated in the text that no reading of its table cells gives."""
    seen: set[tuple[str, int, str]] = set()
    for figure in figures(report):
        kind = next(k for k in KINDS if k.name == figure.kind)
        readings = [_reading(report, r) for r in kind.readings]
        if any(r is None for r in readings[:1]):
            continue  # the cell it names is blank or absent: T001–T003's to report
        values = [r for r in readings if r is not None]
        if figure.value in values:
            continue
        key = (figure.kind, figure.value, figure.pointer)
        if key in seen:
            continue
        seen.add(key)
        yield Violation(
            figure.pointer,
            {
                "kind": f"figure.{figure.kind}",
                "cell": f"figure.{figure.kind}.cell",
                "stated": figure.value,
                "table": values[0],
                "quote": figure.quote,
                "where": where_label(report, figure.pointer),
            },
        )
