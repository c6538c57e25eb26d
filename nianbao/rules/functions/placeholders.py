"""Template text left in a report (S005): XX场, ××局, 20XX年, 待填写, 【填写…】.

A run of X/x/× stands for a number, a name or a year only in Chinese text: the
letters of a URL, an e-mail address or a Latin word (Excel, XML, Linux) are
never placeholders, so those are blanked out before the text is searched.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import lru_cache
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.patterns import compile_pattern
from nianbao.core.rules import CheckContext, check_function
from nianbao.rules.contact import _EMAIL_RE, _URL_RE
from nianbao.rules.parts import where_label
from nianbao.rules.text import as_text, fold

# X-runs: two or more, or one glued to digits (20X年) or to a counter (X件, X局).
_X = "Xx×ＸｘⅩ✕"
_COUNTER = "件条个次场年月日号局处科人项万元家期篇份余多名所座栋批项户"
# (a match starts where a digit run starts: tried inside a run of digits, the \d* would
# make the search quadratic — minutes on a long run of 0s)
_RUN = re.compile(
    rf"(?<![A-Za-z\d])(?:\d*[{_X}]{{2,}}\d*|\d+[{_X}]+\d*|[{_X}](?=[{_COUNTER}]))(?![A-Za-z])"
)
_LATIN_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z]*[A-WYZa-wyz][A-Za-z]*")  # from a word's start
_MULTIPLY = re.compile(r"^\d+[×xX]\d+$")
_DEFAULT_PHRASES = [
    "待填写",
    "此处填写",
    "请填写",
    "填写说明",
    r"【[^】]{0,20}填[^】]{0,20}】",
    r"\[[^\]]{0,20}填[^\]]{0,20}\]",
    r"\(此处[^)]{0,20}\)",  # （此处…）: searched in the folded text, where （） are ()
]
_DEFAULT_SET = frozenset(_DEFAULT_PHRASES)


@lru_cache(maxsize=1024)
def _blank_out(text: str) -> str:
    """URLs, e-mail addresses and Latin words replaced by spaces (same length)."""
    chars = list(fold(text))
    for pattern in (_URL_RE, _EMAIL_RE, _LATIN_WORD):
        for m in pattern.finditer("".join(chars)):
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


_ANY_X = re.compile(f"[{_X}]")


@lru_cache(maxsize=64)
def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern that matches where any phrase does (None if that cannot be built
    faithfully: a phrase with a back-reference would change meaning in an alternation)."""
    if any(re.search(r"\\\d|\(\?P=", p) for p in phrases):
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in phrases))
    except re.error:
        return None


def could_have_placeholders(text: str, phrases: tuple[str, ...]) -> bool:
    """False only when ``placeholders`` would find nothing: no X-like character at all
    and no phrase anywhere. Most texts are clean, and this costs two scans instead of
    the full search."""
    if _ANY_X.search(text):
        return True
    anything = _any_phrase(phrases)
    return anything is None or anything.search(fold(text)) is not None


# a phrase that may look at a text's edges: ^ (not [^), $, \A, \Z, \b, \B, look-behind
_EDGE = re.compile(r"(?<!\[)\^|\$|\\[AZbB]|\(\?<")


# Every match of a default phrase holds one of these (their words, or the 填 or 此处
# inside their brackets), and folding leaves them as they are: a report without them
# needs no search for the default phrases at all. tests/rules/test_text_helpers.py
# holds each default phrase to it.
_DEFAULT_NEEDLES = ("填", "此处")


def could_have_any(texts: list[str], phrases: tuple[str, ...]) -> bool:
    """``could_have_placeholders`` for several texts in one scan each way (a report's
    fifteen-odd fields are nearly always all clean).

    Sound because a match inside one text is a match of the texts joined; phrases
    that look at where a text begins or ends (anchors, look-behinds) are asked per
    text instead. The default phrases are asked by their needles (``in``, no
    pattern); only a pack's own phrases are searched for.
    """
    joined = "\n".join(texts)
    if _ANY_X.search(joined):
        return True
    if any(needle in joined for needle in _DEFAULT_NEEDLES):
        return True  # (then every phrase is searched for where it may be)
    extra = tuple(p for p in phrases if p not in _DEFAULT_SET)
    if not extra:
        return False
    if any(_EDGE.search(p) for p in extra):
        return any(could_have_placeholders(t, extra) for t in texts)
    anything = _any_phrase(extra)
    return anything is None or anything.search("\n".join(map(fold, texts))) is not None


def placeholders(text: str, phrases: Iterable[str]) -> Iterator[tuple[int, int]]:
    """(start, end) of every placeholder in ``text``."""
    plain = _blank_out(text)
    for m in _RUN.finditer(plain):
        if _MULTIPLY.match(m.group(0)):
            continue
        yield m.start(), m.end()
    folded = fold(text)
    for phrase in phrases:  # from packs too: RE2, linear time (nianbao/core/patterns.py)
        for m in compile_pattern(phrase).finditer(folded):
            yield m.start(), m.end()


def _fields(report: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str]]:
    """(where, text) of every field S005 reads: ``where`` is the pointer's keys, made
    into a pointer only for a field with a placeholder (most reports have none)."""
    out: list[tuple[tuple[str | int, ...], str]] = [
        ((key,), report[key]) for key in ("title", "preamble") if as_text(report.get(key))
    ]
    for key in ("agency", "signature"):
        obj = report.get(key)
        if isinstance(obj, dict) and as_text(obj.get("name")):
            out.append(((key, "name"), obj["name"]))
    contact = report.get("contact")
    if isinstance(contact, dict):
        for key in ("address", "postcode"):
            if as_text(contact.get(key)):
                out.append((("contact", key), contact[key]))
    parts = report.get("parts")
    for i, part in enumerate(parts if isinstance(parts, list) else []):
        if isinstance(part, dict):
            for key in ("heading", "text"):
                if as_text(part.get(key)):
                    out.append((("parts", i, key), part[key]))
    return out


@check_function(
    {
        "additionalProperties": False,
        "properties": {
            "phrases": {
                "type": "array",
                "items": {"type": "string", "format": "regex"},
                "description": "further regular expressions that mark template text",
            }
        },
    }
)
def no_placeholders(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """No template placeholder in any text of the report; one finding per field."""
    phrases = tuple(_DEFAULT_PHRASES + list(options.get("phrases") or []))
    fields = _fields(ctx.report)
    if not could_have_any([text for _, text in fields], phrases):
        return
    for where, text in fields:
        if not could_have_placeholders(text, phrases):
            continue
        pointer = "/" + "/".join(map(str, where))
        spans = sorted(set(placeholders(text, phrases)))
        if not spans:
            continue
        found = []
        for start, end in spans:
            word = text[start:end].strip()
            if word and word not in found:
                found.append(word)
        start, end = spans[0]
        left = text[max(0, start - 8) : start].replace("\n", " ")
        right = text[end : end + 8].replace("\n", " ")
        yield Violation(
            pointer,
            {
                "where": where_label(ctx.report, pointer),
                "placeholders": found,
                "context": f"{left}{text[start:end]}{right}".strip(),
            },
        )
