"""Check functions for the six parts: present, in order, canonically headed, not empty.

Which printed part is which is decided once, in :mod:`nianbao.rules.parts`.
Every function here is silent about a part that is missing (S001 reports it).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nianbao.core.findings import Severity, Violation
from nianbao.core.rules import CheckContext, check_function
from nianbao.rules.parts import (
    CANONICAL,
    is_empty_text,
    normal_heading,
    part_label,
    printed_parts,
)

_PART_NUMBERS = {"type": "array", "items": {"type": "integer", "minimum": 1, "maximum": 6}}


@check_function(
    {
        "additionalProperties": False,
        "properties": {"parts": _PART_NUMBERS},
    }
)
def parts_present(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Each of ``parts`` (default 1–6) must be printed, known by heading or number."""
    have = {p.identity for p in printed_parts(ctx.report, ctx)}
    for number in options.get("parts") or range(1, 7):
        if number not in have:
            yield Violation(
                "/parts",
                {"part": part_label(number), "number": number, "heading": CANONICAL[number]},
            )


@check_function({"additionalProperties": False, "properties": {}})
def parts_in_order(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Parts must come in the order 一…六, each once, no printed number twice."""
    highest = 0
    numbers: dict[int, str] = {}
    identities: dict[int, str] = {}
    for part in printed_parts(ctx.report, ctx):
        values = {"heading": part.heading, "part": part_label(part.identity)}
        if part.number is not None and part.number in numbers:
            yield Violation(
                part.pointer,
                {**values, "number": part.number, "other": numbers[part.number]},
                "number",
            )
        elif part.identity is not None and part.identity in identities:
            yield Violation(part.pointer, {**values, "other": identities[part.identity]}, "twice")
        elif part.identity is not None and part.identity < highest:
            yield Violation(part.pointer, {**values, "after": part_label(highest)}, "order")
        if part.number is not None:
            numbers.setdefault(part.number, part.heading)
        if part.identity is not None:
            identities.setdefault(part.identity, part.heading)
            highest = max(highest, part.identity)


@check_function({"additionalProperties": False, "properties": {}})
def canonical_headings(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """A recognised part whose heading is not the canonical one (a variant)."""
    for part in printed_parts(ctx.report, ctx):
        if part.identity is None:
            continue
        canonical = CANONICAL[part.identity]
        if normal_heading(part.heading) != canonical:
            yield Violation(
                f"{part.pointer}/heading",
                {
                    "heading": part.heading,
                    "canonical": canonical,
                    "part": part_label(part.identity),
                },
            )


@check_function(
    {
        "additionalProperties": False,
        "properties": {
            "parts": _PART_NUMBERS,
            "empty": {"type": "array", "items": {"type": "string"}},
            "info": {
                "type": "object",
                "description": "edition → parts whose emptiness is only info in that edition",
                "propertyNames": {"enum": ["2019", "2021"]},
                "additionalProperties": _PART_NUMBERS,
            },
        },
    }
)
def parts_have_text(
    node: Any, options: Mapping[str, Any], ctx: CheckContext
) -> Iterable[Violation]:
    """Each of ``parts`` must say something more than 无 / 暂无 / 无其他需要报告的事项."""
    info = set((options.get("info") or {}).get(ctx.edition, []))
    extra = tuple(options.get("empty") or ())
    wanted = options.get("parts") or [1, 5, 6]
    done: set[int] = set()
    for part in printed_parts(ctx.report, ctx):
        if part.identity not in wanted or part.identity in done:
            continue
        done.add(part.identity)
        if is_empty_text(part.text, extra):
            yield Violation(
                f"{part.pointer}/text",
                {"part": part_label(part.identity), "text": part.text.strip()},
                "said_nothing" if part.text.strip() else None,
                severity=Severity.INFO if part.identity in info else None,
            )
