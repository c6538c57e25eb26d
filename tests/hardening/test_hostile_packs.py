"""Hostile rule packs: each is refused at load time — exit 2, one line naming file, line and key.

A pack is data. None of these may run code, hang, or exhaust memory; the only pack
that loads (``redos.yaml``) carries a pattern that would hang a backtracking
engine and must run in linear time on RE2.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nianbao.core.rules import MAX_PACK_BYTES, PackError
from nianbao.core.runner import Checker, Options
from tests.conftest import FIXTURES, cli, load_fixture
from tests.hardening.conftest import check, run_cli

HOSTILE = FIXTURES / "packs" / "hostile"
MARKER = Path("/tmp/nianbao-hostile-pack-ran")
REPORT = str(FIXTURES / "tables-2021.json")

REFUSED = {
    # file: (line, key, message fragment)
    "python-object.yaml": (
        6,
        "rules[0].with",
        "invalid YAML: could not determine a constructor for the tag "
        "'tag:yaml.org,2002:python/object/apply:os.system'",
    ),
    "python-name.yaml": (2, "docs", "tag:yaml.org,2002:python/name:os.system"),
    "python-new.yaml": (4, "overrides.T301.with", "python/object/new:subprocess.Popen"),
    "billion-laughs.yaml": (3, "x0", "more than 50 YAML aliases; packs do not need anchors"),
    "alias-doubling.yaml": (
        6,
        "rules[0].docs.l0",
        "YAML aliases expand to more than 100000 values (an alias bomb)",
    ),
    "recursive-alias.yaml": (6, "rules[0].docs", "a YAML alias refers to itself"),
    "self-extends.yaml": (3, "extends", "extends cycle: self-extends → self-extends"),
    "extends-missing.yaml": (2, "extends", "extends unknown pack 'nowhere'"),
    "unknown-function.yaml": (5, "rules[0].check", "unknown check function 'eval' (known: "),
    "bad-options.yaml": (
        6,
        "rules[0].with",
        "options of matches: unknown key(s) flags; expected one of normalize, pattern",
    ),
    "lookahead.yaml": (
        7,
        "rules[0].with.pattern",
        "options of matches: pattern refused: invalid perl operator: (?= (lookahead, "
        "lookbehind and backreferences are not supported",
    ),
    "backreference.yaml": (
        6,
        "rules[0].with.pattern",
        "pattern refused: invalid escape sequence: \\1",
    ),
    "bad-regex.yaml": (8, "rules[0].with.pattern", "pattern refused: missing ): (unclosed"),
    "long-regex.yaml": (7, "rules[0].with.pattern", "longer than 500 characters"),
    "star-given.yaml": (6, "rules[0].given", "longer than 400 characters"),
    "template-attribute.yaml": (
        9,
        "rules[0].message.en",
        "message field {value.__class__.__init__.__globals__}: only names and [number] "
        "indexes are allowed",
    ),
    "template-width.yaml": (
        8,
        "rules[0].messages.short",
        "message field {value}: format spec '>2000000000' is not allowed",
    ),
}


@pytest.fixture(autouse=True)
def _no_marker():
    MARKER.unlink(missing_ok=True)
    yield
    assert not MARKER.exists(), "a rule pack ran a command"


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_pack_is_refused_with_file_line_and_key(name):
    line, key, fragment = REFUSED[name]
    with pytest.raises(PackError) as info:
        Checker(Options(packs=[str(HOSTILE / name)], entry_points=False))
    err = info.value
    assert (Path(err.path).name, err.line, err.key) == (name, line, key)
    assert fragment in err.reason


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_pack_is_exit_2_with_one_line(name, capsys):
    line, key, fragment = REFUSED[name]
    run = check("--pack", str(HOSTILE / name), REPORT, capsys=capsys)
    assert run.code == 2
    assert run.out == ""
    assert run.err.count("\n") == 1
    assert run.err.startswith(f"nianbao: error: {HOSTILE / name}:{line}: {key}: ")
    assert fragment in run.err


def test_python_tags_run_nothing_through_the_real_command():
    proc = run_cli("check", "--pack", str(HOSTILE / "python-new.yaml"), REPORT)
    assert proc.returncode == 2
    assert "python-new.yaml:4: overrides.T301.with: YAML 格式有误：" in proc.stderr
    proc = run_cli("check", "--lang", "en", "--pack", str(HOSTILE / "python-new.yaml"), REPORT)
    assert "python-new.yaml:4: overrides.T301.with: invalid YAML" in proc.stderr


def test_catastrophic_pattern_runs_in_linear_time(tmp_path, capsys):
    """``^(a+)+$`` on 'aaa…a!' takes longer than the universe on a backtracking engine."""
    report = load_fixture("tables-2021")
    report["title"] = "a" * 100_000 + "!"
    (tmp_path / "r.json").write_text(json.dumps(report), "utf-8")
    run = check(
        "--pack", str(HOSTILE / "redos.yaml"), "--select", "Q", str(tmp_path / "r.json"),
        capsys=capsys,
    )  # fmt: skip
    assert run.code == 0  # a warning
    assert run.findings("r.json") == [("Q001", "/title")]
    assert run.messages("r.json") == ["title does not fit ^(a+)+$"]
    report["title"] = "a" * 100_000
    (tmp_path / "r.json").write_text(json.dumps(report), "utf-8")
    run = check(
        "--pack", str(HOSTILE / "redos.yaml"), "--select", "Q", str(tmp_path / "r.json"),
        capsys=capsys,
    )  # fmt: skip
    assert run.findings("r.json") == []


def test_many_double_stars_in_given_expand_quickly(tmp_path, capsys):
    report = {**load_fixture("tables-2021"), "title": "某局2023年政府信息公开工作年度报告"}
    (tmp_path / "r.json").write_text(json.dumps(report), "utf-8")
    run = check(
        "--pack", str(HOSTILE / "star-given-ok.yaml"), str(tmp_path / "r.json"), capsys=capsys
    )
    assert (run.code, run.findings("r.json")) == (1, [("Q001", "/title")])  # found through /**…


def test_pack_larger_than_the_limit(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_text("id: big\n" + "# padding\n" * (MAX_PACK_BYTES // 10 + 1), "utf-8")
    with pytest.raises(PackError, match=f"rule pack is larger than {MAX_PACK_BYTES} bytes"):
        Checker(Options(packs=[str(path)], entry_points=False))


def test_pack_nested_100000_deep(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("id: deep\ndocs: " + "[" * 100_000 + "\n", "utf-8")
    with pytest.raises(PackError, match="YAML nested too deeply"):
        Checker(Options(packs=[str(path)], entry_points=False))


def test_pack_that_is_a_fifo_is_refused_without_blocking(tmp_path):
    import os

    os.mkfifo(tmp_path / "pack.yaml")
    with pytest.raises(PackError, match="a rule pack must be a regular file"):
        Checker(Options(packs=[str(tmp_path / "pack.yaml")], entry_points=False))


def test_pack_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.yaml"
    path.write_bytes("id: gbk\ntitle: 贵州省规则\n".encode("gbk"))
    with pytest.raises(PackError, match="rule pack is not UTF-8"):
        Checker(Options(packs=[str(path)], entry_points=False))


def test_message_template_cannot_read_attributes_at_run_time(checker):
    """Catalogues from plugins are rendered by the same guarded formatter."""
    text = checker.catalogue.format(
        "{v.__class__} {w:>100000} {t[0]}", {"v": 1, "w": 2, "t": [7]}, "en"
    )
    assert text == "{v.__class__} {w:>100000} {t[0]}"  # refused: the template is shown as is
    assert checker.catalogue.format("{t[0]} of {n}", {"t": [7], "n": 9}, "en") == "7 of 9"


def test_compact_block_nesting_is_refused_not_a_crash(tmp_path):
    """``- - - …`` on one line nests without brackets; libyaml would recurse in C and crash."""
    pack = tmp_path / "dashes.yaml"
    pack.write_text("id: dashes\nrules:\n  " + "- " * 60000 + "x\n", "utf-8")
    code, _, err = cli("check", "--pack", str(pack), str(FIXTURES / "tables-2021.json"))
    assert code == 2
    assert "dashes.yaml" in err and "YAML 嵌套过深" in err
