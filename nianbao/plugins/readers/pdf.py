"""PDF files, read with pdfplumber (on pdfminer.six).

Tables whose ruling lines are drawn are found by pdfplumber from those lines;
each cell's box is placed on the grid of the table's distinct edges, so a merged
cell fills every slot it covers (sharing one ``where``). Text outside tables is
read line by line and joined into paragraphs by layout (a new paragraph at an
indented line or after a short line). Tables laid out without lines come
through as lines of text with the cells separated by spaces, which the
interpreter reads like any flattened table. A PDF without a text layer (a scan)
is refused with that reason — never an empty report.
"""

from __future__ import annotations

import io
import re
from typing import Any

from nianbao.core.document import Block, Cell, Document
from nianbao.core.io import ReadError

_PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d+\s*(?:页)?[-—–\s]*(?:/\s*共?\s*\d+\s*页?)?$")
_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\([一二三四五六七八九十]+\))"
)
EDGE = 2.0  # points: edges closer than this are one grid line


class PdfReader:
    name = "pdf"
    suffixes = (".pdf",)
    signatures = (b"%PDF",)  # nianbao.core.io.Reader: a .docx named .pdf is named as such

    def read(self, data: bytes, path: str) -> Document:
        import pdfplumber
        from pdfminer.pdfparser import PDFSyntaxError

        if not data.lstrip().startswith(b"%PDF"):
            raise ReadError("not_pdf")
        try:
            pdf = pdfplumber.open(io.BytesIO(data))
        except PDFSyntaxError as exc:
            raise ReadError("pdf_unreadable", detail=str(exc)) from None
        except Exception as exc:  # encrypted or broken files raise several pdfminer types
            inner = exc.args[0] if exc.args and isinstance(exc.args[0], Exception) else exc
            if type(inner).__name__ in ("PDFPasswordIncorrect", "PDFEncryptionError"):
                raise ReadError("pdf_encrypted") from None
            raise ReadError("pdf_unreadable", detail=f"{type(inner).__name__}: {inner}") from None
        blocks: list[Block] = []
        chars = 0
        tables = 0
        with pdf:
            for number, page in enumerate(pdf.pages, start=1):
                chars += len(page.chars)
                if not page.chars:
                    continue
                found = page.find_tables()
                items: list[tuple[float, Block]] = []
                boxes = []
                for table in found:
                    block = _table(page, table, number, tables + 1)
                    if block is not None:
                        tables += 1
                        items.append((table.bbox[1], block))
                        boxes.append(table.bbox)
                outside = page.filter(lambda obj, boxes=boxes: not _inside(obj, boxes))
                items += _paragraphs(outside, number)
                items.sort(key=lambda item: item[0])
                blocks += [block for _, block in items]
        if chars == 0:
            raise ReadError("pdf_no_text_layer")
        if not blocks:
            raise ReadError("pdf_no_text")
        return Document(path, blocks, {})


def _inside(obj: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    if obj.get("object_type") != "char":
        return False
    x = (obj["x0"] + obj["x1"]) / 2
    y = (obj["top"] + obj["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > EDGE:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def _table(page: Any, table: Any, page_number: int, number: int) -> Block | None:
    cells = [c for c in table.cells if c]
    if not cells:
        return None
    xs = _edges([c[0] for c in cells] + [c[2] for c in cells])
    ys = _edges([c[1] for c in cells] + [c[3] for c in cells])
    if len(xs) < 3 or len(ys) < 2:
        return None  # one column: a box drawn around text, not a table
    grid: list[list[Cell | None]] = [[None] * (len(xs) - 1) for _ in range(len(ys) - 1)]
    # the table's own objects first: each cell then looks through those, not through
    # every object of the page (a cell holds exactly what it held within the page,
    # since it lies within the table)
    box = (
        min(c[0] for c in cells),
        min(c[1] for c in cells),
        max(c[2] for c in cells),
        max(c[3] for c in cells),
    )
    region = page.within_bbox(box, strict=False)
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        c0, c1 = _index(xs, x0), _index(xs, x1)
        r0, r1 = _index(ys, top), _index(ys, bottom)
        if c1 <= c0 or r1 <= r0:
            continue
        text = region.within_bbox((x0, top, x1, bottom), strict=False).extract_text() or ""
        cell = Cell(
            tidy(text.strip()),
            {"page": page_number, "table": number, "row": r0 + 1, "cell": c0 + 1},
        )
        for r in range(r0, r1):
            for c in range(c0, c1):
                if grid[r][c] is None:
                    grid[r][c] = cell
    rows = [[cell or Cell("", {}) for cell in row] for row in grid]
    return Block("table", rows=rows, where={"page": page_number, "table": number})


_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_GAP = re.compile(rf"(?<={_CJK}) (?=[0-9A-Za-z])|(?<=[0-9A-Za-z]) (?={_CJK})")


def tidy(text: str) -> str:
    """Undo the text layer's artefacts: spaces between 汉字 and digits (``2024 年``)."""
    return _GAP.sub("", text)


def join_lines(lines: list[str]) -> str:
    """Lines wrapped by the layout → one paragraph (no break inside Chinese text)."""
    out = ""
    for line in lines:
        if out and re.match(r"[0-9A-Za-z]", line[:1]) and re.search(r"[0-9A-Za-z,.;:]$", out):
            out += " "
        out += line
    return out


def _paragraphs(page: Any, page_number: int) -> list[tuple[float, Block]]:
    """Lines of text → paragraphs: a new one at an indented line, a heading, or after a short line."""
    lines = [
        line
        for line in page.extract_text_lines(return_chars=True)
        if line["text"].strip() and not _PAGE_NUMBER.match(line["text"].strip())
    ]
    if not lines:
        return []
    left = min(line["x0"] for line in lines)
    right = max(line["x1"] for line in lines)
    sizes = [c["size"] for line in lines for c in line["chars"] if c.get("size")]
    em = sorted(sizes)[len(sizes) // 2] if sizes else 10.0
    out: list[tuple[float, Block]] = []
    current: list[str] = []
    top = 0.0
    first_line = 0
    previous_short = True
    for n, line in enumerate(lines, start=1):
        text = line["text"].strip()
        indented = line["x0"] - left > em * 1.2
        starts = previous_short or indented or bool(_HEADING.match(text))
        if starts and current:
            out.append((top, _block(current, page_number, first_line)))
            current = []
        if not current:
            top = line["top"]
            first_line = n
        current.append(tidy(text))
        previous_short = right - line["x1"] > em * 2
    if current:
        out.append((top, _block(current, page_number, first_line)))
    return out


def _block(lines: list[str], page: int, line: int) -> Block:
    return Block("paragraph", join_lines(lines), where={"page": page, "line": line})
