"""Errors that end a run (exit 2) read in the run's language: Chinese by default,
English with ``--lang en`` (word for word the English the Python API raises)."""

from __future__ import annotations

import pickle
import re
import shutil
import string
from pathlib import Path

import pytest
import yaml

from nianbao import api
from nianbao.core.config import ConfigError
from nianbao.core.messages import builtin_catalogue_paths
from nianbao.core.rules import PackError
from tests.conftest import FIXTURES, main

WAIVER = '[[waivers]]\nrule = "T301"\npath = "r.json"\n'

# (id, files written first, arguments, English line, Chinese line); {dir} is the folder
CASES = [
    (
        "config_unreadable",
        {"nianbao.toml": "[tool.nianbao\n"},
        ["check", "r.json"],
        "{dir}/nianbao.toml: cannot read config: Expected ']' at the end of a table "
        "declaration (at line 1, column 14)",
        "{dir}/nianbao.toml：无法读取配置文件：Expected ']' at the end of a table "
        "declaration (at line 1, column 14)",
    ),
    (
        "config_missing",
        {},
        ["check", "r.json", "--config", "missing.toml"],
        "missing.toml: cannot read config: [Errno 2] No such file or directory: 'missing.toml'",
        "missing.toml：无法读取配置文件：[Errno 2] No such file or directory: 'missing.toml'",
    ),
    (
        "config_flag",
        {"nianbao.toml": 'strict_plugins = "no"\n'},
        ["check", "r.json"],
        "strict_plugins must be true or false, got 'no'",
        "strict_plugins 应为 true 或 false，实际为 'no'",
    ),
    (
        "limit_flag",
        {},
        ["check", "r.json", "--max-depth", "-1"],
        "max_depth must be a number ≥ 0, got -1.0",
        "max_depth 应为不小于 0 的数，实际为 -1.0",
    ),
    (
        "limit_config",
        {"nianbao.toml": 'max_file_mb = "x"\n'},
        ["check", "r.json"],
        "max_file_mb must be a number ≥ 0, got 'x'",
        "max_file_mb 应为不小于 0 的数，实际为 'x'",
    ),
    (
        "baseline_missing",
        {},
        ["check", "r.json", "--baseline", "b.json"],
        "b.json: no such baseline file (write one with --write-baseline b.json)",
        "b.json：基线文件不存在（可用 --write-baseline b.json 生成）",
    ),
    (
        "baseline_unreadable",
        {"b.json/": ""},
        ["check", "r.json", "--baseline", "b.json"],
        "b.json: cannot read baseline: [Errno 21] Is a directory: 'b.json'",
        "b.json：无法读取基线文件：[Errno 21] Is a directory: 'b.json'",
    ),
    (
        "baseline_invalid_json",
        {"b.json": "{x"},
        ["check", "r.json", "--baseline", "b.json"],
        "b.json: not a baseline: invalid JSON (line 1, column 2)",
        "b.json：不是基线文件：JSON 格式有误（第 1 行第 2 列）",
    ),
    (
        "baseline_not_nianbao",
        {"b.json": "[]"},
        ["check", "r.json", "--baseline", "b.json"],
        "b.json: not a nianbao baseline (written by --write-baseline)",
        "b.json：不是 nianbao 基线文件（基线文件由 --write-baseline 生成）",
    ),
    (
        "baseline_format",
        {"b.json": '{"tool": "nianbao", "format": 9, "findings": []}'},
        ["check", "r.json", "--baseline", "b.json"],
        "b.json: baseline format 9 is not supported (expected 1)",
        "b.json：不支持基线格式 9（应为 1）",
    ),
    (
        "baseline_entry",
        {"b.json": '{"tool": "nianbao", "format": 1, "findings": [{}]}'},
        ["check", "r.json", "--baseline", "b.json"],
        "b.json: baseline entry 1 needs file, rule and pointer",
        "b.json：第 1 条基线记录须包含 file、rule 和 pointer",
    ),
    (
        "waivers_not_array",
        {"nianbao.toml": "waivers = 3\n"},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waivers must be an array of tables ([[waivers]])",
        "{dir}/nianbao.toml：waivers 应为表数组（[[waivers]]）",
    ),
    (
        "waiver_not_table",
        {"nianbao.toml": "waivers = [3]\n"},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 is not a table (rule, path, reason, …)",
        "{dir}/nianbao.toml：第 1 条豁免不是表（应含 rule、path、reason 等）",
    ),
    (
        "waiver_unknown_key",
        {"nianbao.toml": WAIVER + "foo = 1\n"},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 (rule T301, path 'r.json'): unknown key foo "
        "(allowed: rule, path, pointer, reason, expires)",
        "{dir}/nianbao.toml：第 1 条豁免（规则 T301，路径 'r.json'）：未知的键 foo"
        "（可用：rule, path, pointer, reason, expires）",
    ),
    (
        "waiver_unknown_key_no_path",
        {"nianbao.toml": "[[waivers]]\nfoo = 1\n"},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1: unknown key foo (allowed: rule, path, pointer, reason, "
        "expires)",
        "{dir}/nianbao.toml：第 1 条豁免：未知的键 foo（可用：rule, path, pointer, reason, expires）",
    ),
    (
        "waiver_no_rule",
        {"nianbao.toml": '[[waivers]]\npath = "r.json"\n'},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 (rule ?, path 'r.json') names no rule (rule = \"T301\")",
        "{dir}/nianbao.toml：第 1 条豁免（规则 ?，路径 'r.json'）未指明规则（rule = \"T301\"）",
    ),
    (
        "waiver_core_rule",
        {"nianbao.toml": '[[waivers]]\nrule = "e001"\npath = "r.json"\n'},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 (rule e001, path 'r.json'): E001 cannot be waived "
        "(an unreadable or invalid input is never silenced)",
        "{dir}/nianbao.toml：第 1 条豁免（规则 e001，路径 'r.json'）：E001 不可豁免"
        "（无法读取或无效的输入一律报告）",
    ),
    (
        "waiver_no_path",
        {"pyproject.toml": '[[tool.nianbao.waivers]]\nrule = "T301"\n'},
        ["check", "r.json"],
        '{dir}/pyproject.toml: waiver 1 names no file pattern (path = "reports/*.json")',
        '{dir}/pyproject.toml：第 1 条豁免未指明文件模式（path = "reports/*.json"）',
    ),
    (
        "waiver_no_reason",
        {"nianbao.toml": WAIVER},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 (rule T301, path 'r.json') has no reason: every waiver "
        'must say why the finding is accepted (reason = "…")',
        "{dir}/nianbao.toml：第 1 条豁免（规则 T301，路径 'r.json'）未写理由："
        '每条豁免都须说明为何接受该问题（reason = "…"）',
    ),
    (
        "waiver_bad_pointer",
        {"nianbao.toml": WAIVER + 'reason = "x"\npointer = "a"\n'},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 (rule T301, path 'r.json'): pointer must be a JSON "
        "pointer starting with '/', got 'a'",
        "{dir}/nianbao.toml：第 1 条豁免（规则 T301，路径 'r.json'）："
        "pointer 应为以 '/' 开头的 JSON 指针，实际为 'a'",
    ),
    (
        "waiver_bad_expires",
        {"nianbao.toml": WAIVER + 'reason = "x"\nexpires = "soon"\n'},
        ["check", "r.json"],
        "{dir}/nianbao.toml: waiver 1 (rule T301, path 'r.json'): expires must be a date "
        "YYYY-MM-DD, got 'soon'",
        "{dir}/nianbao.toml：第 1 条豁免（规则 T301，路径 'r.json'）："
        "expires 应为 YYYY-MM-DD 格式的日期，实际为 'soon'",
    ),
    (
        "corpus_not_table",
        {"nianbao.toml": "[corpus]\nX004 = 3\n"},
        ["check", "r.json", "s.json"],
        "[tool.nianbao.corpus.X004] must be a table of options",
        "[tool.nianbao.corpus.X004] 应为选项表",
    ),
    (
        "corpus_bad_option",
        {"nianbao.toml": "[corpus.X004]\nthreshold = 3\n"},
        ["check", "r.json", "s.json"],
        "[tool.nianbao.corpus.X004] threshold: 3 is greater than the maximum of 1",
        "[tool.nianbao.corpus.X004] threshold：3 大于最大值 1",
    ),
    (
        "unknown_format",
        {},
        ["check", "r.json", "--format", "nope"],
        "unknown format 'nope' (available: csv, github, html, json, junit, markdown, sarif, text)",
        "未知的输出格式 'nope'（可用：csv, github, html, json, junit, markdown, sarif, text）",
    ),
    (
        "output_without_format",
        {},
        ["check", "r.json", "--format", "json=a.json", "-o", "b.json"],
        "-o names a file but every --format already has =FILE",
        "-o 指定了文件，但每个 --format 都已带有 =FILE",
    ),
    (
        "formats_to_stdout",
        {},
        ["check", "r.json", "--format", "json", "--format", "text"],
        "more than one format would go to stdout; give all but one a file: --format NAME=FILE",
        "有多个输出格式会写到标准输出；除一个外都须指定文件：--format NAME=FILE",
    ),
    (
        "jobs_flag",
        {},
        ["check", "r.json", "s.json", "--jobs", "0"],
        "--jobs must be a whole number ≥ 1, got 0",
        "--jobs 应为不小于 1 的整数，实际为 0",
    ),
    (
        "jobs_config",
        {"nianbao.toml": 'jobs = "2"\n'},
        ["check", "r.json", "s.json"],
        "--jobs must be a whole number ≥ 1, got '2'",
        "--jobs 应为不小于 1 的整数，实际为 '2'",
    ),
    (
        "output_is_input",
        {},
        ["check", "r.json", "--format", "json", "-o", "r.json"],
        "refusing to write output to r.json: it is an input file",
        "拒绝把输出写到 r.json：它是输入文件",
    ),
    (
        "extract_output_is_input",
        {},
        ["extract", "r.json", "-o", "r.json"],
        "refusing to write output to r.json: it is an input file",
        "拒绝把输出写到 r.json：它是输入文件",
    ),
    (
        "cannot_write",
        {},
        ["check", "r.json", "--format", "json", "-o", "nodir/out.json"],
        "cannot write nodir/out.json: No such file or directory",
        "无法写入 nodir/out.json：No such file or directory",
    ),
    (
        "no_such_rule",
        {},
        ["explain", "Z999"],
        "no rule 'Z999' (see `nianbao rules`)",
        "没有规则 'Z999'（见 `nianbao rules`）",
    ),
]


@pytest.fixture
def folder(tmp_path, monkeypatch) -> Path:
    """A folder with two clean reports and no config of its own (nor above it)."""
    monkeypatch.setenv("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", "1")
    here = tmp_path.resolve() / "work"
    here.mkdir()
    (here / "nianbao.toml").write_text("", "utf-8")  # stops the search for a config here
    for name in ("r.json", "s.json"):
        shutil.copy(FIXTURES / "clean-2021.json", here / name)
    monkeypatch.chdir(here)
    return here


def _write(folder: Path, files: dict[str, str]) -> None:
    if "pyproject.toml" in files:
        (folder / "nianbao.toml").unlink()  # it would be found first
    for name, text in files.items():
        if name.endswith("/"):
            (folder / name).mkdir()
        else:
            (folder / name).write_text(text, "utf-8")


def _error(args: list[str], capsys) -> str:
    assert main(args) == 2
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert captured.out == ""
    return lines[0]


@pytest.mark.parametrize(
    ("files", "args", "en", "zh"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_error_in_both_languages(folder, capsys, files, args, en, zh):
    _write(folder, files)
    assert _error(args, capsys) == "nianbao: error: " + zh.format(dir=folder)
    assert _error([*args, "--lang", "en"], capsys) == "nianbao: error: " + en.format(dir=folder)


def test_lang_equals_form_and_before_the_config_is_read(folder, capsys):
    _write(folder, {"nianbao.toml": "[tool.nianbao\n"})
    line = _error(["check", "--lang=en", "r.json"], capsys)
    assert line.startswith(f"nianbao: error: {folder}/nianbao.toml: cannot read config: ")


def test_lang_from_config_and_the_flag_wins(folder, capsys):
    _write(folder, {"nianbao.toml": 'lang = "en"\n' + WAIVER})
    english = "nianbao.toml: waiver 1 (rule T301, path 'r.json') has no reason"
    assert english in _error(["check", "r.json"], capsys)
    assert "nianbao.toml：第 1 条豁免（规则 T301，路径 'r.json'）未写理由" in _error(
        ["check", "r.json", "--lang", "zh"], capsys
    )


def test_the_api_raises_the_english_and_keeps_the_key(folder):
    with pytest.raises(ConfigError, match=r"^max_depth must be a number ≥ 0, got -1$") as info:
        api.check(str(folder / "r.json"), config={"max_depth": -1})
    assert info.value.key == "limit_not_number"
    assert info.value.text("zh") == "max_depth 应为不小于 0 的数，实际为 -1"
    assert info.value.text("en") == str(info.value)
    again = pickle.loads(pickle.dumps(info.value))
    assert (type(again), str(again), again.text("zh")) == (
        ConfigError,
        str(info.value),
        info.value.text("zh"),
    )


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_both_catalogues_word_every_error_with_the_same_values():
    blocks = {
        lang: yaml.safe_load(Path(path).read_text("utf-8"))["_errors"]
        for lang, path in builtin_catalogue_paths().items()
    }
    # schema_* and args_* word jsonschema's and argparse's errors in Chinese; their
    # English is the library's own sentence
    theirs = {key for key in blocks["zh"] if key.startswith(("schema_", "args_"))}
    assert blocks["zh"].keys() - theirs == blocks["en"].keys()
    assert not any(key.startswith(("schema_", "args_")) for key in blocks["en"])
    for key, english in blocks["en"].items():
        assert _fields(blocks["zh"][key]) == _fields(english), key
        assert blocks["zh"][key] != english, key  # every one is worded in Chinese


# -- rule packs ----------------------------------------------------------------------

PACKS = FIXTURES / "packs"
LOADS = ("local.yaml", "cycle-b.yaml", "redos.yaml", "star-given-ok.yaml")  # (cycle-b: with a)
BROKEN_PACKS = sorted(
    p for p in [*PACKS.glob("*.yaml"), *(PACKS / "hostile").glob("*.yaml")] if p.name not in LOADS
)


def _pack_error(path: Path) -> PackError:
    from nianbao.core.runner import Checker, Options

    files = [str(path)] + ([str(PACKS / "cycle-b.yaml")] if path.name == "cycle-a.yaml" else [])
    with pytest.raises(PackError) as info:
        Checker(Options(packs=files, entry_points=False))
    return info.value


@pytest.mark.parametrize("path", BROKEN_PACKS, ids=lambda p: p.name)
def test_every_pack_error_reads_in_chinese_and_in_the_english_it_was_raised_with(path):
    """The place (file:line: key:) first in both; the reason worded from the catalogue."""
    err = _pack_error(path)
    assert err.text("en") == str(err)
    zh = err.text("zh")
    assert zh.startswith(err.where) and zh != str(err)
    reason = zh[len(err.where) :]
    assert _CJK.search(reason.split("：")[0]), zh  # the sentence itself is Chinese
    again = pickle.loads(pickle.dumps(err))  # a spawned worker's error reaches the main process
    assert (str(again), again.text("zh"), again.line, again.key) == (
        str(err), zh, err.line, err.key
    )  # fmt: skip


_CJK = re.compile("[\u4e00-\u9fff]")


@pytest.mark.parametrize(
    ("schema", "value", "zh"),
    [
        ({"type": "object", "required": ["id"]}, {}, "缺少必需的键 'id'"),
        ({"type": "string"}, 3, "应为字符串，实为 3"),
        ({"enum": ["error", "warning"]}, "fatal", "'fatal' 不是 error, warning 之一"),
        ({"maximum": 1}, 3, "3 大于最大值 1"),
        ({"exclusiveMinimum": 0}, 0, "0 应大于 0"),
        ({"maxLength": 2}, "abc", "长于 2 个字符"),
        ({"minItems": 1}, [], "[] 少于 1 项"),
        ({"pattern": "^[A-Z]+$"}, "ab", "'ab' 不符合模式 '^[A-Z]+$'"),
        (
            {"type": "object", "properties": {"a": {}}, "additionalProperties": False},
            {"b": 1},
            "未知的键 b；可用：a",
        ),
        ({"uniqueItems": True}, [1, 1], "不符合要求：[1, 1] has non-unique elements"),
    ],
)
def test_schema_errors_in_chinese_keep_jsonschemas_english(schema, value, zh):
    import jsonschema

    from nianbao.core.rules import schema_problem

    (err,) = jsonschema.Draft202012Validator(schema).iter_errors(value)
    phrase = schema_problem(err)
    assert phrase.text("zh") == zh
    assert phrase.text("en") == str(phrase)
    if err.validator not in ("additionalProperties", "maxLength", "enum"):
        assert str(phrase) == err.message  # (those three had their own English before)


# -- the command line's own complaints (argparse) ------------------------------------------

ARGS = [
    (["check", "--bogus", "r.json"], "nianbao check: error: ", "无法识别的参数：--bogus",
     "unrecognized arguments: --bogus"),
    (["check"], "nianbao check: error: ", "缺少必需的参数：PATH",
     "the following arguments are required: PATH"),
    (["check", "r.json", "--format"], "nianbao check: error: ", "参数 --format 需要一个值",
     "argument --format: expected one argument"),
    (["check", "--jobs", "two", "r.json"], "nianbao check: error: ",
     "参数 --jobs：无效的值 'two'（应为整数）", "argument --jobs: invalid int value: 'two'"),
    # (how argparse lists the choices differs between Python versions: {choices})
    (["check", "--fail-on", "maybe", "r.json"], "nianbao check: error: ",
     "参数 --fail-on：无效的取值 'maybe'（可选：{choices}）",
     "argument --fail-on: invalid choice: 'maybe' (choose from {choices})"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "prefix", "zh", "en"), ARGS, ids=[" ".join(a[0]) for a in ARGS])
def test_command_line_complaints_in_the_runs_language(folder, capsys, args, prefix, zh, en):
    """Usage first (as argparse prints it), then the complaint: Chinese by default,
    argparse's own English with --lang en or the config's lang = "en"."""
    assert main([*args, "--lang", "en"]) == 2
    english = capsys.readouterr().err.splitlines()[-1]
    head, _, tail = (prefix + en).partition("{choices}")
    assert english.startswith(head) and english.endswith(tail)
    choices = english[len(head) : len(english) - len(tail)]
    if "{choices}" in en:
        assert all(c in choices for c in ("error", "warning", "info", "never"))
    else:
        assert english == prefix + en
    assert main(args) == 2
    assert capsys.readouterr().err.splitlines()[-1] == prefix + zh.format(choices=choices)
    _write(folder, {"nianbao.toml": 'lang = "en"\n'})
    assert main(args) == 2
    assert capsys.readouterr().err.splitlines()[-1] == english
