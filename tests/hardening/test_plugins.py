"""Plugins that fail: the run goes on without them and says which and why; --strict-plugins: exit 2.

The test plugins are real modules under tests/plugins/; installed plugins are
simulated with a real ``*.dist-info`` entry-point declaration on PYTHONPATH.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import nianbao
from nianbao.cli import main
from nianbao.core.config import ConfigError
from tests.conftest import FIXTURES
from tests.hardening.conftest import check, run_cli

REPORT = str(FIXTURES / "tables-2021.json")

WRONG_TYPES = [
    "plugin tests.plugins.wrong_types: hook nianbao_rule_packs returned int, expected a list of paths",
    "plugin tests.plugins.wrong_types: nianbao_check_functions must return a dict name → function",
    "plugin tests.plugins.wrong_types: hook nianbao_rules returned str, expected a list of "
    "nianbao.Rule objects",
    "plugin tests.plugins.wrong_types: hook nianbao_reporters returned <object object at",
]


def _installed(tmp_path: Path, **entry_points: str) -> Path:
    """A folder that makes ``entry_points`` look like an installed distribution."""
    site = tmp_path / "site"
    info = site / "nianbao_test_plugins-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: nianbao-test-plugins\nVersion: 1.0\n", "utf-8"
    )
    lines = "".join(f"{name} = {module}\n" for name, module in entry_points.items())
    (info / "entry_points.txt").write_text(f"[nianbao]\n{lines}", "utf-8")
    return site


# -- a plugin that does not import -----------------------------------------------------


IMPORT_FAILURE = {  # the same failure in each language (the _plugins block of the locale)
    "zh": "插件 tests.plugins.broken_import：无法导入："
    "ImportError: No module named 'province_database_driver'",
    "en": "plugin tests.plugins.broken_import: failed to import: "
    "ImportError: No module named 'province_database_driver'",
}


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_installed_plugin_that_fails_to_import_is_a_warning(tmp_path, lang):
    site = _installed(tmp_path, broken="tests.plugins.broken_import")
    proc = run_cli(
        "check", "--lang", lang, "--select", "T", REPORT, pythonpath=[str(site)], autoload=True
    )
    assert proc.returncode == 0  # checked without it
    assert proc.stderr == f"nianbao: warning: {IMPORT_FAILURE[lang]}\n"
    assert ("未发现问题" if lang == "zh" else "no findings") in proc.stdout
    assert proc.stdout.splitlines()[-1] == IMPORT_FAILURE[lang]  # the note under the output


def test_plugin_failure_warning_is_chinese_by_default(tmp_path):
    site = _installed(tmp_path, broken="tests.plugins.broken_import")
    proc = run_cli("check", "--select", "T", REPORT, pythonpath=[str(site)], autoload=True)
    assert proc.stderr == f"nianbao: warning: {IMPORT_FAILURE['zh']}\n"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_installed_plugin_that_fails_to_import_is_exit_2_when_strict(tmp_path, lang):
    site = _installed(tmp_path, broken="tests.plugins.broken_import")
    proc = run_cli(
        "check", "--lang", lang, "--strict-plugins", REPORT, pythonpath=[str(site)], autoload=True
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"nianbao: error: {IMPORT_FAILURE[lang]}\n"


def test_strict_plugins_from_config(tmp_path):
    site = _installed(tmp_path, broken="tests.plugins.broken_import")
    (tmp_path / "nianbao.toml").write_text("strict_plugins = true\n", "utf-8")
    proc = run_cli("check", REPORT, pythonpath=[str(site)], autoload=True, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == f"nianbao: error: {IMPORT_FAILURE['zh']}\n"


def test_strict_plugins_that_is_not_true_or_false_is_a_config_error(tmp_path, capsys):
    """ "no" is a word, not false: taken as true it would fail runs the user meant to pass."""
    config = tmp_path / "nianbao.toml"
    config.write_text('strict_plugins = "no"\n', "utf-8")
    run = check("--config", str(config), REPORT, capsys=capsys)
    assert run.code == 2
    assert "strict_plugins must be true or false, got 'no'" in run.err
    with pytest.raises(ConfigError, match="strict_plugins must be true or false"):
        nianbao.check([REPORT], config={"strict_plugins": "no"})


def test_plugin_named_with_dash_dash_plugin_that_fails_to_import_is_exit_2(capsys):
    """Asked for by name, a plugin that is not there is a usage error, strict or not."""
    run = check("--plugin", "tests.plugins.broken_import", REPORT, capsys=capsys)
    assert run.code == 2
    assert run.err == (
        "nianbao: error: --plugin tests.plugins.broken_import: cannot import: "
        "ImportError: No module named 'province_database_driver'\n"
    )


# -- hooks that raise or return the wrong type --------------------------------------------


def test_hook_that_raises_is_a_warning_naming_plugin_and_hook(capsys):
    run = check("--plugin", "tests.plugins.raising_hooks", "--select", "T", REPORT, capsys=capsys)
    assert (run.code, run.findings("tables-2021.json")) == (0, [])
    assert run.err.splitlines() == [
        "nianbao: warning: plugin tests.plugins.raising_hooks: hook nianbao_rules raised "
        "RuntimeError: rules table not initialised",
        "nianbao: warning: plugin tests.plugins.raising_hooks: hook nianbao_configure raised "
        "KeyError: 'guizhou_deadline'",
    ]


def test_hook_that_raises_is_a_chinese_warning_by_default(capsys):
    from nianbao.cli import main

    code = main(["check", "--plugin", "tests.plugins.raising_hooks", "--select", "T", REPORT])
    assert code == 0
    assert capsys.readouterr().err.splitlines() == [
        "nianbao: warning: 插件 tests.plugins.raising_hooks：钩子 nianbao_rules 运行出错："
        "RuntimeError: rules table not initialised",
        "nianbao: warning: 插件 tests.plugins.raising_hooks：钩子 nianbao_configure 运行出错："
        "KeyError: 'guizhou_deadline'",
    ]


def test_hook_that_raises_is_exit_2_when_strict(capsys):
    run = check(
        "--strict-plugins", "--plugin", "tests.plugins.raising_hooks", REPORT, capsys=capsys
    )
    assert (run.code, run.out) == (2, "")
    assert run.err == (
        "nianbao: error: plugin tests.plugins.raising_hooks: hook nianbao_rules raised "
        "RuntimeError: rules table not initialised\n"
    )


def test_hooks_that_return_wrong_types_are_warnings(capsys):
    run = check("--plugin", "tests.plugins.wrong_types", "--select", "T", REPORT, capsys=capsys)
    assert (run.code, run.findings("tables-2021.json")) == (0, [])
    lines = run.err.splitlines()
    assert len(lines) == 4
    for line, expected in zip(lines, WRONG_TYPES, strict=True):
        assert line.startswith(f"nianbao: warning: {expected}")


WRONG_TYPES_ZH = [
    "插件 tests.plugins.wrong_types：钩子 nianbao_rule_packs 返回了 int，应返回路径列表",
    "插件 tests.plugins.wrong_types：nianbao_check_functions 应返回“名称 → 函数”的字典",
    "插件 tests.plugins.wrong_types：钩子 nianbao_rules 返回了 str，应返回 nianbao.Rule 对象列表",
    "插件 tests.plugins.wrong_types：钩子 nianbao_reporters 返回了 <object object at",
]


def test_hooks_that_return_wrong_types_are_chinese_warnings_by_default(capsys):
    from nianbao.cli import main

    code = main(["check", "--plugin", "tests.plugins.wrong_types", "--select", "T", REPORT])
    assert code == 0
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 4
    for line, expected in zip(lines, WRONG_TYPES_ZH, strict=True):
        assert line.startswith(f"nianbao: warning: {expected}")
    assert lines[3].endswith(">，应为输出格式")


def test_hooks_that_return_wrong_types_are_exit_2_when_strict(capsys):
    run = check("--strict-plugins", "--plugin", "tests.plugins.wrong_types", REPORT, capsys=capsys)
    assert run.code == 2
    assert run.err == f"nianbao: error: {WRONG_TYPES[0]} (and 3 more plugin failures)\n"
    zh = main(["check", "--strict-plugins", "--plugin", "tests.plugins.wrong_types", REPORT])
    assert zh == 2
    assert capsys.readouterr().err == f"nianbao: error: {WRONG_TYPES_ZH[0]}（另有 3 个插件问题）\n"


def test_rule_that_yields_the_wrong_type_is_e003(capsys):
    run = check("--plugin", "tests.plugins.bad_yield", "--select", "BAD", REPORT, capsys=capsys)
    assert (run.code, run.findings("tables-2021.json")) == (1, [("E003", "")])
    assert run.messages("tables-2021.json") == [
        "rule BAD001 (plugin tests.plugins.bad_yield) failed and was skipped: "
        "TypeError: yielded str, expected nianbao.Violation"
    ]


def test_rule_that_raises_is_exit_2_when_strict(capsys):
    run = check("--strict-plugins", "--plugin", "tests.plugins.raising_rule", REPORT, capsys=capsys)
    assert run.code == 2
    assert ("E003", "") in run.findings("tables-2021.json")  # the output is still written


# -- a rule that hangs --------------------------------------------------------------------

HANG_ARGS = ("--plugin", "tests.plugins.hanging_rule", "--select", "HANG", "--format", "json")
TIMED_OUT = [
    "rule HANG001 (plugin tests.plugins.hanging_rule) failed and was skipped: "
    "RuleTimeout: stopped after 0.2 s (rule_timeout)",
    "rule HANG002 (plugin tests.plugins.hanging_rule) failed and was skipped: "
    "RuleTimeout: stopped after 0.2 s (rule_timeout)",
]


def _hang_result(proc) -> list[tuple[str, str, str]]:
    findings = json.loads(proc.stdout)["reports"][0]["findings"]
    return [(f["rule"], f["pointer"], f["message"]) for f in findings]


def test_hanging_rule_is_stopped_and_the_run_goes_on():
    proc = run_cli("check", "--lang", "en", "--rule-timeout", "0.2", *HANG_ARGS, REPORT, timeout=60)
    assert proc.returncode == 1
    assert _hang_result(proc) == [
        ("E003", "", TIMED_OUT[0]),
        ("E003", "", TIMED_OUT[1]),
        ("HANG003", "/title", "HANG003"),
    ]


def test_hanging_rule_with_strict_plugins_is_exit_2():
    proc = run_cli(
        "check", "--lang", "en", "--rule-timeout", "0.2", "--strict-plugins", *HANG_ARGS, REPORT,
        timeout=60,
    )  # fmt: skip
    assert proc.returncode == 2
    assert [r for r, _, _ in _hang_result(proc)] == ["E003", "E003", "HANG003"]


def test_rule_timeout_from_config(tmp_path):
    (tmp_path / "nianbao.toml").write_text("rule_timeout = 0.2\n", "utf-8")
    proc = run_cli("check", "--lang", "en", *HANG_ARGS, REPORT, cwd=tmp_path, timeout=60)
    assert _hang_result(proc)[0] == ("E003", "", TIMED_OUT[0])


@pytest.mark.parametrize("value", ["-1", "soon"])
def test_bad_rule_timeout_is_exit_2(value, capsys):
    from nianbao.cli import main

    assert main(["check", "--rule-timeout", value, REPORT]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_a_batch_arms_the_time_limit_once_and_leaves_the_handler_as_it_was():
    """The timer is set once around a batch (four system calls per report saved); a
    report checked inside it sets no timer of its own, time spent between rules is
    never stopped, and the program's own SIGALRM handler is back afterwards."""
    import signal
    import time

    from nianbao.core.limits import RuleClock, RuleTimeout

    def mine(signum, frame):  # the program's own
        pass

    previous = signal.signal(signal.SIGALRM, mine)
    try:
        clock = RuleClock(0.05)
        with clock.watching():
            assert clock.watched and signal.getitimer(signal.ITIMER_REAL)[1] > 0
            with clock.watching():  # a report inside the batch: no timer of its own
                armed = signal.getitimer(signal.ITIMER_REAL)
            assert signal.getitimer(signal.ITIMER_REAL)[1] == armed[1]  # still armed
            time.sleep(0.15)  # between reports (reading a file): nothing to stop
            with pytest.raises(RuleTimeout), clock:  # a rule: stopped
                while True:
                    pass
        assert not clock.watched and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is mine
    finally:
        signal.signal(signal.SIGALRM, previous)


def test_a_quiet_test_that_raises_is_the_rules_failure_not_the_runs(capsys):
    """The engine asks a rule's quiet test before running it (Rule.quiet_test): a test
    that cannot be built, or that raises when asked, is E003 for that rule on that
    report, as the rule's own error would be, and the other rules still run."""
    run = check(
        "--plugin", "tests.plugins.raising_quiet", "--select", "QQ,T301", "--lang", "en",
        REPORT, capsys=capsys,
    )  # fmt: skip
    assert (run.code, run.findings("tables-2021.json")) == (1, [("E003", ""), ("E003", "")])
    messages = run.messages("tables-2021.json")
    assert any("QQ001" in m and "quiet test cannot be built" in m for m in messages)
    assert any("QQ002" in m and "quiet test failed" in m for m in messages)
