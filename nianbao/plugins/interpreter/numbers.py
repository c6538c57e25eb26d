"""Table values as printed → numbers, and splitting digits that ran together.

Published pages often lose the borders between cells, so a row of seven zeros
arrives as ``0000000`` and a row ``8 | 1 | 0 | 0 | 0 | 0 | 9`` as ``8100009``.
Such a run is split by listing every way to cut it into the row's cells
(no leading zeros, a sign only where the column is signed, a decimal point only
where the column is an amount). One way is certain; several ways are narrowed
by the row's own sum (总计 = the other cells) and the choice is *said*, because
a split chosen by its sum can no longer show that sum wrong; no way, or several
ways after that, leaves the row blank and says why. Nothing is guessed silently.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

# Column kinds, as the schema's x-cell names them.
COUNT, SIGNED, AMOUNT = "count", "signed", "amount"

BLANK = re.compile(r"^[-—–―/\\]+$")
UNIT = re.compile(r"(万元|元|件|个|项|次|条|人)$")
THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
NUMERIC = re.compile(r"^[+-]?\d+(\.\d+)?$")
# A piece that is made of numbers only (possibly several run together, or a sign between).
NUMBERS_ONLY = re.compile(r"^[+-]?[\d.,+-]*\d[\d.,+-]*$")

_PATTERNS = {
    COUNT: re.compile(r"0|[1-9]\d*"),
    SIGNED: re.compile(r"[+-]?(?:0|[1-9]\d*)"),
    AMOUNT: re.compile(r"(?:0|[1-9]\d*)(?:\.\d+)?"),
}
MAX_CANDIDATES = 2000


@dataclass(frozen=True, slots=True)
class Piece:
    """One whitespace- or cell-separated stretch of a printed row, with where it began."""

    text: str  # normalised
    pos: int  # position in the flattened document text
    exact: bool  # a whole table cell (its borders are known)


def strip_unit(text: str) -> str:
    return UNIT.sub("", text)


def is_blank(text: str) -> bool:
    return text == "" or bool(BLANK.match(text))


def is_numeric_piece(text: str) -> bool:
    """True for what can stand in a value cell: numbers (run together or not), blanks, units."""
    t = strip_unit(text)
    return is_blank(text) or bool(NUMBERS_ONLY.match(t))


def to_value(text: str, kind: str) -> Any:
    """One cell's printed text → its model value (None for a blank, the text if not a number)."""
    t = text.strip()
    if is_blank(t):
        return None
    t = strip_unit(t)
    if THOUSANDS.match(t):
        t = t.replace(",", "")
    if not NUMERIC.match(t):
        return text.strip()
    if "." in t:
        number = float(t)
        if kind != AMOUNT and number.is_integer():
            return int(number)
        return number
    return int(t)


def _splits(text: str, n: int, kinds: Sequence[str], limit: int) -> list[list[str]]:
    """Every way to cut ``text`` into exactly ``n`` numbers of the given kinds."""
    out: list[list[str]] = []

    def walk(start: int, k: int, acc: list[str]) -> None:
        if len(out) >= limit:
            return
        if k == n:
            if start == len(text):
                out.append(list(acc))
            return
        if start == len(text) or len(text) - start < n - k:
            return
        pattern = _PATTERNS[kinds[k]]
        for end in range(start + 1, len(text) + 1):
            part = text[start:end]
            if pattern.fullmatch(part):
                acc.append(part)
                walk(end, k + 1, acc)
                acc.pop()

    walk(0, 0, [])
    return out


def candidates(
    pieces: Sequence[str], kinds: Sequence[str], whole: Sequence[bool] = ()
) -> list[list[str]]:
    """Every assignment of the printed pieces to the row's cells, in order.

    Each piece becomes one or more consecutive cells; a piece marked ``whole`` (its
    cell borders were printed) stays one cell.
    """
    n = len(kinds)
    out: list[list[str]] = []

    def walk(i: int, k: int, acc: list[str]) -> None:
        if len(out) >= MAX_CANDIDATES:
            return
        if i == len(pieces):
            if k == n:
                out.append(list(acc))
            return
        remaining = len(pieces) - i - 1
        most = 1 if (i < len(whole) and whole[i]) else n - k - remaining
        for take in range(1, most + 1):
            for split in _splits(pieces[i], take, kinds[k : k + take], MAX_CANDIDATES):
                acc.extend(split)
                walk(i + 1, k + take, acc)
                del acc[len(acc) - take :]

    walk(0, 0, [])
    return out


@dataclass
class RowReading:
    """How a row's printed values became cells.

    ``status``: ``exact`` (one value per printed cell), ``unique`` (one possible
    split), ``inferred`` (several splits, exactly one satisfies the row's sum),
    ``ambiguous`` (several remain), ``impossible`` (none fits).
    """

    status: str
    texts: list[str | None]  # per cell, the printed text (None = no value)
    options: list[list[str]]  # the splits that were possible (for the message)


def read_row(
    pieces: Sequence[Piece],
    kinds: Sequence[str],
    identity: Callable[[list[Any]], bool] | None = None,
) -> RowReading:
    """Assign a row's printed pieces to its ``len(kinds)`` cells."""
    n = len(kinds)
    texts = [p.text for p in pieces]
    if not texts:
        return RowReading("exact", [None] * n, [])
    if len(texts) == n:
        return RowReading("exact", [None if is_blank(t) else t for t in texts], [])
    if len(texts) > n:
        # Trailing empty cells (a grid wider than the table) carry nothing.
        trimmed = list(texts)
        while len(trimmed) > n and is_blank(trimmed[-1]):
            trimmed.pop()
        if len(trimmed) == n:
            return RowReading("exact", [None if is_blank(t) else t for t in trimmed], [])
        return RowReading("ambiguous", [None] * n, [texts])
    if all(p.exact for p in pieces):
        # Every cell border was printed, so a missing cell cannot be put back.
        return RowReading("impossible", [None] * n, [])
    cleaned = [strip_unit(t).replace(",", "") for t in texts]
    if any(is_blank(t) or not re.fullmatch(r"[\d.+-]+", t) for t in cleaned):
        return RowReading("impossible", [None] * n, [])
    options = candidates(cleaned, kinds, [p.exact for p in pieces])
    if len(options) == 1:
        return RowReading("unique", list(options[0]), options)
    if not options:
        return RowReading("impossible", [None] * n, [])
    if identity is not None:
        fitting = [
            o for o in options if identity([to_value(t, k) for t, k in zip(o, kinds, strict=True)])
        ]
        if len(fitting) == 1:
            return RowReading("inferred", list(fitting[0]), options)
    return RowReading("ambiguous", [None] * n, options)


def total_is_sum(values: list[Any]) -> bool:
    """The row identity of 表三 (last = sum of the others)."""
    return all(isinstance(v, (int, float)) for v in values) and values[-1] == sum(values[:-1])


def groups_of_five_sum(values: list[Any]) -> bool:
    """The row identity of 表四: in each group of five, 总计 = the four outcomes."""
    if not all(isinstance(v, (int, float)) for v in values):
        return False
    return all(values[i + 4] == sum(values[i : i + 4]) for i in range(0, len(values), 5))
