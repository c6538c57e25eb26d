"""表二, 表三, 表四: from the flattened document to the model's tables.

A table is read the same way whatever the file type was: its labels are found
in the flat text (both editions' labels, leftmost-longest), and the values of a
row are what follows its label up to the next label — cells of a grid row, one
paragraph per cell (a web page copied as text), or numbers that ran together
(``规章000``). A grid row's values stop at the row's end, so label cells of the
next row that were merged (``三、本年度办理结果``) are never read as values.

What cannot be read for sure is said, never guessed: a run of digits with
several possible splits (T003 ``ambiguous`` / ``inferred``), a row of the other
edition or an unknown labelled row with numbers (T002 ``extra``).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.model import REVIEW_COLUMNS, Model, path_to_pointer, pointer_to_path
from nianbao.plugins.interpreter.flat import CELL, ROW, Flat
from nianbao.plugins.interpreter.labels import TABLES, Label
from nianbao.plugins.interpreter.numbers import (
    Piece,
    RowReading,
    groups_of_five_sum,
    is_blank,
    is_numeric_piece,
    read_row,
    to_value,
    total_is_sum,
)

TABLE_NAMES = {"proactive": "表二", "applications": "表三", "reviews": "表四"}
REVIEW_ROWS = ("review", "litigation_direct", "litigation_after_review")
_SENTENCE = re.compile(r"[。,;:!?，；：！？]")
MAX_LABEL = 40  # an unknown row label longer than this is running text, not a row


@dataclass
class Tables:
    """What reading the tables gave: the ``tables`` object, provenance and findings."""

    tables: dict[str, Any] = field(default_factory=dict)
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    findings: list[tuple[str, Violation]] = field(default_factory=list)


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    label: Label


def find_labels(text: str, labels: tuple[Label, ...], start: int, end: int) -> list[Hit]:
    """Non-overlapping label matches in ``text[start:end]``, leftmost first, longest on a tie."""
    found: list[tuple[int, int, int, Label]] = []
    for order, label in enumerate(labels):
        for m in label_matches(label, text, start, end):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), order, label))
    found.sort(key=lambda f: (f[0], f[1], f[2]))
    hits: list[Hit] = []
    last = start
    for s, neg, _, label in found:
        if s >= last:
            hits.append(Hit(s, s - neg, label))
            last = s - neg
    return hits


def label_matches(label: Label, text: str, start: int, end: int) -> Iterator[re.Match[str]]:
    """``label.pattern.finditer(text, start, end)``, searched only from where its anchor is.

    A match holds the anchor at most ``reach`` characters after its start, so the next
    match at or after ``pos`` cannot begin before the anchor's next place less
    ``reach``: the search starts there (and there is none once the anchor is not
    found). Most labels are printed once, so each is found in a few steps instead of
    trying its pattern at every place of the table (a third of reading a document).
    """
    if label.anchor is None:
        yield from label.pattern.finditer(text, start, end)
        return
    pos = start
    while True:
        at = text.find(label.anchor, pos, end)
        if at == -1:
            return
        m = label.pattern.search(text, max(pos, at - label.reach), end)
        if m is None:
            return
        yield m
        pos = m.end()  # (never empty: it holds the anchor)


class TableReader:
    """Reads the three tables of one document for one edition."""

    def __init__(self, flat: Flat, edition: str, model: Model) -> None:
        self.flat = flat
        self.text = flat.text
        self.edition = edition
        self.model = model
        self.out = Tables()
        self._starts = [f.start for f in flat.frags]
        self._empty = {f.start: f for f in flat.frags if f.start == f.end and f.row is not None}

    # -- pieces ---------------------------------------------------------------

    def pieces(self, start: int, end: int) -> list[Piece]:
        """The stretches of ``text[start:end]``: whole grid cells, or whitespace-separated runs."""
        out: list[Piece] = []
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        frags = self.flat.frags
        while i < len(frags) and frags[i].start < end:
            frag = frags[i]
            i += 1
            a, b = max(frag.start, start), min(frag.end, end)
            if frag.end < start or a > b:
                continue
            if frag.start == frag.end:
                if frag.row is not None and start <= frag.start < end:
                    out.append(Piece("", frag.start, True))
                continue
            if frag.row is not None and a == frag.start and b == frag.end:
                out.append(Piece(self.text[a:b].strip(), a, True))
                continue
            # A number glued to the bracket of what follows it ("7816(二)主动公开…") ends there.
            for m in re.finditer(r"[+-]?\d[\d.,]*(?=[(\[【])|[^\s\x1e\x1f]+", self.text[a:b]):
                whole = a + m.start() == frag.start and a + m.end() == frag.end
                out.append(Piece(m.group(), a + m.start(), whole))
        return out

    def _in_grid(self, piece: Piece) -> bool:
        frag = self.flat.frag_at(piece.pos)
        return frag is not None and frag.row is not None and frag.start <= piece.pos <= frag.end

    def _values_after(self, hit: Hit, stop: int) -> tuple[list[Piece], list[Piece], int]:
        """The values that follow a label (up to the row's end or the next label), and the rest."""
        begin = hit.end
        frag = self.flat.frag_at(hit.start)
        if frag is not None and frag.row is not None:
            begin = max(begin, frag.end)  # the rest of a label cell is still label
        row_end = self.text.find(ROW, begin, stop)
        limit = row_end if row_end >= 0 else stop
        pieces = self.pieces(begin, limit)
        values: list[Piece] = []
        for piece in pieces:
            if (piece.exact and self._in_grid(piece)) or is_numeric_piece(piece.text):
                values.append(piece)
            else:
                break
        return values, pieces[len(values) :], limit

    # -- provenance and findings ----------------------------------------------------

    def _where(self, pos: int, text: str) -> dict[str, Any]:
        empty = self._empty.get(pos)
        if empty is not None and not text:
            return {**empty.where, "text": text}  # a blank cell has no characters of its own
        return self.flat.where(pos, text)

    def _say(self, rule: str, pointer: str, values: dict[str, Any], variant: str | None) -> None:
        self.out.findings.append((rule, Violation(pointer, values, variant)))

    def _extra(self, table: str, pointer: str | None, text: str, pos: int) -> None:
        if pointer is None:
            pointer = path_to_pointer(("tables", table, text))
        self.out.provenance.setdefault(pointer, self._where(pos, text))
        self._say("T002", pointer, {"cell": TABLE_NAMES[table], "text": text}, "extra")

    def _check_tail(self, table: str, tail: list[Piece]) -> None:
        """Unknown words followed by numbers: a row the edition does not have."""
        words: list[Piece] = []
        for piece in tail:
            if is_numeric_piece(piece.text):
                break
            words.append(piece)
        if not words or len(words) == len(tail):
            return
        numbers = tail[len(words)]
        if is_blank(numbers.text):
            return
        text = self.flat.printed(words[0].pos, words[-1].pos + len(words[-1].text))
        if len(text) <= MAX_LABEL and not _SENTENCE.search(text):
            self._extra(table, None, text, words[0].pos)

    # -- rows ---------------------------------------------------------------------

    def _set_row(self, pointer: str, reading: RowReading, pieces: list[Piece], hit: Hit) -> None:
        columns = list(self.model.node_at(pointer).children)
        kinds = [self.model.cell_kind(f"{pointer}/{c}") or "count" for c in columns]
        row: dict[str, Any] = {}
        label_text = self.flat.printed(hit.start, hit.end)
        self.out.provenance[pointer] = self._where(hit.start, label_text)
        run = " ".join(p.text for p in pieces)
        exact = reading.status == "exact"
        for i, (column, kind) in enumerate(zip(columns, kinds, strict=True)):
            printed = reading.texts[i]
            row[column] = None if printed is None else to_value(printed, kind)
            if exact and i < len(pieces):
                where = self._where(
                    pieces[i].pos,
                    self.flat.printed(pieces[i].pos, pieces[i].pos + len(pieces[i].text))
                    if pieces[i].text
                    else "",
                )
            elif pieces:
                where = self._where(pieces[0].pos, printed if printed is not None else run)
            else:
                where = self._where(hit.start, "")
            self.out.provenance[f"{pointer}/{column}"] = where
        _assign(self.out.tables, pointer, row)
        cell = pointer[len("/tables/") :]
        if reading.status in ("ambiguous", "impossible"):
            shown = [" | ".join(o) for o in reading.options[:6]]
            more = len(reading.options) - len(shown)
            text = "、".join(shown) + (f" … (+{more})" if more > 0 else "")
            self._say(
                "T003",
                pointer,
                {"cell": cell, "text": run, "candidates": text or "—", "cells": len(columns)},
                "ambiguous" if reading.status == "ambiguous" else "unsplittable",
            )
        elif reading.status == "inferred":
            self._say(
                "T003",
                pointer,
                {
                    "cell": cell,
                    "text": run,
                    "candidates": len(reading.options),
                    "chosen": " | ".join(t or "" for t in reading.texts),
                },
                "inferred",
            )

    def _row_reading(self, pointer: str, values: list[Piece]) -> RowReading:
        columns = list(self.model.node_at(pointer).children)
        kinds = [self.model.cell_kind(f"{pointer}/{c}") or "count" for c in columns]
        identity = total_is_sum if pointer.startswith("/tables/applications/") else None
        return read_row(values, kinds, identity)

    # -- tables ---------------------------------------------------------------------

    def read_rows(self, table: str, start: int, end: int) -> bool:
        """表二 or 表三 in ``text[start:end]``; True if any of its labels was found."""
        hits = find_labels(self.text, TABLES[table], start, end)
        if not any(h.label.rows[self.edition] or h.label.key.startswith("h.") for h in hits):
            return False
        self.out.tables.setdefault(table, {})
        done: set[str] = set()
        for n, hit in enumerate(hits):
            stop = hits[n + 1].start if n + 1 < len(hits) else end
            values, tail, _ = self._values_after(hit, stop)
            pointer = hit.label.rows[self.edition]
            filled = [v for v in values if not is_blank(v.text)]
            if pointer is None:
                # Under a caption or group label only numbers make a row (not a split label cell).
                filled = [v for v in filled if is_numeric_piece(v.text)]
                if filled:
                    self._extra(table, None, self.flat.printed(hit.start, hit.end), hit.start)
                elif not values:
                    self._check_tail(table, tail)
                continue
            if pointer in done:
                if filled:
                    self._extra(table, None, self.flat.printed(hit.start, hit.end), hit.start)
                continue
            done.add(pointer)
            self._set_row(pointer, self._row_reading(pointer, values), values, hit)
            self._check_tail(table, tail)
        return True

    def read_reviews(self, start: int, end: int) -> bool:
        """表四: fifteen values after the last of its header labels."""
        hits = find_labels(self.text, TABLES["reviews"], start, end)
        if not hits:
            return False
        values: list[Piece] = []
        anchor = hits[-1]
        for n, hit in enumerate(hits):
            stop = hits[n + 1].start if n + 1 < len(hits) else end
            run: list[Piece] = []
            for piece in self.pieces(hit.end, stop):
                if is_numeric_piece(piece.text) or (piece.exact and self._in_grid(piece)):
                    run.append(piece)
                else:
                    break
            if any(not is_blank(p.text) and is_numeric_piece(p.text) for p in run):
                values, anchor = run, hit
                break
            if len(run) >= 15 and not values:  # a printed row of blank cells
                values, anchor = run, hit
        last = anchor
        kinds = ["count"] * 15
        reading = read_row(values, kinds, groups_of_five_sum)
        reviews: dict[str, Any] = {}
        printed_all = " ".join(p.text for p in values)
        for g, group in enumerate(REVIEW_ROWS):
            row = {}
            pointer = f"/tables/reviews/{group}"
            self.out.provenance[pointer] = self._where(last.end, printed_all)
            for c, column in enumerate(REVIEW_COLUMNS):
                i = g * 5 + c
                printed = reading.texts[i] if i < len(reading.texts) else None
                row[column] = None if printed is None else to_value(printed, "count")
                if reading.status == "exact" and i < len(values):
                    p = values[i]
                    where = self._where(
                        p.pos, self.flat.printed(p.pos, p.pos + len(p.text)) if p.text else ""
                    )
                elif values:
                    where = self._where(
                        values[0].pos, printed if printed is not None else printed_all
                    )
                else:
                    where = self._where(last.end, "")
                self.out.provenance[f"{pointer}/{column}"] = where
            reviews[group] = row
        self.out.tables["reviews"] = reviews
        if reading.status in ("ambiguous", "impossible"):
            shown = [" | ".join(o) for o in reading.options[:4]]
            self._say(
                "T003",
                "/tables/reviews",
                {
                    "cell": "reviews",
                    "text": printed_all,
                    "candidates": "、".join(shown) or "—",
                    "cells": 15,
                },
                "ambiguous" if reading.status == "ambiguous" else "unsplittable",
            )
            self.out.provenance.setdefault("/tables/reviews", self._where(last.end, printed_all))
        elif reading.status == "inferred":
            self._say(
                "T003",
                "/tables/reviews",
                {
                    "cell": "reviews",
                    "text": printed_all,
                    "candidates": len(reading.options),
                    "chosen": " | ".join(t or "" for t in reading.texts),
                },
                "inferred",
            )
            self.out.provenance.setdefault("/tables/reviews", self._where(last.end, printed_all))
        return True


def _assign(doc: dict[str, Any], pointer: str, value: Any) -> None:
    *parents, last = pointer_to_path(pointer)
    node = doc
    for key in parents[1:]:  # skip "tables": ``doc`` is the tables object
        node = node.setdefault(key, {})
    node[last] = value


def read_tables(
    flat: Flat, edition: str, model: Model, regions: dict[str, tuple[int, int]]
) -> Tables:
    """Read every table whose region was found; a table not found is simply absent (T001)."""
    reader = TableReader(flat, edition, model)
    for table in ("proactive", "applications"):
        if table in regions:
            reader.read_rows(table, *regions[table])
    if "reviews" in regions:
        reader.read_reviews(*regions["reviews"])
    return reader.out


__all__ = ["CELL", "ROW", "Tables", "find_labels", "read_tables"]
