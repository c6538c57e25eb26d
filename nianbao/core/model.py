"""The report model: the two editions' JSON Schemas, validation, and pointer expansion.

Selectors in rule packs (``/tables/applications/results/withheld/*``) are expanded
against the edition's schema, not against each report: a pattern becomes a fixed
list of pointers once per edition, so a row that is missing from a report is a
known, named absence (T002's business) rather than a silently shorter sum.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import jsonschema

EDITIONS = ("2019", "2021")
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


class Model:
    """One edition's schema, its validator and its node tree."""

    def __init__(self, edition: str, schema: dict[str, Any]) -> None:
        self.edition = edition
        self.schema = schema
        self._defs = schema.get("$defs", {})
        self.validator = jsonschema.Draft202012Validator(schema)
        self.fast_valid = compile_validity(schema)
        self.root = self._build(schema, None)
        tables = self.root.children.get("tables")
        self.table_plan = _plan(tables, "/tables") if tables is not None else None
        self._expand_cache: dict[tuple[str, str], tuple[str, ...]] = {}

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

    def valid_as_is(self, report: Any) -> bool:
        """The compiled check alone: True only if jsonschema would find no error."""
        return self.fast_valid is not None and self.fast_valid(report)

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


# ---------------------------------------------------------------------------
# A compiled yes/no validity check for the JSON Schema subset the report model uses.


class _Unsupported(Exception):
    pass


_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}
)
_SCALARS = (str, int, float, bool, type(None))
_TYPES: dict[str, Callable[[Any], bool]] = {
    # Conservative: anything these refuse (1.0 as an integer, a dict subclass) is left
    # to jsonschema, which decides. They never accept what jsonschema would refuse.
    "object": lambda v: type(v) is dict,
    "array": lambda v: type(v) is list,
    "string": lambda v: type(v) is str,
    "integer": lambda v: type(v) is int,
    "number": lambda v: type(v) is int or type(v) is float,
    "boolean": lambda v: v is True or v is False,
    "null": lambda v: v is None,
}


def compile_validity(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """A fast ``is this valid?`` for ``schema``, or None if it uses keywords not covered.

    Covers type, properties, additionalProperties, required, const, enum, minimum,
    maximum, pattern, items and local ``$ref`` — what the report model needs. A True
    answer means jsonschema would find no error; a False answer only means "ask
    jsonschema", so the messages users see always come from jsonschema.
    """
    defs = schema.get("$defs", {})
    compiled: dict[str, Callable[[Any], bool]] = {}

    def ref(name: str) -> Callable[[Any], bool]:
        if name not in compiled:
            compiled[name] = lambda v: target(v)  # placeholder for recursive schemas
            target = build(defs[name])
            compiled[name] = target
        return compiled[name]

    def build(node: Any) -> Callable[[Any], bool]:
        if node is True or node == {}:
            return lambda v: True
        if not isinstance(node, dict):
            raise _Unsupported(repr(node))
        for key in node:
            if key not in _KEYWORDS and key not in _ANNOTATIONS and not key.startswith("x-"):
                raise _Unsupported(key)
        if "$ref" in node:
            if len(set(node) - _ANNOTATIONS - {"$ref"}) or not node["$ref"].startswith("#/$defs/"):
                raise _Unsupported("$ref with siblings")
            return ref(node["$ref"][len("#/$defs/") :])
        checks: list[Callable[[Any], bool]] = []
        kinds = node.get("type")
        names: list[str] = []
        nullable = False
        if kinds is not None:
            names = [kinds] if isinstance(kinds, str) else list(kinds)
            nullable = "null" in names
            tests = [_TYPES[n] for n in names if n != "null"]
        rest = {k for k in node if k not in _ANNOTATIONS and not k.startswith("x-")}
        low = node.get("minimum")
        # the common leaves and objects get one specialised function each
        if rest == {"type", "minimum"} and names in (["integer", "null"], ["integer"]):
            return lambda v: (v is None and nullable) or (type(v) is int and v >= low)
        if rest == {"type", "minimum"} and names in (["number", "null"], ["number"]):
            return lambda v: (
                (v is None and nullable) or ((type(v) is int or type(v) is float) and v >= low)
            )
        if rest <= {"type", "properties", "additionalProperties", "required"} and names in (
            ["object", "null"],
            ["object"],
        ):
            obj = _object(node, build)
            return lambda v: (v is None and nullable) or (type(v) is dict and obj(v))
        if kinds is not None:
            if len(tests) == 1:
                only = tests[0]
                checks.append(lambda v: (v is None and nullable) or only(v))
            else:
                checks.append(lambda v: (v is None and nullable) or any(t(v) for t in tests))
        if "const" in node:
            want = node["const"]
            if not isinstance(want, _SCALARS):
                raise _Unsupported("const")
            checks.append(lambda v: type(v) is type(want) and v == want)
        if "enum" in node:
            if not all(isinstance(m, _SCALARS) for m in node["enum"]):
                raise _Unsupported("enum")
            allowed = frozenset((type(m), m) for m in node["enum"])
            checks.append(lambda v: isinstance(v, _SCALARS) and (type(v), v) in allowed)
        for key, op in (("minimum", "ge"), ("maximum", "le")):
            if key in node:
                bound = node[key]
                if op == "ge":
                    checks.append(
                        lambda v, b=bound: not (type(v) is int or type(v) is float) or v >= b
                    )
                else:
                    checks.append(
                        lambda v, b=bound: not (type(v) is int or type(v) is float) or v <= b
                    )
        if "pattern" in node:
            search = re.compile(node["pattern"]).search
            checks.append(lambda v: type(v) is not str or search(v) is not None)
        if "items" in node:
            item = build(node["items"])
            checks.append(lambda v: type(v) is not list or all(item(x) for x in v))
        if {"properties", "additionalProperties", "required"} & set(node):
            checks.append(_object(node, build))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(c(v) for c in checks)

    try:
        return build(schema)
    except (_Unsupported, KeyError, TypeError, re.error):
        return None


_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "additionalProperties",
        "required",
        "const",
        "enum",
        "minimum",
        "maximum",
        "pattern",
        "items",
        "$ref",
    }
)


def _object(
    node: dict[str, Any], build: Callable[[Any], Callable[[Any], bool]]
) -> Callable[[Any], bool]:
    props = {k: build(v) for k, v in node.get("properties", {}).items()}
    extra = node.get("additionalProperties", True)
    allowed = frozenset(props) if extra is False else None
    other = None if extra in (True, False) else build(extra)
    required = tuple(node.get("required", ()))

    def check(v: Any) -> bool:
        if type(v) is not dict:
            return True  # the type keyword (if any) decides
        if allowed is not None and not v.keys() <= allowed:
            return False
        for key in required:
            if key not in v:
                return False
        for key, value in v.items():
            fn = props.get(key)
            if fn is not None:
                if not fn(value):
                    return False
            elif other is not None and not other(value):
                return False
        return True

    return check


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
    text = (
        resources.files("nianbao.core.schema").joinpath(f"report-{edition}.json").read_text("utf-8")
    )
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
