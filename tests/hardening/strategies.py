"""Hypothesis strategies built from the report model's JSON Schemas (``nianbao schema``).

``from_schema`` turns the subset of JSON Schema the model uses (type, properties,
required, additionalProperties, items, enum, const, minimum, maximum, pattern,
$ref) into a strategy for values the schema accepts. ``reports(edition)`` is any
valid report; ``consistent_reports(edition)`` is a valid report whose tables add up,
made by drawing every cell and then setting each derived cell (totals, carried over)
from the others — the arithmetic of FORMAT-SPEC.md, addressed through the model's
own pointer expansion rather than a hand list of rows.
"""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import strategies as st

from nianbao.core.model import load_schema, lookup, model, pointer_to_path

# words reports are made of, so that text reaches past the first regex of a content rule
VOCAB = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项", "2019", "2020", "2021", "2022", "2023", "年", "月", "日",
    "1月1日", "12月31日", "共收到", "申请", "件", "本年新收", "上年结转", "办结",
    "结转下年度", "行政复议", "行政诉讼", "信息处理费", "未收取", "整改", "问题",
    "上年度", "XX", "××", "20XX年", "待填写", "人民政府", "局", "镇", "街道办事处",
    "0851-87670018", "13812345678", "551104", "@", "http://", "www.", ".gov.cn",
    "（", "）", "，", "。", "：", "\n", " ", "０１２", "零", "一", "二", "十", "百",
]  # fmt: skip

# long runs of one piece ("aaaa…!", "0000…", "@@@@…"): what makes a backtracking regex blow up
REPEATS = st.builds(
    lambda piece, n, tail: piece * n + tail,
    st.sampled_from([*VOCAB, "a", "0", "1.", "a@", "-", "x", "ab", " \n"]),
    st.integers(50, 3000),
    st.sampled_from(["", "!", "@", "年", "\n", "件"]),
)

TEXT = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(VOCAB), max_size=25).map("".join),
    REPEATS,
)


class SchemaStrategies:
    """Strategies for one schema; ``$ref``s resolve against its ``$defs``."""

    def __init__(self, schema: dict[str, Any], *, cells_never_blank: bool = False) -> None:
        self.schema = schema
        self.defs = schema.get("$defs", {})
        self.cells_never_blank = cells_never_blank

    def __call__(self, schema: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
        return self.build(self.schema if schema is None else schema)

    def build(self, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        ref = schema.get("$ref")
        if ref:
            target = self.defs[ref.rsplit("/", 1)[-1]]
            return self.build({**target, **{k: v for k, v in schema.items() if k != "$ref"}})
        if "const" in schema:
            return st.just(schema["const"])
        if "enum" in schema:
            return st.sampled_from(schema["enum"])
        types = schema.get("type", ["object"] if "properties" in schema else ["null"])
        types = [types] if isinstance(types, str) else list(types)
        if self.cells_never_blank and "x-cell" in schema:
            types = [t for t in types if t != "null"]
        return st.one_of([self._typed(t, schema) for t in types])

    def _typed(self, kind: str, schema: dict[str, Any]) -> st.SearchStrategy[Any]:
        if kind == "null":
            return st.none()
        if kind == "boolean":
            return st.booleans()
        if kind == "integer":
            low = schema.get("minimum", -(10**6))
            return st.integers(low, schema.get("maximum", low + 10**6))
        if kind == "number":
            low = schema.get("minimum", -(10**6))
            return st.one_of(
                st.integers(low, low + 10**6),
                st.floats(low, low + 10**6, allow_nan=False, allow_infinity=False),
            )
        if kind == "string":
            if "pattern" in schema:
                return st.from_regex(schema["pattern"])
            return TEXT
        if kind == "array":
            return st.lists(
                self.build(schema.get("items", {})), min_size=schema.get("minItems", 0), max_size=6
            )
        if kind == "object":
            props = schema.get("properties", {})
            required = set(schema.get("required", ()))
            fixed = st.fixed_dictionaries(
                {k: self.build(v) for k, v in props.items() if k in required},
                optional={k: self.build(v) for k, v in props.items() if k not in required},
            )
            extra = schema.get("additionalProperties", True)
            if isinstance(extra, dict):
                more = st.dictionaries(TEXT, self.build(extra), max_size=3)
                return st.tuples(fixed, more).map(lambda t: {**t[1], **t[0]})
            return fixed
        raise ValueError(f"schema type {kind!r} has no strategy")


def reports(edition: str) -> st.SearchStrategy[dict[str, Any]]:
    """Any report the edition's schema accepts (tables possibly partial, cells possibly blank)."""
    return SchemaStrategies(load_schema(edition))()


def full_tables(edition: str) -> st.SearchStrategy[dict[str, Any]]:
    """Every table, row and cell of the edition, no cell blank.

    The cells are the model's own (``/tables/**@cell``), drawn as one list per cell
    kind: much faster to generate than a nested draw per cell, and it shrinks well.
    """
    mdl = model(edition)
    cells = mdl.expand("/tables/**@cell")
    kinds = {kind: [p for p in cells if mdl.cell_kind(p) == kind] for kind in CELL_VALUES}

    def fill(values: dict[str, list[Any]]) -> dict[str, Any]:
        doc: dict[str, Any] = {}
        for kind, pointers in kinds.items():
            for pointer, value in zip(pointers, values[kind], strict=True):
                *parents, last = pointer_to_path(pointer)
                node = doc
                for key in parents:
                    node = node.setdefault(key, {})
                node[last] = value
        return doc["tables"]

    return st.fixed_dictionaries(
        {
            kind: st.lists(CELL_VALUES[kind], min_size=len(ps), max_size=len(ps))
            for kind, ps in kinds.items()
        }
    ).map(fill)


CELL_VALUES = {
    "count": st.integers(0, 10**6),
    "signed": st.integers(-(10**6), 10**6),
    "amount": st.integers(0, 10**6) | st.floats(0, 10**6, allow_nan=False),
}


# -- consistent tables -------------------------------------------------------------------

COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other")


def _set(doc: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer_to_path(pointer)
    node = doc
    for key in parents:
        node = node[key]
    node[last] = value


def _get(doc: dict[str, Any], pointer: str) -> Any:
    return lookup(doc, pointer_to_path(pointer))


def make_consistent(report: dict[str, Any]) -> dict[str, Any]:
    """Set every derived cell of 表二/表三/表四 so that no T2xx/T3xx/T401 rule can fire."""
    doc = copy.deepcopy(report)
    mdl = model(doc["edition"])
    rows = [p for p in mdl.expand("/tables/applications/**@applicant_row")]
    results_total = "/tables/applications/results/total"
    leaves = [
        p for p in rows if p.startswith("/tables/applications/results/") and p != results_total
    ]
    for col in COLUMNS:
        _set(doc, f"{results_total}/{col}", sum(_get(doc, f"{p}/{col}") for p in leaves))
        handled = _get(doc, f"{results_total}/{col}") + _get(
            doc, f"/tables/applications/carried_forward/{col}"
        )
        new = min(_get(doc, f"/tables/applications/new_received/{col}"), handled)
        _set(doc, f"/tables/applications/new_received/{col}", new)
        _set(doc, f"/tables/applications/carried_over/{col}", handled - new)
    for row in rows:
        _set(doc, f"{row}/total", sum(_get(doc, f"{row}/{c}") for c in COLUMNS))
    for group in mdl.expand("/tables/reviews/*@review_row"):
        parts = ("upheld", "corrected", "other", "pending")
        _set(doc, f"{group}/total", sum(_get(doc, f"{group}/{k}") for k in parts))
    proactive = doc["tables"]["proactive"]
    for key in ("regulations", "normative_documents"):
        row = proactive[key]
        if doc["edition"] == "2019":
            low, mid, high = sorted([row["made"], row["published"], row["total_published"]])
            row.update(made=low, published=mid, total_published=high)
        else:
            row["in_force"] = max(row["in_force"], row["issued"] - row["repealed"])
    return doc


def consistent_reports(edition: str) -> st.SearchStrategy[dict[str, Any]]:
    """A report whose tables are complete and add up (what T001–T401 check, nothing else)."""
    return full_tables(edition).map(
        lambda tables: make_consistent({"edition": edition, "parts": [], "tables": tables})
    )


def table_cells(edition: str) -> tuple[str, ...]:
    """Every count cell of 表三 and 表四."""
    mdl = model(edition)
    return tuple(
        p
        for p in mdl.expand("/tables/**@cell")
        if p.startswith(("/tables/applications/", "/tables/reviews/"))
    )


# -- any JSON -----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=30,
)
