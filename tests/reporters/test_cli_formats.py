"""Choosing formats on the command line: several at once, each to stdout or a file."""

from __future__ import annotations

import os
import stat
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.conftest import main
from tests.reporters.conftest import validate_sarif


def test_every_format_is_a_registered_plugin(checker):
    assert set(checker.reporters) >= {
        "text",
        "json",
        "sarif",
        "junit",
        "html",
        "markdown",
        "csv",
        "github",
    }
    for name, reporter in checker.reporters.items():
        assert reporter.name == name and reporter.description


def test_text_to_stdout_and_sarif_to_file(reports_dir, capsys):
    code = main(
        ["check", "024-lines.json", "--format", "text", "--format", "sarif", "-o", "out.sarif"]
    )
    assert code == 1
    out = capsys.readouterr().out
    assert out.splitlines()[3].startswith("024-lines.json:308 T301 错误 ")
    doc = validate_sarif(Path("out.sarif").read_text("utf-8"))
    assert len(doc["runs"][0]["results"]) == 6


def test_several_files_at_once(reports_dir, capsys):
    code = main(
        [
            "check",
            "024.json",
            "034.json",
            "--format",
            "sarif=r.sarif",
            "--format",
            "junit=r.xml",
            "--format",
            "html=r.html",
            "--format",
            "markdown=r.md",
        ]
    )
    assert code == 1
    assert capsys.readouterr().out == ""
    validate_sarif(Path("r.sarif").read_text("utf-8"))
    assert ET.parse("r.xml").getroot().get("failures") == "2"
    html = Path("r.html").read_text("utf-8")
    assert html.count('class="mark-error"') == 3  # the CLI kept the tables for the html reporter
    assert Path("r.md").read_text("utf-8").startswith("### ❌ nianbao 检查结果")
    mode = stat.S_IMODE(os.stat("r.html").st_mode)
    assert mode & stat.S_IRGRP or os.umask(0o022) & 0o040  # readable by others unless umask forbids


def test_unknown_format_and_two_stdouts_are_usage_errors(reports_dir, capsys):
    assert main(["check", "024.json", "--format", "pdf"]) == 2
    err = capsys.readouterr().err
    assert "未知的输出格式 'pdf'" in err and "sarif" in err and "junit" in err
    assert main(["check", "024.json", "--format", "text", "--format", "sarif", "--lang", "en"]) == 2
    assert "more than one format would go to stdout" in capsys.readouterr().err


def test_refuses_to_overwrite_an_input(reports_dir, capsys):
    assert main(["check", "024.json", "--format", "json=024.json"]) == 2
    assert "它是输入文件" in capsys.readouterr().err
