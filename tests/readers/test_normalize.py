"""The interpreter's normalisation (plugins/interpreter/flat.py) against its definition:
each character normalised alone, zero-width dropped, spaces settled by their neighbours."""

from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from nianbao.plugins.interpreter.flat import _KEEP_SPACE, _ZERO_WIDTH, normalize


def by_definition(text: str) -> tuple[str, list[int]]:
    """The definition, character by character (the implementation before it was made fast)."""
    chars: list[str] = []
    index: list[int] = []
    for i, ch in enumerate(text):
        if ch in _ZERO_WIDTH:
            continue
        if ch.isspace():
            chars.append(" ")
            index.append(i)
            continue
        for c in unicodedata.normalize("NFKC", ch):
            chars.append(" " if c.isspace() else c)
            index.append(i)
    out: list[str] = []
    out_index: list[int] = []
    i = 0
    while i < len(chars):
        if chars[i] == " ":
            j = i
            while j < len(chars) and chars[j] == " ":
                j += 1
            before = out[-1] if out else ""
            after = chars[j] if j < len(chars) else ""
            if before in _KEEP_SPACE and after in _KEEP_SPACE:
                out.append(" ")
                out_index.append(index[i])
            i = j
        else:
            out.append(chars[i])
            out_index.append(index[i])
            i += 1
    return "".join(out), out_index


# what report pages hold: ideographs, ASCII, full-width forms, every kind of space and
# line break, zero-width characters, and characters NFKC expands or changes
# (…, ①, ㈠, ﬁ, ¨, ㎡, 𝐀, ℃, ⅰ), combining marks, a lone surrogate
ALPHABET = st.sampled_from(
    list("商业企业不予公开（一）：，。；、0123456789abcXYZ.%+-/")
    + [" ", "\n", "\t", "\r", "\u3000", "\xa0", "\u2002", "\u200b", "\ufeff", "\xad", "\u2060"]
    + ["…", "①", "㈠", "ﬁ", "¨", "㎡", "\U0001d400", "℃", "ⅰ", "\u0301", "\ud800", "０", "Ａ"]
)


@settings(max_examples=3000, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_normalize_is_its_definition(text):
    assert normalize(text) == by_definition(text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
def test_normalize_is_its_definition_on_any_text(text):
    assert normalize(text) == by_definition(text)


def test_examples():
    assert normalize("商业\n企业") == ("商业企业", [0, 1, 3, 4])
    assert normalize("0 1  1") == ("0 1 1", [0, 1, 2, 3, 5])
    assert normalize("（三） 不予 公开")[0] == "(三)不予公开"
    assert normalize("共…①件")[0] == "共...1件"
