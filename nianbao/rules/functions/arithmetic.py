"""Table arithmetic: a sum that must equal a total, a balance of two sums, a bound.

Terms are pointers relative to the matched node; ``{each}`` in a term is replaced
by every value of the ``each`` option (the columns), and a leading ``-`` subtracts.
Patterns (``withheld/*``) expand against the edition's schema. If any term is
blank (null) or not a valid number the identity cannot be evaluated and the
function stays silent: the blank is T003's to report, once.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.model import is_number
from nianbao.core.rules import CheckContext, check_function

_TERMS = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_EACH = {"type": "array", "items": {"type": "string"}, "minItems": 1}
_OPS = {"<=": operator.le, ">=": operator.ge, "<": operator.lt, ">": operator.gt, "==": operator.eq}


def _rel(ctx: CheckContext, pointer: str) -> str:
    """A pointer relative to /tables, the key the labels table uses."""
    return pointer[len("/tables/") :] if pointer.startswith("/tables/") else pointer.lstrip("/")


_RESOLVED: dict[tuple, list[tuple[int, str]] | None] = {}


def _resolve(
    ctx: CheckContext, terms: Iterable[str], each: str | None
) -> list[tuple[int, str]] | None:
    """``[(sign, pointer), …]`` for the terms at the current node; None if one is undefined.

    The answer depends only on the edition, the node and the terms, so it is worked
    out once per process and reused for every report.
    """
    key = (ctx.model.edition, id(ctx.model), ctx.pointer, each, tuple(terms))
    hit = _RESOLVED.get(key, _RESOLVED)
    if hit is not _RESOLVED:
        return hit  # type: ignore[return-value]
    out = _resolve_uncached(ctx, key[4], each)
    _RESOLVED[key] = out
    return out


def _resolve_uncached(
    ctx: CheckContext, terms: Iterable[str], each: str | None
) -> list[tuple[int, str]] | None:
    out: list[tuple[int, str]] = []
    for term in terms:
        sign = -1 if term.startswith("-") else 1
        pattern = term.lstrip("-+")
        if each is not None:
            pattern = pattern.replace("{each}", each)
        pointers = ctx.expand(pattern)
        if not pointers:
            return None  # the edition has no such cell: a pack error the tests catch
        out += [(sign, p) for p in pointers]
    return out


_PLANS: dict[tuple, tuple[Mapping[str, Any], list]] = {}


def _plan(
    ctx: CheckContext, options: Mapping[str, Any], keys: tuple[str, ...]
) -> list[tuple[str | None, list]]:
    """For each ``each``: the resolved terms of every option in ``keys`` (None if undefined).

    Cached per (edition, node, options); the cache keeps ``options`` alive so its id
    cannot be reused by another rule's options.
    """
    key = (id(ctx.model), ctx.pointer, id(options), keys)
    hit = _PLANS.get(key)
    if hit is not None and hit[0] is options:
        return hit[1]
    plan = []
    for each in _eaches(options):
        resolved = []
        for name in keys:
            value = options.get(name)
            if value is None:
                resolved.append(None)
            else:
                resolved.append(_resolve(ctx, [value] if isinstance(value, str) else value, each))
        plan.append((each, resolved))
    _PLANS[key] = (options, plan)
    return plan


def _evaluate(ctx: CheckContext, terms: list[tuple[int, str]]) -> float | None:
    """The signed sum of the terms, None if one is blank or not a valid number.

    Runs for every identity of every report: the values themselves are read again
    (``_values``) only for the message of an identity that does not hold.
    """
    total = 0
    cells = ctx.cells
    errors = ctx.cell_errors
    for sign, pointer in terms:
        value = cells.get(pointer, _ABSENT)
        if value is _ABSENT:
            value = ctx.value(pointer)
        kind = type(value)
        if (kind is not int and kind is not float and not is_number(value)) or (
            errors and pointer in errors
        ):
            return None
        total += sign * value
    return total


def _values(ctx: CheckContext, terms: list[tuple[int, str]]) -> list[Any]:
    """The terms' values (all valid numbers: ``_evaluate`` has summed them)."""
    return [ctx.value(pointer) for _, pointer in terms]


_ABSENT = object()


def _terms_text(terms: list[tuple[int, str]], values: list[Any]) -> str:
    text = ""
    for (sign, _), value in zip(terms, values, strict=False):
        shown = str(_num(value))
        text += f"-{shown}" if sign < 0 else (f"+{shown}" if text else shown)
    return text


def _num(value: Any) -> Any:
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _eaches(options: Mapping[str, Any]) -> list[str | None]:
    return list(options.get("each") or [None])


@check_function(
    {
        "required": ["total", "parts"],
        "additionalProperties": False,
        "properties": {"total": {"type": "string"}, "parts": _TERMS, "each": _EACH},
    }
)
def sum_equals(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """``total`` must equal the sum of ``parts`` (for every ``each``)."""
    for each, (total_terms, parts) in _plan(ctx, options, ("total", "parts")):
        if not total_terms or not parts:
            continue
        total_ptr = total_terms[0][1]
        got = _evaluate(ctx, total_terms)
        summed = _evaluate(ctx, parts)
        if got is None or summed is None:
            continue
        if got != summed:
            yield Violation(
                total_ptr,
                {
                    "row": _rel(ctx, ctx.pointer),
                    "column": each,
                    "total": _num(got),
                    "sum": _num(summed),
                    "terms": _terms_text(parts, _values(ctx, parts)),
                    "diff": _num(abs(got - summed)),
                },
            )


@check_function(
    {
        "required": ["left", "right", "at"],
        "additionalProperties": False,
        "properties": {"left": _TERMS, "right": _TERMS, "at": {"type": "string"}, "each": _EACH},
    }
)
def balance(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """The sum of ``left`` must equal the sum of ``right``; reported at ``at``."""
    for each, (left, right, at) in _plan(ctx, options, ("left", "right", "at")):
        if not left or not right or not at:
            continue
        lv = _evaluate(ctx, left)
        rv = _evaluate(ctx, right)
        if lv is None or rv is None or lv == rv:
            continue
        left_values, right_values = _values(ctx, left), _values(ctx, right)
        yield Violation(
            at[0][1],
            {
                "row": _rel(ctx, ctx.pointer),
                "column": each,
                "left": _num(lv),
                "right": _num(rv),
                "left_values": [_num(v) for v in left_values],
                "right_values": [_num(v) for v in right_values],
                "left_terms": _terms_text(left, left_values),
                "right_terms": _terms_text(right, right_values),
                "diff": _num(abs(lv - rv)),
            },
        )


@check_function(
    {
        "required": ["left", "op", "right"],
        "additionalProperties": False,
        "properties": {
            "left": _TERMS,
            "right": _TERMS,
            "op": {"enum": list(_OPS)},
            "at": {"type": "string"},
            "each": _EACH,
        },
    }
)
def bound(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """``left op right`` must hold (e.g. 本年新公开数量 <= 对外公开总数量)."""
    test = _OPS[options["op"]]
    for each, (left, right, at) in _plan(ctx, options, ("left", "right", "at")):
        if not left or not right:
            continue
        at = at if options.get("at") else left
        lv = _evaluate(ctx, left)
        rv = _evaluate(ctx, right)
        if lv is None or rv is None or test(lv, rv):
            continue
        yield Violation(
            at[0][1] if at else ctx.pointer,
            {
                "row": _rel(ctx, ctx.pointer),
                "column": each,
                "left": _num(lv),
                "right": _num(rv),
                "left_terms": _terms_text(left, _values(ctx, left)),
                "right_terms": _terms_text(right, _values(ctx, right)),
                "op": options["op"],
                "diff": _num(abs(lv - rv)),
            },
        )
