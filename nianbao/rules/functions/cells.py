"""Structure and cell checks: tables present, rows complete, cells filled and valid."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.rules import CheckContext, check_function


def _rel(pointer: str) -> str:
    return pointer[len("/tables/") :] if pointer.startswith("/tables/") else pointer.lstrip("/")


@check_function(
    {
        "required": ["keys"],
        "additionalProperties": False,
        "properties": {"keys": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
    }
)
def required(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Each of ``keys`` must be present (and not null) in the matched object."""
    if not isinstance(node, dict):
        return
    for key in options["keys"]:
        if node.get(key) is None:
            yield Violation(ctx.join(key), {"key": _rel(ctx.join(key))})


@check_function({"additionalProperties": False, "properties": {}})
def complete(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Every row and cell the edition's schema defines under the node must be present.

    A missing row is one violation (at the row), not one per cell.
    """
    schema_node = ctx.model.node_at(ctx.pointer)
    if schema_node is None or not isinstance(node, dict):
        return
    stack = [(schema_node, node, ctx.pointer)]
    while stack:
        snode, value, pointer = stack.pop()
        children = snode.children
        if value.keys() >= children.keys():  # the common case: nothing missing here
            missing: set[str] | tuple[()] = ()
        else:
            missing = children.keys() - value.keys()
        for key, child in children.items():
            if key in missing:
                ptr = f"{pointer}/{key}"
                yield Violation(ptr, {"cell": _rel(ptr)})
            elif child.children and isinstance(value[key], dict):
                stack.append((child, value[key], f"{pointer}/{key}"))


@check_function(
    {
        "additionalProperties": False,
        "properties": {"cells": {"type": "string"}},
    }
)
def not_blank(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Every cell matched by ``cells`` (default ``**@cell``) that is present must not be null."""
    base = ctx.pointer
    pattern = options.get("cells", "**@cell")
    cells = ctx.cells
    if base == "/tables" or base.startswith("/tables/"):
        # blanks are rare: find them among the flattened cells, keep those the pattern names
        blanks = [p for p, v in cells.items() if v is None]
        if not blanks:
            return
        wanted = _pointer_set(ctx, pattern)
        for pointer in ctx.expand(pattern):
            if pointer in wanted and cells.get(pointer, 0) is None:
                yield Violation(pointer, {"cell": _rel(pointer), "table": _rel(base)})
        return
    for pointer in ctx.expand(pattern):
        parent, _, key = pointer.rpartition("/")
        holder = ctx.value(parent)
        if isinstance(holder, dict) and key in holder and holder[key] is None:
            yield Violation(pointer, {"cell": _rel(pointer), "table": _rel(base)})


_SETS: dict[tuple, frozenset[str]] = {}


def _pointer_set(ctx: CheckContext, pattern: str) -> frozenset[str]:
    key = (id(ctx.model), ctx.pointer, pattern)
    hit = _SETS.get(key)
    if hit is None:
        hit = _SETS[key] = frozenset(ctx.expand(pattern))
    return hit


@check_function({"additionalProperties": False, "properties": {}})
def valid_cells(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Cells under the node whose value the schema refused (not a number, negative, fractional)."""
    prefix = ctx.pointer + "/"
    for pointer, kind in sorted(ctx.cell_errors.items()):
        if pointer.startswith(prefix):
            values = {
                "cell": _rel(pointer),
                "value": ctx.value(pointer),
                "expected": f"kind.{kind}",
            }
            yield Violation(pointer, values)
