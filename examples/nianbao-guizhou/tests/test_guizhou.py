"""The province plugin, installed: its rules appear and fire with no configuration."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.core.engine import Engine, Selection
from nianbao.core.io import Source
from nianbao.core.runner import Checker, Options

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def checker() -> Checker:
    return Checker(Options())  # entry points on: found because the package is installed


def _report(**contact):
    report = json.loads((HERE / "report-2021.json").read_text("utf-8"))
    report["contact"] = {**report.get("contact", {}), **contact}
    return report


def _findings(checker, report, select):
    engine = Engine(checker.ruleset, checker.catalogue, selection=Selection(select))
    return [
        (f.rule, f.pointer, f.severity.label)
        for f in engine.check(Source("r.json", report)).findings
    ]


def test_entry_point_registers_the_pack(checker):
    assert "guizhou" in checker.ruleset.packs
    assert checker.ruleset.rules["GZ001"].pack == "guizhou"
    assert checker.ruleset.rules["T202"].severity.label == "error"


def test_guizhou_contact_passes(checker):
    assert (
        _findings(
            checker, _report(postcode="551104", phones=["0851-87670018", "13912345678"]), ["GZ"]
        )
        == []
    )


def test_postcode_and_area_code_of_another_province(checker):
    got = _findings(
        checker, _report(postcode="100000", phones=["0851-87670018", "010-12345678"]), ["GZ"]
    )
    assert got == [
        ("GZ001", "/contact/postcode", "warning"),
        ("GZ002", "/contact/phones/1", "warning"),
    ]


def test_override_makes_t202_an_error(checker):
    report = json.loads((HERE / "report-2019.json").read_text("utf-8"))
    assert _findings(checker, report, ["T202"]) == [
        ("T202", "/tables/proactive/normative_documents/published", "error")
    ]


def test_cli_lists_and_fires_the_rules():
    out = subprocess.run(
        [sys.executable, "-m", "nianbao", "rules"], capture_output=True, text=True
    ).stdout
    assert "GZ001" in out and "guizhou" in out
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "nianbao",
            "check",
            "--select",
            "GZ",
            str(HERE / "report-2019.json"),
        ],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "未发现问题" in run.stdout
