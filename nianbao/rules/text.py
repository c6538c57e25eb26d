"""Text helpers shared by the content rules: width folding and the report's texts.

Reports mix full-width and half-width forms freely (``０８５１－８７６７００１８``,
``（一）`` / ``(一)``, ``：`` / ``:``). Rules match on a folded copy of the same
length, so a position found in the folded text is the same position in the
printed one and a quote can always be taken from what the report printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

# U+FF01..U+FF5E are the full-width forms of ASCII 0x21..0x7E; U+3000 is the
# ideographic space. Every mapping is one character to one character.
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FOLD[0x3000] = 0x20
_FOLD[0x00A0] = 0x20
for _dash in "－—–‐‑‒―−":
    _FOLD[ord(_dash)] = ord("-")

_FOLDED = {chr(cp): chr(to) for cp, to in _FOLD.items()}
# the full-width forms nearly every report prints; looked for one by one (no
# allocation), the rest with one search that usually finds nothing
_COMMON = "，（）：；"
_RARE = re.compile(
    "[" + "".join(re.escape(chr(cp)) for cp in _FOLD if chr(cp) not in _COMMON) + "]"
)

_WHITESPACE = re.compile(r"\s+")
_SENTENCE_END = re.compile(r"[。！？!?；;\n]+")


@lru_cache(maxsize=1024)
def fold(text: str) -> str:
    """Full-width ASCII, odd dashes and wide spaces → ASCII; same length as ``text``.

    Cached: the content rules fold the same few texts of a report dozens of times.
    Replacing each distinct foldable character the text holds is about four times
    faster than ``str.translate`` (which looks every character up in a dict); no
    replacement makes a character another one replaces, so the order is free.
    The five that nearly every report prints (，（）：；) are looked for one by one,
    which costs less than collecting every match of a character class.
    """
    for char in _COMMON:
        if char in text:
            text = text.replace(char, _FOLDED[char])
    if _RARE.search(text):
        for char in set(_RARE.findall(text)):
            text = text.replace(char, _FOLDED[char])
    return text


def squeeze(text: str) -> str:
    """Folded text without any whitespace (for matching headings and labels)."""
    return _WHITESPACE.sub("", fold(text))


def sentences(text: str) -> list[str]:
    """The text cut at sentence ends (。！？；, line breaks)."""
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def as_text(value: Any) -> str:
    """A text field's value, or "" for null, absent or a non-string."""
    return value if isinstance(value, str) else ""


def texts(report: dict[str, Any], *, headings: bool = False) -> Iterator[tuple[str, str]]:
    """(pointer, text) for the preamble and every part's text, in reading order."""
    preamble = as_text(report.get("preamble"))
    if preamble:
        yield "/preamble", preamble
    parts = report.get("parts")
    for i, part in enumerate(parts if isinstance(parts, list) else []):
        if not isinstance(part, dict):
            continue
        if headings and as_text(part.get("heading")):
            yield f"/parts/{i}/heading", part["heading"]
        body = as_text(part.get("text"))
        if body:
            yield f"/parts/{i}/text", body


def quote(text: str, start: int, end: int, width: int = 12) -> str:
    """The printed words around ``text[start:end]``, on one line, for a message."""
    left = max(0, start - width, text.rfind("\n", 0, start) + 1)
    stop = text.find("\n", end)
    right = min(len(text), end + width, stop if stop >= 0 else len(text))
    snippet = text[left:right].replace("\n", " ").strip()
    return ("…" if left else "") + snippet + ("…" if right < len(text) else "")
