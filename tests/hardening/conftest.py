"""Helpers for the hardening tests: run the real command line and read its JSON output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nianbao.cli import main

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Run:
    """One run of ``nianbao check --format json``: exit code, reports by file name, stderr."""

    code: int
    out: str
    err: str

    @property
    def data(self) -> dict[str, Any]:
        return json.loads(self.out)

    def findings(self, name: str) -> list[tuple[str, str]]:
        """(rule, pointer) of every finding on the file called ``name``."""
        for report in self.data["reports"]:
            if Path(report["path"]).name == name:
                return [(f["rule"], f["pointer"]) for f in report["findings"]]
        raise AssertionError(f"{name} not in the output: {self.out[:300]}")

    def messages(self, name: str) -> list[str]:
        for report in self.data["reports"]:
            if Path(report["path"]).name == name:
                return [f["message"] for f in report["findings"]]
        raise AssertionError(f"{name} not in the output")


@pytest.fixture(autouse=True)
def _no_autoload(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process runs load no installed plugins: the suite must not depend on the machine."""
    monkeypatch.setenv("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", "1")


def check(*args: str, capsys: Any) -> Run:
    """``nianbao check --format json --lang en ARGS`` in this process (no plugins autoloaded)."""
    code = main(["check", "--format", "json", "--lang", "en", *args])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return Run(code, captured.out, captured.err)


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    pythonpath: list[str] | None = None,
    autoload: bool = False,
    prefix: list[str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """The real console entry in a subprocess; never a traceback on stderr."""
    environ = dict(os.environ, **(env or {}))
    if autoload:
        environ.pop("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", None)
    else:
        environ["NIANBAO_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    environ["PYTHONPATH"] = os.pathsep.join([*(pythonpath or []), str(ROOT)])
    proc = subprocess.run(
        [*(prefix or []), sys.executable, "-m", "nianbao", *args],
        capture_output=True,
        text=True,
        env=environ,
        cwd=cwd,
        timeout=timeout,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc
