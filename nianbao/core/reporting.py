"""What a run produces, and the reporter contract that renders it.

Reporters only render: they get a finished ``RunResult`` and return text. No
format logic lives in the engine.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from nianbao.core.findings import Finding, Severity


def count(findings: list[Finding]) -> dict[str, int]:
    c = Counter(f.severity.label for f in findings)
    return {"error": c["error"], "warning": c["warning"], "info": c["info"]}


@dataclass
class ReportResult:
    """The findings on one input, with the few facts reporters show about it."""

    path: str
    edition: str | None = None
    year: int | None = None
    agency: str | None = None
    findings: list[Finding] = field(default_factory=list)
    tables: dict[str, Any] | None = None  # kept only when a reporter asks (HTML draws 表三)
    seconds: float = 0.0
    facts: dict[str, Any] = field(default_factory=dict)  # corpus-rule facts, never rendered

    @property
    def counts(self) -> dict[str, int]:
        return count(self.findings)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "edition": self.edition,
            "year": self.year,
            "agency": self.agency,
            "findings": [f.to_dict() for f in self.findings],
            "counts": self.counts,
        }


@dataclass
class RuleInfo:
    """A rule as reporters describe it (SARIF rule metadata, `nianbao rules`)."""

    id: str
    severity: str
    editions: list[str]
    pack: str | None
    plugin: str
    title: str
    description: str = ""
    enabled: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "severity": self.severity,
            "editions": self.editions,
            "pack": self.pack,
            "plugin": self.plugin,
            "title": self.title,
            "enabled": self.enabled,
        }


@dataclass
class RunResult:
    """A whole run: every report in input order, and what rendered it needs."""

    reports: list[ReportResult]
    tool: str
    version: str
    lang: str = "zh"
    rules: list[RuleInfo] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # row/column labels in ``lang``
    notes: list[str] = field(default_factory=list)  # e.g. baseline matched N, plugin failures
    fail_on: str = "error"

    @property
    def counts(self) -> dict[str, int]:
        total = Counter()
        for r in self.reports:
            total.update(r.counts)
        return {"error": total["error"], "warning": total["warning"], "info": total["info"]}

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "tool": self.tool,
            "reports": [r.to_dict() for r in self.reports],
            "counts": self.counts,
        }


class Reporter(Protocol):
    """An output format: ``name`` (for ``--format``) and ``render(run, color=False)``."""

    name: str
    description: str

    def render(self, run: RunResult, *, color: bool = False) -> str: ...
