"""Answers several rules need about one report, worked out once per report.

The content rules ask the same questions of every report again and again — its
year, which printed part is which — and each answer takes a few scans of its
texts. The engine gives each report a fresh check context; an answer kept in the
context's ``shared`` dict is therefore never served to another report, nor to the
same report after it has changed and is checked again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from nianbao.core.rules import CheckContext

T = TypeVar("T")


def per_report(
    ctx: CheckContext | None,
    name: str,
    compute: Callable[[dict[str, Any]], T],
    report: dict[str, Any],
) -> T:
    """``compute(report)``, kept in ``ctx.shared[name]`` for the rest of the report's check.

    Without a context (a helper called on its own), or with a context of another
    report, it is simply computed.
    """
    if ctx is None or ctx.report is not report:
        return compute(report)
    shared = ctx.shared
    if name in shared:
        return shared[name]
    value = shared[name] = compute(report)
    return value
