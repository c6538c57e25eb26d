"""The bad-input matrix: every input a CI pipeline or an office may feed nianbao.

Each case names its exact outcome — exit code, finding (rule, pointer) and a
fragment of the message — and no case may print a traceback. Checks run with
``--select T`` so the outcome depends on the input handling and the table rules
only (the core rules E001–E003 are never deselected).
"""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path

import pytest

from nianbao.core.io import ReadError
from nianbao.core.model import model
from tests.conftest import load_fixture
from tests.hardening.conftest import check, run_cli

GOOD = json.dumps(load_fixture("tables-2021"), ensure_ascii=False, indent=1)


def _write(folder: Path, name: str, data: bytes | str) -> Path:
    path = folder / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


# -- one unreadable file: E001, exit 2 --------------------------------------------

E001_CASES = {
    # name: (bytes, fragment of the English message, fragment of the Chinese one)
    "empty": (b"", "the file is empty", "无法读取：文件是空的"),
    "only whitespace": (b" \n\t\r\n", "the file is empty", "无法读取：文件是空的"),
    "only a BOM": (b"\xef\xbb\xbf", "the file is empty", "无法读取：文件是空的"),
    "binary garbage": (
        bytes(range(256)) * 4,
        "not UTF-8 text (invalid byte at offset 128)",
        "不是 UTF-8 文本（第 128 字节无效）",
    ),
    "NUL bytes": (
        b"\x00" * 64,
        "not valid JSON (line 1, column 1): Expecting value",
        "不是有效的 JSON（第 1 行第 1 列）：Expecting value",
    ),
    "truncated JSON": (
        b'{"edition": "2021",\n "tables": {\n  "reviews": {"review": {"upheld": 1, "corr',
        "not valid JSON (line 3, column 39): Unterminated string starting at",
        "不是有效的 JSON（第 3 行第 39 列）：Unterminated string starting at",
    ),
    "JSON cut after a comma": (
        GOOD[: GOOD.index('"tables"')].encode(),
        "Expecting property name enclosed in double quotes",
        "列）：Expecting property name enclosed in double quotes",
    ),
    "JSON array": (
        b"[1, 2]",
        "the JSON is an array, not an object",
        "JSON 的顶层是数组，不是对象",
    ),
    "JSON string": (
        b'"report"',
        "the JSON is a string, not an object",
        "JSON 的顶层是字符串，不是对象",
    ),
    "JSON number": (b"2021", "the JSON is a number, not an object", "JSON 的顶层是数值，不是对象"),
    "JSON null": (b"null", "the JSON is null, not an object", "JSON 的顶层是null，不是对象"),
    "JSON true": (b"true", "the JSON is a boolean, not an object", "JSON 的顶层是布尔值，不是对象"),
    "GBK bytes named .json": (  # 鹿 is C2 B9 in GBK, which UTF-8 reads as ¹; 窝 is not
        '{"title": "鹿窝镇2020年政府信息公开工作年度报告"}'.encode("gbk"),
        "not UTF-8 text (invalid byte at offset 13)",
        "不是 UTF-8 文本（第 13 字节无效）",
    ),
    "GB18030 bytes named .json": (
        '{"title": "政府信息公开工作年度报告"}'.encode("gb18030"),
        "not UTF-8 text (invalid byte at offset 11)",
        "不是 UTF-8 文本（第 11 字节无效）",
    ),
    "UTF-16 named .json": (
        '{"edition": "2021"}'.encode("utf-16"),
        "not UTF-8 text",
        "不是 UTF-8 文本",
    ),
    "nested 100,000 deep": (
        b'{"edition": "2021", "parts": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "JSON nested too deeply",
        "无法读取：JSON 嵌套过深",
    ),
    "nested 100 deep (under Python's limit, over max_depth)": (
        b'{"edition": "2021", "provenance": ' + b'{"a":' * 100 + b"1" + b"}" * 101,
        "nested too deeply: more than 64 levels (limit: max_depth)",
        "嵌套过深，超过 64 层（限值 max_depth）",
    ),
}


@pytest.mark.parametrize("case", list(E001_CASES))
def test_unreadable_json_is_one_e001_and_exit_2(case, tmp_path, capsys):
    data, english, chinese = E001_CASES[case]
    _write(tmp_path, "report.json", data)
    run = check("--select", "T", str(tmp_path / "report.json"), capsys=capsys)
    assert run.code == 2
    assert run.findings("report.json") == [("E001", "")]
    assert english in run.messages("report.json")[0]
    run = check("--lang", "zh", "--select", "T", str(tmp_path / "report.json"), capsys=capsys)
    assert chinese in run.messages("report.json")[0]


def test_json_syntax_error_carries_its_place_as_values(tmp_path, capsys):
    _write(tmp_path, "report.json", b'{"edition": "2021",\n "year" 2023}')
    run = check(str(tmp_path / "report.json"), capsys=capsys)
    (finding,) = json.loads(run.out)["reports"][0]["findings"]
    assert finding["values"] == {
        "path": str(tmp_path / "report.json"),
        "reason": "json_syntax",
        "line": 2,
        "column": 9,
        "detail": "Expecting ':' delimiter",
    }
    assert finding["message"] == "not valid JSON (line 2, column 9): Expecting ':' delimiter"


def test_missing_path(tmp_path, capsys):
    run = check(str(tmp_path / "nowhere.json"), capsys=capsys)
    assert (run.code, run.findings("nowhere.json")) == (2, [("E001", "")])
    assert run.messages("nowhere.json") == ["cannot read: no such file"]
    run = check("--lang", "zh", str(tmp_path / "nowhere.json"), capsys=capsys)
    assert run.messages("nowhere.json") == ["无法读取：文件不存在"]


def test_fifo_is_refused_without_blocking(tmp_path, capsys):
    os.mkfifo(tmp_path / "pipe.json")  # opening it for reading would wait for a writer
    run = check(str(tmp_path / "pipe.json"), capsys=capsys)
    assert (run.code, run.findings("pipe.json")) == (2, [("E001", "")])
    assert "not a regular file" in run.messages("pipe.json")[0]


def test_device_is_refused_without_reading_forever(capsys):
    run = check("/dev/zero", capsys=capsys)  # endless bytes, size 0
    assert (run.code, run.findings("zero")) == (2, [("E001", "")])
    assert "not a regular file" in run.messages("zero")[0]


def _without_root_privilege() -> list[str]:
    """A command prefix under which file permissions apply (root reads everything)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    return [setpriv, "--bounding-set", "-dac_override,-dac_read_search"]


def test_permission_denied(tmp_path):
    secret = _write(tmp_path, "secret.json", GOOD)
    _write(tmp_path, "good.json", GOOD)
    secret.chmod(0)
    proc = run_cli(
        "check", "--format", "json", "--lang", "en", "--select", "T", str(tmp_path),
        prefix=_without_root_privilege(),
    )  # fmt: skip
    data = json.loads(proc.stdout)
    assert proc.returncode == 2
    found = {Path(r["path"]).name: r["findings"] for r in data["reports"]}
    assert [f["rule"] for f in found["secret.json"]] == ["E001"]
    assert found["secret.json"][0]["message"] == "cannot read: permission denied"
    assert found["good.json"] == []
    proc = run_cli(
        "check", "--format", "json", "--select", "T", str(tmp_path / "secret.json"),
        prefix=_without_root_privilege(),
    )  # fmt: skip
    (report,) = json.loads(proc.stdout)["reports"]
    assert [f["message"] for f in report["findings"]] == ["无法读取：没有读取权限"]


# -- readable, but wrong ---------------------------------------------------------


def test_wrong_types_at_top_level_are_e002_per_key(tmp_path, capsys):
    report = {
        "edition": "2021",
        "title": 5,
        "year": "2020",
        "agency": [],
        "published": 1,
        "preamble": {},
        "contact": "x",
        "parts": {},
        "tables": [],
        "signature": 3,
        "provenance": [],
    }
    _write(tmp_path, "r.json", json.dumps(report))
    run = check(str(tmp_path / "r.json"), capsys=capsys)
    assert run.code == 2
    assert run.findings("r.json") == [
        ("E002", f"/{k}")
        for k in sorted(
            [
                "agency",
                "contact",
                "parts",
                "preamble",
                "provenance",
                "published",
                "signature",
                "tables",
                "title",
                "year",
            ]
        )
    ]
    messages = dict(
        zip([p for _, p in run.findings("r.json")], run.messages("r.json"), strict=True)
    )
    assert messages["/year"] == (
        '/year: does not fit the schema: expected an integer or null, got a string "2020"'
    )
    assert (
        messages["/tables"]
        == "/tables: does not fit the schema: expected an object, got an array []"
    )
    run = check("--lang", "zh", str(tmp_path / "r.json"), capsys=capsys)
    messages = dict(
        zip([p for _, p in run.findings("r.json")], run.messages("r.json"), strict=True)
    )
    assert messages["/year"] == '/year：不符合格式要求：应为整数或 null，实为字符串 "2020"'
    assert messages["/tables"] == "/tables：不符合格式要求：应为对象，实为数组 []"
    e002 = json.loads(run.out)["reports"][0]["findings"]
    assert next(f["values"] for f in e002 if f["pointer"] == "/year") == {
        "pointer": "/year",
        "kind": "type_or_null",
        "expected": "json.integer",
        "got": "json.string",
        "value": '"2020"',
    }


def test_wrong_edition_type_is_one_e002(tmp_path, capsys):
    report = {**load_fixture("tables-2021"), "edition": 2021}
    _write(tmp_path, "r.json", json.dumps(report))
    run = check(str(tmp_path / "r.json"), capsys=capsys)
    assert (run.code, run.findings("r.json")) == (2, [("E002", "/edition")])
    assert '"2019" or "2021", got 2021' in run.messages("r.json")[0]


def _stringify(node):
    if isinstance(node, dict):
        return {k: _stringify(v) for k, v in node.items()}
    if isinstance(node, (int, float)) and not isinstance(node, bool):
        return str(node)
    return node


def test_every_cell_a_string_is_t004_per_cell_and_no_cascade(tmp_path, capsys):
    report = load_fixture("tables-2021")
    report["tables"] = _stringify(report["tables"])
    _write(tmp_path, "r.json", json.dumps(report))
    run = check("--select", "T", str(tmp_path / "r.json"), capsys=capsys)
    cells = sorted(model("2021").expand("/tables/**@cell"))
    assert len(cells) == 200
    assert run.code == 1
    assert sorted(run.findings("r.json")) == [("T004", c) for c in cells]


def test_utf8_bom_reads_like_plain_utf8(tmp_path, capsys):
    _write(tmp_path, "bom.json", b"\xef\xbb\xbf" + GOOD.encode("utf-8"))
    run = check("--select", "T", str(tmp_path / "bom.json"), capsys=capsys)
    assert (run.code, run.findings("bom.json")) == (0, [])


# -- size --------------------------------------------------------------------------


def test_a_50_mb_report_is_checked(tmp_path, capsys):
    """50 MB of provenance (a long document) around a report with one table error."""
    report = load_fixture("tables-2021")
    report["tables"]["reviews"]["review"]["total"] = 3
    text = "政府信息公开" * 1700  # ~30 KB of UTF-8 per entry
    report["provenance"] = {f"/parts/0/text/{i}": {"line": i, "text": text} for i in range(1700)}
    path = tmp_path / "big.json"
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    assert 50_000_000 <= path.stat().st_size < 51 * 1024 * 1024
    run = check("--select", "T", str(path), capsys=capsys)
    assert (run.code, run.findings("big.json")) == (1, [("T401", "/tables/reviews/review/total")])


def test_over_the_size_limit_is_refused_before_reading(tmp_path, capsys):
    path = tmp_path / "huge.json"
    with open(path, "wb") as fh:  # sparse: 52 MiB on paper, nothing on disk
        fh.truncate(52 * 1024 * 1024)
    run = check(str(path), capsys=capsys)
    assert (run.code, run.findings("huge.json")) == (2, [("E001", "")])
    assert run.messages("huge.json") == ["cannot read: larger than 51 MiB (limit: max_file_mb)"]
    run = check("--lang", "zh", str(path), capsys=capsys)
    assert run.messages("huge.json") == ["无法读取：文件大于 51 MiB（限值 max_file_mb）"]


def test_size_limit_is_configurable(tmp_path, capsys):
    _write(tmp_path, "r.json", GOOD)
    (tmp_path / "nianbao.toml").write_text("max_file_mb = 0.001\n", "utf-8")
    run = check("--config", str(tmp_path / "nianbao.toml"), str(tmp_path / "r.json"), capsys=capsys)
    assert run.messages("r.json") == ["cannot read: larger than 0.001 MiB (limit: max_file_mb)"]
    run = check("--max-file-mb", "0", "--select", "T", str(tmp_path / "r.json"), capsys=capsys)
    assert (run.code, run.findings("r.json")) == (0, [])


def test_depth_limit_is_configurable(tmp_path, capsys):
    _write(tmp_path, "r.json", b'{"edition": "2021", "x": ' + b"[" * 20 + b"]" * 20 + b"}")
    run = check("--max-depth", "10", str(tmp_path / "r.json"), capsys=capsys)
    assert run.messages("r.json") == [
        "cannot read: nested too deeply: more than 10 levels (limit: max_depth)"
    ]
    run = check("--lang", "zh", "--max-depth", "10", str(tmp_path / "r.json"), capsys=capsys)
    assert run.messages("r.json") == ["无法读取：嵌套过深，超过 10 层（限值 max_depth）"]
    run = check("--max-depth", "30", str(tmp_path / "r.json"), capsys=capsys)
    assert run.findings("r.json")[0] == ("E002", "")  # read; the schema refuses key x


def test_bad_limit_value_is_exit_2(tmp_path, capsys):
    (tmp_path / "nianbao.toml").write_text('max_depth = "deep"\n', "utf-8")
    run = check("--config", str(tmp_path / "nianbao.toml"), str(tmp_path), capsys=capsys)
    assert run.code == 2
    assert "max_depth must be a number ≥ 0, got 'deep'" in run.err


# -- a batch -------------------------------------------------------------------------


def _folder(tmp_path: Path, n: int) -> Path:
    good = json.dumps(load_fixture("tables-2021"), separators=(",", ":"))
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(n):
        (folder / f"r{i:05d}.json").write_text(good, "utf-8")
    (folder / f"r{n // 2:05d}.json").write_text(good[:100], "utf-8")  # the broken one
    return folder


@pytest.mark.parametrize("n", [1000, pytest.param(10_000, marks=pytest.mark.slow)])
def test_folder_with_one_broken_file(n, tmp_path):
    folder = _folder(tmp_path, n)
    proc = run_cli("check", "--format", "json", "--lang", "en", "--select", "T", str(folder))
    assert proc.returncode == 2
    reports = json.loads(proc.stdout)["reports"]
    assert len(reports) == n
    broken = f"r{n // 2:05d}.json"
    findings = {Path(r["path"]).name: [f["rule"] for f in r["findings"]] for r in reports}
    assert findings.pop(broken) == ["E001"]
    assert set(map(tuple, findings.values())) == {()}  # every other file checked, clean
    assert all(r["edition"] == "2021" for r in reports if Path(r["path"]).name != broken)


# -- archives and file types (core guards; the real readers add theirs) ------------------


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


def test_zip_bomb_named_docx_is_refused_before_any_reader(tmp_path, capsys):
    _zip(tmp_path / "bomb.zipdoc", {"word/document.xml": b"\0" * (4 * 1024 * 1024)})
    run = check("--plugin", "tests.plugins.unzip_reader", str(tmp_path), capsys=capsys)
    assert (run.code, run.findings("bomb.zipdoc")) == (2, [("E001", "")])
    message = run.messages("bomb.zipdoc")[0]
    assert message.startswith("cannot read: zip member 'word/document.xml' is compressed 10")
    assert message.endswith(":1 (limit 200:1: max_ratio) — a zip bomb")


def test_zip_that_unpacks_too_large_is_refused(tmp_path, capsys):
    path = tmp_path / "large.zipdoc"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.xml", os.urandom(3 * 1024 * 1024))
    run = check(
        "--plugin", "tests.plugins.unzip_reader", "--config", str(_toml(tmp_path)), str(path),
        capsys=capsys,
    )  # fmt: skip
    assert run.messages("large.zipdoc") == [
        "cannot read: zip archive would unpack to 3 MiB (limit 2 MiB: max_unpacked_mb)"
    ]


def _toml(tmp_path: Path) -> Path:
    path = tmp_path / "nianbao.toml"
    path.write_text("max_unpacked_mb = 2\n", "utf-8")
    return path


def test_ordinary_zip_reaches_the_reader(tmp_path, capsys):
    _zip(tmp_path / "ok.zipdoc", {"word/document.xml": os.urandom(2000)})
    run = check("--plugin", "tests.plugins.unzip_reader", str(tmp_path), capsys=capsys)
    assert run.messages("ok.zipdoc") == ["cannot read: unzip reader: 1 member(s), 2000 bytes"]


def test_content_of_another_type_is_named(tmp_path, capsys):
    _write(tmp_path, "report.zipdoc", b"%PDF-1.7\n%...")
    _write(tmp_path, "report.fakepdf", b"PK\x03\x04rest")
    _write(tmp_path, "report2.fakepdf", b"<html>")
    run = check("--plugin", "tests.plugins.unzip_reader", str(tmp_path), capsys=capsys)
    assert run.code == 2
    assert run.messages("report.zipdoc") == [
        "cannot read: named .zipdoc, but the content is a .fakepdf file"
    ]
    zh = check(
        "--lang", "zh", "--plugin", "tests.plugins.unzip_reader", str(tmp_path), capsys=capsys
    )
    assert zh.messages("report.zipdoc") == ["无法读取：文件名为 .zipdoc，内容却是 .fakepdf 文件"]
    assert run.messages("report.fakepdf") == [
        "cannot read: named .fakepdf, but the content is a .docx file"  # first PK reader
    ]
    assert run.messages("report2.fakepdf") == [  # no known signature: the reader decides
        "cannot read: reader 'fakepdf' failed: RuntimeError: cannot parse the page tree"
    ]


def test_reader_that_crashes_is_e001_naming_it(tmp_path, capsys):
    _write(tmp_path, "x.fakepdf", b"%PDF-1.7 boom")
    run = check("--plugin", "tests.plugins.unzip_reader", str(tmp_path), capsys=capsys)
    assert run.messages("x.fakepdf") == [
        "cannot read: reader 'fakepdf' failed: RuntimeError: cannot parse the page tree"
    ]


def test_no_traceback_from_the_real_command_on_garbage(tmp_path):
    _write(tmp_path, "a.json", bytes(range(256)))
    _write(tmp_path, "b.json", b"[" * 100_000)
    proc = run_cli("check", str(tmp_path))
    assert proc.returncode == 2
    assert proc.stdout.count(" E001 ") == 2


def test_a_reader_plugin_brings_its_own_reasons(tmp_path, capsys):
    _write(tmp_path, "a.keyed", b"1,2,3")
    _write(tmp_path, "b.keyed", b"?")
    args = ("--plugin", "tests.plugins.keyed_reader", str(tmp_path))
    run = check(*args, capsys=capsys)
    assert run.messages("a.keyed") == ["cannot read: the table has no header row (3 columns)"]
    assert run.messages("b.keyed") == ["cannot read: keyed_unknown"]  # shown as given
    reports = {Path(r["path"]).name: r for r in json.loads(run.out)["reports"]}
    assert reports["a.keyed"]["findings"][0]["values"] == {
        "path": str(tmp_path / "a.keyed"),
        "reason": "keyed_no_header",
        "columns": 3,
    }
    run = check("--lang", "zh", *args, capsys=capsys)
    assert run.messages("a.keyed") == ["无法读取：表格没有表头（共 3 列）"]
    assert run.messages("b.keyed") == ["无法读取：keyed_unknown"]
    _write(tmp_path, "c.json", b"")  # the built-in reasons are still there beside the plugin's
    run = check("--lang", "zh", *args, capsys=capsys)
    assert run.messages("c.json") == ["无法读取：文件是空的"]


def test_read_error_str_is_plain_english():
    assert str(ReadError("no_such_file")) == "cannot read: no such file"
    assert str(ReadError("json_syntax", 2, 9, detail="Expecting ':' delimiter")) == (
        "not valid JSON (line 2, column 9): Expecting ':' delimiter"
    )
    assert str(ReadError("the scan is encrypted")) == "the scan is encrypted"
    assert str(ReadError("keyed_unknown", columns=1)) == "keyed_unknown (columns=1)"


def test_a_file_read_in_short_pieces_is_read_whole(tmp_path, monkeypatch):
    """``os.read`` may return fewer bytes than asked for before the end (a network file
    system, a signal): the file is read on until its end, never cut short."""
    from nianbao.core import io
    from nianbao.core.limits import Limits

    data = GOOD.encode("utf-8")
    report = tmp_path / "r.json"
    report.write_bytes(data)
    real_read = os.read
    monkeypatch.setattr(io.os, "read", lambda fd, n: real_read(fd, min(n, 7)))
    assert io._read_bytes(str(report), Limits()) == data
    assert io._read_bytes(str(report), Limits(max_file_mb=0)) == data  # no limit


def test_a_file_that_grows_past_the_limit_while_read_is_refused(tmp_path, monkeypatch):
    """The size is taken from the open file; one byte more is asked for, and a file that
    has grown meanwhile is read on to the limit and refused, not cut at its old size."""
    from nianbao.core import io
    from nianbao.core.limits import Limits

    report = tmp_path / "r.json"
    report.write_bytes(b"{}")
    limits = Limits(max_file_mb=1)
    real_fstat = os.fstat

    def fstat(fd):  # the file is written to between fstat and read
        info = real_fstat(fd)
        report.write_bytes(b" " * (limits.max_file_bytes + 10))
        return info

    monkeypatch.setattr(io.os, "fstat", fstat)
    with pytest.raises(io.ReadError) as info:
        io._read_bytes(str(report), limits)
    assert info.value.key == "too_large"
