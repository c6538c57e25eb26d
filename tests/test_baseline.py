"""Baselines: record today's findings, then fail only on new ones (keyed on file, rule, pointer)."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest

from nianbao.core import baseline
from nianbao.core.config import ConfigError
from tests.conftest import FIXTURES, main
from tests.reporters.conftest import TABLE_RULES_CONFIG, validate_sarif


@pytest.fixture
def repo(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("NIANBAO_DISABLE_PLUGIN_AUTOLOAD", "1")  # built-in plugins only
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(FIXTURES / "reporters/024-lines.json", reports / "a.json")
    shutil.copy(FIXTURES / "corpus/034.json", reports / "b.json")
    (tmp_path / "nianbao.toml").write_text(TABLE_RULES_CONFIG, "utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def edit(path: str, change) -> None:
    data = json.loads(Path(path).read_text("utf-8"))
    change(data)
    Path(path).write_text(json.dumps(data, ensure_ascii=False, indent=2), "utf-8")


def test_write_records_findings_and_exits_0(repo, capsys):
    assert main(["check", "reports", "--write-baseline", "nb-baseline.json"]) == 0
    doc = json.loads(Path("nb-baseline.json").read_text("utf-8"))
    assert doc["tool"] == "nianbao" and doc["format"] == 1
    assert [(r["file"], r["rule"], r["pointer"]) for r in doc["findings"]] == [
        ("reports/a.json", "T003", "/tables/proactive/normative_documents/in_force"),
        ("reports/a.json", "T003", "/tables/proactive/normative_documents/issued"),
        ("reports/a.json", "T003", "/tables/proactive/normative_documents/repealed"),
        ("reports/a.json", "T301", "/tables/applications/carried_forward/commercial"),
        ("reports/a.json", "T303", "/tables/applications/results/partially_granted/total"),
        ("reports/a.json", "T303", "/tables/applications/results/total/total"),
    ]
    assert "已将 6 条问题写入基线 nb-baseline.json" in capsys.readouterr().err


def test_baseline_silences_known_and_a_new_one_fails(repo, capsys):
    main(["check", "reports", "--write-baseline", "nb-baseline.json"])
    capsys.readouterr()

    # the same findings, with every line moved and the report retitled: still known
    def shift(d):
        d["title"] = "改过标题的报告"
        for entry in d["provenance"].values():
            entry["line"] += 12

    edit("reports/a.json", shift)
    assert main(["check", "reports", "--baseline", "nb-baseline.json", "--format", "json"]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["counts"] == {"error": 0, "warning": 0, "info": 0}
    assert data["baseline"] == {"file": "nb-baseline.json", "matched": 6, "new": 0, "absent": 0}
    assert "基线 nb-baseline.json：已匹配 6 条已知问题（未显示），新问题 0 条" in captured.err
    # a new mistake in another cell fails the build, and only it is reported
    edit("reports/b.json", lambda d: d["tables"]["reviews"]["review"].update(total=9))
    assert main(["check", "reports", "--baseline", "nb-baseline.json", "--format", "sarif"]) == 1
    doc = validate_sarif(capsys.readouterr().out)
    results = doc["runs"][0]["results"]
    assert [
        (
            r["ruleId"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["baselineState"],
        )
        for r in results
    ] == [("T401", "reports/b.json", "new")]


def test_changed_numbers_in_a_known_cell_stay_known(repo, capsys):
    main(["check", "reports", "--write-baseline", "nb-baseline.json"])
    edit(
        "reports/a.json",
        lambda d: d["tables"]["applications"]["carried_forward"].update(commercial=2),
    )
    capsys.readouterr()
    code = main(["check", "reports", "--baseline", "nb-baseline.json", "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    new = [(f["rule"], f["pointer"]) for r in data["reports"] for f in r["findings"]]
    # the known T301 on 商业企业 now says "差 3" but is still known; the row total that the
    # edit broke is new
    assert new == [("T303", "/tables/applications/carried_forward/total")]
    assert data["baseline"]["matched"] == 6
    assert code == 1


def test_fixed_findings_are_counted_absent(repo, capsys):
    main(["check", "reports", "--write-baseline", "nb-baseline.json"])
    edit(
        "reports/a.json",
        lambda d: d["tables"]["proactive"]["normative_documents"].update(
            issued=0, repealed=0, in_force=0
        ),
    )
    capsys.readouterr()
    assert main(["check", "reports", "--baseline", "nb-baseline.json"]) == 0
    err = capsys.readouterr().err
    assert "已匹配 3 条已知问题（未显示），新问题 0 条；3 条基线记录已不再出现" in err


def test_baseline_from_another_folder(repo, capsys, monkeypatch):
    main(["check", "reports", "--write-baseline", "nb-baseline.json"])
    monkeypatch.chdir(repo / "reports")
    assert main(["check", "a.json", "--baseline", "../nb-baseline.json"]) == 0


def test_baseline_file_in_the_checked_folder_is_not_a_report(repo, capsys):
    assert main(["check", ".", "--write-baseline", "nb-baseline.json"]) == 0
    assert main(["check", ".", "--baseline", "nb-baseline.json"]) == 0
    assert "E002" not in capsys.readouterr().out


def test_unusable_baseline_is_exit_2(repo, capsys):
    assert main(["check", "reports", "--baseline", "missing.json"]) == 2
    assert "missing.json：基线文件不存在" in capsys.readouterr().err
    Path("bad.json").write_text('{"findings": []}', "utf-8")
    assert main(["check", "reports", "--baseline", "bad.json", "--lang", "en"]) == 2
    assert "bad.json: not a nianbao baseline" in capsys.readouterr().err


def test_duplicate_keys_match_one_finding_each(tmp_path):
    from nianbao.core.findings import Finding, Severity
    from nianbao.core.reporting import ReportResult

    f = Finding("S005", Severity.ERROR, "placeholder", "/parts/0/text")
    report = ReportResult(str(tmp_path / "r.json"), findings=[f, f, f])
    known = Counter({("r.json", "S005", "/parts/0/text"): 2})
    stats = baseline.apply([report], known, tmp_path)
    assert stats == {"matched": 2, "new": 1, "absent": 0}
    assert report.findings == [f]


def test_load_rejects_entries_without_keys(tmp_path):
    path = tmp_path / "b.json"
    path.write_text('{"tool": "nianbao", "format": 1, "findings": [{"file": "a"}]}', "utf-8")
    with pytest.raises(ConfigError, match="entry 1 needs file, rule and pointer"):
        baseline.load(path)
