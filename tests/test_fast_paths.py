"""The fast paths decide nothing: with them or without them, the same findings.

Check functions may offer a ``quiet`` test (core.rules.check_function) that lets the
engine skip a report with nothing to find; a valid, complete report's tables are
checked and flattened in one pass (core/tables.py); and a JSON report that passes
the compiled checks skips the nesting walk (io.read_source). Each test here runs the real
engine both ways on reports built to hit every branch: clean ones, and copies with a
cell blank, negative, fractional, a string, a boolean, an object, missing, or a row
removed — and asserts equal findings, and that the fast path was actually taken.
"""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from nianbao.core import io as io_mod
from nianbao.core import jsonfast
from nianbao.core import rules as core_rules
from nianbao.core.model import Model, model, pointer_to_path
from nianbao.rules.functions import arithmetic, cells

from .conftest import FIXTURES, load_fixture, main, run_rules


@pytest.fixture(autouse=True)
def reader_at_once(monkeypatch):
    """The one-pass reader from the first report on (it normally waits for FAST_AFTER)."""
    monkeypatch.setattr(Model, "FAST_AFTER", 0)


QUIET_FUNCTIONS = [
    arithmetic.sum_equals,
    arithmetic.balance,
    arithmetic.bound,
    cells.required,
    cells.complete,
    cells.not_blank,
    cells.valid_cells,
]
ODD_VALUES = [None, -1, 1.5, 1.0, "3", True, {"zz": 1}, [1], 10**6]


def _findings(checker, report: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [(f.rule, f.pointer, f.message) for f in run_rules(checker, copy.deepcopy(report))]


def _variants(base: dict[str, Any], seed: int) -> Iterator[dict[str, Any]]:
    """The report itself, then copies with one or two table nodes changed or removed."""
    yield base
    rng = random.Random(seed)
    pointers = list(model(base["edition"]).expand("/tables/**"))
    for _ in range(60):
        doc = copy.deepcopy(base)
        for pointer in rng.sample(pointers, rng.choice([1, 1, 2])):
            *parents, last = pointer_to_path(pointer)
            node: Any = doc
            for key in parents:
                node = node.get(key) if isinstance(node, dict) else None
            if not isinstance(node, dict) or last not in node:
                continue
            if rng.random() < 0.2:
                del node[last]
            else:
                node[last] = rng.choice(ODD_VALUES)
        yield doc


@pytest.fixture
def without_quiet(monkeypatch):
    """Every built-in quiet test switched off (and the built ones forgotten)."""

    def switch_off() -> None:
        for fn in QUIET_FUNCTIONS:
            monkeypatch.setattr(fn, "quiet", None)
        monkeypatch.setattr(core_rules, "_PLANS", {})

    return switch_off


@pytest.mark.parametrize(
    "name", ["clean-2019", "clean-2021", "tables-2019", "tables-2021", "readers/luwo-2020"]
)
def test_quiet_tests_never_change_findings(checker, without_quiet, monkeypatch, name):
    base = load_fixture(name)
    reports = list(_variants(base, seed=len(name)))
    fast = [_findings(checker, r) for r in reports]
    without_quiet()
    slow = [_findings(checker, r) for r in reports]
    assert fast == slow
    # and without the one-pass table reader: every report validated and flattened
    monkeypatch.setattr(Model, "fast_cells", lambda self, report: None)
    assert [_findings(checker, r) for r in reports] == fast
    assert any(fast[1:]), "the variants must give findings, or the test shows nothing"


def test_a_clean_report_does_not_call_the_table_functions(checker, monkeypatch):
    calls: list[str] = []
    for fn in (arithmetic.sum_equals, arithmetic.balance, cells.complete):
        name = fn.__name__

        def spy(node, options, ctx, _fn=fn, _name=name):
            calls.append(_name)
            return _fn(node, options, ctx)

        spy.quiet = fn.quiet  # type: ignore[attr-defined]
        spy.options_schema = fn.options_schema  # type: ignore[attr-defined]
        for rid, rule in list(checker.ruleset.rules.items()):
            if rule.function is fn:
                monkeypatch.setitem(checker.ruleset.rules, rid, replace(rule, function=spy))
    monkeypatch.setattr(core_rules, "_PLANS", {})
    assert run_rules(checker, load_fixture("clean-2021"), select=["T"]) == []
    assert calls == []  # every identity held: the quiet tests answered for them
    broken = load_fixture("clean-2021")
    broken["tables"]["applications"]["new_received"]["total"] += 1
    found = {f.rule for f in run_rules(checker, broken, select=["T"])}
    assert found == {"T301", "T303"}
    assert "sum_equals" in calls and "balance" in calls


def test_a_quiet_test_that_says_true_skips_the_function(checker, monkeypatch):
    """The contract as a plugin sees it: True means "nothing here", and is trusted."""
    report = load_fixture("clean-2021")
    report["tables"]["applications"]["new_received"]["total"] += 1
    assert {f.rule for f in run_rules(checker, report, select=["T303"])} == {"T303"}
    monkeypatch.setattr(arithmetic.sum_equals, "quiet", lambda options, nodes, mdl: lambda c: True)
    monkeypatch.setattr(core_rules, "_PLANS", {})
    assert run_rules(checker, report, select=["T303"]) == []


def test_valid_reports_nest_no_deeper_than_the_schema_says():
    for edition, name in (("2019", "clean-2019"), ("2021", "clean-2021")):
        assert model(edition).nesting == 6
        depth = _depth(load_fixture(name))
        assert depth <= 6


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    return 0


def test_depth_limit_below_the_schema_still_walks_valid_reports(tmp_path, capsys):
    report = load_fixture("clean-2021")
    report["provenance"] = {"/title": {"line": 1}}  # deepest path: 6 levels
    assert _depth(report) == 6
    path = tmp_path / "r.json"
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    assert main(["check", "--max-depth", "5", "--format", "json", str(path)]) == 2
    out = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["message"]) for f in out["reports"][0]["findings"]] == [
        ("E001", "无法读取：嵌套过深，超过 5 层（限值 max_depth）")
    ]
    assert main(["check", "--max-depth", "6", "--format", "json", str(path)]) == 0
    capsys.readouterr()


def test_published_option_is_validated_after_it_changes_the_report(tmp_path, capsys):
    """--published writes into the report after reading, so the reading's validity
    check no longer speaks for it: the engine validates again and refuses a bad date."""
    path = tmp_path / "r.json"
    path.write_bytes((FIXTURES / "clean-2021.json").read_bytes())
    assert main(["check", "--published", "garbage", "--format", "json", str(path)]) == 2
    out = json.loads(capsys.readouterr().out)
    assert [(f["rule"], f["pointer"]) for f in out["reports"][0]["findings"]] == [
        ("E002", "/published")
    ]
    assert main(["check", "--published", "2022-01-20", "--format", "json", str(path)]) == 0
    capsys.readouterr()


@pytest.fixture(params=["prebuilt", "compiled"])
def table_readers(request, monkeypatch):
    """The shipped readers (core/_prebuilt_tables.py), or none: each compiled here."""
    from nianbao.core import _prebuilt_tables

    if request.param == "compiled":
        monkeypatch.setattr(_prebuilt_tables, "READERS", {})
    return request.param


@pytest.mark.parametrize("name", ["clean-2019", "clean-2021", "tables-2019", "tables-2021"])
def test_the_table_reader_agrees_with_validation_and_flattening(name, table_readers):
    """Where the one-pass table reader answers, the tables are valid (jsonschema says
    so) and its dict is ``flatten_tables``'s; it answers for a complete valid report."""
    from nianbao.core.rules import flatten_tables
    from nianbao.core.tables import compile_table_reader

    base = load_fixture(name)
    mdl = model(base["edition"])
    read = compile_table_reader(mdl.root.children["tables"])
    assert read is not None
    answered = 0
    for report in _variants(base, seed=7 + len(name)):
        cells = read(report["tables"])
        tables_valid = not [
            e for e in mdl.validator.iter_errors(report) if list(e.absolute_path)[:1] == ["tables"]
        ]
        if cells is None:
            continue
        answered += 1
        assert tables_valid
        assert cells == flatten_tables(report, mdl.table_plan)
    assert read(base["tables"]) is not None  # the common case is the fast one
    assert answered >= 2  # and some of the changed ones (a valid count changed) too


def test_the_prebuilt_table_readers_are_what_the_generator_writes():
    """core/_prebuilt_tables.py is generated (``python -m nianbao.core.regenerate``) and
    kept: a schema change must come with it written again."""
    from nianbao.core import tables

    shipped = Path(tables.__file__).with_name("_prebuilt_tables.py").read_text("utf-8")
    assert shipped == tables.prebuilt_module(), "run: python -m nianbao.core.regenerate"


def test_a_reader_is_taken_prebuilt_only_for_its_exact_source(monkeypatch):
    """Readers are filed under their source's length and checksums: the shipped schemas find
    theirs; another schema (one cell more) finds none and compiles its own."""
    from nianbao.core import _prebuilt_tables, tables

    for edition in ("2019", "2021"):
        source = tables.table_reader_source(model(edition).root.children["tables"])
        assert tables.source_key(source) in _prebuilt_tables.READERS
    schema = copy.deepcopy(model("2021").schema)
    fees = schema["properties"]["tables"]["properties"]["proactive"]["properties"]["fees"]
    fees["properties"]["extra"] = {"type": ["integer", "null"], "minimum": 0}
    other = Model("2021", schema)
    source = tables.table_reader_source(other.root.children["tables"])
    assert "'/tables/proactive/fees/extra'" in source
    assert tables.source_key(source) not in _prebuilt_tables.READERS
    report = load_fixture("clean-2021")
    report["tables"]["proactive"]["fees"]["extra"] = 1
    read = tables.compile_table_reader(other.root.children["tables"])
    assert read(report["tables"])["/tables/proactive/fees/extra"] == 1
    assert model("2021").fast_cells(report) is None  # not the shipped schema's tables


def test_the_reader_is_built_only_for_a_batch(monkeypatch):
    """Building the fast parts costs about what they save over a dozen reports: the
    first FAST_AFTER reports of an edition in a process go the general way."""
    monkeypatch.setattr(Model, "FAST_AFTER", 3)
    mdl = Model("2021", model("2021").schema)
    report = load_fixture("clean-2021")
    got = [mdl.fast_cells(report) is not None for _ in range(5)]
    assert got == [False, False, False, True, True]
    assert "_fast_parts" in vars(mdl)  # built now, not before


# -- orjson reads what json reads ------------------------------------------------------


@pytest.fixture
def without_orjson(monkeypatch):
    """The json module alone, as where orjson has no wheel."""
    monkeypatch.setattr(jsonfast, "_orjson", None)


def _checked_both_ways(checker, monkeypatch, path) -> tuple[dict, dict]:
    fast = checker.check_file(str(path)).to_dict()
    with monkeypatch.context() as m:
        m.setattr(jsonfast, "_orjson", None)
        plain = checker.check_file(str(path)).to_dict()
    return fast, plain


@pytest.mark.skipif(jsonfast.c_loads() is None, reason="orjson is not installed here")
@pytest.mark.parametrize("name", ["clean-2019.json", "clean-2021.json"])
def test_orjson_and_json_give_the_same_findings(checker, monkeypatch, tmp_path, name):
    seed = sum(map(ord, name))
    for i, doc in enumerate(_variants(load_fixture(name), seed)):
        path = tmp_path / f"{i}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False, indent=1), encoding="utf-8")
        fast, plain = _checked_both_ways(checker, monkeypatch, path)
        assert fast == plain, f"variant {i}"
    clean = (tmp_path / "0.json").read_bytes()
    assert io_mod._fast_json(clean)[0] is not None  # the clean report took orjson's path


# Text edits of clean-2021.json where orjson alone would read something else than json,
# or refuses what json takes: each must be read by json, with json's findings.
ODD_TEXTS = {
    "amount beyond 64 bits": ('"amount": 12.5', '"amount": 123456789012345678901234567890'),
    "cell beyond 64 bits": ('"issued": 0', '"issued": 99999999999999999999'),
    "NaN cell": ('"amount": 12.5', '"amount": NaN'),
    "lone surrogate": ('"title": "', '"title": "\\ud800'),
    "key given twice": ('"year": 2023', '"year": 2020, "year": 2023'),
}


@pytest.mark.skipif(jsonfast.c_loads() is None, reason="orjson is not installed here")
@pytest.mark.parametrize("case", sorted(ODD_TEXTS))
def test_what_orjson_reads_otherwise_is_read_by_json(checker, monkeypatch, tmp_path, case):
    old, new = ODD_TEXTS[case]
    text = (FIXTURES / "clean-2021.json").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "odd.json"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    fast, plain = _checked_both_ways(checker, monkeypatch, path)
    assert fast == plain
    if case != "key given twice":  # (that one orjson reads as json does, and keeps)
        assert io_mod._fast_json(path.read_bytes()) == (None, None, None)


def test_a_byte_order_mark_is_read_by_json(checker, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + (FIXTURES / "clean-2021.json").read_bytes())
    assert io_mod._fast_json(path.read_bytes()) == (None, None, None)
    assert [f.rule for f in checker.check_file(str(path)).findings] == []


def test_json_output_is_the_same_without_orjson(tmp_path, capsys, monkeypatch):
    args = ["check", str(FIXTURES / "clean-2021.json"), str(FIXTURES / "tables-2021.json")]
    for fmt in ("json", "sarif"):
        main([*args, "--format", fmt])
        fast = capsys.readouterr().out
        with monkeypatch.context() as m:
            m.setattr(jsonfast, "_orjson", None)
            main([*args, "--format", fmt])
            plain = capsys.readouterr().out
        assert fast == plain and json.loads(fast)


def test_dumps_falls_back_where_orjson_refuses(without_orjson):
    odd = {"text": "\ud800", "big": 2**70, "small": 1e-05, "中": [1.5, None]}
    assert jsonfast.dumps(odd) == json.dumps(odd, ensure_ascii=False, indent=2)


@pytest.mark.skipif(jsonfast.c_loads() is None, reason="orjson is not installed here")
def test_dumps_with_orjson_writes_what_json_writes_or_falls_back():
    same = {"a": [], "b": {}, "c": [1, {"x": "中\u2028\x7f\x1f"}], "d": None, "e": True, "f": 1.5}
    assert jsonfast.dumps(same) == json.dumps(same, ensure_ascii=False, indent=2)
    refused = {"text": "\ud800", "big": 2**70}  # orjson refuses both; json writes them
    assert jsonfast.dumps(refused) == json.dumps(refused, ensure_ascii=False, indent=2)


def test_before_the_fast_path_starts_json_alone_reads(monkeypatch):
    """A run of a few reports never takes the fast path, so orjson is not even asked."""
    monkeypatch.setattr(Model, "FAST_AFTER", 10**9)
    asked = []
    monkeypatch.setattr(io_mod, "c_loads", lambda: asked.append(1))
    clean = (FIXTURES / "clean-2021.json").read_bytes()
    assert io_mod._fast_json(clean) == (None, None, None) and asked == []
