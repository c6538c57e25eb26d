"""The command line: ``nianbao check | extract | rules | explain | schema | plugins``.

Exit codes (DESIGN.md §6): 0 — nothing at or above ``--fail-on``; 1 — findings at
or above it; 2 — usage error, unreadable or invalid input (E001/E002), bad rule
pack, config or plugin. Every error is one line on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import functools
import gc
import json
import os
import re
import stat
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import nianbao
from nianbao.core import baseline, batch
from nianbao.core.config import ConfigError, config_flag, load_config
from nianbao.core.errors import LocalisedError, error_text
from nianbao.core.findings import Severity
from nianbao.core.limits import Limits
from nianbao.core.model import EDITIONS, load_schema
from nianbao.core.plugins import PluginError, Plugins
from nianbao.core.reporting import ReportResult, RunResult
from nianbao.core.rules import PackError
from nianbao.core.runner import Checker, Options
from nianbao.core.waivers import Waiver, apply_waivers, parse_waivers

FAIL_ON = ("error", "warning", "info", "never")
INPUT_ERRORS = ("E001", "E002")
PLUGIN_ERRORS = ("E003",)  # exit 2 too under --strict-plugins
LIMIT_FLAGS = {  # flag → (Limits field, key of its help in the ``_help`` block)
    "--rule-timeout": ("rule_timeout", "rule_timeout"),
    "--max-file-mb": ("max_file_mb", "max_file_mb"),
    "--max-depth": ("max_depth", "max_depth"),
}


class UsageError(LocalisedError):
    """Bad flags or arguments (exit 2): ``UsageError("english text", "key", **values)``,
    the key naming its text in the ``_errors`` block of the catalogues."""


# argparse's own complaints (English, as argparse words them) → a key of the ``_errors``
# block that words them in the run's language; the English block has none of these keys,
# so ``--lang en`` shows argparse's sentence unchanged
_ARGPARSE = [
    (re.compile(r"unrecognized arguments: (?P<args>.*)"), "args_unrecognized"),
    (re.compile(r"the following arguments are required: (?P<args>.*)"), "args_required"),
    (
        re.compile(
            r"argument (?P<arg>[^:]+): invalid choice: (?P<value>.*?) \(choose from (?P<choices>.*)\)"
        ),
        "args_choice",
    ),
    (re.compile(r"argument (?P<arg>[^:]+): expected one argument"), "args_one"),
    (re.compile(r"argument (?P<arg>[^:]+): expected at least one argument"), "args_some"),
    (
        re.compile(r"argument (?P<arg>[^:]+): invalid (?P<type>\w+) value: (?P<value>.*)"),
        "args_type",
    ),
    (
        re.compile(r"argument (?P<arg>[^:]+): not allowed with argument (?P<other>.*)"),
        "args_together",
    ),
]


_TYPES = {"int": "json.integer", "float": "json.number"}


# argparse's own texts → their keys in the ``_help`` block
_ARGPARSE_TEXTS = {
    "usage: ": "usage",
    "positional arguments": "positionals",
    "options": "optionals",
    "show this help message and exit": "help",
}


def help_text(key: str | None, lang: str) -> str | None:
    """The ``_help`` text of ``key`` in ``lang`` (else English); a text that is no key
    (a plugin's own flag's help) as it is."""
    if not key:
        return key
    from nianbao.core.messages import builtin_catalogue

    entries = builtin_catalogue().entries
    for candidate in (lang, "en"):
        text = (entries.get(candidate, {}).get("_help") or {}).get(key)
        if text:
            return str(text)
    return key


class _HelpFormatter(argparse.HelpFormatter):
    """``--help`` in the run's language: each help given as a key of the ``_help`` block
    is worded when the help is printed (building the command line reads no catalogue),
    and lines are wrapped by their width on a terminal, where a Chinese character takes
    two columns."""

    def __init__(self, *args: Any, lang: str = "zh", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # (whatever else a newer argparse passes)
        self.lang = lang

    def _text(self, text: str | None) -> str | None:
        return help_text(_ARGPARSE_TEXTS.get(text or "", text), self.lang)

    def _get_help_string(self, action: argparse.Action) -> str | None:
        return self._text(action.help)

    def _format_text(self, text: str) -> str:
        return super()._format_text(self._text(text) or "")

    def start_section(self, heading: str | None) -> None:
        super().start_section(self._text(heading))

    def add_usage(self, usage: Any, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(
            usage, actions, groups, self._text("usage: ") if prefix is None else prefix
        )

    def _split_lines(self, text: str, width: int) -> list[str]:
        return _wrap(" ".join(text.split()), width)

    def _format_usage(self, usage: Any, actions: Any, groups: Any, prefix: Any) -> str:
        """argparse indents the usage's later lines by the prefix's characters; "用法："
        takes two columns a character, so they are moved under the first line's flags."""
        text = super()._format_usage(usage, actions, groups, prefix)
        extra = _columns(prefix or "") - len(prefix or "")
        if extra <= 0:
            return text
        first, *rest = text.split("\n")
        return "\n".join([first, *(" " * extra + line if line.strip() else line for line in rest)])


def _columns(text: str) -> int:
    """Terminal columns ``text`` takes: two for a wide (CJK) character, else one."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


_NO_LINE_START = set("，。、；：！？）》」』】,.;:!?)")


def _wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns: a wide character (CJK) is
    two, and a line breaks between any two of them or at a space, never inside a word
    of ASCII letters (a flag, a file name), nor before a closing mark (，。）…), which
    may stand one past the width rather than begin a line."""
    pieces = re.findall(r"[\x21-\x7e]+| |.", text)
    lines: list[str] = []
    line, used = "", 0
    for piece in pieces:
        size = _columns(piece)
        if used + size > width and line.strip() and piece not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, used = "", 0
            if piece == " ":
                continue
        line += piece
        used += size
    if line.strip():
        lines.append(line.rstrip())
    return lines


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose complaints and help read in the run's language (``lang``,
    known before the command line is parsed: ``--lang``, else the config's ``lang``)."""

    def __init__(self, *args: Any, lang: str = "zh", **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", functools.partial(_HelpFormatter, lang=lang))
        super().__init__(*args, **kwargs)
        self.lang = lang
        self.commands: dict[str, argparse.ArgumentParser] = {}

    def error(self, message: str) -> NoReturn:
        for pattern, key in _ARGPARSE:
            found = pattern.fullmatch(message)
            if found:
                values = found.groupdict()
                if "type" in values:  # argparse names the Python type; the labels know these
                    values["type"] = _TYPES.get(values["type"], values["type"])
                message = error_text(key, self.lang, values) or message
                break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _parser(
    add_options: Callable[[argparse.ArgumentParser], None] | None = None,
    lang: str = "zh",
) -> _Parser:
    """The command line; ``add_options`` lets the loaded plugins add flags to ``check``."""
    parser = _Parser(prog="nianbao", description="description", lang=lang)
    parser.add_argument(
        "--version", action="version", version=f"nianbao {nianbao.__version__}", help="version"
    )
    sub = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=functools.partial(_Parser, lang=lang)
    )

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--plugin",
            action="append",
            default=[],
            metavar="MODULE",
            help="plugin",
        )
        p.add_argument(
            "--pack",
            action="append",
            default=[],
            metavar="ID_OR_FILE",
            help="pack",
        )
        p.add_argument("--lang", choices=("zh", "en"), default=None, help="lang")
        p.add_argument(
            "--config",
            metavar="FILE",
            help="config",
        )
        p.add_argument(
            "--strict-plugins",
            action="store_true",
            default=None,
            help="strict_plugins",
        )
        for flag, (dest, text) in LIMIT_FLAGS.items():
            p.add_argument(flag, dest=dest, type=float, default=None, metavar="N", help=text)

    check = sub.add_parser("check", help="check")
    check.add_argument("paths", nargs="+", metavar="PATH", help="check.paths")
    check.add_argument(
        "--format",
        action="append",
        default=[],
        metavar="NAME[=FILE]",
        help="check.format",
    )
    check.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="check.output",
    )
    check.add_argument(
        "--baseline",
        metavar="FILE",
        help="check.baseline",
    )
    check.add_argument(
        "--write-baseline",
        metavar="FILE",
        help="check.write_baseline",
    )
    check.add_argument(
        "--no-waivers",
        action="store_true",
        help="check.no_waivers",
    )
    check.add_argument(
        "--fail-on",
        choices=FAIL_ON,
        default=None,
        help="check.fail_on",
    )
    check.add_argument(
        "--select",
        action="append",
        default=[],
        metavar="IDS",
        help="check.select",
    )
    check.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="IDS",
        help="check.ignore",
    )
    check.add_argument(
        "--exclude", action="append", default=[], metavar="GLOB", help="check.exclude"
    )
    check.add_argument(
        "--published",
        metavar="YYYY-MM-DD",
        help="check.published",
    )
    check.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="check.color"
    )
    check.add_argument(
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="check.jobs",
    )
    check.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="check.dask",
    )
    common(check)
    if add_options is not None:
        add_options(check)  # nianbao_add_options: the plugins' own flags

    extract = sub.add_parser("extract", help="extract")
    extract.add_argument("path", metavar="PATH", help="extract.path")
    extract.add_argument("-o", "--output", metavar="FILE", help="extract.output")
    extract.add_argument("--published", metavar="YYYY-MM-DD", help="extract.published")
    common(extract)

    rules = sub.add_parser("rules", help="rules")
    rules.add_argument("--format", choices=("text", "json"), default="text", help="rules.format")
    common(rules)

    explain = sub.add_parser("explain", help="explain")
    explain.add_argument("rule", metavar="ID", help="explain.rule")
    common(explain)

    schema = sub.add_parser("schema", help="schema")
    schema.add_argument("--edition", choices=EDITIONS, default="2021", help="schema.edition")

    plugins = sub.add_parser("plugins", help="plugins")
    plugins.add_argument("--format", choices=("text", "json"), default="text", help="rules.format")
    common(plugins)
    parser.commands = sub.choices  # each command's own parser, for its own complaints
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    global _WHOLE_PROCESS
    _WHOLE_PROCESS = argv is None  # the console command, not a caller inside a program
    args = list(sys.argv[1:] if argv is None else argv)
    run: dict[str, Any] = {"lang": _lang_given(args)}  # the config's, once it is read
    try:
        return _main(args, run)
    except PluginError as exc:
        print(f"nianbao: error: {exc}", file=sys.stderr)
        return 2
    except (PackError, ConfigError, UsageError) as exc:
        print(f"nianbao: error: {exc.text(run['lang'] or 'zh')}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("nianbao: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader of stdout went away (`| head`): stop quietly, but never as a pass —
        # under `set -o pipefail` exit 0 would hide findings. 141 = 128 + SIGPIPE, as a shell says.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 141


def _lang_given(argv: list[str]) -> str | None:
    """``--lang`` from the command line, read ahead: an error may end the run before
    the command line is parsed (an unreadable config), and is worded in it too."""
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    return lang if lang in ("zh", "en") else None


def _ahead(argv: list[str]) -> tuple[argparse.Namespace, tuple[Path | None, dict[str, Any]]]:
    """``--plugin`` and ``--config``, and the config they name, read before the command
    line is built: the plugins' own flags go into it, and its complaints (a mistyped
    flag) are worded in the config's ``lang``. The run then uses this same config."""
    ahead = argparse.ArgumentParser(add_help=False)
    ahead.add_argument("--plugin", action="append", default=[])
    ahead.add_argument("--config")
    known, _ = ahead.parse_known_args(argv[1:])
    return known, load_config(known.config)


def _plugins_for_check(argv: list[str], known: argparse.Namespace, config: dict) -> Plugins | None:
    """The plugins ``nianbao check`` will use, loaded before its command line is built
    so that their ``nianbao_add_options`` can add flags to it. The checker then uses
    these same plugins; their failures are reported by it as usual."""
    if not argv or argv[0] != "check":
        return None
    return Plugins([*config.get("plugins", []), *known.plugin], entry_points=Options().entry_points)


def _main(argv: list[str], run: dict[str, Any] | None = None) -> int:
    run = {} if run is None else run
    known, (config_path, config) = _ahead(argv)
    plugins = _plugins_for_check(argv, known, config)
    config_lang = config.get("lang") if config.get("lang") in ("zh", "en") else None
    lang = run.get("lang") or config_lang or "zh"
    parser = _parser(plugins.add_options if plugins is not None else None, lang)
    if not argv:
        parser.print_help()
        return 2
    try:
        args, extra = parser.parse_known_args(argv)
        if extra:  # said by the command's own parser, with its usage, not the top level's
            command = parser.commands.get(args.command, parser)
            command.error("unrecognized arguments: " + " ".join(extra))
    except SystemExit as exc:
        return 0 if exc.code == 0 else 2
    if args.command == "schema":
        sys.stdout.write(json.dumps(load_schema(args.edition), ensure_ascii=False, indent=2) + "\n")
        return 0
    if getattr(args, "config", None) != known.config:  # (read ahead otherwise)
        config_path, config = load_config(getattr(args, "config", None))
    args.config_path = config_path
    lang = args.lang or config.get("lang") or "zh"
    run["lang"] = lang  # the language of an error from here on
    try:
        limits = Limits.from_config(
            config, **{dest: getattr(args, dest, None) for dest, _ in LIMIT_FLAGS.values()}
        )
    except ValueError as exc:
        raise ConfigError.from_error(exc) from None
    strict = (
        bool(args.strict_plugins)
        if getattr(args, "strict_plugins", None) is not None
        else config_flag(config, "strict_plugins")
    )
    options = Options(
        packs=args.pack or config.get("packs", []),
        plugins=[*config.get("plugins", []), *args.plugin],
        select=getattr(args, "select", None) or config.get("select", []),
        ignore=[*config.get("ignore", []), *(getattr(args, "ignore", None) or [])],
        exclude=[*config.get("exclude", []), *(getattr(args, "exclude", None) or [])],
        lang=lang,
        published=getattr(args, "published", None),
        config=config,
        limits=limits,
        strict_plugins=strict,
        args=dict(vars(args)),
    )
    checker = Checker(options, plugins)  # calls nianbao_configure; strict: a failure raises
    for text in checker.failure_texts():
        print(f"nianbao: warning: {text}", file=sys.stderr)
    return {
        "check": _check,
        "extract": _extract,
        "rules": _rules,
        "explain": _explain,
        "plugins": _plugins,
    }[args.command](checker, args, config)


# -- check ------------------------------------------------------------------


def _outputs(
    args: argparse.Namespace, config: dict[str, Any], reporters: dict[str, Any]
) -> list[tuple[str, str | None]]:
    specs = args.format or [config.get("format", "text")]
    outputs: list[tuple[str, str | None]] = []
    for spec in specs:
        name, _, target = spec.partition("=")
        if name not in reporters:
            available = ", ".join(sorted(reporters))
            raise UsageError(
                f"unknown format {name!r} (available: {available})",
                "unknown_format",
                name=name,
                available=available,
            )
        outputs.append((name, target or None))
    if args.output:  # -o names the file of the last --format given without =FILE
        for i, (name, target) in reversed(list(enumerate(outputs))):
            if target is None:
                outputs[i] = (name, args.output)
                break
        else:
            raise UsageError(
                "-o names a file but every --format already has =FILE", "output_without_format"
            )
    if sum(1 for _, t in outputs if t is None) > 1:
        raise UsageError(
            "more than one format would go to stdout; give all but one a file: --format NAME=FILE",
            "formats_to_stdout",
        )
    return outputs


def _check(checker: Checker, args: argparse.Namespace, config: dict[str, Any]) -> int:
    outputs = _outputs(args, config, checker.reporters)
    config_path = getattr(args, "config_path", None)
    waivers = parse_waivers(config, config_path)  # a waiver without a reason stops here
    known = baseline.load(args.baseline) if args.baseline else None
    skip = {Path(p).resolve() for p in (args.baseline, args.write_baseline) if p}
    files = [f for f in checker.expand(args.paths) if not skip or Path(f).resolve() not in skip]
    written = [t for _, t in outputs if t] + ([args.write_baseline] if args.write_baseline else [])
    _refuse_overwriting_inputs(written, files + list(args.paths))
    checker.prepare_for(checker.reporters[name] for name, _ in outputs)
    start = time.perf_counter()
    stream = _streaming_text(checker, outputs, args, waivers, known)
    results = _check_batch(checker, files, args, config, stream)
    run = checker.finish(results)
    run.fail_on = args.fail_on or config.get("fail_on", "error")
    if not files:
        english = "no report files found in " + " ".join(args.paths)
        text = error_text("no_files", checker.options.lang, {"paths": " ".join(args.paths)})
        print(f"nianbao: warning: {text or english}", file=sys.stderr)
    if waivers and not args.no_waivers:
        base = config_path.parent if config_path else None
        outcome = apply_waivers(run.reports, waivers, base=base)
        for w in outcome.expired:
            _note(run, "waiver_expired", warn=True, **_waiver_values(w))
        for w in outcome.unused:
            _note(run, "waiver_unused", warn=True, **_waiver_values(w))
    if args.write_baseline:
        target = Path(args.write_baseline)
        document = baseline.build(run.reports, target.parent)
        write_atomic(target, baseline.dumps(document))
        _note(run, "baseline_written", count=len(document["findings"]), file=args.write_baseline)
    elif known is not None:
        stats = baseline.apply(run.reports, known, Path(args.baseline).parent)
        run.baseline = {"file": args.baseline, **stats}
        note = run.text("baseline_note", file=args.baseline, **stats)
        if stats["absent"]:
            note += run.text("baseline_absent", absent=stats["absent"])
        run.notes.append(note)
        print(f"nianbao: {note}", file=sys.stderr)
    for name, target in outputs:
        color = target is None and _use_color(args.color)
        try:
            if target is None and stream is not None:
                text = _stream_end(run, stream, color)
            else:
                text = checker.reporters[name].render(run, color=color)
        except Exception as exc:  # a reporter plugin's bug: no half output, exit 2
            raise PluginError(f"reporter {name!r} failed: {type(exc).__name__}: {exc}") from None
        if target is None:
            sys.stdout.write(text)
            sys.stdout.flush()
        else:
            write_atomic(target, text)
    if len(files) > 1:
        texts = _batch_texts(checker)
        sys.stderr.write(batch.summary(run.reports, time.perf_counter() - start, texts))
    strict = checker.options.strict_plugins
    return exit_code(run, "never" if args.write_baseline else run.fail_on, strict)


def _batch_texts(checker: Checker) -> dict[str, str]:
    """The ``_batch`` block of the locale (progress, summary), in the run's language."""
    out: dict[str, str] = {}
    for lang in ("en", "zh", checker.options.lang):
        block = checker.catalogue.entries.get(lang, {}).get("_batch") or {}
        out.update({str(k): str(v) for k, v in block.items() if v is not None})
    return out


def _jobs(args: argparse.Namespace, config: dict[str, Any]) -> int:
    jobs = args.jobs if args.jobs is not None else config.get("jobs")
    if jobs is None:
        return batch.default_jobs()
    if not isinstance(jobs, int) or jobs < 1:
        raise UsageError(
            f"--jobs must be a whole number ≥ 1, got {jobs!r}", "jobs_not_whole", jobs=jobs
        )
    return jobs


_WHOLE_PROCESS = False


def _settle_memory() -> None:
    """Before the checking starts: what start-up built (modules, rule packs, compiled
    patterns, the checker) lives until the process ends, so it is moved out of the
    cyclic collector's sight (``gc.freeze``), and the collector is asked to look at
    young objects less often — each report allocates thousands and keeps a few.
    Together about 3 % of a batch on one core; a forked ``--jobs`` worker inherits
    both. Only the console command does this (``main()`` called without arguments):
    the Python API, or a program calling ``main([...])``, keeps its collector as it
    was."""
    gc.freeze()
    gc.set_threshold(10_000, *gc.get_threshold()[1:])


def _check_batch(
    checker: Checker,
    files: list[str],
    args: argparse.Namespace,
    config: dict[str, Any],
    stream: dict[str, Any] | None,
) -> list:
    """Check every file (pool or Dask), feeding the progress bar and the text stream."""
    if _WHOLE_PROCESS:
        _settle_memory()
    progress = None
    if len(files) > 1 and sys.stderr.isatty():
        progress = batch.Progress(len(files), sys.stderr, _batch_texts(checker)["progress"])

    def seen(result: Any) -> None:
        if stream is not None:
            color = _use_color(args.color)
            lines = stream["reporter"].render_report(result, stream["lang"], color, stream["texts"])
            if progress is not None and sys.stdout.isatty():
                progress.close()  # the bar shares the terminal with the findings
            sys.stdout.write("\n".join(lines) + "\n")
            sys.stdout.flush()
            stream["seen"][id(result)] = len(result.findings)
        if progress is not None:
            progress.update(result)

    try:
        if args.dask:
            from nianbao.core import cluster

            try:
                results = []
                for result in cluster.dask_results(checker, files, args.dask):
                    results.append(result)
                    seen(result)
            except cluster.ClusterError as exc:
                raise UsageError.from_error(exc) from None
        else:
            results = batch.check_files(checker, files, _jobs(args, config), seen)
    finally:
        if progress is not None:
            progress.close()
    return results


def _streaming_text(
    checker: Checker, outputs: list, args: argparse.Namespace, waivers: Any, known: Any
) -> dict[str, Any] | None:
    """Text to stdout is written report by report as results arrive, when nothing
    (waivers, a baseline) changes the findings after the run; else None."""
    stdout = [name for name, target in outputs if target is None]
    reporter = checker.reporters.get("text")
    if stdout != ["text"] or waivers or known is not None or args.write_baseline:
        return None
    if not hasattr(reporter, "render_report") or not hasattr(reporter, "render_tail"):
        return None
    lang = checker.options.lang
    corpus = {c.id for c in checker.corpus_rules}
    texts = checker.report_texts()
    return {"reporter": reporter, "lang": lang, "texts": texts, "seen": {}, "corpus": corpus}


def _stream_end(run: RunResult, stream: dict[str, Any], color: bool) -> str:
    """After a streamed run: the corpus findings (each report's, in input order), then the tail."""
    lines: list[str] = []
    reporter = stream["reporter"]
    for report in run.reports:
        before = stream["seen"].get(id(report), len(report.findings))
        if len(report.findings) > before:
            late = [
                f
                for f in report.findings
                if f.rule in stream["corpus"]
                or (f.rule == "E003" and f.values.get("rule") in stream["corpus"])
            ]
            shown = ReportResult(report.path, report.edition, report.year, report.agency, late)
            lines += reporter.render_report(shown, stream["lang"], color, stream["texts"])
    head = "\n".join(lines) + "\n" if lines else ""
    return head + reporter.render_tail(run)


def _waiver_values(waiver: Waiver) -> dict[str, Any]:
    date = waiver.expires.isoformat() if waiver.expires else ""
    return {"index": waiver.index, "rule": waiver.rule, "path": waiver.path, "date": date}


def _note(run: RunResult, key: str, *, warn: bool = False, **values: Any) -> None:
    """A line for the run's notes (shown by reporters) and for stderr."""
    text = run.text(key, **values)
    run.notes.append(text)
    print(f"nianbao: {'warning: ' if warn else ''}{text}", file=sys.stderr)


def exit_code(run: RunResult, fail_on: str, strict_plugins: bool = False) -> int:
    """0 clean, 1 findings at or above fail_on, 2 an input that could not be read or fit no schema.

    Waived findings never count; findings hidden by a baseline are no longer in ``run``.
    Under ``--strict-plugins`` a rule that failed or timed out (E003) is exit 2 as well.
    """
    fatal = INPUT_ERRORS + (PLUGIN_ERRORS if strict_plugins else ())
    if any(f.rule in fatal for r in run.reports for f in r.findings):
        return 2
    if fail_on == "never":
        return 0
    threshold = Severity.parse(fail_on)
    return (
        1
        if any(
            f.severity >= threshold and f.waived is None for r in run.reports for f in r.findings
        )
        else 0
    )


def _use_color(mode: str) -> bool:
    if mode != "auto":
        return mode == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _refuse_overwriting_inputs(targets: list[str], inputs: list[str]) -> None:
    """An output may not be an input — by path, symlink or hard link.

    An input and a target that both exist are the same file exactly when they have
    the same inode, so paths are resolved (a system call per component) only for the
    inputs that cannot be stat'ed, or for all of them when the target cannot be.
    """
    if not targets:
        return  # nothing written to a file (stdout only): no input to compare
    inodes = set()
    unstated = []
    for p in inputs:
        try:
            st = os.stat(p)
        except OSError:
            unstated.append(p)
            continue
        inodes.add((st.st_dev, st.st_ino))
    for target in targets:
        try:
            st = os.stat(target)
            same_file = (st.st_dev, st.st_ino) in inodes
            candidates = unstated
        except OSError:
            same_file = False
            candidates = inputs
        if same_file or Path(target).resolve() in {Path(p).resolve() for p in candidates}:
            raise UsageError(
                f"refusing to write output to {target}: it is an input file",
                "output_is_input",
                target=target,
            )


def write_atomic(target: str | Path, text: str | bytes) -> None:
    """Write via a temporary file and rename, so an interrupted run leaves no half file.

    The temporary file sits next to the target (a rename within one file system is
    atomic) and is removed whatever interrupts the write, Ctrl-C included. The file
    gets the target's old permissions, or the usual ones for a new file. A target
    that exists and is not a regular file (``/dev/null``, a FIFO) is written to
    directly: renaming over it would replace the device with a file.
    """
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        info = os.stat(target)
        mode = info.st_mode & 0o7777
    except OSError:
        info = None
        mode = 0o666 & ~_umask()
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        # /dev/null, a terminal, a pipe: written to, never replaced by a renamed file
        try:
            with open(target, "wb") as fh:
                fh.write(data)
        except OSError as exc:
            raise _cannot_write(target, exc) from None
        return
    import tempfile  # here: most runs write to stdout, and the import costs at every start

    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise _cannot_write(target, exc) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, mode)  # mkstemp makes 0600; keep the old file's mode or the usual one
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(target, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _cannot_write(target: Path, exc: OSError) -> UsageError:
    detail = str(exc.strerror or exc)
    return UsageError(
        f"cannot write {target}: {detail}", "cannot_write", target=target, detail=detail
    )


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# -- extract ----------------------------------------------------------------


def _extract(checker: Checker, args: argparse.Namespace, config: dict[str, Any]) -> int:
    source = checker.read(args.path)
    prov = (source.report or {}).get("provenance")
    for rule_id, violation in source.findings:
        finding = checker.engine._finding(
            rule_id,
            checker.ruleset.rules.get(rule_id),
            violation,
            prov if isinstance(prov, dict) else {},
        )
        place = f"{args.path}:{finding.line}" if finding.line is not None else args.path
        print(f"{place} {finding.rule} {finding.message}", file=sys.stderr)
    if source.report is None:
        return 2
    text = json.dumps(source.report, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        _refuse_overwriting_inputs([args.output], [args.path])
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    return 0


# -- rules, explain, plugins -------------------------------------------------


def _rules(checker: Checker, args: argparse.Namespace, config: dict[str, Any]) -> int:
    infos = checker.rule_infos()
    if args.format == "json":
        sys.stdout.write(
            json.dumps([i.to_dict() for i in infos], ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    for i in infos:
        state = "" if i.enabled else " (disabled)"
        print(
            f"{i.id:<7} {i.severity:<8} {','.join(i.editions):<10} {(i.pack or i.plugin):<18} {i.title}{state}"
        )
    return 0


_EXPLAIN_HEADINGS = {
    "zh": {"what": "检查什么", "why": "为什么（依据）", "example": "不合格示例", "fix": "如何修改"},
    "en": {
        "what": "What it checks",
        "why": "Why (basis)",
        "example": "Example that fails",
        "fix": "How to fix",
    },
}


def explain_text(checker: Checker, rule_id: str) -> str | None:
    """The explanation of one rule in the checker's language (also the docs page body)."""
    lang = checker.options.lang
    infos = {i.id: i for i in checker.rule_infos()}
    info = infos.get(rule_id.upper())
    if info is None:
        return None
    rule = checker.ruleset.rules.get(info.id)
    docs = dict(getattr(rule, "docs", None) or {})
    heads = _EXPLAIN_HEADINGS.get(lang, _EXPLAIN_HEADINGS["zh"])
    lines = [f"# {info.id} — {info.title}", ""]
    meta = {
        "zh": "严重程度 {s}；适用格式 {e}；规则包 {p}",
        "en": "severity {s}; editions {e}; pack {p}",
    }[lang]
    lines += [
        meta.format(s=info.severity, e=", ".join(info.editions), p=info.pack or info.plugin),
        "",
    ]
    for key, head in heads.items():
        text = checker.catalogue.text(info.id, key, lang)
        if not text and key in docs:
            value = docs[key]
            text = value.get(lang) or value.get("zh") if isinstance(value, dict) else value
        if text:
            lines += [f"## {head}", "", str(text).rstrip(), ""]
        if key == "why" and getattr(rule, "options", None):
            # the settings in force (a province pack may override them by id)
            import yaml

            lines += [f"## {_OPTIONS_HEADING[lang]}", "", "```yaml"]
            lines += yaml.safe_dump(
                dict(rule.options), allow_unicode=True, sort_keys=False, width=100
            ).splitlines()
            lines += ["```", ""]
    return "\n".join(lines).rstrip() + "\n"


_OPTIONS_HEADING = {
    "zh": "选项（规则包可按规则编号覆盖，overrides: {ID: {with: …}}）",
    "en": "Options (a pack may override them by id: overrides: {ID: {with: …}})",
}


def _explain(checker: Checker, args: argparse.Namespace, config: dict[str, Any]) -> int:
    text = explain_text(checker, args.rule)
    if text is None:
        raise UsageError(
            f"no rule {args.rule!r} (see `nianbao rules`)", "no_such_rule", rule=args.rule
        )
    sys.stdout.write(text)
    return 0


def _plugins(checker: Checker, args: argparse.Namespace, config: dict[str, Any]) -> int:
    infos = checker.plugins.info()
    if args.format == "json":
        sys.stdout.write(
            json.dumps([i.__dict__ for i in infos], ensure_ascii=False, indent=2) + "\n"
        )
        return 0
    for i in infos:
        print(
            f"{i.name:<36} {i.source:<40} {', '.join(h.removeprefix('nianbao_') for h in i.hooks)}"
        )
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
