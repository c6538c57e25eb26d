"""The whole Document as one normalised string, with a way back to every source place.

Every reader's output — paragraphs, headings, table cells — is laid end to end
in reading order. Labels, dates and numbers are then found with one set of
patterns whatever the file type was, and each position still knows the block or
cell it came from (for provenance) and the text as printed (for the model).

Normalisation: NFKC (full-width digits, brackets and punctuation become ASCII;
the ideographic space and &nbsp; become spaces), zero-width characters dropped,
and whitespace dropped wherever it stands next to a Chinese character or
punctuation — so ``商业\\n企业`` and ``（三） 不予 公开`` match their labels, while
the spaces between two numbers (``0 1 1``) stay, because they separate cells.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from nianbao.core.document import Document

CELL = "\x1f"  # end of a paragraph or a table cell
ROW = "\x1e"  # end of a table row
BREAKS = CELL + ROW
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\xad"}
_KEEP_SPACE = set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.%+-")


# Characters that stand for themselves: CJK ideographs and printable ASCII (with the
# space) have no compatibility form. Every other character is looked up, once per
# process, in _MAPPED: what NFKC makes of it alone, "" for a zero-width one, " " for
# whitespace.
_SPECIAL = re.compile("[^\u4e00-\u9fff -~]")
_SPACES = re.compile(" +")
_MAPPED: dict[str, str] = {}
_MAPPED_MAX = 100_000  # distinct characters kept; a text of many more starts afresh


def _mapped(ch: str) -> str:
    """What one character becomes before spaces are settled."""
    found = _MAPPED.get(ch)
    if found is None:
        if ch in _ZERO_WIDTH:
            found = ""
        elif ch.isspace():
            found = " "
        else:
            found = "".join(" " if c.isspace() else c for c in unicodedata.normalize("NFKC", ch))
        if len(_MAPPED) >= _MAPPED_MAX:
            _MAPPED.clear()
        _MAPPED[ch] = found
    return found


def normalize(text: str) -> tuple[str, list[int]]:
    """``text`` normalised, and for each output character the index it came from.

    Each character is normalised alone (NFKC), zero-width characters dropped and
    whitespace made a space; then a run of spaces is dropped, or kept as one space
    where it stands between two characters of _KEEP_SPACE. Worked with
    ``str.translate`` and slices rather than character by character: most characters
    stand for themselves, and the few that do not are looked up once per process
    (a document's cells and paragraphs: ≈ 5× faster).
    """
    specials = _SPECIAL.findall(text)
    if not specials and " " not in text:  # most table cells: "0", "商业企业"
        return text, list(range(len(text)))
    table: dict[int, str] = {}
    uneven: list[str] = []  # characters that become none or several
    for ch in set(specials):
        to = _mapped(ch)
        if to != ch:
            table[ord(ch)] = to
        if len(to) != 1:
            uneven.append(ch)
    mapped = text.translate(table) if table else text
    if not uneven:
        index = list(range(len(text)))
    else:
        places = sorted(i for ch in uneven for i in _find_all(text, ch))
        index = []
        pos = 0
        for i in places:
            index.extend(range(pos, i))
            index.extend([i] * len(table[ord(text[i])]))
            pos = i + 1
        index.extend(range(pos, len(text)))
    if " " not in mapped:
        return mapped, index
    out: list[str] = []
    out_index: list[int] = []
    pos = 0
    for run in _SPACES.finditer(mapped):
        start, end = run.span()
        out.append(mapped[pos:start])
        out_index += index[pos:start]
        before = mapped[start - 1] if start else ""
        after = mapped[end] if end < len(mapped) else ""
        if before in _KEEP_SPACE and after in _KEEP_SPACE:
            out.append(" ")
            out_index.append(index[start])
        pos = end
    out.append(mapped[pos:])
    out_index += index[pos:]
    return "".join(out), out_index


def _find_all(text: str, ch: str) -> list[int]:
    found = []
    i = text.find(ch)
    while i != -1:
        found.append(i)
        i = text.find(ch, i + 1)
    return found


def squash(text: str) -> str:
    """Normalised text alone (for comparing labels)."""
    return normalize(text)[0]


@dataclass(slots=True)
class Frag:
    """One paragraph or cell as the reader gave it."""

    text: str  # as printed
    where: dict[str, Any]
    start: int  # where its normalised text begins in the flat string
    end: int
    block: int  # index of the block it belongs to
    row: int | None = None  # table row (grid tables only)
    kind: str = "paragraph"  # the block's kind


class Flat:
    """The document as one string ``text`` plus the map back to the source."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.frags: list[Frag] = []
        pieces: list[str] = []
        self._frag_of: list[int] = []  # per character of ``text``: frag index (-1 = separator)
        self._orig: list[int] = []  # per character: index in the frag's printed text
        length = 0
        # a table repeats its cells' texts ("0" dozens of times): each is normalised once
        seen: dict[str, tuple[str, list[int]]] = {}

        def add(text: str, where: dict[str, Any], block: int, row: int | None, kind: str) -> None:
            nonlocal length
            done = seen.get(text)
            if done is None:
                done = seen[text] = normalize(text)
            norm, index = done
            frag = Frag(text, where, length, length + len(norm), block, row, kind)
            self.frags.append(frag)
            pieces.append(norm)
            self._frag_of.extend([len(self.frags) - 1] * len(norm))
            self._orig.extend(index)
            length += len(norm)

        def sep(mark: str) -> None:
            nonlocal length
            pieces.append(mark)
            self._frag_of.append(-1)
            self._orig.append(-1)
            length += 1

        for b, block in enumerate(document.blocks):
            if block.kind == "table":
                for r, row in enumerate(block.rows):
                    previous: dict[str, Any] | None = None
                    for cell in row:
                        # A merged cell is repeated across the columns it spans; read it once.
                        if previous is not None and cell.where == previous and cell.where:
                            continue
                        previous = cell.where
                        add(cell.text, cell.where or block.where, b, r, "cell")
                        sep(CELL)
                    sep(ROW)
                sep(ROW)
            else:
                add(block.text, block.where, b, None, block.kind)
                sep(CELL)
        self.text = "".join(pieces)

    # -- back to the source -------------------------------------------------

    def frag_at(self, pos: int) -> Frag | None:
        """The paragraph or cell the character at ``pos`` belongs to (the next one for a break)."""
        n = len(self._frag_of)
        while 0 <= pos < n and self._frag_of[pos] < 0:
            pos += 1
        if 0 <= pos < n:
            return self.frags[self._frag_of[pos]]
        return None

    def where(self, pos: int, text: str | None = None) -> dict[str, Any]:
        """Provenance of the character at ``pos``: the block's or cell's place, line exact."""
        n = len(self._frag_of)
        probe = pos
        while 0 <= probe < n and self._frag_of[probe] < 0:
            probe += 1
        if not 0 <= probe < n:
            return {"text": text} if text is not None else {}
        frag = self.frags[self._frag_of[probe]]
        out = dict(frag.where)
        if isinstance(out.get("line"), int) and "element" not in out:
            out["line"] += frag.text[: self._orig[probe]].count("\n")
        if text is not None:
            out["text"] = text
        return out

    def printed(self, start: int, end: int) -> str:
        """The text between two positions as printed (paragraphs joined by new lines)."""
        start = max(start, 0)
        end = min(end, len(self.text))
        out: list[str] = []
        i = start
        while i < end:
            f = self._frag_of[i]
            if f < 0:
                if out and out[-1] != "\n" and self.text[i] in BREAKS:
                    out.append("\n")
                i += 1
                continue
            j = i
            while j < end and self._frag_of[j] == f:
                j += 1
            frag = self.frags[f]
            a = self._orig[i]
            b = self._orig[j - 1] + 1
            if j == frag.end and j <= end:
                b = len(frag.text.rstrip())
            if i == frag.start:
                a = 0
            out.append(frag.text[a:b])
            i = j
        return "".join(out).strip()

    def position(self, frag: Frag, offset: int) -> int:
        """The flat position of the first character at or after ``offset`` of a frag's printed text."""
        for pos in range(frag.start, frag.end):
            if self._orig[pos] >= offset:
                return pos
        return frag.end

    def line_of(self, pos: int) -> int | str | None:
        return self.where(pos).get("line")
