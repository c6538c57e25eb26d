"""A compiled yes/no validity check for the JSON Schema subset nianbao's schemas use.

jsonschema words errors well, but importing it and walking a schema with it costs
tens of milliseconds at every start-up (rule packs, check-function options) and
milliseconds per report. :func:`compile_validity` turns a schema into closures that
only answer "valid?". A True answer means jsonschema would find no error; a False
answer only means "ask jsonschema", so every message a user sees still comes from
jsonschema, imported only then.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

Check = Callable[[Any], bool]


class _Unsupported(Exception):
    pass


_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$defs", "$comment", "title", "description", "examples", "default"}
)
SCALARS = (str, int, float, bool, type(None))
_TYPES: dict[str, Check] = {
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
        "exclusiveMinimum",
        "exclusiveMaximum",
        "pattern",
        "items",
        "$ref",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "uniqueItems",
        "minProperties",
        "maxProperties",
        "propertyNames",
        "oneOf",
        "format",
    }
)
_LOCAL_REF = re.compile(r"#/\$defs/[A-Za-z0-9_.-]+\Z")
_COUNTS = frozenset(
    {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _unique_strings(value: Any) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(s, str) for s in value)
        and len(set(value)) == len(value)
    )


def _form_ok(key: str, value: Any, strict: bool) -> bool:
    """Whether a keyword's value has the shape the Draft 2020-12 meta-schema requires.

    Subschemas (properties, items, …) are checked when they are compiled. Under
    ``strict`` anything not verified here is refused, so that a schema that compiles
    is known to pass ``check_schema``.
    """
    if key.startswith("x-"):
        return True  # an unknown keyword: the meta-schema allows any value
    if key == "type":
        if isinstance(value, str):
            return value in _TYPES
        return _unique_strings(value) and len(value) > 0 and all(name in _TYPES for name in value)
    if key in _COUNTS:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if key in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return _is_number(value)
    if key in ("pattern", "format", "$ref", "title", "description", "$comment"):
        return isinstance(value, str)
    if key == "required":
        return _unique_strings(value)
    if key == "uniqueItems":
        return isinstance(value, bool)
    if key in ("enum", "examples"):
        return isinstance(value, list)
    if key == "oneOf":
        return isinstance(value, list) and len(value) > 0
    if key in ("properties", "$defs"):
        return isinstance(value, dict)
    if key in ("const", "default", "items", "additionalProperties", "propertyNames"):
        return True  # any value / a subschema, checked when it is compiled
    return not strict  # $schema, $id: URIs this module does not check


def compile_validity(
    schema: dict[str, Any],
    formats: Mapping[str, Callable[[str], bool]] | None = None,
    *,
    strict: bool = False,
) -> Check | None:
    """A fast ``is this valid?`` for ``schema``, or None if it uses keywords not covered.

    Covers type, properties, additionalProperties, required, propertyNames, the
    min/max counts and (exclusive) bounds, const, enum, pattern, items, uniqueItems, oneOf (of
    subschemas whose types do not overlap), format and local ``$ref``. ``formats``
    maps a format name to a test of a string (as a jsonschema ``FormatChecker``
    would); other formats are annotations, as jsonschema treats them by default.

    A True answer means jsonschema would find no error; a False answer only means
    "ask jsonschema". With ``strict``, every keyword's value is checked against the
    meta-schema's shape too and anything unverified makes the result None: a schema
    that compiles strictly passes ``jsonschema``'s ``check_schema``.
    """
    if not isinstance(schema, dict):
        return None
    defs = schema.get("$defs", {})
    compiled: dict[str, Check] = {}
    known_formats = dict(formats or {})

    def ref(name: str) -> Check:
        if name not in compiled:
            compiled[name] = lambda v: target(v)  # placeholder for recursive schemas
            target = build(defs[name])
            compiled[name] = target
        return compiled[name]

    def type_names(node: Any) -> set[str]:
        """The JSON types a subschema of oneOf can accept (it must name them)."""
        if isinstance(node, dict) and "$ref" in node:
            return type_names(defs[node["$ref"][len("#/$defs/") :]])
        if not isinstance(node, dict) or "type" not in node:
            raise _Unsupported("oneOf needs a type in each branch")
        kinds = node["type"]
        names = {kinds} if isinstance(kinds, str) else set(kinds)
        return names | {"number"} if "integer" in names else names

    def build(node: Any) -> Check:
        if node is True or node == {}:
            return lambda v: True
        if not isinstance(node, dict):
            raise _Unsupported(repr(node))
        for key, value in node.items():
            if key not in _KEYWORDS and key not in _ANNOTATIONS and not key.startswith("x-"):
                raise _Unsupported(key)
            if not _form_ok(key, value, strict):
                raise _Unsupported(f"{key}: {value!r}")
        if "$ref" in node:
            if len(set(node) - _ANNOTATIONS - {"$ref"}) or not _LOCAL_REF.match(node["$ref"]):
                raise _Unsupported("$ref with siblings, or not to a local definition")
            return ref(node["$ref"][len("#/$defs/") :])
        checks: list[Check] = []
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
            if not tests:
                checks.append(lambda v: v is None)
            elif len(tests) == 1:
                only = tests[0]
                checks.append(lambda v: (v is None and nullable) or only(v))
            else:
                checks.append(lambda v: (v is None and nullable) or any(t(v) for t in tests))
        if "const" in node:
            want = node["const"]
            if not isinstance(want, SCALARS):
                raise _Unsupported("const")
            checks.append(lambda v: type(v) is type(want) and v == want)
        if "enum" in node:
            if not all(isinstance(m, SCALARS) for m in node["enum"]):
                raise _Unsupported("enum")
            allowed = frozenset((type(m), m) for m in node["enum"])
            checks.append(lambda v: isinstance(v, SCALARS) and (type(v), v) in allowed)
        for key, op in (
            ("minimum", "ge"),
            ("maximum", "le"),
            ("exclusiveMinimum", "gt"),
            ("exclusiveMaximum", "lt"),
        ):
            if key in node:
                checks.append(_bound(op, node[key]))
        checks += _sizes(node)
        if "pattern" in node:
            search = re.compile(node["pattern"]).search
            checks.append(lambda v: type(v) is not str or search(v) is not None)
        if node.get("format") in known_formats:
            conforms = known_formats[node["format"]]
            checks.append(lambda v: not isinstance(v, str) or conforms(v))
        if "items" in node:
            item = build(node["items"])
            checks.append(lambda v: type(v) is not list or all(item(x) for x in v))
        if node.get("uniqueItems") is True:
            # strings only: jsonschema's own equality (1 vs True vs 1.0) decides the rest
            checks.append(
                lambda v: (
                    not isinstance(v, list)
                    or (all(type(x) is str for x in v) and len(set(v)) == len(v))
                )
            )
        if "propertyNames" in node:
            name_ok = build(node["propertyNames"])
            checks.append(lambda v: not isinstance(v, dict) or all(name_ok(k) for k in v))
        if "oneOf" in node:
            branches = node["oneOf"]
            seen: set[str] = set()
            for branch in branches:
                kinds_here = type_names(branch)
                if kinds_here & seen:
                    raise _Unsupported("oneOf branches whose types overlap")
                seen |= kinds_here
            # the branches take disjoint types, so at most one can hold for any value
            subs = [build(branch) for branch in branches]
            checks.append(lambda v: any(s(v) for s in subs))
        if {"properties", "additionalProperties", "required"} & set(node):
            checks.append(_object(node, build))
        if not checks:
            return lambda v: True
        if len(checks) == 1:
            return checks[0]
        return lambda v: all(c(v) for c in checks)

    try:
        if strict:
            if not isinstance(defs, dict):
                raise _Unsupported("$defs")
            for name in defs:
                ref(name)  # unreferenced definitions must be well formed too
        return build(schema)
    except (_Unsupported, KeyError, TypeError, re.error):
        return None


def _bound(op: str, bound: float) -> Check:
    """A numeric bound; values that are not numbers pass (the type keyword decides)."""
    if op == "ge":
        return lambda v: not (type(v) is int or type(v) is float) or v >= bound
    if op == "le":
        return lambda v: not (type(v) is int or type(v) is float) or v <= bound
    if op == "gt":
        return lambda v: not (type(v) is int or type(v) is float) or v > bound
    return lambda v: not (type(v) is int or type(v) is float) or v < bound


def _sizes(node: dict[str, Any]) -> list[Check]:
    """minLength … maxProperties: each applies to its own JSON type and ignores the rest."""
    out: list[Check] = []
    for key, kind, op in (
        ("minLength", str, "ge"),
        ("maxLength", str, "le"),
        ("minItems", list, "ge"),
        ("maxItems", list, "le"),
        ("minProperties", dict, "ge"),
        ("maxProperties", dict, "le"),
    ):
        if key not in node:
            continue
        n = node[key]
        if op == "ge":
            out.append(lambda v, k=kind, n=n: not isinstance(v, k) or len(v) >= n)
        else:
            out.append(lambda v, k=kind, n=n: not isinstance(v, k) or len(v) <= n)
    return out


def _object(node: dict[str, Any], build: Callable[[Any], Check]) -> Check:
    props = {k: build(v) for k, v in node.get("properties", {}).items()}
    extra = node.get("additionalProperties", True)
    allowed = frozenset(props) if extra is False else None
    other = None if extra is True or extra is False else build(extra)
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


__all__ = ["compile_validity"]
