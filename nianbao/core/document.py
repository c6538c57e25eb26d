"""The intermediate Document every reader produces, and what interpreting it gives.

Readers (HTML, text, Word, PDF, …) turn bytes into a ``Document``: a flat list of
blocks (headings, paragraphs, table grids with merged cells already expanded).
One interpreter then maps any Document to the report model. Keeping the two apart
is what lets a province add a reader without touching the interpreter.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from nianbao.core.findings import Violation

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(slots=True)
class Cell:
    """One table cell; ``where`` is its provenance (line / element / page+table+row+cell)."""

    text: str
    where: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Block:
    """A heading, a paragraph, or a table (``rows`` of cells, merged cells repeated)."""

    kind: BlockKind
    text: str = ""
    rows: list[list[Cell]] = field(default_factory=list)
    where: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Document:
    """What a reader gives back: blocks in reading order plus page metadata.

    ``meta`` carries what the page itself says outside the report body, such as
    ``published`` (发布时间) or ``title``.
    """

    path: str
    blocks: list[Block] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Extraction:
    """The interpreter's result: the report model, plus what it could not read for sure.

    ``findings`` are violations of catalogue rules found while reading (a row the
    edition does not have is T002, a row whose cells cannot be split is T003 …),
    given as ``(rule_id, Violation)`` pairs.
    """

    report: dict[str, Any]
    findings: list[tuple[str, Violation]] = field(default_factory=list)
