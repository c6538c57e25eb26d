"""The built-in interpreter: any reader's Document → the report model (JSON) + provenance.

One interpreter serves every file type, so a reader a province adds for its own
format gets tables, metadata and provenance for free. Its modules (label tables,
many patterns) are imported on the first document, not at start-up: a run over
JSON files never interprets.
"""

from __future__ import annotations

from typing import Any

from nianbao import hookimpl
from nianbao.core.document import Document, Extraction


@hookimpl(trylast=True)
def nianbao_interpret(document: Document) -> Extraction | None:
    from nianbao.plugins.interpreter.interpret import interpret

    return interpret(document)


def __getattr__(attr: str) -> Any:
    """``from nianbao.plugins.interpreter import interpret`` still works (imported on use)."""
    if attr == "interpret":
        from nianbao.plugins.interpreter.interpret import interpret

        return interpret
    raise AttributeError(f"module {__name__!r} has no attribute {attr!r}")


__all__ = ["interpret", "nianbao_interpret"]
