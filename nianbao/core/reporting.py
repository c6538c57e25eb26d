"""What a run produces, and the reporter contract that renders it.

Reporters only render: they get a finished ``RunResult`` and return text. No
format logic lives in the engine.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from nianbao.core.findings import Finding, Severity

RULE_DOCS_URL = "https://github.com/nianbao/nianbao/blob/main/docs/rules/{id}.md"
"""Where a built-in rule's page lives (SARIF ``helpUri``); ``docs_url`` in config overrides."""


def count(findings: list[Finding]) -> dict[str, int]:
    """Findings by severity. Waived findings are counted apart, under ``"waived"``
    (present only when there are some), and never as errors, warnings or info."""
    if not findings:  # most reports of a batch (each is counted three times at the end)
        return {"error": 0, "warning": 0, "info": 0}
    c = Counter(f.severity.label for f in findings if f.waived is None)
    out = {"error": c["error"], "warning": c["warning"], "info": c["info"]}
    waived = sum(1 for f in findings if f.waived is not None)
    if waived:
        out["waived"] = waived
    return out


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
    # read from a file: findings made after its check (the corpus rules') can still be
    # given their lines by reading it again (engine.locate_corpus_findings); not rendered
    from_file: bool = False
    # read from a document: where each pointer the corpus rules may name came from (a
    # few provenance entries, by pointer, as compressed JSON), so that their findings
    # are placed without reading the document a second time; None when a rule cannot
    # say. Not rendered
    corpus_provenance: bytes | None = None

    @property
    def counts(self) -> dict[str, int]:
        return count(self.findings)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings if f.waived is None), default=None)

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
    selected: bool = True  # False when --select/--ignore leave it out of this run
    scope: str = "report"  # "report" (one report), "corpus" (several together), "core" (E rules)
    help_uri: str | None = None  # its docs page (SARIF helpUri)
    texts: dict[str, str] = field(default_factory=dict)  # what/why/example/fix, in the run's lang

    def applies_to(self, edition: str | None) -> bool:
        """Whether this rule ran on a report of ``edition`` (``None``: not read)."""
        if self.scope == "core":
            return True
        return self.enabled and self.selected and edition is not None and edition in self.editions

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
    texts: dict[str, str] = field(default_factory=dict)  # reporter wording in ``lang`` (_report)
    baseline: dict[str, Any] | None = None  # {"file", "matched", "new", "absent"} with --baseline

    def failing(self, finding: Finding) -> bool:
        """Whether a finding fails the run under ``fail_on`` (waived ones never do)."""
        if finding.waived is not None or self.fail_on == "never":
            return False
        return finding.severity >= Severity.parse(self.fail_on)

    def text(self, key: str, **values: Any) -> str:
        """A reporter string from the locale's ``_report`` block, filled with ``values``."""
        template = self.texts.get(key, key)
        try:
            return template.format(**values) if values else template
        except (KeyError, IndexError, ValueError):
            return template

    @property
    def counts(self) -> dict[str, int]:
        total = Counter()
        for r in self.reports:
            total.update(r.counts)
        return {"error": total["error"], "warning": total["warning"], "info": total["info"]}

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON result; ``"baseline"`` is present only when a baseline was used."""
        out = {
            "version": self.version,
            "tool": self.tool,
            "reports": [r.to_dict() for r in self.reports],
            "counts": self.counts,
        }
        if self.baseline is not None:
            out["baseline"] = self.baseline
        return out


class Reporter(Protocol):
    """An output format: ``name`` (for ``--format``) and ``render(run, color=False)``.

    ``render`` returns the whole output as text; the CLI writes it (atomically when
    it goes to a file, UTF-8). A format that needs a byte-order mark (CSV for Excel)
    starts its text with ``"\ufeff"``.

    Optional attribute ``needs_tables`` (default ``False``): a reporter that sets it
    to ``True`` gets ``ReportResult.tables`` filled for every report that fit its
    schema (the HTML report draws 表三 from it). The runner keeps tables only when a
    selected reporter asks, so other runs do not hold every report's tables.
    """

    name: str
    description: str

    def render(self, run: RunResult, *, color: bool = False) -> str: ...


def needs_tables(reporter: object) -> bool:
    """Whether a reporter declared ``needs_tables = True``."""
    return bool(getattr(reporter, "needs_tables", False))
