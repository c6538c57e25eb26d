"""What the text must (or must not) say: words present, topics covered, sentences.

Patterns are regular expressions matched on the folded text (full-width forms as
ASCII). ``{year}`` and ``{prev_year}`` in a pattern stand for the report year and
the year before; a pattern that needs them is dropped when the year is unknown
(M001 reports that). A function given ``part`` looks only at that part and is
silent when the part is missing (S001) or says nothing (S004).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.model import is_number
from nianbao.core.rules import CheckContext, check_function
from nianbao.rules.dates import report_year
from nianbao.rules.parts import find_part, is_empty_text, part_label
from nianbao.rules.text import fold, quote, sentences, texts

_PATTERNS = {"type": "array", "items": {"type": "string", "format": "regex"}, "minItems": 1}
_PART = {"type": "integer", "minimum": 1, "maximum": 6}


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _patterns(patterns: Iterable[str], ctx: CheckContext) -> list[re.Pattern[str]]:
    year: int | None = None
    out = []
    for pattern in patterns:
        if "{year}" in pattern or "{prev_year}" in pattern:
            if year is None:
                year = report_year(ctx.report, ctx).year  # only when a pattern needs it
                if year is None:
                    continue
            pattern = pattern.replace("{prev_year}", str(year - 1)).replace("{year}", str(year))
        out.append(_compile(pattern))
    return out


def _scope(options: Mapping[str, Any], ctx: CheckContext) -> list[tuple[str, str]] | None:
    """(pointer, text) to search; None when the part is missing or empty (not ours)."""
    number = options.get("part")
    if number is None:
        return list(texts(ctx.report))
    part = find_part(ctx.report, number, ctx)
    if part is None or is_empty_text(part.text):
        return None
    return [(f"{part.pointer}/text", part.text)]


def _where(options: Mapping[str, Any], scope: list[tuple[str, str]]) -> str:
    if options.get("part") is not None and scope:
        return scope[0][0]
    return options.get("at", "")


def _first(patterns: list[re.Pattern[str]], text: str) -> re.Match[str] | None:
    folded = fold(text)
    hits = [m for p in patterns for m in [p.search(folded)] if m]
    return min(hits, key=lambda m: m.start()) if hits else None


def _found(patterns: list[re.Pattern[str]], folded: str) -> bool:
    """Whether any pattern matches the (folded) text; stops at the first that does."""
    return any(p.search(folded) for p in patterns)


_COMMON = {
    "part": _PART,
    "at": {"type": "string", "description": "pointer of the finding when no part is given"},
}


@check_function(
    {
        "required": ["any"],
        "additionalProperties": False,
        "properties": {**_COMMON, "any": _PATTERNS},
    }
)
def mentions_any(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """The text (or ``part``) must match at least one of ``any``."""
    scope = _scope(options, ctx)
    if scope is None:
        return
    patterns = _patterns(options["any"], ctx)
    if any(_found(patterns, fold(text)) for _, text in scope):
        return
    yield Violation(_where(options, scope), {"part": part_label(options.get("part"))})


_TOPICS = {
    "type": "array",
    "minItems": 1,
    "items": {
        "type": "object",
        "required": ["name", "any"],
        "additionalProperties": False,
        "properties": {"name": {"type": "string"}, "any": _PATTERNS},
    },
}


@check_function(
    {
        "required": ["topics"],
        "additionalProperties": False,
        "properties": {**_COMMON, "topics": _TOPICS},
    }
)
def mentions_all(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Every topic must be mentioned (one of its ``any`` patterns); names the missing ones."""
    scope = _scope(options, ctx)
    if scope is None:
        return
    missing = []
    for topic in options["topics"]:
        patterns = _patterns(topic["any"], ctx)
        if not any(_found(patterns, fold(text)) for _, text in scope):
            missing.append(topic["name"])
    if missing:
        yield Violation(
            _where(options, scope),
            {"part": part_label(options.get("part")), "missing": missing, "count": len(missing)},
        )


@check_function(
    {
        "required": ["all"],
        "additionalProperties": False,
        "properties": {
            **_COMMON,
            "all": {"type": "array", "items": _PATTERNS, "minItems": 1},
        },
    }
)
def sentence_with(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Some sentence must match one pattern of every group in ``all``."""
    scope = _scope(options, ctx)
    if scope is None:
        return
    groups = [_patterns(group, ctx) for group in options["all"]]
    groups = [g for g in groups if g]
    for _, text in scope:
        # the folded text's sentences are the printed sentences folded: every
        # sentence end folds to a sentence end and no other character folds to one
        for sentence in sentences(fold(text)):
            if all(_found(group, sentence) for group in groups):
                return
    yield Violation(_where(options, scope), {"part": part_label(options.get("part"))})


@check_function(
    {
        "required": ["cell", "part", "any"],
        "additionalProperties": False,
        "properties": {
            "cell": {"type": "string", "description": "pointer of a count cell"},
            "part": _PART,
            "any": _PATTERNS,
        },
    }
)
def denied_by_text(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """``cell`` > 0, yet ``part`` says what the cell counts never happened."""
    value = ctx.value(options["cell"])
    if not is_number(value) or value <= 0 or options["cell"] in ctx.cell_errors:
        return
    part = find_part(ctx.report, options["part"], ctx)
    if part is None:
        return
    patterns = _patterns(options["any"], ctx)
    for text in (part.text,):
        m = _first(patterns, text)
        if m:
            yield Violation(
                options["cell"],
                {
                    "cell": options["cell"].removeprefix("/tables/"),
                    "value": value,
                    "part": part_label(options["part"]),
                    "quote": quote(text, m.start(), m.end(), 8),
                },
            )
