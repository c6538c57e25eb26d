"""Word (.docx) files, read with python-docx.

Paragraphs and tables are taken in body order. python-docx lays a table on its
grid and repeats a merged cell (gridSpan, vMerge) in every slot it covers; each
copy gets the ``where`` of the slot where the merged cell begins, so the
interpreter reads it once. Provenance: paragraph number, or table/row/cell.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from nianbao.core.document import Block, Cell, Document
from nianbao.core.io import ReadError


class DocxReader:
    name = "docx"
    suffixes = (".docx",)
    signatures = (b"PK\x03\x04",)  # a zip package (nianbao.core.io.Reader)

    def read(self, data: bytes, path: str) -> Document:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        if not data.startswith(b"PK"):
            if data.startswith(b"\xd0\xcf\x11\xe0"):
                raise ReadError("doc_renamed")
            raise ReadError("not_docx")
        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise ReadError("docx_unreadable", detail=str(exc)) from None
        blocks: list[Block] = []
        paragraphs = 0
        tables = 0
        # style name by the paragraph's style id: python-docx looks the default style up
        # anew for every paragraph without one (a scan of all styles each time)
        style_names: dict[str | None, str] = {}
        body = document.element.body
        for child in body.iterchildren():
            tag = child.tag.rsplit("}", 1)[-1]
            if tag == "p":
                paragraphs += 1
                para = Paragraph(child, document)
                text = para.text.strip()
                if not text:
                    continue
                style_id = child.style
                style = style_names.get(style_id)
                if style is None:
                    found = para.style
                    style = style_names[style_id] = (found.name if found is not None else "") or ""
                kind = (
                    "heading"
                    if style.lower().startswith(("heading", "title", "标题"))
                    else "paragraph"
                )
                blocks.append(Block(kind, text, where={"paragraph": paragraphs}))
            elif tag == "tbl":
                tables += 1
                blocks.append(_table(Table(child, document), tables))
        if not blocks:
            raise ReadError("docx_no_text")
        return Document(path, blocks, {})


def _table(table: Any, number: int) -> Block:
    origin: dict[Any, dict[str, Any]] = {}  # keyed by the cell element (kept alive here)
    rows: list[list[Cell]] = []
    for r, row in enumerate(table.rows):
        cells: list[Cell] = []
        for c, cell in enumerate(row.cells):
            where = origin.setdefault(cell._tc, {"table": number, "row": r + 1, "cell": c + 1})
            cells.append(Cell(cell.text.strip(), where))
        rows.append(cells)
    return Block("table", rows=rows, where={"table": number})
