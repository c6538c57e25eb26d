"""A compiled yes/no validity check for the JSON Schema subset nianbao's schemas use.

jsonschema words errors well, but importing it and walking a schema with it costs
tens of milliseconds at every start-up (rule packs, check-function options) and
milliseconds per report. :func:`compile_validity` turns a schema into closures that
only answer "valid?". A True answer means jsonschema would find no error; a False
answer only means "ask jsonschema", so every message a user sees still comes from
jsonschema, imported only then.

For a check run on every report, ``generate=True`` writes the same check out as one
Python function (as core/tables.py does for the tables): the closures' call per
schema node goes, and the call takes about half the time. It costs about half a
millisecond more to build, so the checks run once at start-up keep the closures.
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
    generate: bool = False,
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

    With ``generate``, the answer comes from one generated function instead of the
    closures (the same answer, in about half the time; ≈0.5 ms more to build): for
    checks that run per report, not once.
    """
    built = _closure_tree(schema, formats, strict)
    if built is None:
        return None
    tree, refs = built
    if not generate:
        return tree
    return _generate(schema, dict(formats or {}), refs) or tree


def _closure_tree(
    schema: dict[str, Any],
    formats: Mapping[str, Callable[[str], bool]] | None,
    strict: bool,
) -> tuple[Check, dict[str, Check]] | None:
    """The check as a tree of closures, and the closure of each ``$defs`` entry it reached.

    Building it is what decides whether the schema is covered (None if not); the
    generated check calls its closures where a ``$ref`` recurses, and falls back to
    the whole tree where the source would be too large or would not compile.
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
        for key, op in _BOUNDS:
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
        return build(schema), compiled
    except (_Unsupported, KeyError, TypeError, re.error):
        return None


# The bound and size keywords, with the comparison each makes (the closures and the
# generated check read the same table).
_BOUNDS = (
    ("minimum", ">="),
    ("maximum", "<="),
    ("exclusiveMinimum", ">"),
    ("exclusiveMaximum", "<"),
)
_SIZES = (
    ("minLength", str, ">="),
    ("maxLength", str, "<="),
    ("minItems", list, ">="),
    ("maxItems", list, "<="),
    ("minProperties", dict, ">="),
    ("maxProperties", dict, "<="),
)


def _bound(op: str, bound: float) -> Check:
    """A numeric bound; values that are not numbers pass (the type keyword decides)."""
    if op == ">=":
        return lambda v: not (type(v) is int or type(v) is float) or v >= bound
    if op == "<=":
        return lambda v: not (type(v) is int or type(v) is float) or v <= bound
    if op == ">":
        return lambda v: not (type(v) is int or type(v) is float) or v > bound
    return lambda v: not (type(v) is int or type(v) is float) or v < bound


def _sizes(node: dict[str, Any]) -> list[Check]:
    """minLength … maxProperties: each applies to its own JSON type and ignores the rest."""
    out: list[Check] = []
    for key, kind, op in _SIZES:
        if key not in node:
            continue
        n = node[key]
        if op == ">=":
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


# -- the generated check ------------------------------------------------------------

# The exact Python types a value of each JSON type has, as the closures test them.
_PY_TYPES: dict[str, tuple[type, ...]] = {
    "object": (dict,),
    "array": (list,),
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
}
# Subschemas inlined, at most: beyond that the source is slow to compile (and a schema
# whose definitions each use the next several times inlines exponentially), so the
# closure tree answers instead.
_MAX_INLINED = 2000


class _TooLarge(Exception):
    pass


def _is(var: str, kind: type, negate: bool = False) -> str:
    op = "is not" if negate else "is"
    return f"{var} {op} None" if kind is type(None) else f"type({var}) {op} {kind.__name__}"


def _types(names: Any) -> list[type]:
    """The exact Python types the ``type`` keyword lets through, in a stable order."""
    out: list[type] = []
    for name in [names] if isinstance(names, str) else names:
        out += [t for t in _PY_TYPES[name] if t not in out]
    return out


def _applies(
    var: str, known: list[type] | None, kinds: tuple[type, ...], base: type | None
) -> str | None:
    """When a keyword applies to ``var``: a condition, "" (always) or None (never).

    A keyword tests its own JSON type — ``type(v) in kinds``, or ``isinstance(v, base)``
    where the closures use isinstance — and passes any other value. ``known`` is the
    exact types ``var`` can have once the node's ``type`` keyword has passed (None
    before, or without one); it decides many of these tests before the code runs.
    """
    if known is None:
        if base is not None:
            return f"isinstance({var}, {base.__name__})"
        return " or ".join(_is(var, t) for t in kinds)
    hit = [t for t in known if (issubclass(t, base) if base is not None else t in kinds)]
    if not hit:
        return None
    if len(hit) == len(known):
        return ""
    if [t for t in known if t not in hit] == [type(None)]:
        return f"{var} is not None"
    return " or ".join(_is(var, t) for t in hit)


def _generate(
    schema: dict[str, Any], formats: dict[str, Callable[[str], bool]], refs: dict[str, Check]
) -> Check | None:
    """The closure tree's check written out as one Python function, or None.

    A Python call per schema node and ``all(...)`` over generators cost most of the
    closure tree's time; here each keyword is an ``if … return False`` inline, in the
    tree's order, so every answer is the tree's. Definitions are inlined where they
    are used; a ``$ref`` back into one being inlined (recursion) calls its closure.
    None (use the tree) when the source would be too large or does not compile
    (Python limits how deeply blocks nest).
    """
    defs = schema.get("$defs", {})
    namespace: dict[str, Any] = {"_SCALARS": SCALARS}
    fresh = iter(range(1_000_000))
    inlined = 0

    def const(value: Any) -> str:
        """A name for ``value`` in the generated function's globals."""
        name = f"_c{next(fresh)}"
        namespace[name] = value
        return name

    def lit(value: Any) -> str:
        return repr(value) if type(value) in (str, int, bool, type(None)) else const(value)

    def indent(lines: list[str]) -> list[str]:
        return ["    " + line for line in lines]

    def check(out: list[str], applies: str | None, bad: str) -> None:
        """``return False`` when ``bad`` holds where the keyword ``applies``."""
        if applies is not None:
            out += [f"if {f'({applies}) and ' if applies else ''}{bad}:", "    return False"]

    def emit(node: Any, var: str, known: list[type] | None, stack: tuple[str, ...]) -> list[str]:
        """Lines that return False unless ``var`` is valid for ``node``.

        ``known`` is given only where the caller has already tested the node's type
        keyword (a oneOf branch); ``stack`` holds the definitions being inlined.
        """
        nonlocal inlined
        inlined += 1
        if inlined > _MAX_INLINED:
            raise _TooLarge
        while isinstance(node, dict) and "$ref" in node:
            name = node["$ref"][len("#/$defs/") :]
            if name in stack:
                return [f"if not {const(refs[name])}({var}):", "    return False"]
            stack, node = (*stack, name), defs[name]
        if node is True:
            return []
        out: list[str] = []
        if "type" in node and known is None:
            known = _types(node["type"])
            out += [f"if {' and '.join(_is(var, t, True) for t in known)}:", "    return False"]
        if "const" in node:
            want = node["const"]
            if want is None or type(want) is bool:
                check(out, "", f"{var} is not {want!r}")
            else:
                kind = type(want)
                name = kind.__name__ if kind in (str, int, float) else const(kind)
                check(out, "", f"(type({var}) is not {name} or not {var} == {lit(want)})")
        if "enum" in node:
            members = node["enum"]
            if all(m is None or type(m) is str for m in members):
                tests = [f"{var} is None"] if None in members else []
                words = frozenset(m for m in members if m is not None)
                if words:
                    tests.append(f"type({var}) is str and {var} in {const(words)}")
                check(out, "", f"not ({' or '.join(tests)})" if tests else "True")
            else:
                allowed = const(frozenset((type(m), m) for m in members))
                check(
                    out,
                    "",
                    f"not (isinstance({var}, _SCALARS) and (type({var}), {var}) in {allowed})",
                )
        for key, op in _BOUNDS:
            if key in node:
                check(
                    out,
                    _applies(var, known, (int, float), None),
                    f"not {var} {op} {lit(node[key])}",
                )
        for key, base, op in _SIZES:
            if key in node:
                check(out, _applies(var, known, (), base), f"not len({var}) {op} {lit(node[key])}")
        if "pattern" in node:
            search = const(re.compile(node["pattern"]).search)
            check(out, _applies(var, known, (str,), None), f"{search}({var}) is None")
        if node.get("format") in formats:
            check(
                out, _applies(var, known, (), str), f"not {const(formats[node['format']])}({var})"
            )
        if "items" in node:
            item = f"v{next(fresh)}"
            out += loop(
                _applies(var, known, (list,), None),
                f"for {item} in {var}:",
                emit(node["items"], item, None, stack),
            )
        if node.get("uniqueItems") is True:
            item = f"v{next(fresh)}"
            body = [f"if type({item}) is not str:", "    return False"]
            out += loop(_applies(var, known, (), list), f"for {item} in {var}:", body)
            check(out, _applies(var, known, (), list), f"not len(set({var})) == len({var})")
        if "propertyNames" in node:
            key = f"k{next(fresh)}"
            out += loop(
                _applies(var, known, (), dict),
                f"for {key} in {var}:",
                emit(node["propertyNames"], key, None, stack),
            )
        if "oneOf" in node:
            out += one_of(node["oneOf"], var, stack)
        if {"properties", "additionalProperties", "required"} & set(node):
            out += members_of(node, var, _applies(var, known, (dict,), None), stack)
        return out

    def loop(applies: str | None, head: str, body: list[str]) -> list[str]:
        if applies is None or not body:
            return []
        lines = [head, *indent(body)]
        return [f"if {applies}:", *indent(lines)] if applies else lines

    def one_of(branches: list[Any], var: str, stack: tuple[str, ...]) -> list[str]:
        """An if/elif on the branches' types: they do not overlap (the tree refuses it
        otherwise), so the one branch whose type holds decides, as ``any`` would."""
        out: list[str] = []
        for branch in branches:
            target = branch
            while "$ref" in target:
                target = defs[target["$ref"][len("#/$defs/") :]]
            kinds = _types(target["type"])
            test = " or ".join(_is(var, t) for t in kinds)
            out += [
                f"{'elif' if out else 'if'} {test}:",
                *indent(emit(branch, var, kinds, stack) or ["pass"]),
            ]
        return [*out, "else:", "    return False"]

    def members_of(
        node: dict[str, Any], var: str, applies: str | None, stack: tuple[str, ...]
    ) -> list[str]:
        """``_object``: the keys allowed, the keys required, each value by its key."""
        if applies is None:
            return []
        props = node.get("properties", {})
        extra = node.get("additionalProperties", True)
        out: list[str] = []
        if extra is False:
            check(out, "", f"not {var}.keys() <= {const(frozenset(props))}")
        if node.get("required"):
            check(out, "", " or ".join(f"{lit(k)} not in {var}" for k in node["required"]))
        key, value = f"k{next(fresh)}", f"v{next(fresh)}"
        other = [] if extra is True or extra is False else emit(extra, value, None, stack)
        # keys whose values are checked alike share one branch (a cell per key of a row)
        cases: dict[tuple[str, ...], list[Any]] = {}
        for name, sub in props.items():
            cases.setdefault(tuple(emit(sub, value, None, stack)), []).append(name)
        if not other:
            cases.pop((), None)
        if cases:
            body: list[str] = []
            for lines, names in cases.items():
                test = f"== {lit(names[0])}" if len(names) == 1 else f"in {const(frozenset(names))}"
                body += [
                    f"{'elif' if body else 'if'} {key} {test}:",
                    *indent(list(lines) or ["pass"]),
                ]
            if other:
                body += ["else:", *indent(other)]
            out += [f"for {key}, {value} in {var}.items():", *indent(body)]
        elif other:
            out += [f"for {value} in {var}.values():", *indent(other)]
        if not out:
            return []
        return [f"if {applies}:", *indent(out)] if applies else out

    try:
        body = emit(schema, "v", None, ())
        source = "\n".join(["def valid(v):", *indent(body), "    return True", ""])
        exec(compile(source, "<compiled validity>", "exec"), namespace)  # noqa: S102
    except (_TooLarge, SyntaxError, RecursionError):
        return None
    return namespace["valid"]


__all__ = ["compile_validity"]
