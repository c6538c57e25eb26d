"""The command line as a user runs it: exit codes, outputs, one-line errors."""

from __future__ import annotations

import gc
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nianbao.cli import main
from tests.conftest import FIXTURES, cli, patched


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    good = patched("tables-2021", {})
    bad = patched("tables-2021", {"/tables/reviews/review/total": 3})
    warn = patched("tables-2019", {"/tables/proactive/regulations/made": 2})
    (tmp_path / "a-good.json").write_text(json.dumps(good), "utf-8")
    (tmp_path / "b-bad.json").write_text(json.dumps(bad), "utf-8")
    (tmp_path / "c-warn.json").write_text(json.dumps(warn), "utf-8")
    return tmp_path


def test_clean_report_exits_0(reports):
    code, out, err = cli("check", str(reports / "a-good.json"))
    assert code == 0, err
    assert "未发现问题" in out


def test_error_finding_exits_1_and_names_cell(reports):
    code, out, _ = cli("check", str(reports / "b-bad.json"))
    assert code == 1
    assert "T401 错误 表四「行政复议」：总计 3" in out


@pytest.mark.parametrize(
    ("fail_on", "code"), [("error", 0), ("warning", 1), ("info", 1), ("never", 0)]
)
def test_fail_on(reports, fail_on, code):
    assert cli("check", "--fail-on", fail_on, str(reports / "c-warn.json"))[0] == code


def test_unreadable_input_exits_2_whatever_fail_on_says(reports):
    (reports / "broken.json").write_text('{"edition": "2021",\n "parts": [,]}', "utf-8")
    code, out, _ = cli("check", "--fail-on", "never", str(reports))
    assert code == 2
    assert "broken.json E001" in out
    assert "第 2 行第 12 列" in out


def test_folder_batch_checks_every_file_despite_a_broken_one(reports):
    (reports / "broken.json").write_bytes(b"\x00\xff garbage")
    code, out, _ = cli("check", "--format", "json", str(reports))
    assert code == 2
    data = json.loads(out)
    assert [Path(r["path"]).name for r in data["reports"]] == [
        "a-good.json",
        "b-bad.json",
        "broken.json",
        "c-warn.json",
    ]
    rules = {Path(r["path"]).name: [f["rule"] for f in r["findings"]] for r in data["reports"]}
    assert rules["broken.json"] == ["E001"]
    assert rules["b-bad.json"] == ["T401"]


def test_missing_path_is_e001_exit_2(tmp_path):
    code, out, _ = cli("check", str(tmp_path / "nope.json"))
    assert code == 2
    assert "E001" in out and "无法读取：文件不存在" in out
    code, out, _ = cli("check", "--lang", "en", str(tmp_path / "nope.json"))
    assert "E001" in out and "cannot read: no such file" in out


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("[1, 2]", "not an object"),
        ('"text"', "not an object"),
        ("", "empty"),
    ],
)
def test_json_that_is_not_a_report(tmp_path, content, fragment):
    path = tmp_path / "x.json"
    path.write_text(content, "utf-8")
    code, out, _ = cli("check", "--lang", "en", str(path))
    assert code == 2
    assert fragment in out


def test_json_output_is_stable_bytes_and_documented_shape(reports):
    first = cli("check", "--format", "json", str(reports))[1]
    second = cli("check", "--format", "json", str(reports))[1]
    assert first == second
    data = json.loads(first)
    assert list(data) == ["version", "tool", "reports", "counts"]
    report = data["reports"][1]
    assert list(report) == ["path", "edition", "year", "agency", "findings", "counts"]
    assert list(report["findings"][0]) == [
        "rule",
        "severity",
        "message",
        "pointer",
        "line",
        "values",
    ]
    assert data["counts"] == {"error": 1, "warning": 1, "info": 0}


def test_english_messages(reports):
    out = cli("check", "--lang", "en", str(reports / "b-bad.json"))[1]
    assert (
        "T401 error Table 4 «administrative review»: total 3, upheld+corrected+other+pending = 0+0+0+0 = 0, difference 3"
        in out
    )


def test_output_file_written_atomically_and_inputs_protected(reports, tmp_path):
    target = tmp_path / "out" / "result.json"
    target.parent.mkdir()
    code, out, _ = cli("check", "--format", "json", "-o", str(target), str(reports / "b-bad.json"))
    assert code == 1 and out == ""
    assert json.loads(target.read_text("utf-8"))["counts"]["error"] == 1
    assert [p.name for p in target.parent.iterdir()] == ["result.json"]
    before = (reports / "a-good.json").read_bytes()
    code, _, err = cli("check", "-o", str(reports / "a-good.json"), str(reports / "a-good.json"))
    assert code == 2 and "拒绝把输出写到" in err
    assert (reports / "a-good.json").read_bytes() == before


def test_two_formats_at_once(reports, tmp_path):
    code, out, _ = cli(
        "check",
        "--format",
        "text",
        "--format",
        f"json={tmp_path / 'r.json'}",
        str(reports / "b-bad.json"),
    )
    assert code == 1
    assert "T401" in out
    assert (
        json.loads((tmp_path / "r.json").read_text("utf-8"))["reports"][0]["findings"][0]["rule"]
        == "T401"
    )


def test_unknown_format_is_usage_error(reports):
    code, _, err = cli("check", "--format", "yaml", str(reports))
    assert code == 2 and "未知的输出格式 'yaml'" in err


def test_bad_flag_is_exit_2():
    assert cli("check", "--no-such-flag", "x.json")[0] == 2


def test_select_and_ignore(reports):
    assert cli("check", "--ignore", "T4", str(reports / "b-bad.json"))[0] == 0
    assert cli("check", "--select", "T3", str(reports / "b-bad.json"))[0] == 0
    assert cli("check", "--select", "T3,T401", str(reports / "b-bad.json"))[0] == 1


def test_rules_lists_every_rule(checker):
    code, out, _ = cli("rules", "--format", "json")
    assert code == 0
    rules = json.loads(out)
    ids = [r["id"] for r in rules]
    assert ids == sorted(ids)
    assert {"E001", "E002", "E003", "T001", "T301", "T401"} <= set(ids)
    t203 = next(r for r in rules if r["id"] == "T203")
    assert t203 == {**t203, "severity": "warning", "editions": ["2021"], "pack": "national-tables"}
    text = cli("rules")[1]
    assert "T301" in text and "勾稽" in text


@pytest.mark.parametrize("edition", ["2019", "2021"])
def test_schema_command(edition):
    code, out, _ = cli("schema", "--edition", edition)
    schema = json.loads(out)
    assert code == 0 and schema["properties"]["edition"]["const"] == edition


def test_plugins_lists_builtins_and_their_source():
    code, out, _ = cli("plugins", "--format", "json")
    infos = {p["name"]: p for p in json.loads(out)}
    assert code == 0
    assert infos["nianbao.plugins.national"]["source"] == "built-in"
    assert "nianbao_rule_packs" in infos["nianbao.plugins.national"]["hooks"]


def test_plugin_flag_and_missing_plugin():
    code, out, _ = cli("plugins", "--plugin", "tests.plugins.python_rule")
    assert code == 0 and "tests.plugins.python_rule" in out and "--plugin" in out
    code, _, err = cli("check", "--plugin", "no.such.module", str(FIXTURES / "tables-2021.json"))
    assert code == 2 and "--plugin no.such.module: cannot import" in err


def test_config_file_sets_defaults(reports):
    (reports / "nianbao.toml").write_text('lang = "en"\nignore = ["T4"]\n', "utf-8")
    shutil.copy(reports / "b-bad.json", reports / "sub.json")
    code, out, _ = cli("check", "sub.json", cwd=reports)
    assert code == 0 and "no findings" in out


def test_installed_province_plugin_is_found_by_entry_point():
    """The example province package, once pip-installed (CI does), is found with no configuration."""
    pytest.importorskip("nianbao_guizhou", reason="examples/nianbao-guizhou is not installed")
    code, out, _ = cli("rules", autoload=True)
    assert code == 0 and "GZ001" in out and "guizhou" in out
    code, out, _ = cli("plugins", autoload=True)
    assert "entry point guizhou (nianbao-guizhou" in out
    assert "GZ001" not in cli("rules")[1]


def test_a_plugin_adds_its_own_flag_to_check(tmp_path):
    """nianbao_add_options: the plugin's flag is on `check`'s command line and in its
    help, and reaches the plugin's nianbao_configure (config["args"])."""
    report = str(FIXTURES / "clean-2021.json")  # published 2024-01-25
    plugin = ["--plugin", "tests.plugins.with_option"]
    code, out, err = cli("check", *plugin, "--gz-min-published", "2024-02-01", report)
    assert code == 0, err
    assert "GZ900" in out and "发布日期 2024-01-25 早于 2024-02-01" in out
    code, out, err = cli("check", *plugin, "--gz-min-published", "2024-01-01", report)
    assert (code, "GZ900" in out) == (0, False)
    code, out, _ = cli("check", *plugin, "--help")
    assert code == 0 and "--gz-min-published" in out
    assert "flag reports published before this" in out  # a plugin's help, as it gave it
    code, _, err = cli("check", "--gz-min-published", "2024-02-01", report)  # no plugin
    assert code == 2 and "无法识别的参数：--gz-min-published" in err


def test_the_console_command_settles_the_collector_and_a_caller_keeps_its_own(tmp_path):
    """`nianbao check` (a whole process) freezes what start-up built and collects young
    objects less often; main([...]) called inside a program leaves gc as it was."""
    before = gc.get_threshold()
    report = str(FIXTURES / "clean-2021.json")
    assert main(["check", report, "-o", str(tmp_path / "out.txt")]) == 0
    assert gc.get_threshold() == before
    probe = (
        "import gc, sys\n"
        "from nianbao.cli import main\n"
        f"sys.argv = ['nianbao', 'check', {report!r}, '-o', {str(tmp_path / 'o2.txt')!r}]\n"
        "code = main()\n"
        "print(code, gc.get_threshold()[0], gc.get_freeze_count() > 0)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.stdout.split() == ["0", "10000", "True"], out.stderr


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ([], "nianbao: warning: 未找到报告文件：{folder}"),
        (["--lang", "en"], "nianbao: warning: no report files found in {folder}"),
    ],
)
def test_a_folder_without_reports_is_a_warning_in_the_runs_language(tmp_path, lang, line):
    (tmp_path / "notes.md").write_text("not a report", "utf-8")
    code, _, err = cli("check", *lang, str(tmp_path))
    assert code == 0
    assert err.splitlines()[0] == line.format(folder=tmp_path)


def _help_keys(parser) -> set[str]:
    """Every help the command line gives as a key (its commands' too)."""
    import argparse

    keys = {parser.description} if parser.description else set()
    for action in parser._actions:
        if action.help and action.help != argparse.SUPPRESS:
            keys.add(action.help)
        if isinstance(action, argparse._SubParsersAction):
            keys |= {a.help for a in action._choices_actions}
            for sub in action.choices.values():
                keys |= _help_keys(sub)
    return keys


def test_every_help_of_the_command_line_is_worded_in_both_languages():
    from nianbao.cli import _ARGPARSE_TEXTS, _parser
    from nianbao.core.messages import builtin_catalogue

    keys = {_ARGPARSE_TEXTS.get(k, k) for k in _help_keys(_parser())}
    keys |= {"usage", "positionals", "optionals"}  # the headings argparse gives
    entries = builtin_catalogue().entries
    for lang in ("zh", "en"):
        block = entries[lang]["_help"]
        assert keys <= set(block), (lang, keys - set(block))
        assert set(block) <= keys, (lang, "unused", set(block) - keys)
        # argparse formats each help with %; a text of ours must not hold one
        assert not [k for k, text in block.items() if "%" in str(text)]


def test_help_is_chinese_by_default_and_english_with_lang_en():
    code, out, _ = cli("check", "--help")
    assert code == 0
    assert out.startswith("用法：nianbao check")
    assert "位置参数" in out and "显示本帮助并退出" in out
    assert "输出格式，可重复：text json sarif" in out
    code, out, _ = cli("check", "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("usage: nianbao check")
    assert "output format, repeatable: text json sarif" in out
    code, out, _ = cli("--help")
    assert "检查报告（文件或文件夹）" in out and "检查政府信息公开工作年度报告" in out


def test_chinese_help_fits_the_terminal_width():
    """A Chinese character takes two columns: lines are wrapped by columns, not by
    characters, and no line begins with a closing mark."""
    import unicodedata

    from nianbao.cli import _wrap

    def columns(line: str) -> int:
        return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)

    text = "插件加载失败、规则出错或超时（E003）时以退出码 2 结束，而不只是警告"
    lines = _wrap(text, 20)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(columns(line) <= 21 for line in lines), lines  # a mark may overhang by one
    assert not any(line[0] in "，。、；：）" for line in lines)
    assert _wrap("write the JSON to FILE", 10) == ["write the", "JSON to", "FILE"]
    env_out = subprocess.run(
        [sys.executable, "-m", "nianbao", "check", "--help"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "60", "NIANBAO_DISABLE_PLUGIN_AUTOLOAD": "1"},
    ).stdout
    usage = env_out.split("\n\n", 1)[0].splitlines()
    first_flag = columns(usage[0][: usage[0].index("[")])  # after "用法：nianbao check "
    assert all(columns(line) - len(line.lstrip()) == first_flag for line in usage[1:])
    sections = env_out.split("\n\n", 1)[1]  # what follows the usage lines
    assert "显示本帮助并退出" in sections
    assert max(map(columns, sections.splitlines())) <= 61
