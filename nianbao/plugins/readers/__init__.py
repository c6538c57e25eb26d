"""Built-in readers, one module per file type; each turns bytes into a Document.

A province adds a reader the same way: a plugin whose ``nianbao_readers`` hook
returns an object with ``name``, ``suffixes`` and ``read(data, path)``.

The built-in readers are returned as :class:`~nianbao.core.io.LazyReader`: their
modules (lxml, charset_normalizer, pdfplumber, python-docx and dozens of patterns)
are imported on the first file of their type, so a run over JSON files does not
pay for them at start-up.
"""

from __future__ import annotations

import importlib
from typing import Any

from nianbao import hookimpl
from nianbao.core.io import LazyReader

# class → (module, name, suffixes, signatures): the same as the classes say (a test compares)
_READERS: dict[str, tuple[str, str, tuple[str, ...], tuple[bytes, ...]]] = {
    "TextReader": ("text", "text", (".txt", ".text"), ()),
    "HtmlReader": ("html", "html", (".html", ".htm", ".shtml", ".xhtml"), ()),
    "DocxReader": ("docx", "docx", (".docx",), (b"PK\x03\x04",)),
    "PdfReader": ("pdf", "pdf", (".pdf",), (b"%PDF",)),
}


@hookimpl
def nianbao_readers() -> list:
    return [
        LazyReader(name, suffixes, f"{__name__}.{module}:{cls}", signatures)
        for cls, (module, name, suffixes, signatures) in _READERS.items()
    ]


def __getattr__(attr: str) -> Any:
    """``from nianbao.plugins.readers import HtmlReader`` still works (imported on use)."""
    if attr in _READERS:
        return getattr(importlib.import_module(f"{__name__}.{_READERS[attr][0]}"), attr)
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


__all__ = ["DocxReader", "HtmlReader", "PdfReader", "TextReader"]
