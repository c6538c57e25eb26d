"""``nianbao.check``: the CLI's check, for people who batch from Python or a notebook.

It builds the same Checker the CLI builds and runs the same per-report checks and
corpus rules, so a result here equals ``nianbao check --format json`` on the same
input: ``result.to_dict()`` is that JSON document.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from nianbao.core.batch import check_files
from nianbao.core.config import ConfigError, config_flag
from nianbao.core.limits import Limits
from nianbao.core.reporting import ReportResult, RunResult
from nianbao.core.runner import Checker, Options

Input = str | os.PathLike[str] | Mapping[str, Any]


def check(
    inputs: Input | Iterable[Input],
    *,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    packs: Sequence[str] = (),
    plugins: Sequence[str] = (),
    lang: str = "zh",
    exclude: Sequence[str] = (),
    published: str | None = None,
    jobs: int = 1,
    dask: str | None = None,
    config: Mapping[str, Any] | None = None,
    entry_points: bool = True,
    fail_on: str = "error",
    strict_plugins: bool | None = None,
) -> RunResult:
    """Check reports and return the run, as ``nianbao check`` would.

    ``inputs`` is a path (file or folder), a report dict (the JSON model), a
    ``(name, report)`` pair, or a list mixing them. Folders are walked as on the
    command line (``exclude`` globs); a dict is named ``<report 1>``, ``<report 2>``…
    in the results unless given as a pair.
    ``jobs`` > 1 checks files in that many processes; ``dask`` (an address or
    ``"local"``) runs them on a Dask cluster. Corpus rules (X001–X004) run when
    more than one report is given. Options mirror the CLI flags; ``config`` is what
    ``[tool.nianbao]`` would hold (e.g. ``{"corpus": {"X004": {"threshold": 0.9}}}``).

    ``strict_plugins`` (default: ``strict_plugins`` in ``config``, else False), as
    ``--strict-plugins``: a plugin that fails to load or whose hook fails raises
    :class:`nianbao.core.plugins.PluginError` (``.plugins`` names them) instead of
    checking without it. Either way the plugins' ``nianbao_configure`` gets
    ``config`` (with ``config["args"] == {}``: there is no command line).
    """
    try:  # max_file_mb, rule_timeout … as in [tool.nianbao]
        limits = Limits.from_config(config)
    except ValueError as exc:
        raise ConfigError.from_error(exc) from None
    if strict_plugins is None:
        strict_plugins = config_flag(config, "strict_plugins")
    options = Options(
        packs=list(packs),
        plugins=list(plugins),
        select=list(select),
        ignore=list(ignore),
        lang=lang,
        exclude=list(exclude),
        published=published,
        entry_points=entry_points,
        config=dict(config or {}),
        limits=limits,
        strict_plugins=strict_plugins,
    )
    checker = Checker(options)  # strict: a plugin failure raises PluginError here
    items = _items(inputs)
    results: list[ReportResult] = []
    files: list[str] = []

    def flush() -> None:
        if not files:
            return
        if dask:
            from nianbao.core.cluster import dask_results

            results.extend(dask_results(checker, files, dask))
        else:
            results.extend(check_files(checker, files, jobs))
        files.clear()

    for item in items:
        if isinstance(item, tuple):
            flush()
            name, report = item
            results.append(checker.check_report(_copy(report), name))
        else:
            files.extend(checker.expand([item]))
    flush()
    run = checker.finish(results)
    run.fail_on = fail_on
    return run


def _items(inputs: Input | Iterable[Input]) -> list[str | tuple[str, dict[str, Any]]]:
    if isinstance(inputs, (str, os.PathLike, Mapping)):
        inputs = [inputs]
    out: list[str | tuple[str, dict[str, Any]]] = []
    count = 0
    for item in inputs:
        if isinstance(item, Mapping):
            count += 1
            out.append((f"<report {count}>", dict(item)))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], Mapping):
            out.append((str(item[0]), dict(item[1])))
        elif isinstance(item, (str, os.PathLike)):
            out.append(str(Path(item)))
        else:
            raise TypeError(f"cannot check {type(item).__name__}: give paths or report dicts")
    return out


def _copy(report: Mapping[str, Any]) -> dict[str, Any]:
    """The engine never writes to a report, but ``published`` may be set: work on a copy."""
    import copy

    return copy.deepcopy(dict(report))
