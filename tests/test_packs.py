"""Rule packs: a broken pack is exit 2 with file, line and key; a good one extends and overrides."""

from __future__ import annotations

from pathlib import Path

import pytest

from nianbao.core.rules import PackError
from nianbao.core.runner import Checker, Options
from tests.conftest import FIXTURES, cli, load_fixture, patched, run_rules

PACKS = FIXTURES / "packs"


def _error(*names: str) -> PackError:
    with pytest.raises(PackError) as info:
        Checker(Options(packs=[str(PACKS / n) for n in names], entry_points=False))
    return info.value


@pytest.mark.parametrize(
    ("files", "line", "key", "fragment"),
    [
        (["bad-yaml.yaml"], 5, None, "invalid YAML"),
        (["unknown-key.yaml"], 6, "rules[0].wiht", "unknown key(s) wiht"),
        (["unknown-function.yaml"], 5, "rules[0].check", "unknown check function 'sum_equal'"),
        (["bad-options.yaml"], 8, "rules[0].with.parts", "options of sum_equals"),
        (
            ["bad-severity.yaml"],
            5,
            "overrides.T301.severity",
            "'fatal' is not one of error, warning, info",
        ),
        (
            ["cycle-a.yaml", "cycle-b.yaml"],
            2,
            "extends",
            "extends cycle: cycle-a → cycle-b → cycle-a",
        ),
        (["missing-parent.yaml"], 2, "extends[1]", "extends unknown pack 'nowhere'"),
        (["redefine.yaml"], 4, "rules[0].id", "rule T301 is already defined in national-tables"),
        (["override-unknown.yaml"], 4, "overrides.T999", "overrides unknown rule T999"),
        (["binary-key.yaml"], 4, "rules[0]", "keys must be text, not bytes b'hello'"),
        (["number-key.yaml"], 3, "title", "keys must be text, not int 1"),
    ],
)
def test_bad_pack_names_file_line_and_key(files, line, key, fragment):
    err = _error(*files)
    assert Path(err.path).name in files
    assert (err.line, err.key) == (line, key)
    assert fragment in str(err)


def test_python_tags_are_refused_not_run(tmp_path):
    marker = Path("/tmp/nianbao-pwned")
    marker.unlink(missing_ok=True)
    err = _error("python-tag.yaml")
    assert "invalid YAML" in str(err) and err.line == 2
    assert not marker.exists()


def test_bad_pack_is_exit_2_with_one_line():
    args = ["--pack", str(PACKS / "unknown-function.yaml"), str(FIXTURES / "tables-2021.json")]
    code, out, errtext = cli("check", *args)
    assert code == 2
    assert errtext.strip().count("\n") == 0
    assert "unknown-function.yaml:5: rules[0].check: 未知的检查函数 'sum_equal'（可用：" in errtext
    assert "Traceback" not in errtext
    code, out, errtext = cli("check", "--lang", "en", *args)
    assert "unknown-function.yaml:5: rules[0].check: unknown check function 'sum_equal'" in errtext


def test_local_pack_extends_and_overrides():
    checker = Checker(Options(packs=[str(PACKS / "local.yaml")], entry_points=False))
    assert checker.ruleset.rules["T003"].enabled is False
    assert checker.ruleset.rules["T202"].severity.label == "error"
    assert {"national", "national-tables", "local"} <= set(checker.ruleset.packs)
    report = patched(
        "tables-2019",
        {
            "/tables/proactive/regulations/made": 3,
            "/tables/proactive/regulations/published": 1,
            "/tables/proactive/regulations/total_published": 1,
            "/tables/reviews/review/total": None,
        },
    )
    findings = run_rules(checker, report, None)
    assert [(f.rule, f.severity.label) for f in findings] == [("T202", "error")]


def test_pack_by_id_selects_only_that_pack_and_its_parents():
    checker = Checker(Options(packs=["national-tables"], entry_points=False))
    assert set(checker.ruleset.packs) == {"national-tables"}


def test_unknown_pack_id_is_refused():
    with pytest.raises(PackError, match="no rule pack with id or path 'nope'"):
        Checker(Options(packs=["nope"], entry_points=False))


def test_python_rule_yaml_rule_and_overrides_from_a_plugin():
    checker = Checker(Options(plugins=["tests.plugins.python_rule"], entry_points=False))
    assert (
        checker.ruleset.rules["PY001"].severity.label == "error"
    )  # overridden by the plugin's pack
    assert checker.ruleset.rules["PY001"].plugin == "tests.plugins.python_rule"
    report = load_fixture("tables-2021")
    report["agency"] = {"name": "某局"}
    del report["title"]
    findings = run_rules(checker, report, ["PY"], lang="en")
    assert [(f.rule, f.pointer, f.severity.label, f.message) for f in findings] == [
        ("PY001", "/title", "error", "the report has no title"),
        ("PY002", "/agency/region", "warning", "agency has no region"),
    ]


def test_a_pattern_with_a_lone_surrogate_is_refused_not_raised():
    """YAML and TOML refuse such escapes, but a Python caller can pass one: RE2 takes
    UTF-8, which a lone surrogate has none of. A PatternError names where it is."""
    from nianbao.core.patterns import PatternError, check_pattern
    from nianbao.core.rules import _regex_ok

    with pytest.raises(PatternError) as info:
        check_pattern("本年度\udc80")
    assert str(info.value) == "pattern is not text: a lone surrogate at character 4"
    assert info.value.phrase.text("zh") == "正则表达式不是有效文本：第 4 个字符是单独的代理码位"
    assert _regex_ok("本年度\udc80") is False
    assert _regex_ok("本年度") is True
