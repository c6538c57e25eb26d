"""Corpus rules: rules over many reports at once (cross-year, 内容雷同).

A corpus rule never sees more than one full report at a time: ``collect`` keeps
the few facts it needs from each report as the batch goes by, and ``judge`` sees
all the facts at the end. That keeps memory flat in the number of reports and lets
``collect`` run in worker processes or on a cluster.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Protocol

from nianbao.core.findings import Severity, Violation
from nianbao.core.rules import CheckContext


class CorpusRule(Protocol):
    """``id``, ``severity``, ``collect(report, ctx)`` and ``judge(facts)``.

    Optional: ``options`` (a dict of defaults) and ``options_schema`` (its JSON
    Schema). A rule that has ``options`` is called as ``judge(facts, options)`` with
    its defaults overridden by ``[tool.nianbao.corpus.<ID>]`` from the config (or
    ``config={"corpus": {ID: {...}}}`` in the Python API), validated before the run.

    Optional too: a ``shared`` parameter of ``judge``. A rule that has one is called
    with ``shared=``, one dict for every corpus rule of one judgement (new for the
    next), for work several rules share — as ``CheckContext.shared`` is for one report.

    Optional as well: ``pointers(fact)``, the pointers this rule's findings on that
    report may name. For a report read from a document, the engine keeps their
    provenance (where each came from in the document), and the findings are placed
    without reading the document again at the end of the run (a PDF takes a third of
    a second); a rule without it has the document read again to place its findings.

    ``collect`` runs in whichever process checked the report (a pool worker, a Dask
    worker), so facts must pickle and must not depend on the process: no ``hash()``
    of strings, no ids, no timing. ``judge`` must yield in an order that depends only
    on the facts (sort what comes out of sets).
    """

    id: str
    severity: Severity
    title: dict[str, str]

    def collect(self, report: dict[str, Any], ctx: CheckContext) -> Any:
        """Small, picklable facts from one report (or None to take no part)."""

    def judge(self, facts: Sequence[tuple[str, Any]]) -> Iterable[tuple[str, Violation]]:
        """Given ``(path, facts)`` of every report, yield ``(path, violation)``."""
