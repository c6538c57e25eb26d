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
