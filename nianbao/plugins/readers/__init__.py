"""Built-in readers, one module per file type; each turns bytes into a Document.

A province adds a reader the same way: a plugin whose ``nianbao_readers`` hook
returns an object with ``name``, ``suffixes`` and ``read(data, path)``.
"""

from __future__ import annotations

from nianbao import hookimpl
from nianbao.plugins.readers.docx import DocxReader
from nianbao.plugins.readers.html import HtmlReader
from nianbao.plugins.readers.pdf import PdfReader
from nianbao.plugins.readers.text import TextReader


@hookimpl
def nianbao_readers() -> list:
    return [TextReader(), HtmlReader(), DocxReader(), PdfReader()]


__all__ = ["DocxReader", "HtmlReader", "PdfReader", "TextReader"]
