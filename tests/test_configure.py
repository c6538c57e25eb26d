"""``nianbao_configure`` reaches every process that checks reports, exactly once.

A plugin whose rule's output depends on its settings (tests/plugins/configured_rule.py)
must give the same JSON in the main process (``--jobs 1``), in forked and in spawned
pool workers (``--jobs 2``) and on Dask workers (``--dask local``): a worker that
builds its own checker configures it, once; a forked one inherits the configured one.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.hardening.conftest import ROOT, run_cli

NAMES = ("a.json", "b.json", "c.json", "d.json")
PLUGIN = ("--plugin", "tests.plugins.configured_rule", "--select", "CFG")
EXPECTED = "deadline 2024-01-31 (command check, configured 1 time(s) here)"
SPAWN_CLI = """\
import multiprocessing
import sys

from nianbao.cli import main

if __name__ == "__main__":
    multiprocessing.set_start_method("spawn")
    sys.exit(main())
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with a nianbao.toml that configures the plugin, and four reports."""
    (tmp_path / "nianbao.toml").write_text('[configured_rule]\ndeadline = "2024-01-31"\n', "utf-8")
    reports = tmp_path / "reports"
    reports.mkdir()
    text = (FIXTURES / "tables-2021.json").read_text("utf-8")
    for name in NAMES:
        (reports / name).write_text(text, "utf-8")
    return tmp_path


def _run(project: Path, *args: str, spawn: bool = False) -> tuple[str, list[str]]:
    """(JSON output, the id of the process of every nianbao_configure call)."""
    log = project / "configured.log"
    log.unlink(missing_ok=True)
    check = ("check", "--lang", "en", "--format", "json", *PLUGIN, "reports", *args)
    env = {"NIANBAO_TEST_CONFIGURED_LOG": str(log)}
    if spawn:
        script = project / "spawn_cli.py"
        script.write_text(SPAWN_CLI, "utf-8")
        environ = dict(os.environ, **env, NIANBAO_DISABLE_PLUGIN_AUTOLOAD="1")
        environ["PYTHONPATH"] = str(ROOT)
        proc = subprocess.run(
            [sys.executable, str(script), *check],
            capture_output=True,
            text=True,
            env=environ,
            cwd=project,
            timeout=120,
        )
    else:
        proc = run_cli(*check, env=env, cwd=project, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stderr.startswith("Summary: 4 report(s) checked"), proc.stderr  # no warning
    return proc.stdout, log.read_text("utf-8").split()


def _messages(out: str) -> list[tuple[str, list[str]]]:
    return [
        (Path(r["path"]).name, [f"{f['rule']} {f['message']}" for f in r["findings"]])
        for r in json.loads(out)["reports"]
    ]


def test_configured_rule_gives_the_same_json_in_every_kind_of_worker(project):
    one, calls_one = _run(project, "--jobs", "1")
    assert _messages(one) == [(name, [f"CFG001 {EXPECTED}"]) for name in NAMES]
    assert len(calls_one) == 1  # the main process, once

    forked, calls_forked = _run(project, "--jobs", "2")
    assert forked == one
    assert len(calls_forked) == 1  # forked workers inherit the configured checker

    spawned, calls_spawned = _run(project, "--jobs", "2", spawn=True)
    assert spawned == one
    # the main process and each spawned worker that started before the work ran out, once each
    assert 2 <= len(calls_spawned) <= 3
    assert len(calls_spawned) == len(set(calls_spawned))


def test_configured_rule_gives_the_same_json_on_dask_workers(project):
    pytest.importorskip("distributed")
    one, _ = _run(project, "--jobs", "1")
    dask, calls = _run(project, "--dask", "local")
    assert dask == one
    assert len(calls) >= 2  # the main process and at least one Dask worker …
    assert len(calls) == len(set(calls))  # … each configured once, however many tasks it ran


def test_api_configures_spawned_workers_with_its_config(tmp_path):
    """``nianbao.check(config=...)``: the same settings in each worker; there is no command line."""
    import nianbao

    text = (FIXTURES / "tables-2021.json").read_text("utf-8")
    for name in NAMES:
        (tmp_path / name).write_text(text, "utf-8")
    done = threading.Event()
    thread = threading.Thread(target=done.wait)  # a running thread makes the pool spawn
    thread.start()
    try:
        run = nianbao.check(
            tmp_path,
            plugins=["tests.plugins.configured_rule"],
            select=["CFG"],
            lang="en",
            entry_points=False,
            config={"configured_rule": {"deadline": "2025-03-31"}},
            jobs=2,
        )
    finally:
        done.set()
        thread.join()
    assert [[f.message for f in r.findings] for r in run.reports] == [
        ["deadline 2025-03-31 (command (none), configured 1 time(s) here)"]
    ] * len(NAMES)


def test_spawned_worker_whose_plugin_fails_under_strict_plugins_ends_the_run(project):
    """The failure comes back from the worker as one error line; the pool does not hang."""
    script = project / "spawn_cli.py"
    script.write_text(SPAWN_CLI, "utf-8")
    environ = dict(os.environ, NIANBAO_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONPATH=str(ROOT))
    proc = subprocess.run(
        [sys.executable, str(script), "check", "--lang", "en", "--strict-plugins",
         "--plugin", "tests.plugins.fails_in_workers", "--jobs", "2", "reports"],
        capture_output=True, text=True, env=environ, cwd=project, timeout=120,
    )  # fmt: skip
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        "nianbao: error: plugin tests.plugins.fails_in_workers: hook nianbao_configure raised "
        "LookupError: no licence file on this worker\n"
    )
