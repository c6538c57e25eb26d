"""nianbao — checks 政府信息公开工作年度报告 against the national formats.

A plugin writes ``from nianbao import hookimpl`` and nothing deeper; the
public types a plugin needs are re-exported here too.
"""

from __future__ import annotations

from typing import Any

import pluggy

__version__ = "0.1.0"

hookimpl = pluggy.HookimplMarker("nianbao")

from nianbao.core.document import Block, Cell, Document, Extraction  # noqa: E402
from nianbao.core.findings import Finding, Severity, Violation  # noqa: E402
from nianbao.core.reporting import RunResult  # noqa: E402
from nianbao.core.rules import CheckContext, Rule, check_function  # noqa: E402


def check(inputs: Any, **options: Any) -> RunResult:
    """Check reports (paths, folders or report dicts) — see :func:`nianbao.api.check`."""
    from nianbao.api import check as _check

    return _check(inputs, **options)


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
    "check",
    "check_function",
    "hookimpl",
]
