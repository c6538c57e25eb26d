"""X003 / X004 内容雷同: a part nearly the same as last year's, or as another agency's.

Parts 一, 五 and 六 are the ones an agency writes in its own words (二–四 are
tables). While its report is checked, each such part is normalised (the agency's
own names and self-references out), cut into chunks, and kept as a set of chunk
fingerprints (chunks.fingerprints, less the template's own sentences and
headings); that set is all that is kept. At the end, chunks shared by more than
``common_share`` of the year's texts of that part (at least ``common_min`` texts) are
dropped as boilerplate too, and similarity is the Jaccard similarity of what is left.

X003 compares the agency's consecutive years directly. X004 compares every agency
with every other agency of the same year through a prefix-filter index
(chunks.similar_pairs): exact — no pair above the threshold is missed — and
near-linear in the number of reports.

Options (``[tool.nianbao.corpus.X003]`` / ``[tool.nianbao.corpus.X004]``):
``threshold`` (default 0.8); ``min_chunks`` (default 6: a part with fewer distinct
chunks of its own is not compared — "无" is nobody's copy); ``common_share``
(default 0.05) and ``common_min`` (default 20).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping, Sequence
from itertools import filterfalse
from typing import Any

from nianbao.core.findings import Severity, Violation
from nianbao.core.rules import CheckContext
from nianbao.plugins.corpus.boilerplate import names_of, normalise, template_prints
from nianbao.plugins.corpus.carryover import previous
from nianbao.plugins.corpus.chunks import common, fingerprints, similar_pairs
from nianbao.plugins.corpus.identity import agency_key, report_year, same_agency
from nianbao.rules.memo import per_report

PARTS = (1, 5, 6)
_OPTIONS_SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "threshold": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "min_chunks": {"type": "integer", "minimum": 1},
        "common_share": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "common_min": {"type": "integer", "minimum": 1},
    },
}


def part_facts(report: dict[str, Any], ctx: CheckContext | None = None) -> dict[str, Any] | None:
    """``{"agency", "name", "year", "parts": [(number, index, prints), …]}``.

    Worked out once per report when the check context is given: X003 and X004 both
    collect them, and share the very same object (``_Judgement`` relies on it).
    """
    return per_report(ctx, "nianbao.part_facts", _part_facts, report)


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
        if prints:
            out.append((number, index, prints))
    return {"agency": key, "name": agency.get("name"), "year": year, "parts": out}


def _options(defaults: Mapping[str, Any], options: Mapping[str, Any] | None) -> dict[str, Any]:
    return {**defaults, **(options or {})}


class _Judgement:
    """What X003 and X004 both work out from one batch's facts, worked out once.

    Each of them gets its own list of facts, but both lists hold the very same fact
    objects (``part_facts``): each year's boilerplate (chunks shared by many texts of
    that part that year) and each part's chunks less it are the same for both. Kept
    in the judgement's ``shared`` dict (the corpus-rule contract), so it goes when the
    judgement ends.
    """

    def __init__(self, facts: Sequence[tuple[str, Any]], opts: Mapping[str, Any]) -> None:
        self.of = [fact for _, fact in facts]  # kept: their ids stay theirs meanwhile
        self.settings = (opts["common_share"], opts["common_min"])
        groups: dict[tuple[int, int], list[Any]] = {}
        for fact in self.of:
            for number, _, prints in fact["parts"]:
                groups.setdefault((fact["year"], number), []).append(prints)
        self.boiler: dict[tuple[int, int], frozenset[int]] = {}
        # Each part's chunks less its year's boilerplate, by the id of its prints: X003
        # asks for a part as this year's and as last year's, X004 for every part. Made
        # with its year's boilerplate, while the group's arrays are at hand, and
        # filtered as read (no set of all its chunks first). Distinct, as the prints
        # are, in an array: a tenth of the size of a set, with nothing in
        # it for the garbage collector to go through (kept for every part of 20,000
        # reports, sets took some 55 MB more); a set is made where two are compared.
        self.own: dict[int, array] = {}
        for key, texts in groups.items():
            count = max(opts["common_min"], int(opts["common_share"] * len(texts)))
            boiler = self.boiler[key] = common(texts, count)[0]
            for prints in texts:
                self.own[id(prints)] = array("I", filterfalse(boiler.__contains__, prints))
        self._also_made: dict[tuple[int, int, int], frozenset[int]] = {}

    def compared(
        self, year: int, then: int, number: int, prints: Sequence[int], others: Sequence[int]
    ) -> tuple[int, int, int]:
        """Part ``number`` of ``year`` (``prints``) and of ``then`` (``others``), each less
        both years' boilerplate: (its size, the other's, how many chunks they share).

        Counted, not made: ``own`` is a part less its own year's boilerplate, so of
        the other year's only what is not its own year's is left to take (``_also``);
        and a chunk in both parts' ``own`` is neither year's, so they share what
        their ``own`` share.
        """
        mine, old = frozenset(self.own[id(prints)]), frozenset(self.own[id(others)])
        size = len(mine) - len(mine & self._also(year, then, number))
        old_size = len(old) - len(old & self._also(then, year, number))
        return size, old_size, len(mine & old)

    def _also(self, year: int, other: int, number: int) -> frozenset[int]:
        """Year ``other``'s boilerplate of part ``number`` that is not ``year``'s."""
        key = (year, other, number)
        if key not in self._also_made:
            self._also_made[key] = self.boiler[(other, number)] - self.boiler[(year, number)]
        return self._also_made[key]

    def serves(self, facts: Sequence[tuple[str, Any]], opts: Mapping[str, Any]) -> bool:
        return (
            self.settings == (opts["common_share"], opts["common_min"])
            and len(self.of) == len(facts)
            and all(mine is theirs for mine, (_, theirs) in zip(self.of, facts, strict=True))
        )


def _judgement(
    facts: Sequence[tuple[str, Any]], opts: Mapping[str, Any], shared: dict[str, Any] | None
) -> _Judgement:
    """The judgement's shared work for these facts and options (made if need be)."""
    if shared is None:
        return _Judgement(facts, opts)
    found = shared.get("nianbao.similarity")
    if not isinstance(found, _Judgement) or not found.serves(facts, opts):
        found = shared["nianbao.similarity"] = _Judgement(facts, opts)
    return found


_DEFAULTS = {"threshold": 0.8, "min_chunks": 6, "common_share": 0.05, "common_min": 20}


class _PartSimilarity:
    """What X003 and X004 share: options, and the per-part fingerprints they collect."""

    severity = Severity.WARNING
    plugin = ""
    options = dict(_DEFAULTS)
    options_schema = _OPTIONS_SCHEMA

    def collect(self, report: dict[str, Any], ctx: CheckContext) -> dict[str, Any] | None:
        return part_facts(report, ctx)

    def pointers(self, fact: dict[str, Any]) -> list[str]:
        """Where its findings on that report stand: the texts of the parts compared."""
        return [f"/parts/{index}/text" for _, index, _ in fact["parts"]]


class SameAgency(_PartSimilarity):
    """X003: a part nearly the same as the same part of the agency's previous report."""

    id = "X003"
    title = {
        "zh": "内容雷同：与本机关上一年度报告的同一部分几乎相同",
        "en": "Same text as the agency's previous report",
    }

    def judge(
        self,
        facts: Sequence[tuple[str, Any]],
        options: Mapping[str, Any] | None = None,
        shared: dict[str, Any] | None = None,
    ) -> Iterable[tuple[str, Violation]]:
        opts = _options(self.options, options)
        work = _judgement(facts, opts, shared)
        for path, fact, other_path, other in previous(facts):
            theirs = {n: prints for n, _, prints in other["parts"]}
            for number, index, prints in fact["parts"]:
                if number not in theirs:
                    continue
                # each part less both years' boilerplate
                size, old_size, both = work.compared(
                    fact["year"], other["year"], number, prints, theirs[number]
                )
                if min(size, old_size) < opts["min_chunks"]:
                    continue
                sim = both / (size + old_size - both)  # chunks.jaccard, from the sizes
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


class AcrossAgencies(_PartSimilarity):
    """X004: a part nearly the same as the same part of another agency's report that year."""

    id = "X004"
    title = {
        "zh": "内容雷同：与其他机关同年度报告的同一部分几乎相同",
        "en": "Same text as another agency's report",
    }

    def judge(
        self,
        facts: Sequence[tuple[str, Any]],
        options: Mapping[str, Any] | None = None,
        shared: dict[str, Any] | None = None,
    ) -> Iterable[tuple[str, Violation]]:
        opts = _options(self.options, options)
        own = _judgement(facts, opts, shared).own
        groups: dict[tuple[int, int], list[tuple[int, int, array]]] = {}
        for i, (_, fact) in enumerate(facts):
            for p, (number, _, prints) in enumerate(fact["parts"]):
                mine = own[id(prints)]
                if len(mine) >= opts["min_chunks"]:
                    groups.setdefault((fact["year"], number), []).append((i, p, mine))
        best: dict[tuple[int, int], list[Any]] = {}  # (fact, part) → [sim, other fact, count]
        for key in sorted(groups):
            members = groups[key]
            for a, b, sim in similar_pairs([m[2] for m in members], opts["threshold"]):
                (i, p, _), (j, q, _) = members[a], members[b]
                if same_agency(facts[i][1]["agency"], facts[j][1]["agency"]):
                    continue  # the same agency twice is not copying from another
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
