"""The helpers under the content rules: numerals, dates, headings."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.rules.dates import agency_kind, opening_year, parse_date
from nianbao.rules.functions.placeholders import (
    _DEFAULT_NEEDLES,
    _DEFAULT_PHRASES,
    could_have_any,
    could_have_placeholders,
    placeholders,
)
from nianbao.rules.numerals import parse_number
from nianbao.rules.parts import heading_number, heading_topic


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("123", 123),
        ("3,119", 3119),
        ("１２", 12),
        ("零", 0),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("一百二十三", 123),
        ("一百零五", 105),
        ("两千零五", 2005),
        ("一万二千", 12000),
        ("十万", 100000),
        ("二〇二三", 2023),
        ("二零二三", 2023),
        ("二三百", None),
        ("abc", None),
        ("", None),
    ],
)
def test_numbers(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2021年1月20日", dt.date(2021, 1, 20)),
        ("二〇二一年一月二十日", dt.date(2021, 1, 20)),
        ("2021-01-20", dt.date(2021, 1, 20)),
        ("２０２１．１．２０", dt.date(2021, 1, 20)),
        ("2021年2月30日", None),
        ("2021年", None),
    ],
)
def test_dates(text, date):
    assert parse_date(text) == date


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2022年，我局坚持", 2022),
        ("2022年度，我局", 2022),
        ("（一）主动公开情况\n2022年，我局主动公开", 2022),
        ("二〇二二年，我局", 2022),
        ("2019年以来，我局", None),
        ("2024年，我局将继续", None),
        ("今年以来，我局", None),
        ("我局2022年全面推进", None),
    ],
)
def test_opening_year(text, year):
    found = opening_year(text)
    assert (found.year if found else None) == year


@pytest.mark.parametrize(
    ("heading", "number", "topic"),
    [
        ("一、总体情况", 1, 1),
        ("一总体情况", 1, 1),
        ("二、主动公开政府信息情况（有关情况附表）", 2, 2),
        ("三、收到和处理政府信息公开申请情况", 3, 3),
        ("四、因政府信息公开申请行政复议、提起行政诉讼的情况", 4, 4),
        ("五、政府信息公开工作存在的主要问题及改进情况", 5, 5),
        ("六、其它需要报告的事项", 6, 6),
        ("七、其他需说明事项", 7, 6),
        ("五、信息处理费收取情况", 5, None),
        ("第三部分 收到和处理政府信息公开申请情况", 3, 3),
        ("总体情况", None, 1),
    ],
)
def test_headings(heading, number, topic):
    assert heading_number(heading) == number
    assert heading_topic(heading) == topic


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("鹿窝镇人民政府", "township"),
        ("某区某某街道办事处", "township"),
        ("淮安市人民政府（市政府办公室编制，全市汇总）", "government"),
        ("息烽县人民政府", "government"),
        ("息烽县人民政府办公室", "department"),
        ("平潭综合实验区财政金融局", "department"),
        ("某省人民政府办公厅", "department"),
    ],
)
def test_agency_kind_from_name(name, kind):
    assert agency_kind({"agency": {"name": name}}) == kind


# -- S005's quick test -----------------------------------------------------------------

_PIECES = [
    "X", "x", "XX", "xxx", "Ｘ", "ｘ", "×", "Ⅹ", "✕", "20", "0", "年", "件", "场", "局",
    "g", "k", "Excel", "http://", "www.", "xxgk", ".gov.cn/", "@", "a", "b.cn", " ", "，",
    "\n", "（", "）", "/", "-", "_", "%", "?", "=", "&", "数据",
]  # fmt: skip


_NEVER = ("此短语不会出现",)  # a phrase none of the texts holds: only the X test decides


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12).map("".join))
def test_the_quick_test_never_misses_an_x_placeholder(text):
    """``could_have_placeholders`` (and ``could_have_any``, all fields at once) says False
    only where ``placeholders`` finds nothing, whatever Latin words, web and e-mail
    addresses stand around the X-like characters."""
    if list(placeholders(text, _NEVER)):
        assert could_have_placeholders(text, _NEVER)
        assert could_have_any(["标题", text], _NEVER)


_PHRASE_PIECES = [
    "待", "填", "写", "此处", "请", "说明", "【", "】", "[", "]", "(", ")", "（", "）",
    "姓名", "X", "，", " ", "\n", "此", "处",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PHRASE_PIECES), max_size=12).map("".join))
def test_the_quick_test_never_misses_a_default_phrase(text):
    """The default phrases are asked by their needles (填, 此处) instead of searched
    for: every text in which one is found holds a needle, and is not passed over."""
    from nianbao.core.patterns import compile_pattern
    from nianbao.rules.text import fold

    defaults = tuple(_DEFAULT_PHRASES)
    if any(compile_pattern(p).search(fold(text)) for p in defaults):
        assert any(needle in text for needle in _DEFAULT_NEEDLES)
        assert could_have_any(["标题", text], defaults)
        assert could_have_any(["标题", text], (*defaults, "此短语不会出现"))


def test_the_quick_test_passes_over_a_clean_report_and_searches_a_packs_phrases():
    clean = ["河山县财政局2021年政府信息公开工作年度报告", "本年度共收到申请3件。"]
    assert not could_have_any(clean, tuple(_DEFAULT_PHRASES))
    assert could_have_any([*clean, "请在此处填写名称"], tuple(_DEFAULT_PHRASES))
    # a pack's own phrase is searched for, folded (full-width brackets as ASCII)
    assert could_have_any([*clean, "（待定）"], (*_DEFAULT_PHRASES, r"\(待定\)"))
    assert not could_have_any(clean, (*_DEFAULT_PHRASES, r"\(待定\)"))


_FIGURE_PIECES = [
    "收到", "申请", "共", "12", "一百零三", "件", "宗", "个", "份", "条", "起", "办结",
    "上年结转", "结转下年度", "行政复议", "行政诉讼", "，", "。", " ", "近", "余",
]  # fmt: skip


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_FIGURE_PIECES), max_size=10).map("".join))
def test_a_text_without_a_unit_states_no_figure(text):
    """N001 skips a text with no 件/宗/起/个/份/条 in it: every kind's pattern ends with
    a number and one of them, so no pattern can match there."""
    from nianbao.rules.figures import _ANY_UNIT, KINDS

    if not _ANY_UNIT.search(text):
        assert not any(kind.pattern.search(text) for kind in KINDS)
