"""SARIF 2.1.0, for code-scanning views (GitHub, GitLab, Azure DevOps, SARIF viewers).

One run; the driver lists every rule the run knew (id, name, descriptions, help,
helpUri to its docs page, default level). Each finding is a result with the
report file as its physical location and, when provenance gives one, the line
of the source document as its region; a finding without a line still points at
the file. The JSON pointer of the cell is a logical location. Output is stable:
no timestamps, no absolute paths, results in report and finding order, and a
partial fingerprint built from (file, rule, pointer) — the same key a baseline
uses — so code scanning tracks a finding across edits. Waived findings carry an
accepted external suppression with the waiver's reason.
"""

from __future__ import annotations

from typing import Any

from nianbao.core.findings import Finding
from nianbao.core.jsonfast import dumps
from nianbao.core.reporting import ReportResult, RuleInfo, RunResult
from nianbao.plugins.reporters.common import path_uri, relative_path

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT = "nianbao/v1"


def fingerprint(path: str, finding: Finding) -> str:
    key = "\x00".join((relative_path(path), finding.rule, finding.pointer))
    import hashlib  # here, not at the top: only a SARIF run needs it, every run imports this

    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]


def _help(rule: RuleInfo, run: RunResult) -> dict[str, str]:
    """Plain and Markdown help: what the rule checks, why, how to fix, and the docs link."""
    parts = [(rule.texts.get(k) or "").strip() for k in ("what", "why", "fix")]
    parts = [p for p in parts if p] or [rule.title]
    text = "\n\n".join(parts)
    markdown = text
    if rule.help_uri:
        text += f"\n\n{rule.help_uri}"
        markdown += f"\n\n[{rule.id}]({rule.help_uri})"
    return {"text": text, "markdown": markdown}


def _rule(rule: RuleInfo, run: RunResult) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rule.id,
        "name": rule.title,
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.texts.get("what") or rule.description or rule.title},
        "help": _help(rule, run),
        "defaultConfiguration": {"level": LEVELS.get(rule.severity, "warning")},
        "properties": {
            "editions": list(rule.editions),
            "pack": rule.pack or rule.plugin,
            "tags": ["compliance", rule.id[:1]],
        },
    }
    if rule.help_uri:
        out["helpUri"] = rule.help_uri
    if not (rule.enabled and rule.selected):
        out["defaultConfiguration"]["enabled"] = False
    return out


def _result(
    report: ReportResult, finding: Finding, index: dict[str, int], run: RunResult
) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path_uri(report.path)}}
    if finding.line:
        physical["region"] = {"startLine": finding.line}
    location: dict[str, Any] = {"physicalLocation": physical}
    if finding.pointer:
        location["logicalLocations"] = [{"fullyQualifiedName": finding.pointer, "kind": "element"}]
    out: dict[str, Any] = {"ruleId": finding.rule}
    if finding.rule in index:
        out["ruleIndex"] = index[finding.rule]
    out.update(
        {
            "level": LEVELS[finding.severity.label],
            "message": {"text": finding.message},
            "locations": [location],
            "partialFingerprints": {FINGERPRINT: fingerprint(report.path, finding)},
        }
    )
    if finding.waived is not None:
        out["suppressions"] = [
            {
                "kind": "external",
                "status": "accepted",
                "justification": str(finding.waived.get("reason", "")),
            }
        ]
    if run.baseline is not None:
        out["baselineState"] = "new"
    props: dict[str, Any] = {}
    if report.agency:
        props["agency"] = report.agency
    if report.year is not None:
        props["year"] = report.year
    if finding.source and finding.source.get("page") not in (None, ""):
        props["page"] = finding.source["page"]
    if props:
        out["properties"] = props
    return out


class SarifReporter:
    name = "sarif"
    description = "SARIF 2.1.0 for code scanning (GitHub, GitLab)"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        return dumps(self.document(run)) + "\n"

    def document(self, run: RunResult) -> dict[str, Any]:
        index = {rule.id: i for i, rule in enumerate(run.rules)}
        results = [
            _result(report, finding, index, run)
            for report in run.reports
            for finding in report.findings
        ]
        driver: dict[str, Any] = {
            "name": run.tool,
            "version": run.version,
            "semanticVersion": run.version,
            "rules": [_rule(rule, run) for rule in run.rules],
        }
        sarif_run: dict[str, Any] = {
            "tool": {"driver": driver},
            "language": "zh-CN" if run.lang == "zh" else run.lang,
            "columnKind": "unicodeCodePoints",
            "artifacts": [{"location": {"uri": path_uri(report.path)}} for report in run.reports],
            "results": results,
        }
        if run.notes:
            sarif_run["invocations"] = [
                {
                    "executionSuccessful": True,
                    "toolConfigurationNotifications": [
                        {"level": "warning", "message": {"text": note}} for note in run.notes
                    ],
                }
            ]
        return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}
