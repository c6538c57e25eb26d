"""Labels are searched from where their anchor is (interpreter/tables.py label_matches):
the same matches as trying each label's pattern at every place of the table."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.plugins.interpreter.flat import CELL, ROW
from nianbao.plugins.interpreter.labels import TABLES, anchor_of
from nianbao.plugins.interpreter.tables import label_matches

LABELS = [label for labels in TABLES.values() for label in labels]

# pieces of tables as normalised text gives them: label wordings (whole and cut),
# ordinals, numbers, brackets, separators
PIECES = st.sampled_from(
    [label.text for label in LABELS]
    + [label.anchor for label in LABELS if label.anchor]
    + ["(一)", "一、", "1.", "(1)", "2、", "0", "12", " ", "(", ")", ",", "、", "其他", "法律"]
    + [CELL, ROW, "单位:万元", "区分处理的", "本年", "新", "行政机关不再处理其申请"]
)
TEXTS = st.lists(PIECES, max_size=30).map("".join)


def _spans(matches):
    return [m.span() for m in matches]


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(0, 20), st.integers(0, 20))
def test_anchored_search_finds_what_the_pattern_finds_everywhere(text, cut_start, cut_end):
    start, end = min(cut_start, len(text)), max(len(text) - cut_end, 0)
    for label in LABELS:
        expected = _spans(label.pattern.finditer(text, start, end))
        assert _spans(label_matches(label, text, start, end)) == expected, label.key


def test_every_label_has_an_anchor_and_the_reach_is_its_optional_prefix():
    assert all(label.anchor for label in LABELS)
    assert anchor_of(r"(?:一、)?本年新收(?:政府信息公开)?申请(?:数量)?") == ("本年新收", 2)
    assert anchor_of(r"(?:\(一\)|一、)?予以公开") == ("予以公开", 3)
    assert anchor_of(r".*本年新收") == (None, 0)  # no bound before it: the whole region
    assert anchor_of(r"(?i)abc") == (None, 0)
