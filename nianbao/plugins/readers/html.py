"""HTML pages as government sites publish them, read with lxml.

lxml's HTML parser (libxml2) takes the broken markup such sites serve, and
keeps each element's source line for provenance. Tables are laid out on a grid
with their rowspan/colspan expanded — a merged cell repeats in every slot it
covers, all copies sharing one ``where`` — so 表三's three-level header and
表四's two-level header come out as plain rows. A table that holds other tables
is page layout, not data: its contents are read as the page's own blocks.
"""

from __future__ import annotations

import re
from typing import Any

import lxml.html
from lxml import etree

from nianbao.core.document import Block, Cell, Document
from nianbao.core.io import ReadError
from nianbao.plugins.readers.encoding import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_SKIP = {"script", "style", "head", "noscript", "template", "select", "option", "button", "iframe"}
_BLOCK = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "nav",
    "aside",
    "ul",
    "ol",
    "li",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "center",
    "form",
    "fieldset",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "caption",
    "tbody",
    "thead",
    "tfoot",
    "tr",
}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_DATE = re.compile(r"(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_PUBLISHED_META = {"pubdate", "publishdate", "firstpublishedtime", "publishtime", "datepublished"}
MAX_SPAN = 200  # a rowspan/colspan beyond this is a broken page, not a table


def _tag(el: Any) -> str:
    return el.tag.lower() if isinstance(el.tag, str) else ""


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.buffer_where: dict[str, Any] | None = None
        self.buffer_kind = "paragraph"
        self.tables = 0

    def flush(self) -> None:
        text = "".join(self.buffer)
        text = "\n".join(line.strip() for line in text.split("\n"))
        text = re.sub(r"\n{2,}", "\n", text).strip()
        if text:
            self.blocks.append(Block(self.buffer_kind, text, where=self.buffer_where or {}))
        self.buffer = []
        self.buffer_where = None
        self.buffer_kind = "paragraph"

    def text(self, value: str | None, el: Any) -> None:
        if not value:
            return
        value = re.sub(r"[ \t\r\n\f]+", " ", value)
        if not value.strip() and not self.buffer:
            return
        if self.buffer_where is None and value.strip():
            self.buffer_where = {"line": el.sourceline, "element": _path(el)}
        self.buffer.append(value)

    def walk(self, el: Any) -> None:
        tag = _tag(el)
        if tag in _SKIP or not tag:
            if not tag and el.tail:  # a comment: its tail is still text
                self.text(el.tail, el.getparent())
            return
        if tag == "table" and not el.xpath(".//table"):
            self.flush()
            self.table(el)
        elif tag == "br":
            self.flush()
        elif tag in _HEADINGS:
            self.flush()
            self.buffer_kind = "heading"
            self.text(el.text, el)
            for child in el:
                self.inline(child)
            self.flush()
        elif tag in _BLOCK or tag in ("table", "td", "th"):
            self.flush()
            self.text(el.text, el)
            for child in el:
                self.walk(child)
            self.flush()
        else:
            self.text(el.text, el)
            for child in el:
                self.walk(child)
        if el.tail:
            self.text(el.tail, el.getparent() if el.getparent() is not None else el)

    def inline(self, el: Any) -> None:
        if _tag(el) in _SKIP:
            return
        self.text(el.text, el)
        for child in el:
            self.inline(child)
        if el.tail:
            self.text(el.tail, el)

    def table(self, table: Any) -> None:
        self.tables += 1
        number = self.tables
        grid: list[list[Cell | None]] = []
        rows = [tr for tr in table.iter("tr") if _closest_table(tr) is table]
        for r, tr in enumerate(rows):
            while len(grid) <= r:
                grid.append([])
            c = 0
            cells = [td for td in tr if _tag(td) in ("td", "th")]
            for k, td in enumerate(cells):
                while c < len(grid[r]) and grid[r][c] is not None:
                    c += 1
                rowspan = _span(td.get("rowspan"))
                colspan = _span(td.get("colspan"))
                where = {
                    "line": td.sourceline,
                    "element": f"table[{number}]/tr[{r + 1}]/td[{k + 1}]",
                }
                cell = Cell(cell_text(td), where)
                for dr in range(rowspan):
                    while len(grid) <= r + dr:
                        grid.append([])
                    row = grid[r + dr]
                    while len(row) < c + colspan:
                        row.append(None)
                    for dc in range(colspan):
                        row[c + dc] = cell
                c += colspan
        out = [[cell or Cell("", {}) for cell in row] for row in grid if row]
        if out:
            self.blocks.append(
                Block(
                    "table",
                    rows=out,
                    where={"line": table.sourceline, "element": f"table[{number}]"},
                )
            )


def _closest_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and _tag(parent) != "table":
        parent = parent.getparent()
    return parent


def _span(value: str | None) -> int:
    if value is None:  # most cells (and an exception costs more than the rest)
        return 1
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return 1
    return min(max(n, 1), MAX_SPAN)


def _path(el: Any) -> str:
    tag = _tag(el)
    ident = el.get("id")
    return f"{tag}#{ident}" if ident else tag


def cell_text(td: Any) -> str:
    """A cell's text; <br> and block children become line breaks (header cells split over lines)."""
    if len(td) == 0:  # no child element (most cells): what the walk below would give
        return _cell_lines(td.text or "")
    parts: list[str] = []

    def visit(el: Any) -> None:
        tag = _tag(el)
        if tag in _SKIP:
            if el.tail:
                parts.append(el.tail)
            return
        if tag == "br":
            parts.append("\n")
        elif tag in ("p", "div", "li") and parts:
            parts.append("\n")
        if el.text and tag:
            parts.append(el.text)
        for child in el:
            visit(child)
        if el is not td and el.tail:
            parts.append(el.tail)

    visit(td)
    return _cell_lines("".join(parts))


_BLANKS = re.compile(r"[ \t\r\f]+")


def _cell_lines(text: str) -> str:
    text = _BLANKS.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def _declared_charset(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if m:
        return m.group(1).decode("ascii", "replace")
    m = re.match(rb"""<\?xml[^>]+encoding=["']([A-Za-z0-9_\-]+)""", data[:200])
    return m.group(1).decode("ascii") if m else None


class HtmlReader:
    name = "html"
    suffixes = (".html", ".htm", ".shtml", ".xhtml")

    def read(self, data: bytes, path: str) -> Document:
        if not data.strip():
            raise ReadError("empty_file")
        text, encoding = decode(data, _declared_charset(data))
        text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
        parser = lxml.html.HTMLParser()
        try:
            root = lxml.html.document_fromstring(text, parser=parser)
        except (etree.ParserError, ValueError) as exc:
            raise ReadError("html_unreadable", detail=str(exc)) from None
        if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
            # libxml2 stops at 256 levels and drops the rest: never check half a page
            raise ReadError("html_too_deep", levels=256)
        meta: dict[str, Any] = {"encoding": encoding}
        title = root.find(".//title")
        if title is not None and title.text_content().strip():
            meta["title"] = title.text_content().strip()
        for m in root.iter("meta"):
            name = (m.get("name") or m.get("property") or "").lower()
            content = m.get("content") or ""
            if name in _PUBLISHED_META and "published" not in meta:
                d = _DATE.search(content)
                if d:
                    y, mo, da = d.groups()
                    meta["published"] = f"{int(y):04d}-{int(mo):02d}-{int(da):02d}"
            elif name == "articletitle" and content.strip():
                meta["title"] = content.strip()
        body = root.find("body")
        walker = _Walker()
        walker.walk(body if body is not None else root)
        walker.flush()
        if not walker.blocks:
            raise ReadError("html_no_text")
        return Document(path, walker.blocks, meta)
