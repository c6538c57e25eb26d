"""The CI recipes users copy: the pre-commit hook and the workflow snippets in docs/ci.md."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from tests.conftest import main

ROOT = Path(__file__).resolve().parents[2]


def test_pre_commit_hook_runs_the_checker(reports_dir, capsys):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hook["id"] == "nianbao" and hook["language"] == "python"
    files, exclude = re.compile(hook["files"]), re.compile(hook["exclude"])
    for name in ("reports/a.json", "b.html", "c.htm", "d.txt", "e.docx", "f.pdf"):
        assert files.search(name) and not exclude.search(name)
    assert not files.search("setup.py")
    assert exclude.search("nb-baseline.json") and exclude.search("reports/nb-baseline.json")
    program, *args = shlex.split(hook["entry"])
    assert program == "nianbao"
    assert main([*args, "024.json"]) == 1  # pre-commit passes the changed files
    assert main([*args, "034.json"]) == 0


def test_ci_snippets_are_valid_yaml_and_their_commands_work(reports_dir, capsys):
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 3
    github, gitlab, precommit = (yaml.safe_load(b) for b in blocks)
    steps = github["jobs"]["check"]["steps"]
    upload = next(
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    )
    assert gitlab["nianbao"]["artifacts"]["reports"]["junit"] == "nianbao-junit.xml"
    assert precommit["repos"][0]["hooks"][0]["id"] == "nianbao"
    (reports_dir / "reports").mkdir()
    (reports_dir / "reports" / "a.json").write_bytes((reports_dir / "024.json").read_bytes())
    commands = [s["run"] for s in steps if "run" in s] + gitlab["nianbao"]["script"]
    checks = [shlex.split(c) for c in commands if c.startswith("nianbao check")]
    assert len(checks) == 2
    for _program, *args in checks:
        assert main(args) == 1  # the wrong 表三 cells fail the job
        for target in re.findall(r"=(\S+)", " ".join(args)):
            assert (reports_dir / target).stat().st_size > 0
    assert (reports_dir / upload["with"]["sarif_file"]).exists()
    assert "::error file=reports/a.json" in capsys.readouterr().out


def test_exit_code_table_is_documented():
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    for row in ("| 0 |", "| 1 |", "| 2 |"):
        assert row in text
