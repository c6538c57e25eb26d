"""``nianbao.check`` gives what the CLI gives."""

from __future__ import annotations

import json
import shutil

import pytest

import nianbao
from tests.conftest import FIXTURES, cli, load_fixture


def test_check_paths_equals_cli_json(tmp_path):
    for name in ("017.json", "024.json", "034.json"):
        shutil.copy(FIXTURES / "corpus" / name, tmp_path / name)
    run = nianbao.check(tmp_path, entry_points=False)
    _, out, _ = cli("check", str(tmp_path), "--format", "json")
    assert json.loads(out) == run.to_dict()
    assert json.dumps(run.to_dict(), ensure_ascii=False, indent=2) + "\n" == out


def test_check_report_dicts_and_pairs():
    doc = load_fixture("corpus/024.json")
    run = nianbao.check([doc, ("mine.json", doc)], select=["T3"], entry_points=False)
    assert [r.path for r in run.reports] == ["<report 1>", "mine.json"]
    assert [(f.rule, f.pointer) for f in run.reports[1].findings] == [
        ("T301", "/tables/applications/carried_forward/commercial"),
        ("T303", "/tables/applications/results/partially_granted/total"),
        ("T303", "/tables/applications/results/total/total"),
    ]
    assert doc == load_fixture("corpus/024.json")  # the caller's dict is not changed


def test_check_with_jobs_and_english(tmp_path):
    for name in ("017.json", "024.json"):
        shutil.copy(FIXTURES / "corpus" / name, tmp_path / name)
    one = nianbao.check(tmp_path, lang="en", entry_points=False)
    two = nianbao.check(tmp_path, lang="en", jobs=2, entry_points=False)
    assert one.to_dict() == two.to_dict()
    t301 = [f for f in one.reports[1].findings if f.rule == "T301"]
    assert [f.pointer for f in t301] == ["/tables/applications/carried_forward/commercial"]
    assert t301[0].message.startswith("Table 3")


def test_check_refuses_what_is_not_a_report():
    with pytest.raises(TypeError, match="paths or report dicts"):
        nianbao.check([42], entry_points=False)


# -- strict_plugins ------------------------------------------------------------------------

BROKEN = (
    "tests.plugins.broken_import",
    "failed to import: ImportError: No module named 'province_database_driver'",
)


@pytest.fixture
def broken_installed(tmp_path, monkeypatch):
    """An installed plugin (a real entry-point declaration on sys.path) that fails to import."""
    from tests.hardening.test_plugins import _installed

    monkeypatch.syspath_prepend(str(_installed(tmp_path, broken=BROKEN[0])))
    return tmp_path


def test_without_strict_plugins_the_api_checks_without_the_broken_plugin(broken_installed):
    report = load_fixture("tables-2021.json")
    run = nianbao.check(report, select=["T"], lang="en", config={"strict_plugins": False})
    assert [r.findings for r in run.reports] == [[]]  # checked, without it
    assert run.notes == [f"plugin {BROKEN[0]}: {BROKEN[1]}"]
    zh = nianbao.check(report, select=["T"])
    assert zh.notes == [
        f"插件 {BROKEN[0]}：无法导入：ImportError: No module named 'province_database_driver'"
    ]


def test_strict_plugins_in_config_makes_the_api_raise_naming_the_plugin(broken_installed):
    from nianbao.core.plugins import PluginError

    report = load_fixture("tables-2021.json")
    with pytest.raises(PluginError) as raised:
        nianbao.check(report, lang="en", config={"strict_plugins": True})
    assert str(raised.value) == f"plugin {BROKEN[0]}: {BROKEN[1]}"
    assert raised.value.plugins == [BROKEN[0]]
    with pytest.raises(PluginError, match=f"^插件 {BROKEN[0]}：无法导入："):
        nianbao.check(report, config={"strict_plugins": True})
    # the keyword wins over the config, as --strict-plugins does over the file
    with pytest.raises(PluginError):
        nianbao.check(report, strict_plugins=True)
    run = nianbao.check(report, select=["T"], config={"strict_plugins": True}, strict_plugins=False)
    assert [r.findings for r in run.reports] == [[]]


def test_strict_plugins_covers_a_hook_that_raises():
    from nianbao.core.plugins import PluginError

    report = load_fixture("tables-2021.json")
    kwargs = {"plugins": ["tests.plugins.raising_hooks"], "entry_points": False, "lang": "en"}
    with pytest.raises(PluginError) as raised:
        nianbao.check(report, config={"strict_plugins": True}, **kwargs)
    assert str(raised.value) == (
        "plugin tests.plugins.raising_hooks: hook nianbao_rules raised "
        "RuntimeError: rules table not initialised"
    )
    assert raised.value.plugins == ["tests.plugins.raising_hooks"]
    run = nianbao.check(report, select=["T"], **kwargs)  # not strict: both failures are notes
    assert run.notes == [
        "plugin tests.plugins.raising_hooks: hook nianbao_rules raised "
        "RuntimeError: rules table not initialised",
        "plugin tests.plugins.raising_hooks: hook nianbao_configure raised "
        "KeyError: 'guizhou_deadline'",
    ]
