"""The six parts of a report: which printed part is which.

A part is known by its heading first and its number second. The heading says
what the part is about (…复议…诉讼… is part 四 whatever number it carries);
a heading that names no known topic (一、年度工作核心成效) falls back to its
printed number, unless another part already claims that number by its heading.
So a variant heading (五、存在的问题及改进措施) is still part 五 (S003, info),
and a part printed with an unrelated heading in another part's place does not
stand in for the missing one (S001).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, NamedTuple

from nianbao.core.rules import CheckContext
from nianbao.rules.memo import per_report
from nianbao.rules.text import as_text, squeeze

CANONICAL = {
    1: "一、总体情况",
    2: "二、主动公开政府信息情况",
    3: "三、收到和处理政府信息公开申请情况",
    4: "四、政府信息公开行政复议、行政诉讼情况",
    5: "五、存在的主要问题及改进情况",
    6: "六、其他需要报告的事项",
}
NUMERALS = "一二三四五六七八九十"

# Topic words, tried in this order: part 四's heading mentions 申请 too
# (因政府信息公开申请行政复议…), part 五's mentions nothing of the others.
_TOPICS: list[tuple[int, re.Pattern[str]]] = [
    (4, re.compile(r"复议|诉讼")),
    (5, re.compile(r"问题|不足")),
    (3, re.compile(r"申请")),
    (2, re.compile(r"主动公开")),
    (6, re.compile(r"其[他它]|需要?报告|需说明|说明的?事项")),
    (1, re.compile(r"总体|概述|概况|基本情况")),
]
_PREFIX = re.compile(
    r"^(?:第(?P<a>[一二三四五六七八九十]+)部分|(?P<b>[一二三四五六七八九十]+)(?=[、.,:\s]|[^\d])|(?P<c>\d+)(?=[、.\s]))"
    r"\s*[、.,:]?\s*"
)


def heading_number(heading: str) -> int | None:
    """一、总体情况 → 1; 第三部分 … → 3; 4. … → 4; None if no number is printed."""
    text = squeeze(heading)
    m = _PREFIX.match(text)
    if not m:
        return None
    if m.group("c"):
        return int(m.group("c"))
    word = m.group("a") or m.group("b")
    if len(word) == 1:
        return NUMERALS.index(word) + 1
    return None


def heading_body(heading: str) -> str:
    """The heading without its number: 五、存在的问题及改进措施 → 存在的问题及改进措施."""
    text = squeeze(heading)
    m = _PREFIX.match(text)
    return text[m.end() :] if m else text


@lru_cache(maxsize=4096)
def heading_topic(heading: str) -> int | None:
    """Which of the six parts a heading's words name, if any."""
    body = heading_body(heading)
    for number, pattern in _TOPICS:
        if pattern.search(body):
            return number
    return None


def normal_heading(heading: str) -> str:
    """A heading as compared with the canonical one: no spaces, full-width brackets."""
    return squeeze(heading).replace("(", "（").replace(")", "）")


class PrintedPart(NamedTuple):
    """One entry of ``parts`` and what it was recognised as.

    A named tuple, not a frozen dataclass: made six times for every report, and a
    frozen dataclass's ``__init__`` costs five times as much.
    """

    index: int  # position in ``parts``
    pointer: str  # /parts/<index>
    number: int | None  # the printed number
    topic: int | None  # the part its heading names
    identity: int | None  # the part (1–6) it is taken to be, None for an extra part
    heading: str
    text: str


def printed_parts(report: dict[str, Any], ctx: CheckContext | None = None) -> list[PrintedPart]:
    """Every printed part with its number, topic and identity (see module doc).

    Worked out once per report when the check context is given: most content rules ask.
    """
    return list(per_report(ctx, "nianbao.printed_parts", _recognised, report))


def _recognised(report: dict[str, Any]) -> tuple[PrintedPart, ...]:
    parts = report.get("parts")
    given: list[tuple[int, str, str, Any]] = []
    for i, part in enumerate(parts if isinstance(parts, list) else []):
        if not isinstance(part, dict):
            continue
        number = part.get("number")
        if not isinstance(number, int) or isinstance(number, bool):
            number = None
        given.append((i, as_text(part.get("heading")), as_text(part.get("text")), number))
    return _printed_parts(tuple(given))


@lru_cache(maxsize=256)
def _printed_parts(given: tuple[tuple[int, str, str, int | None], ...]) -> tuple[PrintedPart, ...]:
    # cached on the parts' contents: many rules ask for the same report's parts
    raw: list[tuple[int, str, str, int | None, int | None]] = []
    for i, heading, text, number in given:
        if number is None:
            number = heading_number(heading)
        raw.append((i, heading, text, number, heading_topic(heading)))
    claimed = {topic for *_, topic in raw if topic is not None}
    out = []
    for i, heading, text, number, topic in raw:
        identity = topic
        if identity is None and number is not None and 1 <= number <= 6 and number not in claimed:
            identity = number
        out.append(PrintedPart(i, f"/parts/{i}", number, topic, identity, heading, text))
    return tuple(out)


def find_part(
    report: dict[str, Any], number: int, ctx: CheckContext | None = None
) -> PrintedPart | None:
    """The first printed part taken to be part ``number`` (1–6), or None if missing."""
    for part in per_report(ctx, "nianbao.printed_parts", _recognised, report):
        if part.identity == number:
            return part
    return None


_EMPTY = re.compile(
    r"^(?:无|暂无|没有|无其[他它]需要报告的事项|本年度?无其[他它]需要报告的事项|无其[他它]事项|"
    r"无需要报告的事项|没有其[他它]需要报告的事项|本[部机]?[门关]?无其[他它]需要报告的事项)?$"
)


# A text holding any character that is neither dropped before matching (spaces,
# sentence punctuation) nor a character of an empty phrase says something.
_SAYS_MORE = re.compile(
    "[^\\s。.!！,，;；、．" + "".join(sorted({c for c in _EMPTY.pattern if c >= "\u4e00"})) + "]"
)


def is_empty_text(text: str, extra: list[str] | tuple[str, ...] = ()) -> bool:
    """True for no text, or only 无 / 暂无 / 无其他需要报告的事项 (and ``extra`` phrases)."""
    if not extra and _SAYS_MORE.search(text):
        return False  # most texts: decided at their first character, without folding
    body = re.sub(r"[\s。.!！,，;；、]+", "", squeeze(text))
    return bool(_EMPTY.match(body)) or body in extra


def part_label(number: int | None) -> str:
    """The catalogue label of a part (``part.5`` → 第五部分“存在的主要问题及改进情况”)."""
    return f"part.{number}" if number is not None else "part.extra"


_FIELDS = {
    "/title": "where.title",
    "/preamble": "where.preamble",
    "/agency/name": "where.agency",
    "/signature/name": "where.signature",
    "/contact/address": "where.address",
    "/contact/postcode": "where.postcode",
}


def where_label(report: dict[str, Any], pointer: str) -> str:
    """A label path naming the text at ``pointer``: 引言, 第一部分“总体情况” 正文, …"""
    if pointer in _FIELDS:
        return _FIELDS[pointer]
    m = re.fullmatch(r"/parts/(\d+)/(heading|text)", pointer)
    if m:
        index = int(m.group(1))
        identity = next((p.identity for p in printed_parts(report) if p.index == index), None)
        return f"{part_label(identity)}/where.{m.group(2)}"
    return pointer
