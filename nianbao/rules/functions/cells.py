"""Structure and cell checks: tables present, rows complete, cells filled and valid."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.model import Model
from nianbao.core.rules import CheckContext, QuietTest, check_function


def _rel(pointer: str) -> str:
    return pointer[len("/tables/") :] if pointer.startswith("/tables/") else pointer.lstrip("/")


def _in_tables(pointers: Iterable[str]) -> bool:
    """Every pointer is /tables or under it: what ``CheckContext.cells`` holds."""
    return all(p == "/tables" or p.startswith("/tables/") for p in pointers)


def _required_quiet(
    options: Mapping[str, Any], nodes: tuple[str, ...], mdl: Model
) -> QuietTest | None:
    """Every key of every node is a table cell or row that is present and not null."""
    pointers = [f"{node}/{key}" for node in nodes for key in options["keys"]]
    if not _in_tables(pointers):
        return None  # outside the flattened tables: no fast path

    def quiet(ctx: CheckContext) -> bool:
        cells = ctx.cells
        return all(cells.get(p) is not None for p in pointers)

    return quiet


@check_function(
    {
        "required": ["keys"],
        "additionalProperties": False,
        "properties": {"keys": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
    },
    quiet=_required_quiet,
)
def required(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Each of ``keys`` must be present (and not null) in the matched object."""
    if not isinstance(node, dict):
        return
    for key in options["keys"]:
        if node.get(key) is None:
            yield Violation(ctx.join(key), {"key": _rel(ctx.join(key))})


_BRANCHES: dict[int, tuple[Any, tuple[tuple[str, Any], ...]]] = {}


def _branches(snode: Any) -> tuple[tuple[str, Any], ...]:
    """The children of a schema node that have children of their own, in schema order.

    Kept per node (with the node, so its id is never reused): a table has a few
    rows and many cells, and ``complete`` need not visit the cells one by one.
    """
    hit = _BRANCHES.get(id(snode))
    if hit is None or hit[0] is not snode:
        hit = (snode, tuple((k, c) for k, c in snode.children.items() if c.children))
        _BRANCHES[id(snode)] = hit
    return hit[1]


def _complete_quiet(
    options: Mapping[str, Any], nodes: tuple[str, ...], mdl: Model
) -> QuietTest | None:
    """Every row and cell the schema defines under the nodes is among the report's cells."""
    if not _in_tables(nodes):
        return None  # outside the flattened tables: no fast path
    expected: set[str] = set()
    for node in nodes:
        stack = [(mdl.node_at(node), node)]
        while stack:
            snode, pointer = stack.pop()
            if snode is None:
                continue
            expected.add(pointer)
            stack += [(child, f"{pointer}/{key}") for key, child in snode.children.items()]
    wanted = frozenset(expected)

    def quiet(ctx: CheckContext) -> bool:
        return ctx.complete or ctx.cells.keys() >= wanted

    return quiet


@check_function({"additionalProperties": False, "properties": {}}, quiet=_complete_quiet)
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
            for key, child in _branches(snode):  # so only the rows below need a look
                if isinstance(value[key], dict):
                    stack.append((child, value[key], f"{pointer}/{key}"))
            continue
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
        "properties": {
            "cells": {"type": "string"},
            "whole": {
                "type": "array",
                "items": {"type": "string"},
                "description": "nodes printed as one row (表四): all blank → one violation",
            },
        },
    },
    quiet=lambda options, nodes, mdl: _not_blank_quiet if _in_tables(nodes) else None,
)
def not_blank(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """Every cell matched by ``cells`` (default ``**@cell``) that is present must not be null.

    Each blank cell is one violation, except in a ``whole`` node — one the table prints
    as a single row, such as 表四's fifteen cells — that is entirely blank: that is
    one violation at the node (variant ``row``), since a row that did not come
    through is one fault to fix, not fifteen.
    """
    base = ctx.pointer
    if (base == "/tables" or base.startswith("/tables/")) and None not in ctx.cells.values():
        return  # the common case: not one blank cell anywhere in the tables
    whole = [w for pattern in options.get("whole", ()) for w in ctx.expand(pattern)]
    rows: dict[str, list[str]] = {}
    for pointer in ctx.expand(options.get("cells", "**@cell")):
        row = next((w for w in whole if pointer.startswith(w + "/")), pointer.rpartition("/")[0])
        rows.setdefault(row, []).append(pointer)
    absent = object()
    for row, cells in rows.items():
        if not isinstance(ctx.value(row), dict):
            continue
        values = {p: ctx.value(p, absent) for p in cells}
        present = [p for p in cells if values[p] is not absent]
        blank = [p for p in present if values[p] is None]
        if row in whole and len(blank) > 1 and len(blank) == len(present):
            yield Violation(
                row, {"cell": _rel(row), "table": _rel(base), "count": len(blank)}, "row"
            )
            continue
        for pointer in blank:
            yield Violation(pointer, {"cell": _rel(pointer), "table": _rel(base)})


def _not_blank_quiet(ctx: CheckContext) -> bool:
    """Not one blank cell anywhere in the tables (``not_blank``'s own first test)."""
    return None not in ctx.cells.values()


@check_function(
    {"additionalProperties": False, "properties": {}},
    quiet=lambda options, nodes, mdl: lambda ctx: not ctx.cell_errors,
)
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
