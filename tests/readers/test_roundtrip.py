"""Every JSON model in the fixtures, published as a web page, copied text, Word and PDF,
reads back cell for cell — and without a single finding made while reading."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.readers import render
from tests.readers.helpers import FIXTURES, cell_differences, load

MODELS = sorted(p for p in FIXTURES.rglob("*.json") if "tables" in load(p) and "edition" in load(p))
FORMATS = {
    "html": lambda r, p: p.write_text(render.to_html(r), encoding="utf-8"),
    "txt": lambda r, p: p.write_text(render.to_text(r), encoding="utf-8"),
    "docx": lambda r, p: render.to_docx(r, p),
    "pdf": lambda r, p: render.to_pdf(r, p, ruled=True),
}


def _ids(path: Path) -> str:
    return str(path.relative_to(FIXTURES))


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("model_path", MODELS, ids=_ids)
def test_every_cell_comes_back(checker, tmp_path, model_path, fmt):
    report = load(model_path)
    target = tmp_path / f"report.{fmt}"
    FORMATS[fmt](report, target)
    source = checker.read(str(target))
    assert source.findings == []
    assert source.report["edition"] == report["edition"]
    assert cell_differences(source.report, report) == []


@pytest.mark.parametrize(
    "name", ["tables-2019.json", "tables-2021.json", "corpus/004.json", "readers/luwo-2020.json"]
)
def test_pdf_without_ruling_lines(checker, tmp_path, name):
    report = load(FIXTURES / name)
    target = tmp_path / "unruled.pdf"
    render.to_pdf(report, target, ruled=False)
    source = checker.read(str(target))
    assert source.findings == []
    assert cell_differences(source.report, report) == []


@pytest.mark.parametrize("model_path", MODELS, ids=_ids)
def test_metadata_comes_back_from_html(checker, tmp_path, model_path):
    report = load(model_path)
    target = tmp_path / "report.html"
    target.write_text(render.to_html(report), encoding="utf-8")
    got = checker.read(str(target)).report
    assert got.get("title") == report.get("title")
    assert got.get("published") == report.get("published")
    if report.get("title"):  # the year is read from the title
        assert got.get("year") == report.get("year")
    if report.get("signature"):
        assert got["signature"] == report["signature"]


def test_every_value_has_provenance(checker, tmp_path):
    report = load(FIXTURES / "readers" / "luwo-2020.json")
    target = tmp_path / "report.html"
    target.write_text(render.to_html(report), encoding="utf-8")
    got = checker.read(str(target)).report
    prov = got["provenance"]

    def walk(node, pointer):
        if isinstance(node, dict):
            for key, value in node.items():
                if pointer == "" and key == "provenance":
                    continue
                yield from walk(value, f"{pointer}/{key}")
        elif isinstance(node, list) and pointer.startswith("/parts"):
            for i, value in enumerate(node):
                yield from walk(value, f"{pointer}/{i}")
        else:
            yield pointer

    missing = [
        p
        for p in walk(got, "")
        if p not in prov
        and not p.startswith("/parts/")
        or (
            p.startswith("/parts/")
            and p.rsplit("/", 1)[-1] in ("heading", "text")
            and p not in prov
        )
    ]
    assert [p for p in missing if not p.endswith("/number")] == []
    cell = prov["/tables/applications/results/total/total"]
    assert set(cell) == {"line", "element", "text"} and cell["text"] == "0"
