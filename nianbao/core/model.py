"""The report model: the two editions' JSON Schemas, validation, and pointer expansion.

Selectors in rule packs (``/tables/applications/results/withheld/*``) are expanded
against the edition's schema, not against each report: a pattern becomes a fixed
list of pointers once per edition, so a row that is missing from a report is a
known, named absence (T002's business) rather than a silently shorter sum.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nianbao.core.validity import SCALARS as _SCALARS
from nianbao.core.validity import compile_validity

if TYPE_CHECKING:
    import jsonschema

EDITIONS = ("2019", "2021")
# the package's JSON Schemas (a path, not importlib.resources: that import alone costs
# milliseconds at every start-up, and the locale files are read by path already)
SCHEMA_DIR = Path(__file__).resolve().parent / "schema"
_MISSING = object()


@lru_cache(maxsize=8192)
def pointer_to_path(pointer: str) -> tuple[str, ...]:
    """'/a/b~1c' → ('a', 'b/c'). Cached: rules ask for the same few hundred pointers."""
    if not pointer:
        return ()
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/"))


def path_to_pointer(path: tuple[str, ...] | list[str]) -> str:
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def lookup(doc: Any, path: tuple[str, ...], default: Any = None) -> Any:
    """The value at ``path`` in ``doc``, or ``default`` if any step is absent."""
    node = doc
    for key in path:
        if isinstance(node, dict):
            node = node.get(key, _MISSING)
            if node is _MISSING:
                return default
        elif isinstance(node, list):
            try:
                node = node[int(key)]
            except (ValueError, IndexError):
                return default
        else:
            return default
    return node


def is_number(value: Any) -> bool:
    """True for ints and floats (not bools): what the arithmetic may use."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


@dataclass
class _Node:
    schema: dict[str, Any]
    ref: str | None  # name of the $defs entry this node refers to
    children: dict[str, _Node] = field(default_factory=dict)


Node = _Node  # the public name, for plugins that walk an edition's tables (the HTML reporter)


@dataclass
class ValidationResult:
    """Schema errors split in two: the structure (E002) and single cell values (T004)."""

    structural: list[tuple[str, dict[str, Any]]]  # (pointer, what was expected: kind + values)
    cells: dict[str, str]  # pointer → the cell's kind (count, signed, amount)


_ABSENT = object()


class Model:
    """One edition's schema, its validator and its node tree."""

    def __init__(self, edition: str, schema: dict[str, Any]) -> None:
        self.edition = edition
        self.schema = schema
        self._defs = schema.get("$defs", {})
        self.fast_valid = compile_validity(schema)
        self.root = self._build(schema, None)
        tables = self.root.children.get("tables")
        self.table_plan = _plan(tables, "/tables") if tables is not None else None
        self._expand_cache: dict[tuple[str, str], tuple[str, ...]] = {}
        self._asked = 0  # fast_cells calls so far (see FAST_AFTER)

    @cached_property
    def validator(self) -> jsonschema.Draft202012Validator:
        """jsonschema's validator, built (and jsonschema imported) only when a report is invalid."""
        import jsonschema

        return jsonschema.Draft202012Validator(self.schema)

    def _resolve(self, schema: dict[str, Any]) -> tuple[dict[str, Any], str | None]:
        ref = schema.get("$ref")
        if ref and ref.startswith("#/$defs/"):
            name = ref[len("#/$defs/") :]
            return self._defs[name], name
        return schema, None

    def _build(self, schema: dict[str, Any], ref: str | None) -> _Node:
        resolved, name = self._resolve(schema)
        node = _Node(resolved, name or ref)
        for key, sub in resolved.get("properties", {}).items():
            node.children[key] = self._build(sub, None)
        return node

    def node_at(self, pointer: str) -> _Node | None:
        node = self.root
        for key in pointer_to_path(pointer):
            node = node.children.get(key)
            if node is None:
                return None
        return node

    def cell_kind(self, pointer: str) -> str | None:
        """'count', 'signed' or 'amount' for a table cell, else None."""
        node = self.node_at(pointer)
        return node.schema.get("x-cell") if node else None

    def expand(self, pattern: str, base: str = "") -> tuple[str, ...]:
        """All pointers the schema defines that match ``pattern`` (relative to ``base``).

        ``*`` matches one level, ``**`` zero or more; a trailing ``@name`` keeps only
        nodes whose schema is ``$defs/name`` (``@cell``: any table cell).
        """
        key = (base, pattern)
        hit = self._expand_cache.get(key)
        if hit is not None:
            return hit
        text, _, want = pattern.partition("@")
        segs = [s for s in text.strip("/").split("/") if s] if text.strip("/") else []
        start = self.node_at(base)
        out: list[str] = []
        if start is not None:
            self._match(start, pointer_to_path(base), segs, want or None, out, set())
        seen: dict[str, None] = dict.fromkeys(out)
        result = tuple(seen)
        self._expand_cache[key] = result
        return result

    def _match(
        self,
        node: _Node,
        path: tuple[str, ...],
        segs: list[str],
        want: str | None,
        out: list[str],
        seen: set[tuple[int, int]],
    ) -> None:
        # each (node, rest of pattern) once: '/**/**/…' from a pack stays polynomial
        if (id(node), len(segs)) in seen:
            return
        seen.add((id(node), len(segs)))
        if not segs:
            if want is None or node.ref == want or (want == "cell" and "x-cell" in node.schema):
                out.append(path_to_pointer(path))
            return
        head, rest = segs[0], segs[1:]
        if head == "**":
            self._match(node, path, rest, want, out, seen)
            for key, child in node.children.items():
                self._match(child, path + (key,), segs, want, out, seen)
        elif head == "*":
            for key, child in node.children.items():
                self._match(child, path + (key,), rest, want, out, seen)
        else:
            child = node.children.get(head)
            if child is not None:
                self._match(child, path + (head,), rest, want, out, seen)

    @cached_property
    def nesting(self) -> int | None:
        """How deeply a report valid for this edition can nest (containers; the root is 1).

        None if the schema leaves it open (a free-form or recursive part). A report the
        compiled check accepts nests no deeper, so a depth limit at least this large
        needs no walk of it (io.read_source).
        """
        return _nesting(self.schema, self._defs, ())

    @cached_property
    def _fast_parts(self) -> tuple[Callable[[Any], bool] | None, Callable[[Any], Any] | None]:
        """(compiled check of everything but /tables, one-pass reader of /tables).

        Both are generated source: slower to build than closures, but they run on every
        report once an edition has been asked ``FAST_AFTER`` times.
        """
        from nianbao.core.tables import compile_table_reader

        props = self.schema.get("properties", {})
        tables = self.root.children.get("tables")
        if "tables" not in props or tables is None:
            return None, None
        rest = compile_validity(
            {**self.schema, "properties": {**props, "tables": True}}, generate=True
        )
        return rest, compile_table_reader(tables)

    @cached_property
    def amounts(self) -> tuple[str, ...]:
        """The pointers of the amount cells: the only place a valid report holds a float."""
        return self.expand("/tables/**@amount")

    # Building the fast parts costs ≈ 1.5–2 ms per edition (the table reader comes
    # prebuilt, core/tables.py; the rest check is compiled), about what they save over a
    # dozen reports (≈ 140 µs each): a run of one report (a pre-commit hook) or a few
    # goes without them.
    FAST_AFTER = 16

    @property
    def warm(self) -> bool:
        """Whether ``fast_cells`` has been asked ``FAST_AFTER`` times: it answers now."""
        return self._asked >= self.FAST_AFTER

    def fast_cells(self, report: Any) -> dict[str, Any] | None:
        """The report's table cells by pointer (``rules.flatten_tables``) if the report is
        valid as it stands and its tables complete; None otherwise (validate it then).

        The common case in one pass over the tables instead of two (core/tables.py),
        once this edition has been asked ``FAST_AFTER`` times in the process.
        """
        if not self.warm:
            self._asked += 1
            return None
        rest, read = self._fast_parts
        if rest is None or read is None or type(report) is not dict:
            return None
        tables = report.get("tables", _ABSENT)
        if tables is _ABSENT or not rest(report):
            return None
        return read(tables)

    def validate(self, report: Any) -> ValidationResult:
        """Structural errors and cell errors; the common valid case takes the compiled path.

        jsonschema explains errors well but costs milliseconds per report, so it runs only
        when the compiled check says no (or cannot be built for the schema).
        """
        if self.fast_valid is not None and self.fast_valid(report):
            return ValidationResult([], {})
        structural: list[tuple[str, str]] = []
        cells: dict[str, str] = {}
        for err in self.validator.iter_errors(report):
            pointer = path_to_pointer([str(p) for p in err.absolute_path])
            if isinstance(err.schema, dict) and "x-cell" in err.schema:
                cells.setdefault(pointer, err.schema["x-cell"])
            else:
                structural.append((pointer, _describe(err)))
        structural.sort(key=lambda item: (item[0], json.dumps(item[1], sort_keys=True)))
        return ValidationResult(structural, cells)


def _nesting(schema: Any, defs: dict[str, Any], seen: tuple[str, ...]) -> int | None:
    """The deepest container level a value valid for ``schema`` can reach (scalars: 0)."""
    if not isinstance(schema, dict):
        return None if schema is not False else 0
    ref = schema.get("$ref")
    if ref is not None:
        name = ref[len("#/$defs/") :] if ref.startswith("#/$defs/") else None
        if name is None or name in seen or name not in defs:
            return None  # recursive or not local: unbounded as far as we know
        return _nesting(defs[name], defs, (*seen, name))
    kinds = schema.get("type")
    names = {kinds} if isinstance(kinds, str) else set(kinds or ())
    fixed = [schema["const"]] if "const" in schema else schema.get("enum")
    if not names and isinstance(fixed, list) and all(isinstance(v, _SCALARS) for v in fixed):
        return 0  # a fixed scalar (const / enum)
    if not names or not names <= {
        "string",
        "integer",
        "number",
        "boolean",
        "null",
        "object",
        "array",
    }:
        return None
    if not names & {"object", "array"}:
        return 0
    below = [0]
    if "object" in names:
        extra = schema.get("additionalProperties", True)
        if extra is not False:
            below.append(_nesting(extra, defs, seen) if isinstance(extra, dict) else None)
        below += [_nesting(sub, defs, seen) for sub in schema.get("properties", {}).values()]
    if "array" in names:
        below.append(_nesting(schema["items"], defs, seen) if "items" in schema else None)
    if None in below:
        return None
    return 1 + max(below)  # type: ignore[type-var]


def _plan(node: _Node, pointer: str) -> dict[str, tuple[str, Any]]:
    """``{key: (pointer, plan of the child or None)}`` for the schema's keys under a node.

    The table flattening (``rules.flatten_tables``) looks each key up here instead of
    building and checking its pointer string; keys that need escaping are left out,
    so a report holding one falls back to the general walk.
    """
    out: dict[str, tuple[str, Any]] = {}
    for key, child in node.children.items():
        if "/" in key or "~" in key:
            continue
        ptr = f"{pointer}/{key}"
        out[key] = (ptr, _plan(child, ptr) if child.children else None)
    return out


def _describe(err: jsonschema.ValidationError) -> dict[str, Any]:
    """What was expected, as data: ``kind`` (an E002 message variant) and its values.

    The engine renders it through the catalogue, so the reader sees it in the
    run's language; the values stay in the JSON output as they are.
    """
    v = err.validator
    if v == "additionalProperties":
        allowed = err.schema.get("properties", {})
        return {
            "kind": "unknown_keys",
            "keys": sorted(set(err.instance) - set(allowed)),
            "allowed": sorted(allowed),
        }
    if v == "required":
        missing = [k for k in err.validator_value if k not in err.instance]
        return {"kind": "required", "key": missing[0] if missing else str(err.message)}
    if v == "type":
        expected = err.validator_value
        if isinstance(expected, list) and len(expected) == 2 and "null" in expected:
            return {  # the schema's usual union: a value or null
                "kind": "type_or_null",
                "expected": f"json.{next(t for t in expected if t != 'null')}",
                "got": f"json.{_json_type(err.instance)}",
                "value": json.dumps(err.instance, ensure_ascii=False)[:40],
            }
        return {
            "kind": "type" if isinstance(expected, str) else "type_any",
            "expected": f"json.{expected}"
            if isinstance(expected, str)
            else [f"json.{t}" for t in expected],
            "got": f"json.{_json_type(err.instance)}",
            "value": json.dumps(err.instance, ensure_ascii=False)[:40],
        }
    if v == "const":
        return {
            "kind": "const",
            "expected": json.dumps(err.validator_value, ensure_ascii=False),
            "value": json.dumps(err.instance, ensure_ascii=False)[:40],
        }
    return {"kind": "schema", "detail": err.message[:200]}


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    return {str: "string", float: "number", dict: "object", list: "array"}.get(type(value), "null")


@cache
def load_schema(edition: str) -> dict[str, Any]:
    text = (SCHEMA_DIR / f"report-{edition}.json").read_text("utf-8")
    return json.loads(text)


@cache
def model(edition: str) -> Model:
    """The (cached) model of an edition; raises KeyError for an unknown edition."""
    if edition not in EDITIONS:
        raise KeyError(edition)
    return Model(edition, load_schema(edition))


def _columns(definition: str) -> tuple[str, ...]:
    return tuple(load_schema(EDITIONS[-1])["$defs"][definition]["properties"])


# The columns of 表三's rows and 表四's groups, as the schema orders them (both
# editions share them): the one place plugins take them from.
APPLICANT_COLUMNS: tuple[str, ...] = _columns("applicant_row")
REVIEW_COLUMNS: tuple[str, ...] = _columns("review_row")
