"""A report's tables read in one pass: checked against the schema and flattened.

Every report is validated and its tables flattened into ``{pointer: value}``
(``CheckContext.cells``) before the rules run; done separately, that is two walks of
some 350 cells through general code. For the common case — every row and cell of
the edition present, every value a valid cell value — :func:`compile_table_reader`
writes one straight-line Python function per edition that does both at once:
each key is read once, each value's type checked inline, each pointer a constant.

It is a fast path only. Any departure from that common case (a row or cell
missing, a key the schema does not know, a value of the wrong type, a blank row)
makes it answer None, and the report takes the general path (the compiled validity
check, jsonschema for the messages, ``rules.flatten_tables``). Where it answers, its
dict equals ``flatten_tables``'s, and the tables are valid: tests/test_fast_paths.py
holds it to both on thousands of changed reports.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nianbao.core.prebuilt import source_key

TableReader = Callable[[Any], "dict[str, Any] | None"]

_ANNOTATIONS = frozenset({"title", "description", "$comment", "examples", "default"})


class _Unsupported(Exception):
    pass


def _leaf_test(schema: dict[str, Any], var: str) -> str:
    """A Python condition, true when ``var`` is NOT a valid value for the leaf schema."""
    keys = {k for k in schema if k not in _ANNOTATIONS and not k.startswith("x-")}
    if not keys <= {"type", "minimum"}:
        raise _Unsupported(f"leaf keywords {sorted(keys)}")
    kinds = schema.get("type")
    names = [kinds] if isinstance(kinds, str) else list(kinds or ())
    nullable = "null" in names
    names = [n for n in names if n != "null"]
    if names == ["integer"]:
        bad = f"type({var}) is not int"
    elif names == ["number"]:
        bad = f"(type({var}) is not int and type({var}) is not float)"
    else:
        raise _Unsupported(f"leaf type {kinds!r}")
    low = schema.get("minimum")
    if low is not None:
        if type(low) not in (int, float):
            raise _Unsupported("minimum")
        bad = f"({bad} or {var} < {low!r})"
    return f"{var} is not None and {bad}" if nullable else bad


def _object_ok(schema: dict[str, Any]) -> None:
    keys = {k for k in schema if k not in _ANNOTATIONS and not k.startswith("x-")}
    kinds = schema.get("type")
    if (
        not keys <= {"type", "properties", "additionalProperties"}
        or schema.get("additionalProperties", True) is not False
        or kinds not in ("object", ["object"], ["object", "null"], ["null", "object"])
    ):
        raise _Unsupported(f"object keywords {sorted(keys)}")


def table_reader_source(node: Any, pointer: str = "/tables") -> str | None:
    """The Python source of the one-pass reader (a function ``read(t)``) for a tables
    node of ``Model``'s tree, or None if the schema uses something it does not cover."""
    lines = ["def read(t):", f"    out = {{{pointer!r}: t}}"]
    counter = iter(range(1_000_000))

    def emit(snode: Any, var: str, ptr: str, depth: int) -> None:
        _object_ok(snode.schema)
        pad = "    " * depth
        lines.append(f"{pad}if type({var}) is not dict or len({var}) != {len(snode.children)}:")
        lines.append(f"{pad}    return None")
        for key, child in snode.children.items():
            if "/" in key or "~" in key:
                raise _Unsupported("a key that needs escaping")
            sub = f"v{next(counter)}"
            child_ptr = f"{ptr}/{key}"
            lines.append(f"{pad}{sub} = {var}[{key!r}]")
            lines.append(f"{pad}out[{child_ptr!r}] = {sub}")
            if child.children:
                emit(child, sub, child_ptr, depth)
            else:
                lines.append(f"{pad}if {_leaf_test(child.schema, sub)}:")
                lines.append(f"{pad}    return None")

    try:
        emit(node, "t", pointer, 1)
    except _Unsupported:
        return None
    lines.append("    return out")
    return "\n".join(lines) + "\n"


def compile_table_reader(node: Any, pointer: str = "/tables") -> TableReader | None:
    """The one-pass reader for a tables node of ``Model``'s tree, or None if the schema
    uses something it does not cover (then every report takes the general path).

    Compiling the source costs 4–6 ms per edition, paid by every process that checks
    more than a few reports; the readers of the shipped schemas are therefore also
    shipped, compiled like any module (``_prebuilt_tables``, written by
    ``python -m nianbao.core.regenerate``). They are filed under their source's length and
    checksums (``source_key``), so a reader is taken from there only if it is what
    would be compiled now; a changed schema compiles its own.
    """
    source = table_reader_source(node, pointer)
    if source is None:
        return None
    from nianbao.core import _prebuilt_tables

    inner = _prebuilt_tables.READERS.get(source_key(source))
    if inner is None:
        namespace: dict[str, Any] = {}
        exec(compile(source, f"<table reader {pointer}>", "exec"), namespace)  # noqa: S102
        inner = namespace["read"]

    def read(tables: Any) -> dict[str, Any] | None:
        """``{pointer: value}`` of every node under /tables, or None (take the general path)."""
        try:
            return inner(tables)
        except KeyError:  # a row or cell missing (its count was made up by an unknown key)
            return None

    return read


def prebuilt_module() -> str:
    """The source of ``_prebuilt_tables``: the reader of each edition's shipped schema."""
    from nianbao.core.model import EDITIONS, model

    out = [
        '"""Generated by ``python -m nianbao.core.regenerate``: do not edit.',
        "",
        "The one-pass table reader of each edition's schema (core/tables.py), so that a",
        "run need not compile them; filed under their source's length and checksums.",
        "tests/test_fast_paths.py checks that this file is what the generator writes.",
        '"""',
        "",
        "# ruff: noqa",
        "# fmt: off",
    ]
    names = []
    for edition in EDITIONS:
        source = table_reader_source(model(edition).root.children["tables"])
        if source is None:
            continue
        name = f"read_{edition}"
        out += ["", "", source.replace("def read(t):", f"def {name}(t):", 1).rstrip("\n")]
        names.append((source_key(source), name))
    out += ["", "", "READERS = {"]
    out += [f"    {key!r}: {name}," for key, name in names]
    out += ["}", ""]
    return "\n".join(out)
