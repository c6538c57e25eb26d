"""Plain text — a web page copied as text, or a page saved as text by a crawl.

A paragraph is a run of non-blank lines; a blank line ends it. Pages copied
from a browser put one table cell per paragraph and split long header cells
over lines (本年新 / 制作数量), which the interpreter joins back; crawls that
run a whole page into one line are read too (the interpreter splits them).
Provenance is the line number; the interpreter counts lines inside a paragraph.
"""

from __future__ import annotations

from nianbao.core.document import Block, Document
from nianbao.core.io import ReadError
from nianbao.plugins.readers.encoding import decode


class TextReader:
    name = "text"
    suffixes = (".txt", ".text")

    def read(self, data: bytes, path: str) -> Document:
        if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ReadError("binary_text")
        text, encoding = decode(data)
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        blocks: list[Block] = []
        current: list[str] = []
        first = 0
        for number, line in enumerate(lines, start=1):
            if line.strip():
                if not current:
                    first = number
                current.append(line.rstrip())
            elif current:
                blocks.append(Block("paragraph", "\n".join(current), where={"line": first}))
                current = []
        if current:
            blocks.append(Block("paragraph", "\n".join(current), where={"line": first}))
        if not blocks:
            raise ReadError("empty_file")
        return Document(path, blocks, {"encoding": encoding})
