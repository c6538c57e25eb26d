"""Never lose data: inputs are never written, -o is atomic, an output may not be an input."""

from __future__ import annotations

import hashlib
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nianbao.cli import write_atomic
from tests.conftest import load_fixture
from tests.hardening.conftest import ROOT, check

OLD = "the previous report, which must survive\n"


def _inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    good = load_fixture("tables-2021")
    bad = {**good, "tables": {**good["tables"]}}
    bad["tables"]["reviews"] = {**good["tables"]["reviews"], "review": {"total": 3}}
    (folder / "a.json").write_text(json.dumps(good), "utf-8")
    (folder / "b.json").write_text(json.dumps(bad), "utf-8")
    (folder / "c.json").write_bytes(b"[1, 2")
    (folder / "d.txt").write_text("一、总体情况\n", "utf-8")
    return folder


def _snapshot(folder: Path) -> dict[str, tuple[str, int, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns, p.stat().st_mode)
        for p in sorted(folder.iterdir())
    }


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_inputs_are_never_written(fmt, tmp_path, capsys):
    folder = _inputs(tmp_path)
    before = _snapshot(folder)
    check("--format", fmt, str(folder), "-o", str(tmp_path / "out"), capsys=capsys)
    check("--format", fmt, "--published", "2030-01-01", str(folder), capsys=capsys)
    assert _snapshot(folder) == before


@pytest.mark.parametrize(
    "target",
    ["in/a.json", "in/../in/a.json", "link.json", "hardlink.json"],
)
def test_output_that_is_an_input_is_refused(target, tmp_path, capsys):
    folder = _inputs(tmp_path)
    (tmp_path / "link.json").symlink_to(folder / "a.json")
    os.link(folder / "a.json", tmp_path / "hardlink.json")
    before = _snapshot(folder)
    run = check(str(folder), "-o", str(tmp_path / target), capsys=capsys)
    assert run.code == 2
    assert run.out == ""
    assert run.err == (
        f"nianbao: error: refusing to write output to {tmp_path / target}: it is an input file\n"
    )
    assert _snapshot(folder) == before


def test_named_format_file_that_is_an_input_is_refused(tmp_path, capsys):
    folder = _inputs(tmp_path)
    run = check(str(folder / "b.json"), "--format", f"text={folder / 'b.json'}", capsys=capsys)
    assert run.code == 2
    assert "it is an input file" in run.err


def test_extract_refuses_to_overwrite_its_input(tmp_path, capsys):
    from nianbao.cli import main

    folder = _inputs(tmp_path)
    before = _snapshot(folder)
    assert main(["extract", str(folder / "a.json"), "-o", str(folder / "a.json")]) == 2
    assert "拒绝把输出写到" in capsys.readouterr().err
    assert _snapshot(folder) == before


def test_output_replaces_the_old_file_whole_and_keeps_its_mode(tmp_path, capsys):
    folder = _inputs(tmp_path)
    out = tmp_path / "report.json"
    out.write_text(OLD, "utf-8")
    out.chmod(0o640)
    check(str(folder / "a.json"), "-o", str(out), capsys=capsys)
    assert json.loads(out.read_text("utf-8"))["reports"][0]["path"].endswith("a.json")
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json"]  # no temp file


def test_new_output_gets_ordinary_permissions(tmp_path, capsys):
    folder = _inputs(tmp_path)
    umask = os.umask(0o022)
    try:
        check(str(folder / "a.json"), "-o", str(tmp_path / "new.json"), capsys=capsys)
    finally:
        os.umask(umask)
    assert (tmp_path / "new.json").stat().st_mode & 0o777 == 0o644


def test_write_interrupted_before_the_rename_leaves_the_old_file(tmp_path, monkeypatch):
    """Ctrl-C at the last moment: the old report stays whole and no temporary file is left."""
    out = tmp_path / "report.txt"
    out.write_text(OLD, "utf-8")

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(out, "new text " * 100_000)
    assert out.read_text("utf-8") == OLD
    assert [p.name for p in tmp_path.iterdir()] == ["report.txt"]


def test_write_to_a_folder_is_exit_2_and_leaves_nothing(tmp_path, capsys):
    folder = _inputs(tmp_path)
    (tmp_path / "out").mkdir()
    run = check(str(folder / "a.json"), "-o", str(tmp_path / "out"), capsys=capsys)
    assert run.code == 2
    assert run.err.startswith(f"nianbao: error: cannot write {tmp_path / 'out'}: ")
    assert list((tmp_path / "out").iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]


def test_ctrl_c_during_a_run_keeps_the_old_output(tmp_path):
    folder = _inputs(tmp_path)
    out = tmp_path / "report.json"
    out.write_text(OLD, "utf-8")
    started = tmp_path / "started"
    env = dict(os.environ, NIANBAO_DISABLE_PLUGIN_AUTOLOAD="1", PYTHONPATH=str(ROOT))
    env["NIANBAO_TEST_RULE_STARTED"] = str(started)
    proc = subprocess.Popen(
        [sys.executable, "-m", "nianbao", "check", "--rule-timeout", "0",
         "--plugin", "tests.plugins.hanging_rule", "--select", "HANG",
         str(folder / "a.json"), "-o", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        for _ in range(600):  # wait (at most a minute) until the hanging rule runs
            if started.exists():
                break
            time.sleep(0.1)
        assert started.exists()
        proc.send_signal(signal.SIGINT)
        stdout, stderr = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130
    assert stderr == "nianbao: interrupted\n"
    assert out.read_text("utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json", "started"]


def test_reporter_that_fails_writes_nothing(tmp_path, capsys):
    folder = _inputs(tmp_path)
    out = tmp_path / "report.txt"
    out.write_text(OLD, "utf-8")
    from nianbao.cli import main

    code = main(
        ["check", "--plugin", "tests.plugins.failing_reporter", "--format", "broken",
         str(folder / "a.json"), "-o", str(out)]
    )  # fmt: skip
    assert code == 2
    assert capsys.readouterr().err == (
        "nianbao: error: reporter 'broken' failed: ValueError: cannot render this run\n"
    )
    assert out.read_text("utf-8") == OLD
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.txt"]


class _ClosedPipe(io.TextIOBase):
    """stdout whose reader has gone away (``nianbao check … | head -1``)."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    def fileno(self) -> int:
        raise io.UnsupportedOperation("no file descriptor")


def test_closed_pipe_is_not_a_pass(tmp_path, monkeypatch, capsys):
    """The output cannot be delivered: exit 141 (as for SIGPIPE), never 0 — pipefail sees it."""
    from nianbao.cli import main

    folder = _inputs(tmp_path)
    monkeypatch.setattr(sys, "stdout", _ClosedPipe())
    assert main(["check", "--select", "T", str(folder / "a.json")]) == 141
    assert capsys.readouterr().err == ""


def test_output_to_a_pipe_or_device_is_written_to_not_replaced(tmp_path, capsys):
    """``-o /dev/null`` (or a FIFO) must stay what it is: renaming a file over it as root
    would replace the device with a regular file."""
    import stat
    import threading

    folder = _inputs(tmp_path)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    run = check(str(folder / "a.json"), "--format", "json", "-o", str(fifo), capsys=capsys)
    reader.join(timeout=10)
    assert run.code in (0, 1)
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert json.loads(got[0])["reports"][0]["path"] == str(folder / "a.json")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "pipe"]
