"""nianbao — checks 政府信息公开工作年度报告 against the national formats.

A plugin writes ``from nianbao import hookimpl`` and nothing deeper; the
public types a plugin needs are re-exported here too.
"""

from __future__ import annotations

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("nianbao")

from nianbao.core.document import Block, Cell, Document, Extraction  # noqa: E402
from nianbao.core.findings import Finding, Severity, Violation  # noqa: E402
from nianbao.core.rules import CheckContext, Rule, check_function  # noqa: E402

__all__ = [
    "Block",
    "Cell",
    "CheckContext",
    "Document",
    "Extraction",
    "Finding",
    "Rule",
    "Severity",
    "Violation",
    "__version__",
    "check_function",
    "hookimpl",
]
