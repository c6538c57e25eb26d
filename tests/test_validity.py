"""The compiled validity check (nianbao.core.validity) against jsonschema itself.

Start-up validates every rule pack and every rule's options; the compiled check
answers "valid?" and jsonschema is imported only to word the errors of something
invalid. So: a yes from the compiled check must be jsonschema's yes; for the
schemas nianbao ships, a no must be jsonschema's no as well (else a good pack pays
for jsonschema); and a schema that compiles strictly must pass ``check_schema``,
because a check function's options schema is only given to jsonschema's
``check_schema`` when the compiled check cannot vouch for it.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from importlib import resources
from typing import Any

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nianbao import check_function
from nianbao.core.model import Model, load_schema
from nianbao.core.patterns import PatternError, check_pattern
from nianbao.core.validity import compile_validity
from nianbao.plugins.corpus.similarity import SameAgency
from nianbao.plugins.national import PACKS
from nianbao.rules.functions import FUNCTIONS
from tests.conftest import FIXTURES, cli, load_fixture

PACK_SCHEMA = json.loads(
    resources.files("nianbao.core.schema").joinpath("pack.json").read_text("utf-8")
)
PACK_DATA = [yaml.safe_load(p.read_text("utf-8")) for p in sorted(PACKS.glob("*.yaml"))]


def _regex_ok(pattern: str) -> bool:
    try:
        return check_pattern(pattern)
    except PatternError:
        return False


def _options_validator(schema: dict[str, Any]) -> jsonschema.Draft202012Validator:
    checker = jsonschema.FormatChecker(formats=())
    checker.checks("regex", raises=PatternError)(check_pattern)
    return jsonschema.Draft202012Validator(schema, format_checker=checker)


FORMATS = {"regex": _regex_ok}
SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)


def test_every_schema_nianbao_ships_compiles():
    """Otherwise that schema would send every start-up (or report) to jsonschema."""
    assert compile_validity(PACK_SCHEMA) is not None
    for edition in ("2019", "2021"):
        assert compile_validity(load_schema(edition)) is not None
    for name, fn in FUNCTIONS.items():
        assert compile_validity(fn.options_schema, FORMATS, strict=True) is not None, name
    assert compile_validity(SameAgency.options_schema) is not None


def test_the_packs_and_options_nianbao_ships_are_valid_by_the_compiled_check():
    valid = compile_validity(PACK_SCHEMA)
    for data in PACK_DATA:
        assert valid(data), data["id"]
        for rule in data.get("rules") or []:
            schema = FUNCTIONS[rule["check"]].options_schema
            assert compile_validity(schema, FORMATS, strict=True)(rule.get("with") or {})


def test_a_start_up_does_not_import_jsonschema():
    code = (
        "import sys\n"
        "from nianbao.core.runner import Checker, Options\n"
        "Checker(Options(entry_points=False))\n"
        "print('jsonschema' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


CASES = [
    # (schema, value, valid by jsonschema)
    ({"type": "string", "minLength": 2}, "ab", True),
    ({"type": "string", "minLength": 2}, "a", False),
    ({"type": "string", "maxLength": 2}, "abc", False),
    ({"maxLength": 2}, 12345, True),  # applies to strings only
    ({"type": "array", "minItems": 1}, [], False),
    ({"type": "array", "maxItems": 1}, ["a", "b"], False),
    ({"type": "array", "uniqueItems": True}, ["a", "b"], True),
    ({"type": "array", "uniqueItems": True}, ["a", "a"], False),
    ({"type": "object", "minProperties": 1}, {}, False),
    ({"type": "object", "maxProperties": 1}, {"a": 1, "b": 2}, False),
    ({"propertyNames": {"enum": ["zh", "en"]}}, {"zh": 1}, True),
    ({"propertyNames": {"enum": ["zh", "en"]}}, {"fr": 1}, False),
    ({"type": "number", "exclusiveMinimum": 0, "maximum": 1}, 0, False),
    ({"type": "number", "exclusiveMinimum": 0, "maximum": 1}, 0.5, True),
    ({"type": "number", "exclusiveMaximum": 1}, 1, False),
    ({"type": "string", "format": "regex"}, "a(b", False),
    ({"type": "string", "format": "regex"}, "(?=a)", False),  # RE2 has no lookahead
    ({"type": "string", "format": "regex"}, "^a+$", True),
    ({"format": "regex"}, 5, True),  # formats apply to strings only
    ({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}, "a", True),
    ({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}, ["a"], True),
    ({"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}, [1], False),
    ({"oneOf": [{"type": "string"}, {"type": "array"}]}, {}, False),
    ({"type": "null"}, None, True),
    ({"type": "null"}, 0, False),
]


@pytest.mark.parametrize("generate", [False, True])
@pytest.mark.parametrize(("schema", "value", "valid"), CASES)
def test_each_keyword_answers_as_jsonschema_does(schema, value, valid, generate):
    assert (not list(_options_validator(schema).iter_errors(value))) is valid
    assert compile_validity(schema, FORMATS, strict=True, generate=generate)(value) is valid


def test_a_no_only_means_ask_jsonschema():
    """Values the compiled check cannot judge exactly are refused and left to jsonschema."""
    for schema, value in [
        ({"type": "integer"}, 1.0),  # an integer to jsonschema
        ({"type": "array", "uniqueItems": True}, [1, True]),  # distinct to jsonschema
        ({"enum": [1]}, 1.0),
    ]:
        assert compile_validity(schema)(value) is False
        assert not list(jsonschema.Draft202012Validator(schema).iter_errors(value))


def test_schemas_it_does_not_cover_are_left_to_jsonschema():
    for schema in [
        {"anyOf": [{"type": "string"}]},
        {"oneOf": [{"type": "integer"}, {"type": "number"}]},  # branches overlap
        {"oneOf": [{"minimum": 1}, {"type": "string"}]},  # a branch without a type
        {"items": [{"type": "string"}]},  # draft 4 tuple form
        {"$ref": "#/$defs/missing"},
        {"pattern": "("},
        {"type": "object", "properties": {"a": False}},
    ]:
        assert compile_validity(schema) is None, schema


BROKEN_SCHEMAS = [
    {"type": "strin"},
    {"type": ["string", "string"]},
    {"type": []},
    {"minItems": -1},
    {"minItems": "1"},
    {"maxLength": True},
    {"minimum": "0"},
    {"required": "id"},
    {"required": ["a", "a"]},
    {"uniqueItems": "yes"},
    {"enum": "abc"},
    {"oneOf": []},
    {"pattern": "a(b"},
    {"pattern": 5},
    {"properties": {"a": {"type": "strin"}}},
    {"properties": []},
    {"items": {"minItems": -1}},
    {"additionalProperties": 1},
    {"additionalProperties": 0},
    {"propertyNames": {"type": 5}},
    {"$defs": {"unused": {"type": "strin"}}},
    {"title": 5},
    {"examples": "x"},
    {"format": 5},
]


@pytest.mark.parametrize("schema", BROKEN_SCHEMAS, ids=lambda s: json.dumps(s))
def test_a_broken_schema_does_not_compile_strictly(schema):
    with pytest.raises(jsonschema.SchemaError):
        jsonschema.Draft202012Validator.check_schema(schema)
    assert compile_validity(schema, FORMATS, strict=True) is None


@pytest.mark.parametrize("schema", BROKEN_SCHEMAS, ids=lambda s: json.dumps(s))
def test_check_function_refuses_a_broken_options_schema(schema):
    with pytest.raises(jsonschema.SchemaError):
        check_function(schema)


def test_a_plugin_with_a_broken_options_schema_is_named():
    code, out, err = cli(
        "check",
        "--plugin",
        "tests.plugins.broken_options_schema",
        str(FIXTURES / "tables-2021.json"),
    )
    assert code == 2
    assert out == ""
    assert err.startswith(
        "nianbao: error: --plugin tests.plugins.broken_options_schema: cannot import: "
        "SchemaError: 'strin' is not valid under any of the given schemas"
    )


# -- property tests ------------------------------------------------------------

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 500),
    st.floats(allow_nan=False).filter(lambda f: not f.is_integer()),
    st.sampled_from(["", "x", "error", "fatal", "zh", "en", "fr", "2019", "2021", "T301"]),
    st.sampled_from(["/tables/**@cell", "/parts/*", "(a", "^a+$", "(?=x)", "a" * 401]),
    st.text(max_size=8),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.sampled_from(["id", "with", "zh", "en", "check", "T301"]), st.text()),
            inner,
            max_size=4,
        ),
    ),
    max_leaves=12,
)


@st.composite
def mutated(draw: Any, documents: list[Any]) -> Any:
    """A real document with one to three nodes replaced, removed or added."""
    doc = copy.deepcopy(draw(st.sampled_from(documents)))
    for _ in range(draw(st.integers(1, 3))):
        node, parent, key = doc, None, None
        for _ in range(draw(st.integers(0, 6))):
            if isinstance(node, dict) and node:
                key = draw(st.sampled_from(sorted(node, key=str)))
            elif isinstance(node, list) and node:
                key = draw(st.integers(0, len(node) - 1))
            else:
                break
            parent, node = node, node[key]
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        if parent is None:
            continue
        if action == "replace":
            parent[key] = draw(VALUES)
        elif action == "remove":
            del parent[key]
        elif isinstance(node, dict):
            node[draw(st.sampled_from(["extra", "id", "docs", "zh", "fr", "minItems"]))] = draw(
                VALUES
            )
        elif isinstance(node, list):
            node.append(draw(VALUES))
    return doc


@SETTINGS
@given(data=mutated(PACK_DATA))
def test_the_pack_schema_check_agrees_with_jsonschema(data):
    valid = compile_validity(PACK_SCHEMA)
    errors = list(jsonschema.Draft202012Validator(PACK_SCHEMA).iter_errors(data))
    assert valid(data) is (not errors)


OPTIONS = [
    (rule["check"], rule.get("with") or {})
    for data in PACK_DATA
    for rule in data.get("rules") or []
]


@SETTINGS
@given(case=st.sampled_from(OPTIONS), data=st.data())
def test_the_options_checks_agree_with_jsonschema(case, data):
    name, options = case
    schema = FUNCTIONS[name].options_schema
    value = data.draw(mutated([options]))
    errors = list(_options_validator(schema).iter_errors(value))
    assert compile_validity(schema, FORMATS, strict=True)(value) is (not errors)


@SETTINGS
@given(schema=mutated([fn.options_schema for fn in FUNCTIONS.values()]))
def test_a_schema_that_compiles_strictly_passes_check_schema(schema):
    if compile_validity(schema, FORMATS, strict=True) is not None:
        jsonschema.Draft202012Validator.check_schema(schema)


# -- the generated check (generate=True) against the closure tree ----------------
#
# generate=True writes the closure tree's check out as Python source; it must give
# the tree's answer for every value, however odd, and for every schema it covers.

REPORTS = [
    load_fixture(f"{kind}-{edition}.json")
    for kind in ("clean", "tables")
    for edition in ("2019", "2021")
]


def _report_schemas() -> list[dict[str, Any]]:
    """Each edition's schema, whole and as Model._fast_parts checks it (/tables: true)."""
    out = []
    for edition in ("2019", "2021"):
        schema = load_schema(edition)
        out += [schema, {**schema, "properties": {**schema["properties"], "tables": True}}]
    return out


REPORT_SCHEMAS = _report_schemas()
GENERATED = "<compiled validity>"  # the generated function's file name (not the tree's)


def _pair(schema: Any, formats: Any = None, strict: bool = False) -> tuple[Any, Any]:
    """(the closure tree, the generated check) for ``schema``; the latter is generated."""
    tree = compile_validity(schema, formats, strict=strict)
    generated = compile_validity(schema, formats, strict=strict, generate=True)
    assert generated.__code__.co_filename == GENERATED, schema
    return tree, generated


def _answer(check: Any, value: Any) -> Any:
    """The check's answer as a bool, or the type of what it raised (a format test may
    raise: re2 refuses a lone surrogate), which the other check must raise too."""
    try:
        return bool(check(value))
    except Exception as exc:
        return type(exc)


class Text(str):
    pass


class Table(dict):
    pass


class Rows(list):
    pass


ODD_VALUES = [
    None, True, False, 0, 1, -1, 1899, 1900, 2999, 3000, 10**40, -(10**40),
    0.0, -0.0, 0.5, 1.0, 1900.0, 1e308, float("inf"), float("-inf"), float("nan"),
    "", "a", "ab", "abc", "2019", "2021", "2021-01-02", "2021-1-2", "2021-01-02x", "^a+$", "(a",
    "zh", "fr", "department", "其他", "\ud800", "a\x00b", Text("2021"), Text("zh"),
    [], ["a"], ["a", "a"], ["a", "b"], [1, True], ["a", 1], [None], Rows(["a"]), (), ("a",),
    {}, {"a": 1}, {"zh": "x"}, {"fr": 1}, {1: "a"}, {"heading": "h"}, {"heading": 1},
    {"name": None, "kind": "other"}, Table({"zh": 1}), {"a": {"a": {"a": []}}},
]  # fmt: skip

KEYWORD_SCHEMAS = [
    {},
    {"title": "annotations only", "x-cell": "count"},
    {"type": "integer"},
    {"type": ["integer", "null"], "minimum": 1900, "maximum": 2999},
    {"type": ["null", "number"], "exclusiveMinimum": 0, "exclusiveMaximum": 1.5},
    {"type": ["integer", "string", "null"], "minimum": 0, "maxLength": 2},
    {"minimum": 1, "maximum": 2.5},
    {"type": "boolean"},
    {"type": ["boolean", "integer"]},
    {"type": "null"},
    {"const": "2021"},
    {"const": 1},
    {"const": 10**40},  # equal to the value 10**40, not the same object
    {"const": 1.0},
    {"const": True},
    {"const": None},
    {"const": float("nan")},
    {"enum": ["department", "other", None]},
    {"enum": [1, True, "a", None, 1.5]},
    {"enum": []},
    {"enum": [None]},
    {"type": ["string", "null"], "pattern": "^\\d{4}-\\d{2}-\\d{2}$"},
    {"pattern": "^a"},
    {"type": "string", "format": "regex"},
    {"format": "regex"},
    {"format": "date"},  # not in formats: an annotation
    {"minLength": 1, "maxLength": 2},
    {"type": ["string", "array"], "minLength": 1, "minItems": 1, "maxItems": 1},
    {"minItems": 1, "minProperties": 1, "maxProperties": 1},
    {"type": "array", "items": {"type": "string"}, "uniqueItems": True},
    {"uniqueItems": True},
    {"uniqueItems": False, "items": True},
    {"items": {"enum": ["a", 1]}},
    {"propertyNames": {"enum": ["zh", "en"]}},
    {"type": "object", "propertyNames": {"pattern": "^[a-z]+$", "maxLength": 2}},
    {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
    {"oneOf": [{"type": ["integer", "null"], "minimum": 1}, {"type": "boolean"}, {"type": "object"}]},
    {"type": "object", "required": ["heading"], "additionalProperties": False,
     "properties": {"number": {"type": ["integer", "null"], "minimum": 1}, "heading": {"type": "string"}}},
    {"type": ["object", "null"], "properties": {"zh": {"type": "string"}, "a": True}},
    {"additionalProperties": {"type": "integer"}},
    {"properties": {"zh": True, "fr": {}}, "additionalProperties": {"type": "string"}},
    {"properties": {"a": {"type": "integer"}, "b": {"type": "integer"}}, "additionalProperties": False},
    {"required": ["a", "zh"]},
    {"$defs": {"t": {"type": ["string", "null"]}}, "type": "array", "items": {"$ref": "#/$defs/t"}},
    {"$defs": {"n": {"type": "object", "additionalProperties": {"$ref": "#/$defs/n"}}}, "$ref": "#/$defs/n"},
    {"$defs": {"a": {"type": "array", "items": {"$ref": "#/$defs/b"}},
               "b": {"oneOf": [{"type": "string"}, {"$ref": "#/$defs/a"}]}},
     "$ref": "#/$defs/b"},
]  # fmt: skip


def test_the_generated_check_answers_as_the_tree_on_odd_values():
    """Every keyword (and the types it narrows to) against values JSON never makes."""
    for schema in KEYWORD_SCHEMAS:
        tree, generated = _pair(schema, FORMATS)
        for value in ODD_VALUES:
            assert _answer(generated, value) is _answer(tree, value), (schema, value)


def test_the_generated_check_of_a_report_answers_as_the_tree():
    """The fixtures as they are, and each top-level member replaced by each odd value."""
    for schema in REPORT_SCHEMAS:
        tree, generated = _pair(schema)
        for report in REPORTS:
            assert generated(report) is tree(report) is (report["edition"] in schema["$id"])
            for key in [*report, "extra"]:
                for value in ODD_VALUES:
                    changed = {**report, key: value}
                    assert generated(changed) is tree(changed), (key, value)


REPORT_VALUES = st.one_of(VALUES, st.sampled_from(ODD_VALUES))


@st.composite
def report_changes(draw: Any) -> Any:
    """A fixture report changed deep down (mutated), odd values among the new ones."""
    doc = draw(mutated(REPORTS))
    for _ in range(draw(st.integers(0, 2))):
        node = doc
        while isinstance(node, dict) and node and draw(st.booleans()):
            key = draw(st.sampled_from(sorted(node, key=str)))
            if not isinstance(node[key], dict):
                node[key] = draw(REPORT_VALUES)
                break
            node = node[key]
    return doc


@SETTINGS
@given(doc=report_changes())
def test_the_generated_report_check_agrees_with_the_tree(doc):
    for schema in REPORT_SCHEMAS:
        tree, generated = _pair(schema)
        assert generated(doc) is tree(doc)


def _schemas(leaf: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Schemas of the covered keywords, nested (the tree refuses the few that are not)."""
    names = st.sampled_from(["zh", "en", "a", "heading"])
    kinds = st.sampled_from(["object", "array", "string", "integer", "number", "boolean", "null"])

    def node(inner: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        keyword = st.one_of(
            st.tuples(
                st.just("type"),
                st.one_of(kinds, st.lists(kinds, min_size=1, max_size=3, unique=True)),
            ),
            st.tuples(
                st.sampled_from(["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]),
                st.sampled_from([0, 1, 1900, 2.5, -1.5]),
            ),
            st.tuples(
                st.sampled_from(
                    [
                        "minLength",
                        "maxLength",
                        "minItems",
                        "maxItems",
                        "minProperties",
                        "maxProperties",
                    ]
                ),
                st.integers(0, 3),
            ),
            st.tuples(st.just("const"), st.sampled_from(["zh", 1, 1.0, True, None])),
            st.tuples(
                st.just("enum"),
                st.lists(st.sampled_from(["zh", "a", 1, True, None, 2.5]), max_size=3),
            ),
            st.tuples(st.just("pattern"), st.sampled_from(["^a", "\\d", "^[a-z]+$"])),
            st.tuples(st.just("format"), st.sampled_from(["regex", "date"])),
            st.tuples(st.just("uniqueItems"), st.booleans()),
            st.tuples(st.just("required"), st.lists(names, max_size=2, unique=True)),
            st.tuples(st.just("items"), inner),
            st.tuples(st.just("propertyNames"), inner),
            st.tuples(st.just("additionalProperties"), inner),
            st.tuples(st.just("properties"), st.dictionaries(names, inner, max_size=3)),
            st.tuples(st.just("oneOf"), st.lists(inner, min_size=1, max_size=3)),
        )
        return st.one_of(inner, st.lists(keyword, max_size=4).map(dict))

    return st.recursive(leaf, node, max_leaves=8)


@SETTINGS
@given(
    schema=_schemas(st.sampled_from([True, {}, *(s for s in KEYWORD_SCHEMAS if "type" in s)])),
    values=st.lists(REPORT_VALUES, min_size=1, max_size=6),
)
def test_the_generated_check_agrees_with_the_tree_for_any_schema(schema, values):
    if not isinstance(schema, dict) or compile_validity(schema, FORMATS) is None:
        return  # not covered: both answer None
    tree, generated = _pair(schema, FORMATS)
    for value in values:
        assert _answer(generated, value) is _answer(tree, value), value


def test_what_the_generated_check_cannot_write_the_tree_answers():
    """Source Python would refuse (blocks nested too deep) or that would grow without
    bound (definitions used twice each, nested): the tree answers, unchanged."""
    deep: Any = {"type": "string"}
    for _ in range(30):
        deep = {"type": "array", "items": deep}
    doubling: dict[str, Any] = {"d0": {"type": "string"}}
    for i in range(1, 40):
        doubling[f"d{i}"] = {
            "properties": {"a": {"$ref": f"#/$defs/d{i - 1}"}, "b": {"$ref": f"#/$defs/d{i - 1}"}}
        }
    wide = {"$defs": doubling, "$ref": "#/$defs/d39"}
    word: Any = "x"
    number: Any = 1
    for _ in range(39):
        word, number = {"a": word}, {"b": number}
    for schema, value, valid in [
        (deep, [[[]]], True),
        (deep, [[[1]]], False),
        (wide, word, True),
        (wide, number, False),
    ]:
        check = compile_validity(schema, generate=True)
        assert check.__code__.co_filename != GENERATED
        assert check(value) is valid


def test_model_fast_parts_uses_the_generated_check():
    """The check run on every report of a batch is the generated one, not the tree."""
    for edition in ("2019", "2021"):
        rest, _ = Model(edition, load_schema(edition))._fast_parts
        assert rest.__code__.co_filename == GENERATED
