"""A configured checker: plugins loaded, packs resolved, engine built — then files checked.

The CLI and the Python API (``nianbao.check``) both go through ``Checker`` so they
give the same results.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nianbao
from nianbao.core.engine import Engine, Selection, locate_corpus_findings
from nianbao.core.errors import Phrase
from nianbao.core.io import Source, read_source, suffix_of
from nianbao.core.limits import Limits
from nianbao.core.plugins import Plugins
from nianbao.core.reporting import (
    RULE_DOCS_URL,
    Reporter,
    ReportResult,
    RuleInfo,
    RunResult,
    needs_tables,
)
from nianbao.core.rules import PackError, RuleSet, build_ruleset, load_pack


@dataclass
class Options:
    """Everything that shapes a run; the CLI fills it from flags and config."""

    packs: Sequence[str] = ()
    plugins: Sequence[str] = ()
    select: Sequence[str] = ()
    ignore: Sequence[str] = ()
    lang: str = "zh"
    exclude: Sequence[str] = ()
    published: str | None = None
    keep_tables: bool = False
    entry_points: bool = field(
        default_factory=lambda: not os.environ.get("NIANBAO_DISABLE_PLUGIN_AUTOLOAD")
    )
    config: dict[str, Any] = field(default_factory=dict)
    limits: Limits = field(default_factory=Limits)  # sizes, nesting, time per rule
    strict_plugins: bool = False  # a plugin that fails to load is an error, not a warning
    args: dict[str, Any] = field(default_factory=dict)  # the parsed command line, if any


class Checker:
    """Plugins + rule set + engine, built once and used for many files.

    Building a checker ends with ``nianbao_configure``, so every process that checks
    reports — the main one, a spawned pool worker, a Dask worker — configures its
    plugins exactly once, with the same settings (a forked worker inherits the
    configured checker and builds none).
    """

    def __init__(self, options: Options | None = None, plugins: Plugins | None = None) -> None:
        """``plugins``: already loaded for these options (the command line loads them
        before it is built, for the plugins' own flags); else loaded here."""
        self.options = options or Options()
        opts = self.options
        self.plugins = (
            plugins
            if plugins is not None
            else Plugins(opts.plugins, entry_points=opts.entry_points)
        )
        if opts.strict_plugins:
            self.plugins.raise_failures(opts.lang)
        self.catalogue = self.plugins.catalogue()
        packs = self.plugins.packs()
        active: list[str] | None = None
        if opts.packs:
            active = []
            known = {p.id for p in packs}
            for name in opts.packs:
                if name in known:
                    active.append(name)
                elif os.path.exists(name):
                    extra = load_pack(name, "--pack")
                    packs.append(extra)
                    active.append(extra.id)
                else:
                    ids = ", ".join(sorted(known))
                    english = f"no rule pack with id or path {name!r} (known ids: {ids})"
                    raise PackError(name, Phrase(english, "pack_not_found", name=name, known=ids))
        self.ruleset: RuleSet = build_ruleset(
            packs, self.plugins.check_functions(), self.plugins.rules(), active
        )
        self.readers = self.plugins.readers()
        self.reporters = self.plugins.reporters()
        self.corpus_rules = self.plugins.corpus_rules()
        self.selection = Selection(opts.select, opts.ignore)
        self.engine = Engine(
            self.ruleset,
            self.catalogue,
            lang=opts.lang,
            selection=self.selection,
            corpus_rules=self.corpus_rules,
            config=opts.config,
            keep_tables=opts.keep_tables,
            rule_timeout=opts.limits.rule_timeout,
        )
        if opts.strict_plugins:  # a plugin that already failed is not configured
            self.plugins.raise_failures(opts.lang, self.catalogue)
        self.plugins.configure(self.configuration())
        if opts.strict_plugins:
            self.plugins.raise_failures(opts.lang, self.catalogue)

    def configuration(self) -> dict[str, Any]:
        """What ``nianbao_configure`` gets: the settings, and the command line in ``args``."""
        return {**self.options.config, "args": dict(self.options.args)}

    def failure_texts(self) -> list[str]:
        """Each plugin failure (import, hook, wrong type), in the run's language."""
        lang = self.options.lang
        return [f.text(lang, self.catalogue) for f in self.plugins.failures]

    def prepare_for(self, reporters: Iterable[Reporter]) -> None:
        """Honour what the selected reporters declare (``needs_tables``) before checking."""
        if any(needs_tables(r) for r in reporters):
            self.options.keep_tables = True
            self.engine.keep_tables = True

    # -- files ------------------------------------------------------------

    @property
    def suffixes(self) -> set[str]:
        return {".json", *self.readers}

    def expand(self, paths: Iterable[str | Path]) -> Iterator[str]:
        """Files to check: named files as given, folders walked (sorted) by suffix."""
        for raw in paths:
            path = Path(raw)
            if path.is_dir():
                for root, dirs, files in os.walk(path):
                    dirs[:] = sorted(
                        d
                        for d in dirs
                        if not d.startswith(".") and not self._excluded(Path(root, d))
                    )
                    for name in sorted(files):  # (strings, not Paths: thousands of files)
                        if suffix_of(name).lower() in self.suffixes:
                            full = os.path.join(root, name)
                            if not self.options.exclude or not self._excluded(Path(full)):
                                yield full
            elif not self._excluded(path):
                yield str(path)

    def _excluded(self, path: Path) -> bool:
        text = path.as_posix()
        return any(
            fnmatch.fnmatch(text, pat) or fnmatch.fnmatch(path.name, pat)
            for pat in self.options.exclude
        )

    def read(self, path: str, data: bytes | None = None) -> Source:
        source = read_source(
            path, self.readers, self.plugins.interpret, data=data, limits=self.options.limits
        )
        if self.options.published and isinstance(source.report, dict):
            source.report["published"] = self.options.published
            source.cells, source.asked = None, False  # changed: the engine validates it afresh
            prov = source.report.get("provenance")
            if isinstance(prov, dict):  # the date no longer comes from the document
                prov["/published"] = {"text": f"--published {self.options.published}"}
        return source

    def signature(self) -> tuple[tuple[str, ...], ...]:
        """What this checker checks with: its rules, corpus rules and readers.

        A run on a cluster compares each worker's with its own: a worker without a
        plugin (not installed there, failing to import) would check other rules.
        """
        return (
            tuple(sorted(self.ruleset.rules)),
            tuple(sorted(r.id for r in self.corpus_rules)),
            tuple(sorted(self.readers)),
        )

    def check_file(self, path: str) -> ReportResult:
        return self.engine.check(self.read(path))

    def check_report(self, report: dict[str, Any], path: str = "<report>") -> ReportResult:
        return self.engine.check(Source(path, report))

    def run(
        self, paths: Iterable[str | Path], on_result: Callable[[ReportResult], None] | None = None
    ) -> RunResult:
        """Check every file (in input order), then the corpus rules over all of them."""
        results = []
        for path in self.expand(paths):
            result = self.check_file(path)
            results.append(result)
            if on_result:
                on_result(result)
        return self.finish(results)

    def finish(self, results: list[ReportResult]) -> RunResult:
        self.engine.judge(results)
        corpus = {r.id for r in self.engine.corpus_rules}
        locate_corpus_findings(results, corpus, self.read)
        for r in results:
            r.facts = {}
            r.corpus_provenance = None
        return self.result(results)

    def result(self, results: list[ReportResult]) -> RunResult:
        lang = self.options.lang
        return RunResult(
            reports=results,
            tool="nianbao",
            version=nianbao.__version__,
            lang=lang,
            rules=self.rule_infos(),
            labels=dict(self.catalogue.labels.get(lang, {})),
            notes=self.failure_texts(),
            texts=self.report_texts(),
        )

    def report_texts(self) -> dict[str, str]:
        """Reporter wording (the ``_report`` block of the locale), in the run's language."""
        out: dict[str, str] = {}
        for lang in ("en", "zh", self.options.lang):
            block = self.catalogue.entries.get(lang, {}).get("_report") or {}
            out.update({str(k): str(v) for k, v in block.items() if v is not None})
        return out

    # -- rules --------------------------------------------------------------

    def rule_infos(self) -> list[RuleInfo]:
        """Every rule (core, pack, Python and corpus), sorted by id."""
        lang = self.options.lang
        out = []
        for rid in ("E001", "E002", "E003"):
            out.append(
                RuleInfo(
                    rid,
                    "error",
                    ["2019", "2021"],
                    None,
                    "core",
                    self.title(rid, None),
                    self.catalogue.text(rid, "what", lang) or "",
                    scope="core",
                    help_uri=self.help_uri(rid, None, "core"),
                    texts=self.rule_texts(rid, None),
                )
            )
        for rule in self.ruleset.rules.values():
            out.append(
                RuleInfo(
                    rule.id,
                    rule.severity.label,
                    sorted(rule.editions),
                    rule.pack,
                    rule.plugin,
                    self.title(rule.id, rule),
                    self.catalogue.text(rule.id, "what", lang) or "",
                    rule.enabled,
                    selected=self.selection(rule.id),
                    help_uri=self.help_uri(rule.id, rule, rule.plugin),
                    texts=self.rule_texts(rule.id, rule),
                )
            )
        for crule in self.corpus_rules:
            plugin = getattr(crule, "plugin", "")
            out.append(
                RuleInfo(
                    crule.id,
                    crule.severity.label,
                    ["2019", "2021"],
                    None,
                    plugin,
                    self.title(crule.id, crule),
                    self.catalogue.text(crule.id, "what", lang) or "",
                    selected=self.selection(crule.id),
                    scope="corpus",
                    help_uri=self.help_uri(crule.id, crule, plugin),
                    texts=self.rule_texts(crule.id, crule),
                )
            )
        out.sort(key=lambda r: r.id)
        return out

    def rule_texts(self, rule_id: str, rule: Any) -> dict[str, str]:
        """what/why/example/fix from the catalogue, else from the rule's own ``docs``."""
        lang = self.options.lang
        docs = getattr(rule, "docs", None) or {}
        out = {}
        for key in ("what", "why", "example", "fix"):
            text = self.catalogue.text(rule_id, key, lang)
            if not text and isinstance(docs, Mapping) and key in docs:
                value = docs[key]
                text = value.get(lang) or value.get("zh") if isinstance(value, dict) else value
            if text:
                out[key] = str(text).strip()
        return out

    def help_uri(self, rule_id: str, rule: Any, plugin: str | None) -> str | None:
        """The rule's docs page: its own ``docs.url``, or the project's page for built-ins."""
        docs = getattr(rule, "docs", None) or {}
        if isinstance(docs, Mapping) and isinstance(docs.get("url"), str):
            return docs["url"]
        if plugin != "core" and not (plugin or "").startswith("nianbao."):
            return None
        base = self.options.config.get("docs_url") or RULE_DOCS_URL
        if "{id}" in base:
            return base.replace("{id}", rule_id)
        return f"{base.rstrip('/')}/{rule_id}.md"

    def title(self, rule_id: str, rule: Any) -> str:
        lang = self.options.lang
        own = getattr(rule, "title", None) or {}
        return (
            own.get(lang)
            or self.catalogue.text(rule_id, "title", lang)
            or own.get("zh")
            or own.get("en")
            or rule_id
        )
