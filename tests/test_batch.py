"""Batch checking: folders walked, a pool of processes, results in input order,
the same bytes whatever the number of jobs, a progress bar only on a terminal, and
a summary on stderr."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import generate
from nianbao.core.batch import Progress, check_files, summary
from nianbao.core.reporting import ReportResult
from nianbao.core.runner import Checker, Options
from tests.conftest import FIXTURES, cli


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """40 generated reports (both editions, some planted faults) plus a broken file."""
    out = tmp_path_factory.mktemp("batch")
    generate(out, 40, seed=3, faults=0.3)
    reports = out / "reports"
    (reports / "zz-broken.json").write_text("{not json", "utf-8")
    (reports / "skip-me.json").write_text("{}", "utf-8")
    (reports / "notes.md").write_text("not a report", "utf-8")
    return reports


def test_jobs_give_the_same_json_bytes(folder):
    code1, out1, _ = cli(
        "check", str(folder), "--format", "json", "--jobs", "1", "--exclude", "skip-*"
    )
    code2, out2, _ = cli(
        "check", str(folder), "--format", "json", "--jobs", "2", "--exclude", "skip-*"
    )
    assert code1 == code2 == 2  # the broken file is E001 (exit 2); the others are checked
    assert out1 == out2
    data = json.loads(out1)
    paths = [r["path"] for r in data["reports"]]
    assert paths == sorted(paths) and len(paths) == 41  # input order, .md and skip-* left out
    assert [f["rule"] for f in data["reports"][-1]["findings"]] == ["E001"]
    assert "seconds" not in out1  # nothing in the JSON depends on timing


def test_summary_on_stderr_after_the_output(folder):
    code, out, err = cli("check", str(folder), "--jobs", "2", "--lang", "en", "--exclude", "skip-*")
    assert out.splitlines()[-1].startswith("41 report(s) checked")
    assert "Summary: 41 report(s) checked" in err
    assert "Findings per rule:" in err and "  E001  1" in err
    assert "Slowest files:" in err
    assert "\r" not in err  # no progress bar: stderr is not a terminal here


def test_check_files_in_input_order_with_a_pool(folder):
    checker = Checker(Options(entry_points=False))
    files = list(checker.expand([folder]))
    seen: list[str] = []
    results = check_files(checker, files, jobs=2, on_result=lambda r: seen.append(r.path))
    assert [r.path for r in results] == files == seen
    single = check_files(checker, files, jobs=1)
    assert [r.to_dict() for r in results] == [r.to_dict() for r in single]
    assert all(r.facts for r in results if r.edition)  # the corpus rules' facts came back


def test_streamed_text_puts_corpus_findings_after_the_reports(tmp_path):
    for name in ("017.json", "024.json"):
        shutil.copy(FIXTURES / "corpus" / name, tmp_path / name)
    doc = json.loads((tmp_path / "024.json").read_text("utf-8"))
    doc["tables"]["applications"]["carried_over"]["total"] = 99
    (tmp_path / "024.json").write_text(json.dumps(doc, ensure_ascii=False), "utf-8")
    code, out, _ = cli("check", str(tmp_path), "--select", "X001", "--jobs", "1")
    lines = out.splitlines()
    assert lines[0].endswith("017.json: 未发现问题")
    assert "X001" in lines[2] and lines[2].startswith(str(tmp_path / "024.json"))
    assert lines[-1].startswith("共检查 2 份报告")


def test_progress_bar_redraws_in_place():
    stream = io.StringIO()
    bar = Progress(3, stream, "{done}/{total}")
    for _ in range(3):
        bar.update()
    bar.close()
    text = stream.getvalue()
    assert text.startswith("\r[") and "3/3" in text and "#" * Progress.WIDTH in text


def test_summary_counts_findings_per_rule_and_slowest():
    from nianbao.core.findings import Finding, Severity

    def result(path, seconds, rules):
        return ReportResult(
            path, findings=[Finding(r, Severity.ERROR, "m") for r in rules], seconds=seconds
        )

    texts = {
        "summary": "{n} {failed} {seconds:.1f} {rate:.0f}",
        "by_rule": "rules:",
        "rule_count": "{rule}={count}",
        "no_findings": "none",
        "slowest": "slow:",
        "slow_file": "{path} {ms:.0f}",
    }
    text = summary([result("a", 0.002, ["T301", "T303"]), result("b", 0.005, ["T301"])], 1.0, texts)
    assert text.splitlines() == ["2 2 1.0 2", "rules:", "T301=2", "T303=1", "slow:", "b 5", "a 2"]


def test_jobs_must_be_at_least_one(folder):
    code, out, err = cli("check", str(folder), "--jobs", "0")
    assert code == 2 and out == ""
    assert err.strip() == "nianbao: error: --jobs 应为不小于 1 的整数，实际为 0"


@pytest.mark.parametrize(
    "name",
    ["a.json", "..json", ".json", "a.", "a..", "a.b.JSON", "x", "x.tar.gz", ".a.b", "年报.HTML"],
)
def test_a_walked_file_has_the_suffix_pathlib_gives_it(name):
    """Folders are walked with strings; a file's suffix is still ``Path.suffix``."""
    from nianbao.core.io import suffix_of as _suffix

    assert _suffix(name) == Path(name).suffix


def test_a_folder_walk_takes_files_by_suffix_and_leaves_excluded_ones(tmp_path):
    for rel in ("a.json", "b.JSON", "..json", "c.txt", "d.md", "sub/e.html", "sub/skip/f.json"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("{}", "utf-8")
    walked = Checker(Options(entry_points=False)).expand([tmp_path])
    names = [Path(p).relative_to(tmp_path).as_posix() for p in walked]
    assert names == ["..json", "a.json", "b.JSON", "c.txt", "sub/e.html", "sub/skip/f.json"]
    excluded = Checker(Options(entry_points=False, exclude=["*/skip/*"])).expand([tmp_path])
    assert "sub/skip/f.json" not in [Path(p).relative_to(tmp_path).as_posix() for p in excluded]
