"""A batch in worker processes (``--jobs 2``) keeps every hardening promise of ``--jobs 1``.

Each case runs the real command line on a folder of several reports and asserts the
exact outcome: the per-rule time limit holds in every worker, a failing plugin is
reported once (not once per worker), ``--strict-plugins`` is exit 2, a broken file
is one E001 while the others are checked, a file that kills its worker process is
one E001 while the others are checked, results keep the input order, ``-o`` is
replaced whole and Ctrl-C leaves no traceback. Also: a corpus rule whose ``judge``
raises, and a time limit configured under ``--dask local``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.hardening.conftest import ROOT, run_cli
from tests.hardening.test_plugins import HANG_ARGS, TIMED_OUT, _installed

NAMES = ("a.json", "b.json", "c.json")
JOBS = ("1", "2")
HUNG = [("E003", TIMED_OUT[0]), ("E003", TIMED_OUT[1]), ("HANG003", "HANG003")]
IMPORT_FAILURE = (
    "plugin tests.plugins.broken_import: failed to import: "
    "ImportError: No module named 'province_database_driver'"
)
HOOK_FAILURES = [
    "plugin tests.plugins.raising_hooks: hook nianbao_rules raised "
    "RuntimeError: rules table not initialised",
    "plugin tests.plugins.raising_hooks: hook nianbao_configure raised KeyError: 'guizhou_deadline'",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three readable reports; b.json has 上年结转 5 in 总计 with 0 in every column."""
    out = tmp_path / "in"
    out.mkdir()
    report = json.loads((FIXTURES / "tables-2021.json").read_text("utf-8"))
    for name in NAMES:
        (out / name).write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    report["tables"]["applications"]["carried_over"]["total"] += 5
    (out / "b.json").write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    return out


def _findings(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """(file name, [(rule, message)]) of every report, in output order."""
    return [
        (Path(r["path"]).name, [(f["rule"], f["message"]) for f in r["findings"]])
        for r in json.loads(proc.stdout)["reports"]
    ]


def _each_jobs(*args: str, **kwargs) -> dict[str, subprocess.CompletedProcess[str]]:
    """The same command with ``--jobs 1`` and ``--jobs 2``."""
    return {jobs: run_cli(*args, "--jobs", jobs, timeout=60, **kwargs) for jobs in JOBS}


# -- the time limit --------------------------------------------------------------------


def test_hanging_rule_is_stopped_in_every_worker(folder):
    runs = _each_jobs("check", "--lang", "en", "--rule-timeout", "0.2", *HANG_ARGS, str(folder))
    for proc in runs.values():
        assert proc.returncode == 1
        assert _findings(proc) == [(name, HUNG) for name in NAMES]
    assert runs["1"].stdout == runs["2"].stdout


def test_rule_timeout_from_config_reaches_the_workers(folder, tmp_path):
    (tmp_path / "nianbao.toml").write_text("rule_timeout = 0.2\n", "utf-8")
    runs = _each_jobs("check", "--lang", "en", *HANG_ARGS, str(folder), cwd=tmp_path)
    for proc in runs.values():
        assert proc.returncode == 1
        assert _findings(proc) == [(name, HUNG) for name in NAMES]


def test_hanging_rule_with_strict_plugins_is_exit_2_with_any_jobs(folder):
    runs = _each_jobs(
        "check", "--lang", "en", "--rule-timeout", "0.2", "--strict-plugins", *HANG_ARGS,
        str(folder),
    )  # fmt: skip
    for proc in runs.values():
        assert proc.returncode == 2
        assert _findings(proc) == [(name, HUNG) for name in NAMES]  # the output is still written


# -- plugins that fail: said once, whatever the number of workers -------------------------


def test_plugin_that_fails_to_import_is_one_warning_with_any_jobs(folder, tmp_path):
    site = _installed(tmp_path, broken="tests.plugins.broken_import")
    runs = _each_jobs(
        "check", "--lang", "en", "--select", "T", str(folder), pythonpath=[str(site)],
        autoload=True,
    )  # fmt: skip
    for proc in runs.values():
        assert proc.returncode == 1  # b.json's T301/T303: every file was checked
        assert proc.stderr.splitlines()[0] == f"nianbao: warning: {IMPORT_FAILURE}"
        assert proc.stderr.count("broken_import") == 1
        assert proc.stdout.count("broken_import") == 1  # the note under the findings
        assert proc.stdout.splitlines()[-1] == IMPORT_FAILURE
    assert runs["1"].stdout == runs["2"].stdout


def test_plugin_that_fails_to_import_is_exit_2_when_strict_with_any_jobs(folder, tmp_path):
    site = _installed(tmp_path, broken="tests.plugins.broken_import")
    runs = _each_jobs(
        "check", "--strict-plugins", str(folder), pythonpath=[str(site)], autoload=True
    )
    for proc in runs.values():
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == (
            "nianbao: error: 插件 tests.plugins.broken_import：无法导入："
            "ImportError: No module named 'province_database_driver'\n"
        )


def test_hooks_that_raise_are_warned_once_with_any_jobs(folder):
    runs = _each_jobs(
        "check", "--lang", "en", "--select", "T", "--plugin", "tests.plugins.raising_hooks",
        str(folder),
    )  # fmt: skip
    for proc in runs.values():
        assert proc.returncode == 1
        lines = proc.stderr.splitlines()
        assert lines[:2] == [f"nianbao: warning: {f}" for f in HOOK_FAILURES]
        assert lines[2].startswith("Summary: 3 report(s) checked, 1 failed")
        assert proc.stderr.count("raising_hooks") == 2
        assert proc.stdout.splitlines()[-2:] == HOOK_FAILURES
    assert runs["1"].stdout == runs["2"].stdout


def test_hook_that_raises_is_exit_2_when_strict_with_any_jobs(folder):
    runs = _each_jobs(
        "check", "--strict-plugins", "--plugin", "tests.plugins.raising_hooks", str(folder)
    )
    for proc in runs.values():
        assert (proc.returncode, proc.stdout) == (2, "")
        assert proc.stderr == (
            "nianbao: error: 插件 tests.plugins.raising_hooks：钩子 nianbao_rules 运行出错："
            "RuntimeError: rules table not initialised\n"
        )


# -- a batch: broken files, order, output files ----------------------------------------------

T3_FAULT = [
    (
        "T301",
        "Table 3 column «total»: 1(0)+2(5)=5, 3(7)+4=0+0=0, difference 5",
    ),
    (
        "T303",
        "Table 3 row «2 carried over from last year»: total 5, six applicant columns "
        "0+0+0+0+0+0 = 0, difference 5",
    ),
]


def test_broken_file_is_one_e001_and_the_rest_in_input_order(folder):
    (folder / "broken.json").write_text('{"edition": "2021",', "utf-8")
    order = [str(folder / n) for n in ("c.json", "broken.json", "b.json", "a.json")]
    runs = _each_jobs("check", "--lang", "en", "--format", "json", "--select", "T", *order)
    for proc in runs.values():
        assert proc.returncode == 2
        assert _findings(proc) == [
            ("c.json", []),
            (
                "broken.json",
                [
                    (
                        "E001",
                        "not valid JSON (line 1, column 20): "
                        "Expecting property name enclosed in double quotes",
                    )
                ],
            ),
            ("b.json", T3_FAULT),
            ("a.json", []),
        ]
    assert runs["1"].stdout == runs["2"].stdout


CRASH_ARGS = ("--plugin", "tests.plugins.crashing_rule", "--select", "T,CRASH")


def _with_crashing_report(folder: Path) -> list[str]:
    report = json.loads((folder / "a.json").read_text("utf-8"))
    report["title"] = "某局2021年政府信息公开工作年度报告（崩溃）"
    (folder / "crash.json").write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    return [str(folder / n) for n in ("c.json", "crash.json", "b.json", "a.json")]


def test_file_that_kills_its_worker_is_one_e001_and_the_rest_are_checked(folder):
    """A crash in native code (a reader's library) ends the worker, not the batch."""
    order = _with_crashing_report(folder)
    proc = run_cli("check", "--lang", "en", "--format", "json", "--jobs", "2", *CRASH_ARGS,
                   *order, timeout=60)  # fmt: skip
    assert proc.returncode == 2
    assert _findings(proc) == [
        ("c.json", []),
        (
            "crash.json",
            [
                (
                    "E001",
                    "cannot check: the worker process checking this file ended abruptly "
                    "(a native library of a reader or rule crashed, or memory ran out); "
                    "the other files were checked",
                )
            ],
        ),
        ("b.json", T3_FAULT),
        ("a.json", []),
    ]
    zh = run_cli("check", "--jobs", "2", *CRASH_ARGS, *order, timeout=60)
    assert "无法检查：检查这份文件的工作进程意外终止" in zh.stdout


def test_worker_that_dies_once_is_replaced_and_every_file_checked(folder, tmp_path):
    """A worker the kernel ends (out of memory) loses its files; they are checked again."""
    order = _with_crashing_report(folder)
    once = tmp_path / "died"
    proc = run_cli("check", "--lang", "en", "--format", "json", "--jobs", "2", *CRASH_ARGS,
                   *order, env={"NIANBAO_TEST_DIE_ONCE": str(once)}, timeout=60)  # fmt: skip
    assert once.exists()  # it did die
    assert proc.returncode == 1
    names = ["c.json", "crash.json", "b.json", "a.json"]
    assert _findings(proc) == [(n, T3_FAULT if n == "b.json" else []) for n in names]


def test_output_file_from_workers_replaces_the_old_one_whole(folder, tmp_path):
    out = tmp_path / "out" / "result.json"
    out.parent.mkdir()
    out.write_text("the previous result\n", "utf-8")
    out.chmod(0o640)
    to_stdout = run_cli("check", "--format", "json", "--jobs", "1", str(folder))
    proc = run_cli("check", "--format", "json", "--jobs", "2", str(folder), "-o", str(out))
    assert (proc.returncode, proc.stdout) == (to_stdout.returncode, "")
    assert out.read_text("utf-8") == to_stdout.stdout
    assert out.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in out.parent.iterdir()] == ["result.json"]  # no temporary file left


def test_ctrl_c_during_a_parallel_run_keeps_the_old_output(folder, tmp_path):
    """Ctrl-C goes to every process of the terminal's group, the workers included."""
    out = tmp_path / "result.json"
    out.write_text("the previous result\n", "utf-8")
    started = tmp_path / "started"
    env = dict(os.environ, NIANBAO_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONPATH=str(ROOT))
    env["NIANBAO_TEST_RULE_STARTED"] = str(started)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nianbao", "check", "--rule-timeout", "0", "--jobs", "2",
         "--plugin", "tests.plugins.hanging_rule", "--select", "HANG", str(folder),
         "-o", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
    )  # fmt: skip
    try:
        for _ in range(600):  # wait (at most a minute) until a worker runs the hanging rule
            if started.exists():
                break
            time.sleep(0.1)
        assert started.exists()
        os.killpg(proc.pid, signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # whatever of this run is left
        except ProcessLookupError:
            pass
        proc.wait()
    assert (proc.returncode, stdout, stderr) == (130, "", "nianbao: interrupted\n")
    assert out.read_text("utf-8") == "the previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "result.json", "started"]


# -- corpus rules ------------------------------------------------------------------------


def test_corpus_rule_that_raises_in_judge_is_one_e003_for_the_batch(folder):
    """On the first report, in input order, that took part; what it gave before is kept."""
    (folder / "0-broken.json").write_text("{", "utf-8")  # first, and takes no part
    args = ("--plugin", "tests.plugins.failing_corpus_rule", "--select", "ZX", "--format", "json")
    runs = _each_jobs("check", "--lang", "en", *args, str(folder))
    for proc in runs.values():
        assert proc.returncode == 2
        found = _findings(proc)
        assert [name for name, _ in found] == ["0-broken.json", *NAMES]
        assert found[1:] == [
            (
                "a.json",
                [
                    (
                        "E003",
                        "corpus rule ZX001 (plugin tests.plugins.failing_corpus_rule) failed "
                        "while comparing the batch's 3 reports and was skipped: "
                        "LookupError: no index for 3 titles",
                    )
                ],
            ),
            ("b.json", []),
            ("c.json", [("ZX001", "title compared")]),
        ]
    assert runs["1"].stdout == runs["2"].stdout
    zh = run_cli("check", *args, str(folder))
    assert _findings(zh)[1][1][0][1] == (
        "跨报告规则 ZX001（插件 tests.plugins.failing_corpus_rule）比对本批 3 份报告时运行出错，"
        "已跳过：LookupError: no index for 3 titles"
    )


# -- Dask --------------------------------------------------------------------------------


def test_time_limit_configured_under_dask_local_changes_nothing(folder, tmp_path):
    """Dask runs tasks in worker threads, where no alarm can be set: the limit is off
    there (docs/security.md), and configuring it must not break the run."""
    pytest.importorskip("distributed")
    (tmp_path / "nianbao.toml").write_text("rule_timeout = 5\n", "utf-8")
    args = ("check", "--lang", "en", "--format", "json", str(folder))
    dask = run_cli(*args, "--dask", "local", "--rule-timeout", "5", cwd=tmp_path, timeout=120)
    local = run_cli(*args, "--jobs", "1", cwd=tmp_path)
    assert (dask.returncode, dask.stdout) == (local.returncode, local.stdout)
    assert _findings(dask)[1] == ("b.json", T3_FAULT)
    # nianbao says nothing (Dask itself may warn on a busy machine, e.g. a port in use)
    assert "nianbao: warning" not in dask.stderr


def test_no_time_limit_in_a_thread():
    """Why the limit is off under Dask: it needs the main thread's alarm."""
    import threading

    from nianbao.core.limits import time_limit_available

    seen: list[bool] = []
    thread = threading.Thread(target=lambda: seen.append(time_limit_available()))
    thread.start()
    thread.join()
    assert (time_limit_available(), seen) == (True, [False])


def test_spawned_workers_get_the_time_limit(folder):
    """A process that runs threads starts its workers with spawn, not fork: they build
    their checker from the pickled Options, whose limits must arrive with them."""
    import threading

    from nianbao.core.batch import check_files
    from nianbao.core.limits import Limits
    from nianbao.core.runner import Checker, Options

    options = Options(
        plugins=["tests.plugins.hanging_rule"],
        select=["HANG"],
        lang="en",
        entry_points=False,
        limits=Limits(rule_timeout=0.2),
    )
    checker = Checker(options)
    files = [str(folder / name) for name in NAMES]
    done = threading.Event()
    thread = threading.Thread(target=done.wait)  # what makes the pool spawn
    thread.start()
    try:
        results = check_files(checker, files, jobs=2)
    finally:
        done.set()
        thread.join()
    assert [(Path(r.path).name, [(f.rule, f.message) for f in r.findings]) for r in results] == [
        (name, HUNG) for name in NAMES
    ]


def test_api_takes_the_time_limit_from_config_to_its_workers(folder):
    """``nianbao.check(config=...)`` holds what ``[tool.nianbao]`` holds: the limits too."""
    import nianbao

    run = nianbao.check(
        folder,
        plugins=["tests.plugins.hanging_rule"],
        select=["HANG"],
        lang="en",
        entry_points=False,
        config={"rule_timeout": 0.2},
        jobs=2,
    )
    assert [
        (Path(r.path).name, [(f.rule, f.message) for f in r.findings]) for r in run.reports
    ] == [(name, HUNG) for name in NAMES]


def test_api_refuses_a_bad_limit_in_config():
    import nianbao
    from nianbao.core.config import ConfigError

    with pytest.raises(ConfigError, match=r"^rule_timeout must be a number ≥ 0, got 'soon'$"):
        nianbao.check([], config={"rule_timeout": "soon"}, entry_points=False)
