"""Numbers as reports print them: Arabic (``1,234``, full-width ``１２``) or Chinese.

Chinese numerals come in two shapes: counted (一百二十三, 两千零五, 十二) and
digit by digit, as years are written (二〇二三, 二零二三). Both are read here so
that "收到申请一百二十三件" and "收到申请123件" are the same figure to N001.
"""

from __future__ import annotations

import re

from nianbao.rules.text import fold

DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "Ｏ": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "两": 2,
    "贰": 2,
    "三": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陆": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
SECTIONS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}

CHINESE_CHARS = "".join(DIGITS) + "".join(UNITS) + "".join(SECTIONS)
#: A regular-expression fragment matching one printed number (Arabic or Chinese).
NUMBER = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|[{CHINESE_CHARS}]+)"
_ARABIC = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")


def parse_chinese(text: str) -> int | None:
    """一百二十三 → 123, 两千零五 → 2005, 十二 → 12, 二〇二三 → 2023; None if not a numeral."""
    if not text or any(ch not in CHINESE_CHARS for ch in text):
        return None
    if not any(ch in UNITS or ch in SECTIONS for ch in text):
        return int("".join(str(DIGITS[ch]) for ch in text))  # digit by digit: 二〇二三
    total = 0  # finished sections (万, 亿)
    section = 0  # inside the current section
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit is not None and DIGITS[ch] != 0:
                return None  # two digits in a row inside a counted numeral: 二三百
            digit = DIGITS[ch] or None
        elif ch in UNITS:
            section += (1 if digit is None else digit) * UNITS[ch]
            digit = None
        else:
            section += digit or 0
            total = (
                (total + section) * SECTIONS[ch]
                if total < SECTIONS[ch]
                else (total + section * SECTIONS[ch])
            )
            section = 0
            digit = None
    return total + section + (digit or 0)


def parse_number(text: str) -> int | None:
    """A printed count, Arabic or Chinese, as an int; None if it is not one."""
    if text.isascii() and text.isdigit():
        return int(text)  # the common case (2021, 12), as the lines below would read it
    text = fold(text).strip()
    if _ARABIC.match(text):
        return int(text.replace(",", ""))
    return parse_chinese(text)
