"""Waivers in config: waived findings are shown as waived, need a reason, may expire."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from nianbao.core.config import ConfigError, tomllib
from nianbao.core.runner import Checker, Options
from nianbao.core.waivers import Waiver, apply_waivers, parse_waivers
from tests.conftest import FIXTURES, main
from tests.reporters.conftest import TABLE_RULES, TABLE_RULES_CONFIG, make_run, validate_sarif

T301 = "/tables/applications/carried_forward/commercial"


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", "1")  # built-in plugins only
    (tmp_path / "reports" / "2023").mkdir(parents=True)
    shutil.copy(FIXTURES / "corpus/024.json", tmp_path / "reports/2023/a.json")
    shutil.copy(FIXTURES / "corpus/034.json", tmp_path / "reports/2023/b.json")
    (tmp_path / "nianbao.toml").write_text(TABLE_RULES_CONFIG, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def config(text: str, name: str = "nianbao.toml") -> None:
    if name == "nianbao.toml":
        text = TABLE_RULES_CONFIG + text  # the corpus fixtures: table rules only
    else:
        Path("nianbao.toml").unlink(missing_ok=True)  # it would be found first
    Path(name).write_text(text, "utf-8")


WAIVE_T3 = """
[[waivers]]
rule = "T301"
path = "reports/2023/*.json"
pointer = "/tables/applications/carried_forward/commercial"
reason = "原表如此印刷，已向发布机关核实"

[[waivers]]
rule = "T303"
path = "reports/2023/a.json"
reason = "同上"
expires = 2999-12-31
"""


def test_waived_findings_are_shown_marked_and_do_not_fail(repo, capsys):
    config(WAIVE_T3)
    code = main(["check", "reports", "--format", "json", "--format", "sarif=out.sarif"])
    assert code == 0  # only warnings (T003) are left
    data = json.loads(capsys.readouterr().out)
    a = data["reports"][0]
    assert a["counts"] == {"error": 0, "warning": 3, "info": 0, "waived": 3}
    waived = [(f["rule"], f["pointer"], f["waived"]) for f in a["findings"] if "waived" in f]
    assert waived == [
        ("T301", T301, {"reason": "原表如此印刷，已向发布机关核实"}),
        (
            "T303",
            "/tables/applications/results/partially_granted/total",
            {"reason": "同上", "expires": "2999-12-31"},
        ),
        (
            "T303",
            "/tables/applications/results/total/total",
            {"reason": "同上", "expires": "2999-12-31"},
        ),
    ]
    results = validate_sarif(Path("out.sarif").read_text("utf-8"))["runs"][0]["results"]
    suppressed = [(r["ruleId"], r["suppressions"]) for r in results if "suppressions" in r]
    assert suppressed[0] == (
        "T301",
        [
            {
                "kind": "external",
                "status": "accepted",
                "justification": "原表如此印刷，已向发布机关核实",
            }
        ],
    )
    assert len(suppressed) == 3


def test_text_output_says_waived(repo, capsys):
    config(WAIVE_T3)
    main(["check", "reports/2023/a.json"])
    out = capsys.readouterr().out
    assert (
        f"T301 错误 表三「商业企业」列：一(0)+二(0)=0，三(七)+四=1+0=1，差 1  [{T301}]  (已豁免：原表如此印刷，已向发布机关核实)"
        in out
    )
    assert "错误 0，警告 3" in out


def test_no_waivers_shows_everything(repo, capsys):
    config(WAIVE_T3)
    assert main(["check", "reports", "--no-waivers", "--format", "json"]) == 1
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["reports"][0]["counts"] == {"error": 3, "warning": 3, "info": 0}
    assert all("waived" not in f for r in data["reports"] for f in r["findings"])
    assert "waiver" not in captured.err and "豁免" not in captured.err


def test_waiver_without_reason_is_refused(repo, capsys):
    config(
        '[[waivers]]\nrule = "T301"\npath = "reports/*"\n\n[[waivers]]\nrule = "T303"\n'
        'path = "reports/2023/a.json"\nreason = "  "\n'
    )
    assert main(["check", "reports"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("nianbao: error: ")
    assert "nianbao.toml：第 1 条豁免（规则 T301，路径 'reports/*'）未写理由" in err
    assert len(err.strip().splitlines()) == 1


def test_waiver_in_pyproject(repo, capsys):
    config(
        '[tool.nianbao]\nfail_on = "error"\n\n[[tool.nianbao.waivers]]\nrule = "T303"\n'
        'path = "a.json"\n',
        name="pyproject.toml",
    )
    assert main(["check", "reports", "--lang", "en"]) == 2
    assert (
        "pyproject.toml: waiver 1 (rule T303, path 'a.json') has no reason"
        in capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('rule = "T301"\npath = "*"\nreason = "x"\nreasons = "y"', "unknown key reasons"),
        ('path = "*"\nreason = "x"', "names no rule"),
        ('rule = "T301"\nreason = "x"', "names no file pattern"),
        ('rule = "E001"\npath = "*"\nreason = "x"', "E001 cannot be waived"),
        (
            'rule = "T301"\npath = "*"\nreason = "x"\nexpires = "next year"',
            "expires must be a date",
        ),
        (
            'rule = "T301"\npath = "*"\nreason = "x"\npointer = "tables"',
            "pointer must be a JSON pointer",
        ),
    ],
)
def test_bad_waivers_are_refused(body, message):
    with pytest.raises(ConfigError, match=message):
        parse_waivers(tomllib.loads(f"[[waivers]]\n{body}\n"), "nianbao.toml")


def test_expired_waiver_no_longer_applies_and_warns(repo, capsys):
    config(WAIVE_T3.replace("2999-12-31", "2020-01-31"))
    assert main(["check", "reports"]) == 1
    err = capsys.readouterr().err
    assert (
        "nianbao: warning: 豁免 2（规则 T303，文件 reports/2023/a.json）已于 2020-01-31 过期，不再生效"
        in err
    )


def test_unused_waiver_warns(repo, capsys):
    config(
        '[[waivers]]\nrule = "T401"\npath = "reports/2023/*.json"\nreason = "表四已核实"\n'
        '\n[[waivers]]\nrule = "T401"\npath = "elsewhere/*.json"\nreason = "其他目录"\n'
    )
    main(["check", "reports"])
    err = capsys.readouterr().err
    assert "豁免 1（规则 T401，文件 reports/2023/*.json）没有匹配任何问题，可以删除" in err
    assert "豁免 2" not in err  # covers no checked file: says nothing (pre-commit checks a few)


def test_patterns_are_relative_to_the_config_file(repo, capsys, monkeypatch):
    config(WAIVE_T3)
    monkeypatch.chdir(repo / "reports")
    assert main(["check", "2023/a.json", "--config", "../nianbao.toml", "--fail-on", "error"]) == 0


def test_pointer_waives_the_cells_below_it(monkeypatch):
    monkeypatch.chdir(FIXTURES / "corpus")
    checker = Checker(Options(entry_points=False, select=TABLE_RULES))
    run = make_run(checker, "024.json")
    waiver = Waiver(1, "T303", "024.json", "整行已核实", pointer="/tables/applications/results")
    outcome = apply_waivers(run.reports, [waiver], today=dt.date(2024, 1, 1))
    assert outcome.waived == 2 and outcome.unused == [] and outcome.expired == []
    assert run.reports[0].counts == {"error": 1, "warning": 3, "info": 0, "waived": 2}
    assert run.reports[0].worst().label == "error"


def test_expiry_is_inclusive(checker, monkeypatch):
    monkeypatch.chdir(FIXTURES / "corpus")
    run = make_run(checker, "024.json")
    waiver = Waiver(1, "T301", "*", "x", expires=dt.date(2024, 6, 30))
    assert apply_waivers(run.reports, [waiver], today=dt.date(2024, 6, 30)).waived == 1
    run = make_run(checker, "024.json")
    outcome = apply_waivers(run.reports, [waiver], today=dt.date(2024, 7, 1))
    assert outcome.waived == 0 and outcome.expired == [waiver]
