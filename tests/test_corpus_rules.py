"""Corpus rules X001–X004 on real reports of the same agency and on planted copies.

The reports are real fixtures (tests/fixtures/corpus) or the table fixture with
an agency, a year and parts written for the test; each test states the exact
findings (rule, pointer, severity) it expects.
"""

from __future__ import annotations

import json
import re
import zlib
from array import array
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.core.config import ConfigError
from nianbao.core.engine import Engine, Selection
from nianbao.core.findings import Severity
from nianbao.core.io import Source
from nianbao.core.model import APPLICANT_COLUMNS
from nianbao.core.runner import Checker, Options
from nianbao.plugins.corpus import similarity
from nianbao.plugins.corpus.boilerplate import _UNIT, normalise, region_units, template_prints
from nianbao.plugins.corpus.chunks import fingerprints, jaccard, similar_pairs
from nianbao.plugins.corpus.identity import agency_key
from tests.conftest import load_fixture, patched

COLUMNS = list(APPLICANT_COLUMNS)

# Two agencies' own words for part 五 (as real reports write it) and unrelated texts.
FIVE_A = (
    "（一）上年度问题整改情况。针对2022年度报告中指出的栏目更新滞后问题，我局建立了每周巡查制度，"
    "由办公室专人负责核对各栏目内容，逾期未更新的栏目在周例会上通报。（二）存在的主要问题。"
    "一是政策解读仍以文字为主，图解和音视频解读数量偏少，群众反映看不懂、找不到；"
    "二是依申请公开答复文书说理不够充分，个别答复未告知救济途径；"
    "三是基层站所信息发布审核把关不严，出现过错别字和过期链接。（三）改进措施。"
    "下一步，我局将组织业务骨干编写解读模板，每份重要政策文件同步制作一图读懂；"
    "修订答复文书范本，逐条写明法律依据和救济途径；对基层站所开展专项抽查，每季度通报一次。"
)
FIVE_B = (
    "（一）上年度问题整改情况。对照上一年度年报，镇政府对村务公开栏长期未更新的情况进行了集中整改，"
    "十二个行政村全部完成公开栏改造。（二）存在的主要问题。镇级政务公开工作人员多为兼职，"
    "人员变动频繁，业务交接不到位；部分惠农补贴资金发放信息公开不够细，未按户公示到位；"
    "政务新媒体账号关注人数少，留言回复不及时。（三）改进措施。明年将配齐配强专职信息员，"
    "建立岗位交接清单；补贴资金按户、按项目在村务公开栏和微信群同步公示；"
    "安排专人每日查看留言，三个工作日内答复。"
)
# a part 一 too short to compare (fewer than min_chunks chunks of its own), so that
# only part 五 decides in these tests
ONE = "（一）主动公开政府信息情况。按要求公开。（二）依申请公开情况。依法答复。"


def report(
    name: str,
    year: int,
    region: str = "贵州省贵阳市息烽县",
    five: str = FIVE_A,
    edition: str | None = None,
):
    """The 2021 table fixture as a report of ``name`` for ``year``, with parts 一, 五, 六."""
    base = (
        "tables-2019"
        if (edition or ("2021" if year >= 2021 else "2019")) == "2019"
        else "tables-2021"
    )
    doc = patched(base)
    doc["year"] = year
    doc["agency"] = {"name": name, "region": region, "kind": "department"}
    doc["parts"] = [
        {"number": 1, "heading": "一、总体情况", "text": ONE},
        {"number": 5, "heading": "五、存在的主要问题及改进情况", "text": five},
        {"number": 6, "heading": "六、其他需要报告的事项", "text": "本年度未收取信息处理费。"},
    ]
    return doc


def judged(checker, docs: list[tuple[str, dict]], select: list[str], config: dict | None = None):
    """Findings per path of the real engine, per-report checks then the corpus rules."""
    engine = Engine(
        checker.ruleset,
        checker.catalogue,
        selection=Selection(select, None),
        corpus_rules=checker.corpus_rules,
        config=config or {},
    )
    results = [engine.check(Source(path, doc)) for path, doc in docs]
    engine.judge(results)
    return {r.path: r.findings for r in results}


def triples(findings):
    return [(f.rule, f.pointer, f.severity.label) for f in findings]


def with_carry(doc: dict, row: str, values: dict[str, int]) -> dict:
    apps = doc["tables"]["applications"]
    for column, value in values.items():
        apps[row][column] = value
    return doc


# -- X001 ----------------------------------------------------------------------


def balanced(doc: dict, carried_over: int, carried_forward: int) -> dict:
    """Set 二 and 四 (natural persons and total) and keep 一+二 = 三+四 and the row totals."""
    apps = doc["tables"]["applications"]
    for column in ("natural_person", "total"):
        apps["new_received"][column] = 10
        apps["carried_over"][column] = carried_over
        apps["carried_forward"][column] = carried_forward
        handled = 10 + carried_over - carried_forward
        apps["results"]["granted"][column] = handled
        apps["results"]["total"][column] = handled
    return doc


def test_x001_carry_over_mismatch_names_both_numbers(checker):
    last = balanced(report("息烽县教育局", 2022), 0, 3)
    this = balanced(report("息烽县教育局", 2023), 5, 0)
    found = judged(checker, [("2022.json", last), ("2023.json", this)], ["X001", "T3"])
    assert found["2022.json"] == []
    assert triples(found["2023.json"]) == [
        ("X001", "/tables/applications/carried_over/natural_person", "warning"),
        ("X001", "/tables/applications/carried_over/total", "warning"),
    ]
    message = found["2023.json"][0].message
    assert "5" in message and "3" in message and "2022" in message and "2022.json" in message
    assert found["2023.json"][0].values["this"] == 5 and found["2023.json"][0].values["last"] == 3


def test_x001_silent_when_carried_over_matches(checker):
    last = balanced(report("息烽县教育局", 2022), 0, 3)
    this = balanced(report("息烽县教育局", 2023), 3, 0)
    found = judged(checker, [("a.json", last), ("b.json", this)], ["X001"])
    assert found == {"a.json": [], "b.json": []}


def test_x001_only_same_agency_and_consecutive_years(checker):
    last = balanced(report("息烽县教育局", 2022), 0, 3)
    other = balanced(report("息烽县财政局", 2023), 5, 0)
    later = balanced(report("息烽县教育局", 2024), 5, 0)
    found = judged(checker, [("a.json", last), ("b.json", other), ("c.json", later)], ["X001"])
    assert found == {"a.json": [], "b.json": [], "c.json": []}


def test_x001_matches_names_without_remarks_in_brackets(checker):
    last = balanced(report("平潭综合实验区管委会（区管委会办公室编制，全区汇总）", 2022), 0, 3)
    this = balanced(report("平潭综合实验区管委会（全区汇总）", 2023), 5, 0)
    found = judged(checker, [("a.json", last), ("b.json", this)], ["X001"])
    assert [f.rule for f in found["b.json"]] == ["X001", "X001"]
    assert agency_key(last) == agency_key(this)


def test_x001_across_the_edition_change(checker):
    last = balanced(report("息烽县教育局", 2020), 0, 3)  # 2019 format
    this = balanced(report("息烽县教育局", 2021), 4, 0)  # 2021 format
    assert (last["edition"], this["edition"]) == ("2019", "2021")
    found = judged(checker, [("2020.json", last), ("2021.json", this)], ["X001"])
    assert triples(found["2021.json"]) == [
        ("X001", "/tables/applications/carried_over/natural_person", "warning"),
        ("X001", "/tables/applications/carried_over/total", "warning"),
    ]


def test_x001_on_real_reports_of_one_agency(checker):
    """017 (2022) and 024 (2023), 平潭 自然资源与生态环境局: 024 carries over what 017 carried forward."""
    docs = [(n, load_fixture(f"corpus/{n}")) for n in ("017.json", "024.json", "018.json")]
    found = judged(checker, docs, ["X001"])
    assert found == {"017.json": [], "024.json": [], "018.json": []}
    changed = patched("corpus/024.json", {"/tables/applications/carried_over/total": 99})
    found = judged(checker, [docs[0], ("024.json", changed)], ["X001"])
    assert triples(found["024.json"]) == [
        ("X001", "/tables/applications/carried_over/total", "warning")
    ]


# -- X002 ----------------------------------------------------------------------


def test_x002_in_force_rolls_forward(checker):
    last = report("息烽县教育局", 2022)
    last["tables"]["proactive"]["normative_documents"] = {
        "issued": 2,
        "repealed": 0,
        "in_force": 10,
    }
    good = report("息烽县教育局", 2023)
    good["tables"]["proactive"]["normative_documents"] = {
        "issued": 3,
        "repealed": 1,
        "in_force": 12,
    }
    bad = report("息烽县教育局", 2023)
    bad["tables"]["proactive"]["normative_documents"] = {"issued": 3, "repealed": 1, "in_force": 15}
    assert judged(checker, [("a", last), ("b", good)], ["X002"]) == {"a": [], "b": []}
    found = judged(checker, [("a", last), ("b", bad)], ["X002"])
    assert triples(found["b"]) == [
        ("X002", "/tables/proactive/normative_documents/in_force", "info")
    ]
    assert found["b"][0].values["expected"] == 12 and found["b"][0].values["in_force"] == 15


# -- X003 / X004 -----------------------------------------------------------------


def test_x004_two_agencies_with_copied_part_five(checker):
    a = report("息烽县教育局", 2023, five=FIVE_A)
    copied = FIVE_A.replace("我局", "我委")  # the copier changed only the self-reference
    b = report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=copied)
    found = judged(checker, [("a.json", a), ("b.json", b)], ["X004"])
    assert triples(found["a.json"]) == [("X004", "/parts/1/text", "warning")]
    assert triples(found["b.json"]) == [("X004", "/parts/1/text", "warning")]
    finding = found["b.json"][0]
    assert finding.values["other"] == "a.json" and finding.values["similarity"] == 100
    assert (
        "a.json" in finding.message
        and "息烽县教育局" in finding.message
        and "100%" in finding.message
    )


def test_a_report_changed_and_checked_again_is_judged_as_it_now_reads(checker):
    """The same dict, edited between two runs (a notebook): its part texts are read
    afresh. (They were kept for the last report checked in the process, whatever it
    had become since.)"""
    a = report("息烽县教育局", 2023, five=FIVE_A)
    b = report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=FIVE_B)
    assert judged(checker, [("a.json", a), ("b.json", b)], ["X004"]) == {
        "a.json": [],
        "b.json": [],
    }
    b["parts"][1]["text"] = FIVE_A  # b now copies a
    found = judged(checker, [("b.json", b), ("a.json", a)], ["X004"])
    assert triples(found["b.json"]) == [("X004", "/parts/1/text", "warning")]


def test_x004_unrelated_reports_give_nothing(checker):
    a = report("息烽县教育局", 2023, five=FIVE_A)
    b = report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=FIVE_B)
    assert judged(checker, [("a.json", a), ("b.json", b)], ["X003", "X004"]) == {
        "a.json": [],
        "b.json": [],
    }


def test_x004_not_between_years_or_within_one_agency(checker):
    a = report("息烽县教育局", 2022, five=FIVE_A)
    b = report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=FIVE_A)
    c = report("息烽县教育局", 2023, five=FIVE_A)  # the same agency again: X003's, not X004's
    found = judged(checker, [("a", a), ("b", b)], ["X004"])
    assert found == {"a": [], "b": []}
    found = judged(checker, [("a", a), ("c", c)], ["X004", "X003"])
    assert triples(found["c"]) == [("X003", "/parts/1/text", "warning")]
    assert found["c"][0].values["similarity"] == 100 and found["c"][0].values["other"] == "a"


def test_x004_threshold_is_an_option(checker):
    a = report("息烽县教育局", 2023, five=FIVE_A)
    half = FIVE_A[: len(FIVE_A) // 2] + FIVE_B[len(FIVE_B) // 2 :]
    b = report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=half)
    default = judged(checker, [("a", a), ("b", b)], ["X004"])
    assert default == {"a": [], "b": []}
    low = judged(checker, [("a", a), ("b", b)], ["X004"], {"corpus": {"X004": {"threshold": 0.3}}})
    assert [f.rule for f in low["b"]] == ["X004"]
    with pytest.raises(ConfigError, match="X004"):
        judged(checker, [("a", a)], ["X004"], {"corpus": {"X004": {"threshold": 3}}})


def test_x003_and_x004_share_their_work_only_when_it_is_the_same(checker):
    """X004 reuses what X003 worked out from the same facts — unless its options differ
    (here every chunk two texts share is X004's boilerplate)."""
    a = report("息烽县教育局", 2022, five=FIVE_A)
    c = report("息烽县教育局", 2023, five=FIVE_A)
    b = report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=FIVE_A)
    docs = [("a", a), ("b", b), ("c", c)]
    both = judged(checker, docs, ["X003", "X004"])
    assert [f.rule for f in both["c"]] == ["X003", "X004"] and both["b"][0].rule == "X004"
    strict = {"corpus": {"X004": {"common_min": 1, "common_share": 0.01}}}
    found = judged(checker, docs, ["X003", "X004"], strict)
    assert triples(found["c"]) == [("X003", "/parts/1/text", "warning")] and found["b"] == []
    # the same rules, called without a judgement's shared dict, find the same
    x003, x004 = (r for r in checker.corpus_rules if r.id in ("X003", "X004"))
    for rule in (x003, x004):
        facts = [(p, similarity.part_facts(d)) for p, d in docs]
        alone = sorted((p, v.pointer) for p, v in rule.judge(facts))
        expected = sorted((p, f.pointer) for p, fs in both.items() for f in fs if f.rule == rule.id)
        assert alone == expected


CHUNK_SETS = st.frozensets(st.integers(1, 30), max_size=20)  # few chunks: many overlaps


@settings(max_examples=500, deadline=None)
@given(CHUNK_SETS, CHUNK_SETS, CHUNK_SETS, CHUNK_SETS)
def test_x003_counts_what_making_the_sets_would_give(now, last, boiler_now, boiler_last):
    """X003 compares two years' parts, each less both years' boilerplate, by counting
    (similarity._Judgement.compared): the same sizes, shared chunks and similarity as
    making the two sets and taking their Jaccard similarity."""
    prints, others = array("I", sorted(now)), array("I", sorted(last))
    facts = [
        ("a", {"agency": "甲局|", "year": 2023, "parts": [(5, 0, prints)]}),
        ("b", {"agency": "甲局|", "year": 2022, "parts": [(5, 0, others)]}),
    ]
    # two more texts a year hold just that year's boilerplate: in more than one text
    for year, boiler in ((2023, boiler_now), (2022, boiler_last)) * 2:
        facts.append(
            ("c", {"agency": "乙局|", "year": year, "parts": [(5, 0, array("I", boiler))]})
        )
    options = {**similarity._DEFAULTS, "common_min": 1, "common_share": 0.01}
    work = similarity._Judgement(facts, options)
    assert work.boiler == {(2023, 5): boiler_now, (2022, 5): boiler_last}
    mine = set(now) - boiler_now - boiler_last
    old = set(last) - boiler_last - boiler_now
    size, old_size, both = work.compared(2023, 2022, 5, prints, others)
    assert (size, old_size, both) == (len(mine), len(old), len(mine & old))
    assert work.compared(2022, 2023, 5, others, prints) == (old_size, size, both)
    if mine and old:
        assert both / (size + old_size - both) == jaccard(mine, old)


def test_corpus_rules_of_one_judgement_share_one_dict():
    """``judge(facts, shared=...)``: every rule that asks gets the same dict for one
    judgement and a new one for the next; a rule that does not ask is called as before."""
    seen = []

    class Asks:
        id, severity, title, plugin = "ZZ001", Severity.INFO, {"zh": "甲"}, "test"

        def collect(self, report, ctx):
            return 1

        def judge(self, facts, shared=None):
            seen.append((id(shared), len(shared.setdefault("n", []))))
            shared["n"].append(self.id)
            return []

    class AlsoAsks(Asks):
        id = "ZZ002"

    class DoesNot(Asks):
        id = "ZZ003"

        def judge(self, facts):
            seen.append(None)
            return []

    from tests.conftest import load_fixture

    checker = Checker(Options(entry_points=False))
    engine = Engine(
        checker.ruleset,
        checker.catalogue,
        selection=Selection(["ZZ"], None),
        corpus_rules=[Asks(), AlsoAsks(), DoesNot()],
    )
    for _ in range(2):
        results = [engine.check(Source(p, load_fixture("tables-2021"))) for p in "ab"]
        engine.judge(results)
    first, second = seen[:3], seen[3:]
    for one, two, none in (first, second):  # the same dict, fresh for each judgement
        assert one[0] == two[0] and (one[1], two[1]) == (0, 1) and none is None


def test_boilerplate_names_numbers_dates_and_template_are_removed():
    names = ["息烽县教育局", "息烽县", "息烽"]
    text = "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。息烽县教育局全年发布信息1234条，我局召开会议3次。"
    clean = normalise(text, names)
    assert "息烽" not in clean and "我局" not in clean
    prints = fingerprints(clean, template_prints())
    other = fingerprints(
        normalise(text.replace("1234", "98").replace("2023", "2024"), names), template_prints()
    )
    assert list(prints) == list(other)  # numbers and dates do not count
    only_template = fingerprints(
        normalise("本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。", names),
        template_prints(),
    )
    assert len(only_template) == 0


def test_index_finds_exactly_the_pairs_all_pairs_would():
    """Prefix filtering is exact: the same pairs as comparing every pair, here 45 texts."""
    texts = [FIVE_A, FIVE_B, ONE]
    for i in range(3, 60, 3):
        texts.append(FIVE_B[i:] + FIVE_A[: i * 2])
        texts.append(FIVE_A[i:] + FIVE_B[:i])
    sets = [frozenset(fingerprints(t)) for t in texts]
    for threshold in (0.5, 0.8, 0.95):
        brute = [
            (i, j, jaccard(sets[i], sets[j]))
            for i in range(len(sets))
            for j in range(i + 1, len(sets))
            if jaccard(sets[i], sets[j]) >= threshold
        ]
        assert similar_pairs(sets, threshold) == brute
        assert brute  # the test would be empty otherwise
        # counted over more texts than compared (X004 counts the whole year's part),
        # or in an order unrelated to rarity: the same pairs
        more = Counter(h for s in [*sets, *sets[:7], frozenset(fingerprints(FIVE_A))] for h in s)
        assert similar_pairs(sets, threshold, more) == brute
        unrelated = Counter({h: len(sets) + h % 5 for h in more})
        assert similar_pairs(sets, threshold, unrelated) == brute


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.frozensets(st.integers(1, 25), max_size=12), max_size=12),
    st.sampled_from([0.3, 0.5, 0.8, 0.9, 1.0]),
)
def test_index_finds_the_pairs_all_pairs_would_on_any_sets(sets, threshold):
    """Prefix filtering on random sets, small and overlapping (chunks one text holds
    are not indexed): exactly the pairs comparing every pair finds."""
    brute = [
        (i, j, jaccard(sets[i], sets[j]))
        for i in range(len(sets))
        for j in range(i + 1, len(sets))
        if sets[i] and sets[j] and jaccard(sets[i], sets[j]) >= threshold
    ]
    assert similar_pairs(sets, threshold) == brute
    arrays = [array("I", sorted(s)) for s in sets]  # as X004 gives them
    assert similar_pairs(arrays, threshold) == brute


def test_common_chunks_are_boilerplate_in_a_large_batch(checker):
    """A phrase 30 agencies all use is not copying; two agencies sharing their own words is."""
    shared = "全面推进政务公开标准化规范化建设工作取得明显成效"
    docs = []
    for k in range(30):
        own = "".join(chr(0x4E00 + 97 * k + 13 * m) for m in range(60))  # each agency's own words
        five = shared + "。" + "，".join(own[m : m + 4] for m in range(0, 60, 4)) + "。"
        docs.append((f"{k:02d}.json", report(f"第{k}局", 2023, f"某省某市{k}县", five=five)))
    docs.append(
        ("copy.json", report("抄写局", 2023, "某省某市抄写县", five=docs[0][1]["parts"][1]["text"]))
    )
    found = judged(checker, docs, ["X004"])
    flagged = sorted(path for path, fs in found.items() if fs)
    assert flagged == ["00.json", "copy.json"]


def test_a_report_without_a_region_is_the_same_agency(checker):
    last = balanced(report("息烽县教育局", 2022), 0, 3)
    this = balanced(report("息烽县教育局", 2023, region=None), 5, 0)
    twin = report("息烽县教育局", 2023, region=None, five=FIVE_A)  # read from a web page
    found = judged(checker, [("a", last), ("b", this)], ["X001"])
    assert [f.rule for f in found["b"]] == ["X001", "X001"]
    found = judged(checker, [("a", report("息烽县教育局", 2023)), ("b", twin)], ["X004"])
    assert found == {"a": [], "b": []}  # one agency's report twice is not copying


def test_formula_sentences_are_not_compared(checker):
    """The 信息处理费 statement (real wording of 平潭 reports 010 and 032) is a formula."""
    fee = (
        "按照《国务院办公厅关于印发〈政府信息公开信息处理费管理办法〉的通知》（国办函〔2020〕109号）"
        "规定的按件、按量收费标准，本年度没有产生信息公开处理费。"
    )
    a = report("平潭综合实验区海坛片区管理局", 2023, "福建省平潭综合实验区", five=FIVE_A)
    b = report("平潭综合实验区金井片区管理局", 2023, "福建省平潭综合实验区", five=FIVE_B)
    for doc in (a, b):
        doc["parts"][2]["text"] = fee
    assert judged(checker, [("a", a), ("b", b)], ["X004"]) == {"a": [], "b": []}
    assert normalise(fee, []) == ""


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["浙江", "省", "市", "自治区", "自治", "区", "州", "自治州", "特别行政区", "地区"]
            + ["地", "县", "旗", "镇", "乡", "街道", "街", "\n", "a", "东南", " "]
        ),
        max_size=14,
    ).map("".join)
)
def test_region_units_are_what_the_pattern_finds(name):
    """The agency's region units (浙江省, 金明市 …) as `.+?UNIT` finds them, in linear
    time: the pattern took seconds on a 40,000-character name (found by the fuzz job)."""
    assert region_units(name) == re.findall(".+?" + _UNIT, name)


def test_corpus_findings_on_json_files_name_their_lines(tmp_path):
    """X001 and X004 are found after the files' texts are gone; each file with such a
    finding is read again for the line of its pointer (SARIF regions, annotations)."""
    from nianbao.core.runner import Checker, Options

    docs = {
        "a-2022.json": balanced(report("息烽县教育局", 2022), 0, 3),
        "a-2023.json": balanced(report("息烽县教育局", 2023), 5, 0),
        "b-2023.json": report("开阳县卫生健康局", 2023, "贵州省贵阳市开阳县", five=FIVE_A),
    }
    for name, doc in docs.items():
        (tmp_path / name).write_text(json.dumps(doc, ensure_ascii=False, indent=2), "utf-8")
    checker = Checker(Options(select=["X001", "X004"], entry_points=False))
    paths = [str(tmp_path / name) for name in docs]
    run = checker.run(paths)
    found = {Path(r.path).name: r.findings for r in run.reports}
    lines = {name: (tmp_path / name).read_text("utf-8").splitlines() for name in docs}
    x001 = found["a-2023.json"][0]
    assert (x001.rule, x001.pointer) == ("X001", "/tables/applications/carried_over/natural_person")
    assert lines["a-2023.json"][x001.line - 1].strip() == '"natural_person": 5,'
    x004 = [f for f in found["b-2023.json"] if f.rule == "X004"][0]
    assert (
        lines["b-2023.json"][x004.line - 1].strip().startswith('"text": "（一）上年度问题整改情况')
    )
    # a file gone by the end of the run keeps its finding, without a line
    results = [checker.check_file(p) for p in paths]
    (tmp_path / "a-2023.json").unlink()
    again = {Path(r.path).name: r.findings for r in checker.finish(results).reports}
    assert [(f.rule, f.line) for f in again["a-2023.json"]][0] == ("X001", None)
    assert again["b-2023.json"] == found["b-2023.json"]


def test_corpus_findings_on_documents_name_the_documents_lines(tmp_path):
    """On a web page, a corpus finding names the page's line of the part, as the
    per-report findings name theirs (from the reader's provenance)."""
    from nianbao.core.runner import Checker, Options
    from tests.readers.render import to_html

    for name, agency in (("a.html", "息烽县教育局"), ("b.html", "开阳县卫生健康局")):
        doc = patched("tables-2021")  # all six parts, as a page prints them
        doc["title"] = f"{agency}2023年政府信息公开工作年度报告"
        doc["signature"]["name"] = doc["agency"]["name"] = agency
        doc["parts"][4]["text"] = FIVE_A
        (tmp_path / name).write_text(to_html(doc), "utf-8")
    checker = Checker(Options(select=["X004"], entry_points=False))
    run = checker.run([str(tmp_path / "a.html"), str(tmp_path / "b.html")])
    for result in run.reports:  # parts 一 (the fixture's) and 五 (FIVE_A) are copies
        assert [(f.rule, f.pointer) for f in result.findings] == [
            ("X004", "/parts/0/text"),
            ("X004", "/parts/4/text"),
        ]
        page = Path(result.path).read_text("utf-8").splitlines()
        one, five = result.findings
        assert "认真贯彻落实" in page[one.line - 1]
        assert "（一）上年度问题整改情况" in page[five.line - 1]
        assert five.source["line"] == five.line


def test_corpus_findings_on_documents_are_placed_without_reading_them_again(tmp_path):
    """A document's result keeps the provenance of the pointers the corpus rules say
    their findings may name (CorpusRule.pointers): the end of the run reads no document
    again (a PDF takes a third of a second), and the lines are those a second reading
    gives. A corpus rule that cannot say has its documents read again, as before."""
    from nianbao.core.runner import Checker, Options
    from tests.readers.render import to_html

    paths = []
    for name, agency in (("a.html", "息烽县教育局"), ("b.html", "开阳县卫生健康局")):
        doc = patched("tables-2021")
        doc["title"] = f"{agency}2023年政府信息公开工作年度报告"
        doc["signature"]["name"] = doc["agency"]["name"] = agency
        doc["parts"][4]["text"] = FIVE_A
        (tmp_path / name).write_text(to_html(doc), "utf-8")
        paths.append(str(tmp_path / name))
    checker = Checker(Options(select=["X004"], entry_points=False))
    expected = [
        [(f.rule, f.line, f.source) for f in r.findings] for r in checker.run(paths).reports
    ]
    assert all(line for findings in expected for _, line, _ in findings)

    results = [checker.check_file(p) for p in paths]
    kept = json.loads(zlib.decompress(results[0].corpus_provenance))  # parts 一, 五 (六: too short)
    assert set(kept) == {"/parts/0/text", "/parts/4/text"}
    assert all(entry["line"] for entry in kept.values())
    reads: list[str] = []
    real_read = checker.read
    checker.read = lambda path, data=None: reads.append(path) or real_read(path, data)
    run = checker.finish(results)
    assert reads == []
    assert [[(f.rule, f.line, f.source) for f in r.findings] for r in run.reports] == expected
    assert all(r.corpus_provenance is None for r in run.reports)  # gone with the facts

    # the same rule without ``pointers``: each document is read again, same lines
    cls = type(checker.engine.corpus_rules[0])
    checker.engine.corpus_rules[0].__class__ = type("NoPointers", (cls,), {"pointers": None})
    results = [checker.check_file(p) for p in paths]
    assert all(r.corpus_provenance is None for r in results)
    reads.clear()
    run = checker.finish(results)
    assert sorted(reads) == sorted(paths)
    assert [[(f.rule, f.line, f.source) for f in r.findings] for r in run.reports] == expected
