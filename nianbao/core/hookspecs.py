"""The plugin contract: every hook nianbao calls, in one file.

Built-in rules, readers, reporters and corpus rules register through exactly these
hooks, as a province's package does. A plugin implements any subset::

    from nianbao import hookimpl

    @hookimpl
    def nianbao_rule_packs():
        return [Path(__file__).parent / "guizhou.yaml"]

Hooks that return lists are called on every plugin and their results are merged
(later registrations do not replace earlier ones; duplicate names are an error
reported at start-up). ``docs/plugins.md`` documents each hook with an example and
a test fails if a hook here is missing from it.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from nianbao.core.corpus import CorpusRule
    from nianbao.core.document import Document, Extraction
    from nianbao.core.io import Reader
    from nianbao.core.reporting import Reporter
    from nianbao.core.rules import CheckFunction, Rule

hookspec = pluggy.HookspecMarker("nianbao")


@hookspec
def nianbao_check_functions() -> Mapping[str, CheckFunction]:
    """Check functions YAML rules may name in ``check:``.

    Called once at start-up. Return ``{name: function}``; each function is
    ``fn(node, options, ctx) -> Iterable[Violation]`` decorated with
    :func:`nianbao.check_function`, which declares the JSON Schema of its options
    so a bad ``with:`` block is refused when the pack loads, not when it runs.
    """


@hookspec
def nianbao_rule_packs() -> Sequence[str | PathLike[str]]:
    """Paths of the YAML rule packs a plugin ships.

    Called once at start-up. Every pack returned is active unless ``--pack``
    (or ``packs`` in config) names a subset. Packs ``extends`` each other by id.
    """


@hookspec
def nianbao_rules() -> Sequence[Rule]:
    """Python rules, for logic YAML cannot say well.

    Called once at start-up. Return :class:`nianbao.Rule` objects built with
    ``func=fn`` where ``fn(report, ctx) -> Iterable[Violation]``. To the engine a
    Python rule and a YAML rule are the same type; a pack may override either.
    """


@hookspec
def nianbao_messages() -> Mapping[str, str | PathLike[str] | Mapping[str, Any]]:
    """Message catalogues: ``{lang: path-to-yaml or mapping}``.

    Called once at start-up. A catalogue maps a rule id to its texts (``title``,
    ``message``, ``messages`` variants, and the ``what``/``why``/``example``/``fix``
    that ``nianbao explain`` prints) and has a ``labels`` table for row and column
    names. Later plugins add to earlier ones; they never silently replace a text.
    """


@hookspec
def nianbao_corpus_rules() -> Sequence[CorpusRule]:
    """Rules over many reports (cross-year carry-over, 内容雷同).

    Called once at start-up. A corpus rule collects a few small facts from each
    report as it is checked, then judges all facts together at the end of a batch;
    it only runs when more than one report is checked together.
    """


@hookspec
def nianbao_readers() -> Sequence[Reader]:
    """Readers by file type: bytes → :class:`nianbao.Document`.

    Called once at start-up. Each reader names the suffixes it takes
    (``(".html", ".htm")``). A reader raises :class:`nianbao.core.io.ReadError`
    for input it cannot read — a message key with values (``E001.messages.<key>``
    in the catalogues, so it reads in the run's language) or a plain line; that
    becomes finding E001 (docs/readers.md). A reader whose module is slow to
    import may be returned as :class:`nianbao.core.io.LazyReader` (name,
    suffixes, ``"module:Class"``): the module is imported on the first file of
    its type.
    """


@hookspec(firstresult=True)
def nianbao_interpret(document: Document) -> Extraction | None:
    """Map a Document to the report model (first plugin to answer wins).

    Called once per non-JSON input, after its reader. The built-in interpreter
    answers for every document; a plugin registered later may answer first for
    documents it recognises.
    """


@hookspec
def nianbao_reporters() -> Sequence[Reporter]:
    """Output formats, selectable with ``--format NAME``.

    Called once at start-up. Each reporter has a ``name``, a ``description`` and
    ``render(run, *, color) -> str`` over a whole run; one that sets
    ``needs_tables = True`` gets each report's tables (see
    :class:`nianbao.core.reporting.Reporter`).
    """


@hookspec
def nianbao_add_options(parser: argparse.ArgumentParser) -> None:
    """Add a plugin's own flags to ``nianbao check``.

    Called once while the command line is built. Prefix flags with the plugin's
    name to avoid clashes.
    """


@hookspec
def nianbao_configure(config: dict[str, Any]) -> None:
    """Read settings after the command line and config files are parsed.

    Called once before any report is checked, with the merged configuration
    (``[tool.nianbao]`` / ``nianbao.toml`` overridden by flags); ``config["args"]``
    holds the parsed command line (``{}`` under the Python API). Called once in
    every process that builds a checker — a spawned ``--jobs`` worker, a Dask
    worker — with the same configuration; a forked worker inherits the call.
    """
