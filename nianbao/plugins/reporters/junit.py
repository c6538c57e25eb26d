"""JUnit XML, for CI systems that show test reports (GitLab ``artifacts:reports:junit``, Jenkins).

One ``<testsuite>`` per report, named by its path; one ``<testcase>`` per rule that
was evaluated on it (the rules of its edition that the run selected, plus
E001–E003; on an input that could not be read or fit no schema only those three,
since no other rule ran). A testcase fails exactly when the exit code would count
it: it has findings at or above ``--fail-on`` that are not waived. Its
``<failure>`` (``<error>`` for E001–E003: the report could not be checked)
carries every such finding, one line each. Findings below the threshold and
waived findings are listed in the testcase's ``<system-out>``, so nothing is lost.
Corpus rules (X…) are testcases only when several reports were checked together.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nianbao.core.findings import Finding
from nianbao.core.reporting import ReportResult, RuleInfo, RunResult
from nianbao.plugins.reporters.common import source_line, waived_text

if TYPE_CHECKING:
    import xml.etree.ElementTree as ET

ERRORS = ("E001", "E002", "E003")


def _line(run: RunResult, report: ReportResult, f: Finding) -> str:
    where = source_line(f)
    at = f"{report.path}:{where}" if where and where.isdigit() else report.path
    pointer = f" [{f.pointer}]" if f.pointer else ""
    extra = f" ({waived_text(run, f)})" if f.waived is not None else ""
    return f"{at} {f.rule} {run.text(f.severity.label)}: {f.message}{pointer}{extra}"


def evaluated(run: RunResult, report: ReportResult) -> list[RuleInfo]:
    """The rules that ran on this report, in id order."""
    unread = any(f.rule in ("E001", "E002") for f in report.findings)
    several = len(run.reports) > 1
    out = []
    for rule in run.rules:
        if rule.scope == "core":
            out.append(rule)
        elif unread:
            continue
        elif rule.scope == "corpus":
            if several and rule.enabled and rule.selected:
                out.append(rule)
        elif rule.applies_to(report.edition):
            out.append(rule)
    seen = {r.id for r in out}
    extra = sorted({f.rule for f in report.findings} - seen)  # a rule the run did not list
    return out + [RuleInfo(rid, "warning", [], None, "", rid) for rid in extra]


class JunitReporter:
    name = "junit"
    description = "JUnit XML: a testsuite per report, a testcase per rule (GitLab, Jenkins)"

    def render(self, run: RunResult, *, color: bool = False) -> str:
        import xml.etree.ElementTree as ET  # here: every run imports this module, few render it

        root = ET.Element("testsuites", {"name": run.tool})
        totals = {"tests": 0, "failures": 0, "errors": 0}
        for report in run.reports:
            suite = self.suite(run, report)
            root.append(suite)
            for key in totals:
                totals[key] += int(suite.get(key, "0"))
        for key, value in totals.items():
            root.set(key, str(value))
        ET.indent(root)
        return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"

    def suite(self, run: RunResult, report: ReportResult) -> ET.Element:
        import xml.etree.ElementTree as ET

        by_rule: dict[str, list[Finding]] = {}
        for f in report.findings:
            by_rule.setdefault(f.rule, []).append(f)
        rules = evaluated(run, report)
        suite = ET.Element("testsuite", {"name": report.path})
        props = ET.SubElement(suite, "properties")
        for key, value in (
            ("agency", report.agency),
            ("year", report.year),
            ("edition", report.edition),
        ):
            if value is not None:
                ET.SubElement(props, "property", {"name": key, "value": str(value)})
        failures = errors = 0
        for rule in rules:
            case = ET.SubElement(
                suite,
                "testcase",
                {"classname": report.path, "name": f"{rule.id} {rule.title}".strip()},
            )
            findings = by_rule.get(rule.id, [])
            failing = [f for f in findings if f.rule in ERRORS or run.failing(f)]
            others = [f for f in findings if f not in failing]
            if failing:
                tag = "error" if rule.id in ERRORS else "failure"
                if tag == "error":
                    errors += 1
                else:
                    failures += 1
                element = ET.SubElement(
                    case,
                    tag,
                    {
                        "type": rule.id,
                        "message": failing[0].message
                        if len(failing) == 1
                        else f"{len(failing)} × {rule.id}: {failing[0].message}",
                    },
                )
                element.text = "\n".join(_line(run, report, f) for f in failing)
            if others:
                out = ET.SubElement(case, "system-out")
                out.text = "\n".join(_line(run, report, f) for f in others)
        suite.set("tests", str(len(rules)))
        suite.set("failures", str(failures))
        suite.set("errors", str(errors))
        suite.set("skipped", "0")
        return suite
