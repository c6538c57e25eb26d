"""The README's first screen must stay true: its example output is what nianbao prints."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import cli

ROOT = Path(__file__).resolve().parent.parent


def test_readme_example_output_is_current():
    text = (ROOT / "README.md").read_text("utf-8")
    block = re.search(r"```text\n\$ nianbao check (\S+)\n(.*?)```", text, re.S)
    assert block, "README has no example output block"
    code, out, _ = cli("check", block.group(1), cwd=ROOT)
    assert out == block.group(2)
    assert code == 0


def test_readme_commands_name_files_that_exist():
    text = (ROOT / "README.md").read_text("utf-8")
    assert "pip install . && nianbao check examples/luwo-2020.json" in text
    assert (ROOT / "examples" / "luwo-2020.json").is_file()
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    test_command = 'pip install -e ".[dev]" ./examples/nianbao-guizhou && python -m pytest tests examples/nianbao-guizhou/tests'
    assert test_command in text
    for part in test_command.split(" && "):
        assert part in ci
