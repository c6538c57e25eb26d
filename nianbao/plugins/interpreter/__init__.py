"""The built-in interpreter: any reader's Document → the report model (JSON) + provenance.

One interpreter serves every file type, so a reader a province adds for its own
format gets tables, metadata and provenance for free.
"""

from __future__ import annotations

from nianbao import hookimpl
from nianbao.core.document import Document, Extraction
from nianbao.plugins.interpreter.interpret import interpret


@hookimpl(trylast=True)
def nianbao_interpret(document: Document) -> Extraction | None:
    return interpret(document)


__all__ = ["interpret", "nianbao_interpret"]
