"""The engine: validate a report, run every rule that applies, make findings.

A rule that raises becomes finding E003 naming the rule and its plugin; the other
rules still run. A report that does not fit its schema gets E002 for every
mismatch and no rule runs on it (they would only repeat the schema's complaint).
"""

from __future__ import annotations

import json
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from nianbao.core.config import ConfigError
from nianbao.core.corpus import CorpusRule
from nianbao.core.findings import Finding, Severity, Violation
from nianbao.core.io import Source
from nianbao.core.limits import RuleClock, RuleTimeout
from nianbao.core.messages import Catalogue
from nianbao.core.model import EDITIONS, ValidationResult, model
from nianbao.core.reporting import ReportResult
from nianbao.core.rules import CheckContext, Rule, RuleSet, schema_problem
from nianbao.core.validity import compile_validity

CORE_RULES = ("E001", "E002", "E003")


def parse_ids(values: Iterable[str] | None) -> tuple[str, ...]:
    """'T3,S001' / ['T3', 'S001'] → ('T3', 'S001'); ids and prefixes, as in ruff."""
    out: list[str] = []
    for value in values or ():
        out += [v.strip().upper() for v in str(value).split(",") if v.strip()]
    return tuple(out)


class Selection:
    """``--select`` / ``--ignore`` by id or prefix; the longest matching prefix wins."""

    def __init__(
        self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None
    ) -> None:
        self.select = parse_ids(select)
        self.ignore = parse_ids(ignore)

    def __call__(self, rule_id: str) -> bool:
        if rule_id in CORE_RULES:
            return True  # an unreadable or invalid input is never silenced
        rid = rule_id.upper()
        sel = max(
            (len(p) for p in self.select if rid.startswith(p)), default=-1 if self.select else 0
        )
        ign = max((len(p) for p in self.ignore if rid.startswith(p)), default=-1)
        return sel >= 0 and sel >= ign if ign >= 0 else sel >= 0


class Engine:
    """Runs a rule set over reports. Build once per process; ``check`` many times."""

    def __init__(
        self,
        ruleset: RuleSet,
        catalogue: Catalogue,
        *,
        lang: str = "zh",
        selection: Selection | None = None,
        corpus_rules: Sequence[CorpusRule] = (),
        config: Mapping[str, Any] | None = None,
        keep_tables: bool = False,
        rule_timeout: float = 0.0,
    ) -> None:
        self.ruleset = ruleset
        self.catalogue = catalogue
        self.lang = lang
        self.selection = selection or Selection()
        self.config = dict(config or {})
        self.keep_tables = keep_tables
        self.clock = RuleClock(rule_timeout)  # stops a rule that runs too long (E003)
        self.corpus_rules = [r for r in corpus_rules if self.selection(r.id)]
        self.corpus_options = {r.id: corpus_options(r, self.config) for r in self.corpus_rules}
        self._by_edition = {
            ed: [r for r in ruleset.for_edition(ed) if self.selection(r.id)] for ed in EDITIONS
        }
        # each edition's rules with their quiet tests (Rule.quiet_test), made on first use
        self._with_quiet: dict[str, list[tuple[Rule, Any]]] = {}

    # -- one report ---------------------------------------------------------

    def check(self, source: Source) -> ReportResult:
        """Check one read input; never raises for anything in the input."""
        start = time.perf_counter()
        result = ReportResult(source.path)
        report = source.report
        findings: list[Finding] = []
        prov: Mapping[str, Any] = {}
        if isinstance(report, dict):
            prov = report.get("provenance") if isinstance(report.get("provenance"), dict) else {}
            result.edition = report.get("edition") if report.get("edition") in EDITIONS else None
            result.year = report.get("year") if isinstance(report.get("year"), int) else None
            agency = report.get("agency")
            result.agency = (
                agency.get("name")
                if isinstance(agency, dict) and isinstance(agency.get("name"), str)
                else None
            )
        for rule_id, violation in source.findings:
            findings.append(
                self._finding(rule_id, self.ruleset.rules.get(rule_id), violation, prov)
            )
        if report is not None:
            with self.clock.watching():  # (nothing to arm when a batch armed it already)
                found = self._run_rules(
                    report, source.path, prov, result, source.cells, source.asked
                )
            findings += _not_covered(found, source.findings)
        findings = [f for f in findings if self.selection(f.rule)]
        result.from_file = source.from_file
        if source.from_file and source.locate is None and result.facts:
            result.corpus_provenance = self._kept_provenance(result.facts, prov)
        if source.locate is not None and findings:
            findings = [_located(f, source.locate) for f in findings]
        findings.sort(key=Finding.sort_key)
        result.findings = findings
        result.seconds = time.perf_counter() - start
        return result

    def _run_rules(
        self,
        report: dict[str, Any],
        path: str,
        prov: Mapping[str, Any],
        result: ReportResult,
        cells: dict[str, Any] | None = None,
        asked: bool = False,
    ) -> list[Finding]:
        edition = report.get("edition")
        if edition not in EDITIONS:
            got = json.dumps(edition, ensure_ascii=False)[:40] if edition is not None else None
            return [
                self._core(
                    "E002",
                    Violation(
                        "/edition",
                        {
                            "pointer": "/edition",
                            "kind": "edition",
                            "editions": list(EDITIONS),
                            "got": got,
                        },
                        "edition",
                    ),
                    prov,
                )
            ]
        mdl = model(edition)
        if not asked:  # (reading a JSON file asks already)
            cells = mdl.fast_cells(report)  # valid and complete (the common case), or None
        checked = ValidationResult([], {}) if cells is not None else mdl.validate(report)
        if checked.structural:
            return [
                self._core(
                    "E002", Violation(ptr, {"pointer": ptr or "/", **what}, what["kind"]), prov
                )
                for ptr, what in checked.structural
            ]
        if self.keep_tables:
            result.tables = report.get("tables")
        ctx = CheckContext(
            report, mdl, path, checked.cells, self.config, cells=cells, complete=cells is not None
        )
        out: list[Finding] = []
        clock = self.clock
        rules = self._with_quiet.get(edition)
        if rules is None:
            rules = self._with_quiet[edition] = [
                (rule, _quiet_test(rule, mdl)) for rule in self._by_edition[edition]
            ]
        for rule, quiet in rules:
            # ``with clock:`` written out: this runs for every rule of every report
            clock.started = time.perf_counter()
            try:
                if quiet is not None and quiet(ctx):
                    clock.started = 0.0
                    continue  # finds nothing here (the rule would ask the same first)
                for violation in rule.run(report, ctx):
                    out.append(self._finding(rule.id, rule, violation, prov))
            except (Exception, RuleTimeout) as exc:  # a rule bug must not stop the others
                clock.started = 0.0
                out.append(self._failure(rule.id, rule.plugin or rule.pack or "?", exc, prov))
            clock.started = 0.0
        if self.corpus_rules:
            facts = {}
            for crule in self.corpus_rules:
                try:
                    with self.clock:
                        fact = crule.collect(report, ctx)
                except (Exception, RuleTimeout) as exc:
                    out.append(self._failure(crule.id, getattr(crule, "plugin", "?"), exc, prov))
                    continue
                if fact is not None:
                    facts[crule.id] = fact
            result.facts = facts
        return out

    def _kept_provenance(self, facts: Mapping[str, Any], prov: Mapping[str, Any]) -> bytes | None:
        """The provenance entries (or None, for none) of every pointer the corpus rules
        say their findings on this report may name (``CorpusRule.pointers``), as compact
        JSON, compressed; None if a rule that took part cannot say, and the document is
        then read again at the end.

        A PDF takes a third of a second to read: a batch of them with many corpus
        findings would otherwise spend that again, one file after another, at its end.
        Kept as bytes until the end of the run (≈ 0.7 KB a document, against ≈ 4.8 KB as
        dicts and 2.5 KB as a string) and decoded only for a report that has such a
        finding: memory stays flat in the number of documents.
        """
        kept: dict[str, Any] = {}
        for crule in self.corpus_rules:
            fact = facts.get(crule.id)
            if fact is None:
                continue
            pointers = getattr(crule, "pointers", None)
            if pointers is None:
                return None
            try:
                for pointer in pointers(fact):
                    kept[pointer] = _provenance(prov, pointer)
            except Exception:  # a plugin's bug: its findings are placed the slow way
                return None
        text = json.dumps(kept, ensure_ascii=False, separators=(",", ":"))
        return zlib.compress(text.encode("utf-8"), 1)

    # -- many reports -------------------------------------------------------

    def judge(self, results: Sequence[ReportResult]) -> None:
        """Run the corpus rules over the facts gathered by ``check``; adds findings in place.

        A corpus rule whose ``judge`` raises is one E003 for the whole batch, on the first
        report (in input order) that took part in it, saying how many took part; what it
        yielded before it failed is kept. ``judge`` is not time-limited (docs/security.md).
        """
        if not self.corpus_rules or len(results) < 2:
            return
        by_path = {r.path: r for r in results}
        shared: dict[str, Any] = {}  # one judgement's, for work several rules share
        for crule in self.corpus_rules:
            facts = [(r.path, f) for r in results if (f := r.facts.get(crule.id)) is not None]
            extra = {"shared": shared} if _takes_shared(crule) else {}
            try:
                if getattr(crule, "options", None) is not None:
                    found = crule.judge(facts, self.corpus_options[crule.id], **extra)
                else:
                    found = crule.judge(facts, **extra)
                for path, violation in found:
                    target = by_path.get(path)
                    if target is not None:
                        target.findings.append(self._finding(crule.id, crule, violation, {}))
            except Exception as exc:
                took_part = (r for r in results if r.facts.get(crule.id) is not None)
                first = next(took_part, results[0])
                failure = self._failure(
                    crule.id, getattr(crule, "plugin", "?"), exc, {}, reports=len(facts)
                )
                first.findings.append(failure)
        for r in results:
            r.findings.sort(key=Finding.sort_key)

    # -- findings -----------------------------------------------------------

    def _core(self, rule_id: str, violation: Violation, prov: Mapping[str, Any]) -> Finding:
        return self._finding(rule_id, None, violation, prov)

    def _failure(
        self,
        rule_id: str,
        plugin: str,
        exc: BaseException,
        prov: Mapping[str, Any],
        reports: int | None = None,
    ) -> Finding:
        """E003 for a rule that raised or ran out of time: names the rule, its plugin, why.

        ``reports``: a corpus rule's ``judge`` failed over that many reports (worded so).
        """
        values: dict[str, Any] = {
            "rule": rule_id,
            "plugin": plugin,
            "error": f"{type(exc).__name__}: {exc}"[:300],
        }
        if reports is not None:
            values["reports"] = reports
        variant = "corpus" if reports is not None else None
        return self._core("E003", Violation("", values, variant), prov)

    def _finding(
        self,
        rule_id: str,
        rule: Rule | CorpusRule | None,
        violation: Violation,
        prov: Mapping[str, Any],
    ) -> Finding:
        severity = (
            rule.severity
            if rule is not None
            else (Severity.ERROR if rule_id.startswith("E") else Severity.WARNING)
        )
        if violation.severity is not None:
            severity = violation.severity
        template = None
        messages = getattr(rule, "messages", None)
        if messages:
            for lang in (self.lang, "zh", "en"):
                template = (messages.get(lang) or {}).get(violation.message or "") or (
                    messages.get(lang) or {}
                ).get("")
                if template:
                    break
        if template:
            text = self.catalogue.format(template, violation.values, self.lang)
        else:
            text = self.catalogue.render(rule_id, violation.message, violation.values, self.lang)
        entry, line = _placed_at(prov, violation.pointer)
        return Finding(
            rule=rule_id,
            severity=severity,
            message=text,
            pointer=violation.pointer,
            line=line,
            values=dict(violation.values),
            source=entry,
        )


def corpus_options(crule: CorpusRule, config: Mapping[str, Any]) -> dict[str, Any] | None:
    """A corpus rule's options: its defaults, then ``[tool.nianbao.corpus.<ID>]``.

    Checked against the rule's ``options_schema`` (if it has one) before any report is
    read, so a mistyped threshold stops the run with one line, not halfway through.
    """
    defaults = getattr(crule, "options", None)
    if defaults is None:
        return None
    section = (config.get("corpus") or {}) if isinstance(config, Mapping) else {}
    given = section.get(crule.id) or {} if isinstance(section, Mapping) else {}
    if not isinstance(given, Mapping):
        raise ConfigError(
            f"[tool.nianbao.corpus.{crule.id}] must be a table of options",
            "corpus_not_table",
            rule=crule.id,
        )
    merged = {**defaults, **given}
    schema = getattr(crule, "options_schema", None)
    if schema:
        valid = compile_validity(schema)
        if valid is not None and valid(merged):
            return merged  # jsonschema (slow to import) only words the errors
        import jsonschema

        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(merged))
        if errors:
            err = errors[0]
            where = ".".join(str(p) for p in err.absolute_path)
            at = " " + where if where else ""
            raise ConfigError(
                f"[tool.nianbao.corpus.{crule.id}]{at}: {err.message}",
                "corpus_bad_option",
                rule=crule.id,
                where=at,
                detail=schema_problem(err),
            )
    return merged


def _takes_shared(crule: CorpusRule) -> bool:
    """Whether a corpus rule's ``judge`` takes the judgement's ``shared`` dict."""
    import inspect

    try:
        return "shared" in inspect.signature(crule.judge).parameters
    except (TypeError, ValueError):  # a callable without a signature Python can read
        return False


def _not_covered(found: list[Finding], read: Sequence[tuple[str, Violation]]) -> list[Finding]:
    """Drop what reading already said: a rule's findings at or under a pointer where the
    reader reported the same rule (an unreadable row is one finding, not one per cell)."""
    if not read:
        return found
    covered = {(rule, v.pointer) for rule, v in read}
    out = []
    for f in found:
        ptr = f.pointer
        hit = False
        while True:
            if (f.rule, ptr) in covered:
                hit = True
                break
            if not ptr:
                break
            ptr = ptr.rsplit("/", 1)[0]
        if not hit:
            out.append(f)
    return out


def _quiet_test(rule: Rule, mdl: Any) -> Any:
    """The rule's quiet test, or None if it has none or it cannot be built: the rule
    then runs, and its own run raises the same error as its failure (E003)."""
    try:
        return rule.quiet_test(mdl)
    except Exception:
        return None


def locate_corpus_findings(
    results: Sequence[ReportResult], rules: set[str], read: Callable[[str], Source]
) -> None:
    """Give the corpus rules' findings the lines (and provenance) their pointers have in
    the files checked, as every other finding has.

    They are made at the end of a run, when the reports are long gone (keeping them
    would hold every report in memory). A document's result keeps the provenance of
    the pointers its corpus rules said they may name (``ReportResult.corpus_provenance``);
    every other file with such a finding is read once more with ``read`` (the run's
    own reading), and a file that no longer reads keeps its findings without a line.
    """
    for result in results:
        late = [f for f in result.findings if f.rule in rules and f.line is None]
        if not result.from_file or not late:
            continue
        kept = (
            json.loads(zlib.decompress(result.corpus_provenance))
            if result.corpus_provenance is not None
            else None
        )
        if kept is not None and all(f.pointer in kept for f in late):  # no second reading
            result.findings = [
                _placed(f, {f.pointer: kept[f.pointer]} if kept[f.pointer] else {}, None)
                if f.rule in rules and f.line is None
                else f
                for f in result.findings
            ]
            continue
        source = read(result.path)
        if not isinstance(source.report, dict):
            continue
        prov = source.report.get("provenance")
        prov = prov if isinstance(prov, dict) else {}
        result.findings = [
            _placed(f, prov, source.locate) if f.rule in rules and f.line is None else f
            for f in result.findings
        ]


def _placed(
    finding: Finding, prov: Mapping[str, Any], locate: Callable[[str], int | None] | None
) -> Finding:
    """What ``Engine._finding`` and ``_located`` give a finding made during the check."""
    entry, line = _placed_at(prov, finding.pointer)
    placed = replace(finding, line=line, source=entry)
    return _located(placed, locate) if locate is not None else placed


def _located(finding: Finding, locate: Callable[[str], int | None]) -> Finding:
    """The finding with the line of its pointer in the JSON file checked.

    A report read from JSON is that file: its line is where a user edits the cell.
    A provenance entry (from the document the JSON was extracted from) stays in
    ``source``, with that document's line.
    """
    line = locate(finding.pointer)
    return finding if line is None or line == finding.line else replace(finding, line=line)


def _placed_at(prov: Mapping[str, Any], pointer: str) -> tuple[dict[str, Any] | None, int | None]:
    """(the provenance entry of ``pointer`` or its nearest ancestor, the line it names)."""
    entry = _provenance(prov, pointer)
    line = entry.get("line") if entry else None
    return entry, line if isinstance(line, int) else None


def _provenance(prov: Mapping[str, Any], pointer: str) -> dict[str, Any] | None:
    """The provenance entry for a pointer, or for its nearest ancestor that has one."""
    if not prov:
        return None
    ptr = pointer
    while True:
        entry = prov.get(ptr)
        if isinstance(entry, dict):
            return entry
        if not ptr:
            return None
        ptr = ptr.rsplit("/", 1)[0]
