"""Table arithmetic: a sum that must equal a total, a balance of two sums, a bound.

Terms are pointers relative to the matched node; ``{each}`` in a term is replaced
by every value of the ``each`` option (the columns), and a leading ``-`` subtracts.
Patterns (``withheld/*``) expand against the edition's schema. If any term is
blank (null) or not a valid number the identity cannot be evaluated and the
function stays silent: the blank is T003's to report, once.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.model import Model, is_number
from nianbao.core.rules import CheckContext, QuietTest, check_function

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
    return _resolve_at(ctx.model, ctx.pointer, terms, each)


def _resolve_at(
    mdl: Model, node: str, terms: Iterable[str], each: str | None
) -> list[tuple[int, str]] | None:
    key = (mdl.edition, id(mdl), node, each, tuple(terms))
    hit = _RESOLVED.get(key, _RESOLVED)
    if hit is not _RESOLVED:
        return hit  # type: ignore[return-value]
    out = _resolve_uncached(mdl, node, key[4], each)
    _RESOLVED[key] = out
    return out


def _resolve_uncached(
    mdl: Model, node: str, terms: Iterable[str], each: str | None
) -> list[tuple[int, str]] | None:
    out: list[tuple[int, str]] = []
    for term in terms:
        sign = -1 if term.startswith("-") else 1
        pattern = term.lstrip("-+")
        if each is not None:
            pattern = pattern.replace("{each}", each)
        pointers = mdl.expand(pattern, node)
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


def _identities(
    options: Mapping[str, Any], nodes: tuple[str, ...], mdl: Model, keys: tuple[str, str]
) -> list[tuple[list[tuple[int, str]], list[tuple[int, str]]]]:
    """Every ``(left terms, right terms)`` pair the function compares, over all nodes."""
    out = []
    for node in nodes:
        for each in _eaches(options):
            sides = []
            for name in keys:
                value = options.get(name)
                terms = [value] if isinstance(value, str) else value
                sides.append(_resolve_at(mdl, node, terms, each) if terms else None)
            if sides[0] and sides[1]:
                out.append((sides[0], sides[1]))
    return out


def _sum_source(terms: list[tuple[int, str]]) -> str:
    """The terms' signed sum as Python over ``c`` (the flattened cells), left to right
    as ``_evaluate`` adds them, so that both give the same number."""
    text = ""
    for sign, pointer in terms:
        ref = f"c[{pointer!r}]"
        text += (" - " if text else "-") + ref if sign < 0 else (" + " if text else "") + ref
    return text


def _compile_quiet(comparisons: list[str], name: str) -> QuietTest | None:
    """``test(ctx)``: True when every comparison holds on the report's cells.

    Generated once per rule and edition: a blank, absent or non-numeric cell makes a
    comparison fail or raise, and the answer is then False — the check function runs
    and decides. True is given only where ``_evaluate`` would find every identity
    holding, so the function would yield nothing.
    """
    if not comparisons:
        return None
    body = " and ".join(comparisons)
    source = (
        "def quiet(ctx):\n"
        "    c = ctx.cells\n"
        "    try:\n"
        f"        return bool({body})\n"
        "    except Exception:\n"
        "        return False\n"
    )
    namespace: dict[str, Any] = {}
    exec(compile(source, f"<quiet test of {name}>", "exec"), namespace)  # noqa: S102
    return namespace["quiet"]


QuietBuilder = Callable[[Mapping[str, Any], tuple[str, ...], Model], QuietTest | None]


def _equal_quiet(keys: tuple[str, str]) -> QuietBuilder:
    """The quiet-test builder of a function that compares the sums of two options."""

    def build(options: Mapping[str, Any], nodes: tuple[str, ...], mdl: Model) -> QuietTest | None:
        pairs = _identities(options, nodes, mdl, keys)
        return _compile_quiet(
            [f"({_sum_source(a)}) == ({_sum_source(b)})" for a, b in pairs], "/".join(keys)
        )

    return build


def _bound_quiet(
    options: Mapping[str, Any], nodes: tuple[str, ...], mdl: Model
) -> QuietTest | None:
    op = options["op"]
    pairs = _identities(options, nodes, mdl, ("left", "right"))
    return _compile_quiet([f"({_sum_source(a)}) {op} ({_sum_source(b)})" for a, b in pairs], op)


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
    },
    quiet=_equal_quiet(("total", "parts")),
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
    },
    quiet=_equal_quiet(("left", "right")),
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
    },
    quiet=_bound_quiet,
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
