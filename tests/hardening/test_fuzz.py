"""Property tests over the report model (hypothesis), and a fuzz harness for the readers.

The default suite runs a small profile (25 examples per property). The long run is a
separate job:

    pytest -m fuzz -p no:cacheprovider          # 110,000 generated examples

Each property has its share of the 110,000 (cheap ones more, see ``FUZZ``);
``NIANBAO_FUZZ_SCALE=0.1`` runs a tenth of them, ``=10`` ten times as many.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from nianbao.core.io import ReadError, Source
from nianbao.core.model import model
from nianbao.core.runner import Checker, Options
from tests.hardening.strategies import (
    JSON,
    consistent_reports,
    reports,
    table_cells,
)

SMALL = 25
SCALE = float(os.environ.get("NIANBAO_FUZZ_SCALE", "1"))
FUZZ = {  # examples per property in the fuzz job: 110,000 in all (with both readers)
    "valid": 20_000,  # per edition
    "any_json": 30_000,
    "consistent": 10_000,
    "changed": 10_000,
    "same_bytes": 5_000,
    "reader": 5_000,  # per reader
    "pipeline": 2_500,  # per reader
}


def big(name: str) -> int:
    return max(1, int(FUZZ[name] * SCALE))


EDITIONS = ("2019", "2021")
ARITHMETIC = ("T301", "T302", "T303", "T401")

_checker: Checker | None = None


def checker() -> Checker:
    """One real checker for every example (building it is the slow part)."""
    global _checker
    if _checker is None:
        _checker = Checker(Options(entry_points=False))
    return _checker


def _run(report: Any, path: str = "fuzz.json"):
    c = checker()
    result = c.engine.check(Source(path, copy.deepcopy(report)))
    return c.result([result])


def _twice(prop: Callable[..., None], strategy: st.SearchStrategy, name: str) -> tuple[Any, Any]:
    """The property as a small default test and as a ``fuzz``-marked long run."""
    health = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
    small = settings(max_examples=SMALL, deadline=None, suppress_health_check=health)
    long = settings(max_examples=big(name), deadline=None, suppress_health_check=health)
    return small(given(strategy)(prop)), pytest.mark.fuzz(long(given(strategy)(prop)))


# -- any valid report is checked without an exception ---------------------------------------


def _valid_report_checks_cleanly(report: dict[str, Any]) -> None:
    c = checker()
    errors = list(model(report["edition"]).validator.iter_errors(report))
    assert errors == [], "the strategy made a report the schema refuses"
    run = _run(report)
    rules = [f.rule for f in run.reports[0].findings]
    assert "E002" not in rules and "E003" not in rules, run.reports[0].findings
    for name in ("text", "json"):
        assert isinstance(c.reporters[name].render(run), str)


test_valid_reports_2019, test_valid_reports_2019_fuzz = _twice(
    _valid_report_checks_cleanly, reports("2019"), "valid"
)
test_valid_reports_2021, test_valid_reports_2021_fuzz = _twice(
    _valid_report_checks_cleanly, reports("2021"), "valid"
)


# -- any JSON at all: findings, never an exception ---------------------------------------------


def _any_json_never_raises(value: Any) -> None:
    doc = value if not isinstance(value, dict) else {"edition": "2021", **value}
    run = _run(doc if isinstance(doc, dict) else {"edition": "2021", "tables": doc})
    assert "E003" not in [f.rule for f in run.reports[0].findings]


test_any_json, test_any_json_fuzz = _twice(_any_json_never_raises, JSON, "any_json")


# -- a consistent report has no table finding ------------------------------------------------


def _table_findings(report: dict[str, Any]) -> list[Any]:
    # T304 compares 表三 with the text of part 六, which is drawn freely here
    run = _run(report)
    return [f for f in run.reports[0].findings if f.rule.startswith("T") and f.rule != "T304"]


def _consistent_has_no_table_finding(report: dict[str, Any]) -> None:
    assert _table_findings(report) == []


CONSISTENT = st.sampled_from(EDITIONS).flatmap(consistent_reports)

test_consistent, test_consistent_fuzz = _twice(
    _consistent_has_no_table_finding, CONSISTENT, "consistent"
)


# -- one changed count is named by T301–T303/T401 -----------------------------------------------


@st.composite
def _one_cell_changed(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    report = draw(CONSISTENT)
    cell = draw(st.sampled_from(table_cells(report["edition"])))
    delta = draw(st.integers(1, 10**6))
    *parents, last = cell.strip("/").split("/")
    node = report
    for key in parents:
        node = node[key]
    old = node[last]
    node[last] = old - delta if old - delta >= 0 and draw(st.booleans()) else old + delta
    return report, cell


def _changed_cell_is_named(case: tuple[dict[str, Any], str]) -> None:
    report, cell = case
    row, column = cell.rsplit("/", 1)
    found = [f for f in _table_findings(report) if f.rule in ARITHMETIC]
    assert found, f"changing {cell} went unnoticed"
    assert any(
        f.pointer.rsplit("/", 1)[0] == row or f.pointer.rsplit("/", 1)[1] == column for f in found
    ), (cell, [(f.rule, f.pointer) for f in found])


test_changed_cell, test_changed_cell_fuzz = _twice(
    _changed_cell_is_named, _one_cell_changed(), "changed"
)


# -- the same input gives the same bytes -------------------------------------------------------


def _same_bytes(report: dict[str, Any]) -> None:
    json_reporter = checker().reporters["json"]
    first = json_reporter.render(_run(report))
    second = json_reporter.render(_run(json.loads(json.dumps(report))))
    assert first == second


test_same_bytes, test_same_bytes_fuzz = _twice(
    _same_bytes, st.sampled_from(EDITIONS).flatmap(reports), "same_bytes"
)


# -- readers: mutated HTML and text never raise anything but ReadError --------------------------

SEEDS = {
    ".html": (
        "<html><head><meta charset='utf-8'><title>某局2023年政府信息公开工作年度报告</title></head>"
        "<body><h1>某局2023年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>2023年，我局…</p>"
        "<table><tr><td rowspan='2'>信息内容</td><td colspan='3'>本年制发件数</td></tr>"
        "<tr><td>规章</td><td>0</td><td>0</td></tr></table><p>六、其他需要报告的事项</p></body></html>"
    ),
    ".txt": (
        "某局2023年政府信息公开工作年度报告\n一、总体情况\n2023年，我局共收到申请12件。\n"
        "三、收到和处理政府信息公开申请情况\n本年新收政府信息公开申请数量 12 0 0 0 0 0 12\n"
    ),
}
TAGS = ["table", "tr", "td", "th", "p", "div", "h1", "h2", "span", "tbody", "br", "meta", "b"]


@st.composite
def _html(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 4))):
        if depth < 6 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            attrs = draw(st.sampled_from(["", " rowspan='2'", " colspan='99999'", " charset=gbk"]))
            close = draw(st.sampled_from([f"</{tag}>", ""]))
            parts.append(f"<{tag}{attrs}>{draw(_html(depth + 1))}{close}")
        else:
            parts.append(draw(st.sampled_from(["", "<", "&amp;", "&#x0;", "\x00"]) | st.text()))
    return "".join(parts)


@st.composite
def _mutated(draw: st.DrawFn, suffix: str) -> bytes:
    seed = SEEDS[suffix]
    text = draw(_html()) if suffix == ".html" and draw(st.booleans()) else seed
    encoding = draw(st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16"]))
    data = bytearray(text.encode(encoding, "replace"))
    for _ in range(draw(st.integers(0, 8))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        action = draw(st.sampled_from(["flip", "cut", "dup", "insert"]))
        if action == "flip":
            data[at] = draw(st.integers(0, 255))
        elif action == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif action == "dup":
            data[at:at] = data[at : at + draw(st.integers(1, 64))]
        else:
            data[at:at] = draw(st.binary(max_size=16))
    return bytes(data)


def _readers() -> list[tuple[str, Any]]:
    found = Checker(Options(entry_points=False)).readers
    return [(s, found[s]) for s in SEEDS if s in found]


def _reader_never_raises(suffix: str, reader: Any, data: bytes) -> None:
    try:
        reader.read(data, f"fuzz{suffix}")
    except ReadError:
        pass  # the one exception a reader may raise: it becomes E001
    except RecursionError:
        pass  # caught by the core as E001 "nested too deeply"


@pytest.mark.parametrize(
    ("suffix", "reader"),
    _readers() or [pytest.param(None, None, marks=pytest.mark.skip("no readers"))],
)
@pytest.mark.parametrize("examples", [SMALL, pytest.param(big("reader"), marks=pytest.mark.fuzz)])
def test_reader_fuzz(suffix, reader, examples):
    health = [HealthCheck.too_slow, HealthCheck.data_too_large]

    @settings(max_examples=examples, deadline=None, suppress_health_check=health)
    @given(data=_mutated(suffix))
    def prop(data: bytes) -> None:
        assume(data)
        _reader_never_raises(suffix, reader, data)

    prop()


@pytest.mark.parametrize(
    "suffix",
    [s for s, _ in _readers()] or [pytest.param(None, marks=pytest.mark.skip("no readers"))],
)
@pytest.mark.parametrize("examples", [SMALL, pytest.param(big("pipeline"), marks=pytest.mark.fuzz)])
def test_document_pipeline_fuzz(suffix, examples):
    """Reader, interpreter and rules together: no crash of any of them, only findings."""
    health = [HealthCheck.too_slow, HealthCheck.data_too_large]

    @settings(max_examples=examples, deadline=None, suppress_health_check=health)
    @given(data=_mutated(suffix))
    def prop(data: bytes) -> None:
        c = checker()
        result = c.engine.check(c.read(f"fuzz{suffix}", data=data))
        for f in result.findings:
            assert f.rule != "E003", f.message
            reason = str(f.values.get("reason", ""))
            assert not reason.startswith(("interpreting the document failed", "reader ")), reason

    prop()
