"""Cell accuracy of the readers on the real reports, against their hand transcriptions.

For each published report in tests/fixtures/corpus (``NNN.raw.txt`` as a crawl
saved the page, ``101.pdf`` as published) the document is extracted and every
table cell of its edition is compared with ``NNN.json``, transcribed by hand:

- ``same``: the extracted value equals the transcribed one (both blank counts);
- ``said``: the extraction left the cell blank *and* said why in a finding on
  its row (digits that cannot be split for sure) — the user is told to look;
- ``wrong``: anything else — a different number, or a blank nobody explained.

Run: ``python benchmarks/extraction_accuracy.py`` (``--verbose`` lists every
cell that is not ``same``). Prints one line per document and the totals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from nianbao.core.model import lookup, model, pointer_to_path
from nianbao.core.runner import Checker, Options

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "corpus"


def documents() -> list[tuple[Path, Path]]:
    out = []
    for truth in sorted(CORPUS.glob("*.json")):
        for suffix in (".raw.txt", ".pdf", ".html", ".docx"):
            doc = truth.with_name(truth.stem + suffix)
            if doc.exists():
                out.append((doc, truth))
                break
    return out


def compare(checker: Checker, doc: Path, truth: dict) -> tuple[dict[str, int], list[str]]:
    source = checker.read(str(doc))
    report = source.report or {}
    said = {v.pointer for rule, v in source.findings if rule == "T003"}
    counts = {"same": 0, "said": 0, "wrong": 0}
    notes: list[str] = []
    edition = truth["edition"]
    if report.get("edition") != edition:
        notes.append(f"edition {report.get('edition')} != {edition}")
    for pointer in model(edition).expand("/tables/**@cell"):
        path = pointer_to_path(pointer)
        want = lookup(truth, path)
        got = lookup(report, path)
        if got == want and type(got) is type(want) or (got == want and want is not None):
            counts["same"] += 1
        elif got is None and any(pointer.startswith(p + "/") for p in said):
            counts["said"] += 1
            notes.append(f"said  {pointer}: transcribed {want!r}")
        else:
            counts["wrong"] += 1
            notes.append(f"WRONG {pointer}: transcribed {want!r}, extracted {got!r}")
    return counts, notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every cell that is not same")
    args = parser.parse_args(argv)
    checker = Checker(Options(entry_points=False))
    total = {"same": 0, "said": 0, "wrong": 0}
    print(f"{'document':<14} {'cells':>6} {'same':>6} {'said':>6} {'wrong':>6} {'accuracy':>9}")
    for doc, truth_path in documents():
        import json

        truth = json.loads(truth_path.read_text("utf-8"))
        counts, notes = compare(checker, doc, truth)
        cells = sum(counts.values())
        for k in total:
            total[k] += counts[k]
        print(
            f"{doc.name:<14} {cells:>6} {counts['same']:>6} {counts['said']:>6} "
            f"{counts['wrong']:>6} {counts['same'] / cells:>9.2%}"
        )
        if args.verbose:
            for note in notes:
                print("    " + note)
    cells = sum(total.values())
    print(
        f"{'overall':<14} {cells:>6} {total['same']:>6} {total['said']:>6} {total['wrong']:>6} "
        f"{total['same'] / cells:>9.2%}"
    )
    print(f"cells read or said unreadable: {(total['same'] + total['said']) / cells:.2%}")
    return 1 if total["wrong"] else 0


if __name__ == "__main__":
    sys.exit(main())
