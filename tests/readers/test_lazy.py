"""Readers and the interpreter are imported on first use, not at start-up.

A run over JSON files never reads a document, so lxml, charset_normalizer,
pdfplumber, python-docx and the interpreter's patterns stay unimported; a reader
returned as a ``LazyReader`` is imported on the first file of its type.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from nianbao.core.io import LazyReader
from nianbao.core.runner import Checker, Options
from nianbao.plugins import readers
from tests.conftest import FIXTURES, cli

NOT_AT_START_UP = [
    "jsonschema",
    "lxml",
    "charset_normalizer",
    "pdfplumber",
    "docx",
    "multiprocessing",
    "nianbao.plugins.readers.html",
    "nianbao.plugins.readers.text",
    "nianbao.plugins.interpreter.interpret",
]


def _imported_after(code: str) -> set[str]:
    probe = f"import sys\n{code}\nprint('\\n'.join(sorted(sys.modules)))\n"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return set(out.stdout.split())


def test_checking_a_json_file_imports_no_reader_no_pool_no_jsonschema(tmp_path):
    loaded = _imported_after(
        "from nianbao.cli import main\n"
        f"main(['check', {str(FIXTURES / 'tables-2021.json')!r}, '--jobs', '1',"
        f" '--format', 'json', '-o', {str(tmp_path / 'out.json')!r}])"
    )
    assert "nianbao.plugins.readers" in loaded  # the plugin is registered …
    assert [m for m in NOT_AT_START_UP if m in loaded] == []  # … its modules are not imported


def test_reading_a_document_imports_its_reader_and_the_interpreter():
    loaded = _imported_after(
        "from nianbao.core.runner import Checker, Options\n"
        "checker = Checker(Options(entry_points=False))\n"
        f"assert checker.read({str(FIXTURES / 'readers' / 'luwo-2020-gbk.html')!r}).report\n"
    )
    assert {"lxml", "nianbao.plugins.readers.html", "nianbao.plugins.interpreter.interpret"} <= (
        loaded
    )
    assert "pdfplumber" not in loaded


@pytest.mark.parametrize("cls", sorted(readers._READERS))
def test_each_built_in_lazy_reader_says_what_its_class_says(cls, checker):
    real = getattr(readers, cls)
    lazy = next(r for r in checker.readers.values() if r.name == real.name)
    assert isinstance(lazy, LazyReader)
    assert (lazy.suffixes, lazy.signatures) == (real.suffixes, getattr(real, "signatures", ()))
    assert type(lazy.load()) is real


def test_an_outside_lazy_reader_reads_as_the_reader_itself(tmp_path, monkeypatch):
    """The outside-reader test again, with the same reader returned as a LazyReader."""
    import tests.readers.test_plugins as plain

    monkeypatch.setattr(plain, "PLUGIN", "tests.readers.plugins.lazy_csv_reader")
    plain.test_an_outside_reader_gets_the_interpreter(tmp_path)


def test_a_lazy_reader_whose_module_is_missing_fails_that_file_only(tmp_path):
    (tmp_path / "a.gone").write_text("x", "utf-8")
    (tmp_path / "b.json").write_text((FIXTURES / "tables-2021.json").read_text("utf-8"), "utf-8")
    code, out, err = cli(
        "check",
        "--plugin",
        "tests.readers.plugins.lazy_csv_reader",
        "--lang",
        "en",
        "--select",
        "E,T",
        "--jobs",
        "1",
        str(tmp_path),
    )
    assert code == 2
    assert out.splitlines()[0] == (
        f"{tmp_path / 'a.gone'} E001 error cannot read: reader 'gone' failed: "
        "ModuleNotFoundError: No module named 'tests.readers.plugins.no_such_module'"
    )
    assert f"{tmp_path / 'b.json'}: no findings" in out  # the report next to it is checked
    checker = Checker(
        Options(entry_points=False, plugins=["tests.readers.plugins.lazy_csv_reader"])
    )
    assert {".csv", ".gone"} <= set(checker.readers)
