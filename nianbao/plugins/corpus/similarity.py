"""X003 / X004 内容雷同: a part nearly the same as last year's, or as another agency's.

Parts 一, 五 and 六 are the ones an agency writes in its own words (二–四 are
tables). Each is normalised (boilerplate.normalise: no template sentences, names,
numbers or dates) and reduced to a MinHash sketch while its report is checked; the
sketch is all that is kept. X003 compares the sketches of the same agency's
consecutive years directly. X004 compares every agency with every other agency of
the same year through an LSH index (minhash.candidates), so the work grows with the
number of reports, not with its square. Similarity is the Jaccard similarity of
the parts' chunk sets (minhash.fingerprints), computed exactly for every pair the
index proposes.

Options (``[tool.nianbao.corpus.X003]`` / ``[tool.nianbao.corpus.X004]``):
``threshold`` (default 0.8), ``min_chunks`` (default 15: a part with fewer distinct
chunks of its own is not compared — "无" is nobody's copy), and for X004
``max_bucket`` (default 50).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from nianbao.core.findings import Severity, Violation
from nianbao.core.rules import CheckContext
from nianbao.plugins.corpus.boilerplate import names_of, normalise, template_prints
from nianbao.plugins.corpus.carryover import previous
from nianbao.plugins.corpus.identity import agency_key, report_year
from nianbao.plugins.corpus.minhash import candidates, fingerprints, jaccard, sketch

PARTS = (1, 5, 6)
_OPTIONS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "min_chunks": {"type": "integer", "minimum": 1},
        "max_bucket": {"type": "integer", "minimum": 2},
    },
}

_last: tuple[Any, Any] = (None, None)  # (report, facts): X003 and X004 share the work


def part_facts(report: dict[str, Any]) -> dict[str, Any] | None:
    """``{"agency", "name", "year", "parts": [(number, index, prints, sketch), …]}``."""
    global _last
    last = _last  # one read: another thread may replace it (a Dask worker's threads)
    if last[0] is report:
        return last[1]
    facts = _part_facts(report)
    _last = (report, facts)
    return facts


def _part_facts(report: dict[str, Any]) -> dict[str, Any] | None:
    key, year = agency_key(report), report_year(report)
    parts = report.get("parts")
    if key is None or year is None or not isinstance(parts, list):
        return None
    agency = report["agency"]
    names = names_of(
        agency.get("name"), agency.get("region") if isinstance(agency.get("region"), str) else None
    )
    template = template_prints()
    out = []
    seen = set()
    for index, part in enumerate(parts):
        number = part.get("number") if isinstance(part, dict) else None
        text = part.get("text") if isinstance(part, dict) else None
        if number not in PARTS or number in seen or not isinstance(text, str) or not text:
            continue
        seen.add(number)
        prints = fingerprints(normalise(text, names), template)
        sk = sketch(prints)
        if sk is not None:
            out.append((number, index, prints, sk))
    return {"agency": key, "name": agency.get("name"), "year": year, "parts": out}


def _options(defaults: Mapping[str, Any], options: Mapping[str, Any] | None) -> dict[str, Any]:
    return {**defaults, **(options or {})}


class SameAgency:
    """X003: a part nearly the same as the same part of the agency's previous report."""

    id = "X003"
    severity = Severity.WARNING
    title = {
        "zh": "内容雷同：与本机关上一年度报告的同一部分几乎相同",
        "en": "Same text as the agency's previous report",
    }
    plugin = ""
    options = {"threshold": 0.8, "min_chunks": 15}
    options_schema = _OPTIONS_SCHEMA

    def collect(self, report: dict[str, Any], ctx: CheckContext) -> dict[str, Any] | None:
        return part_facts(report)

    def judge(
        self, facts: Sequence[tuple[str, Any]], options: Mapping[str, Any] | None = None
    ) -> Iterable[tuple[str, Violation]]:
        opts = _options(self.options, options)
        for path, fact, other_path, other in previous(facts):
            theirs = {n: prints for n, _, prints, _ in other["parts"]}
            for number, index, prints, _ in fact["parts"]:
                if number not in theirs or len(prints) < opts["min_chunks"]:
                    continue
                if len(theirs[number]) < opts["min_chunks"]:
                    continue
                sim = jaccard(prints, theirs[number])
                if sim >= opts["threshold"]:
                    yield (
                        path,
                        Violation(
                            f"/parts/{index}/text",
                            {
                                "part": number,
                                "similarity": round(sim * 100),
                                "threshold": round(opts["threshold"] * 100),
                                "year": fact["year"],
                                "last_year": other["year"],
                                "other": other_path,
                            },
                            str(number),
                        ),
                    )


class AcrossAgencies:
    """X004: a part nearly the same as the same part of another agency's report that year."""

    id = "X004"
    severity = Severity.WARNING
    title = {
        "zh": "内容雷同：与其他机关同年度报告的同一部分几乎相同",
        "en": "Same text as another agency's report",
    }
    plugin = ""
    options = {"threshold": 0.8, "min_chunks": 15, "max_bucket": 50}
    options_schema = _OPTIONS_SCHEMA

    def collect(self, report: dict[str, Any], ctx: CheckContext) -> dict[str, Any] | None:
        return part_facts(report)

    def judge(
        self, facts: Sequence[tuple[str, Any]], options: Mapping[str, Any] | None = None
    ) -> Iterable[tuple[str, Violation]]:
        opts = _options(self.options, options)
        groups: dict[tuple[int, int], list[tuple[int, int]]] = {}
        for i, (_, fact) in enumerate(facts):
            for p, (number, _, prints, _) in enumerate(fact["parts"]):
                if len(prints) >= opts["min_chunks"]:
                    groups.setdefault((fact["year"], number), []).append((i, p))
        best: dict[tuple[int, int], list[Any]] = {}  # (fact, part) → [sim, other fact, count]
        for members in groups.values():
            sketches = [facts[i][1]["parts"][p][3] for i, p in members]
            for a, b in candidates(sketches, opts["threshold"], opts["max_bucket"]):
                (i, p), (j, q) = members[a], members[b]
                if facts[i][1]["agency"] == facts[j][1]["agency"]:
                    continue  # the same agency twice is not copying from another
                sim = jaccard(facts[i][1]["parts"][p][2], facts[j][1]["parts"][q][2])
                if sim < opts["threshold"]:
                    continue
                for mine, theirs in (((i, p), j), ((j, q), i)):
                    entry = best.get(mine)
                    if entry is None:
                        best[mine] = [sim, theirs, 1]
                    else:
                        entry[2] += 1
                        if sim > entry[0] or (sim == entry[0] and theirs < entry[1]):
                            entry[0], entry[1] = sim, theirs
        for (i, p), (sim, j, count) in sorted(best.items()):
            path, fact = facts[i]
            other_path, other = facts[j]
            number, index = fact["parts"][p][0], fact["parts"][p][1]
            yield (
                path,
                Violation(
                    f"/parts/{index}/text",
                    {
                        "part": number,
                        "similarity": round(sim * 100),
                        "threshold": round(opts["threshold"] * 100),
                        "year": fact["year"],
                        "other": other_path,
                        "other_agency": other.get("name") or "",
                        "matches": count,
                    },
                    str(number),
                ),
            )
