"""Corpus rules X001–X004 (RULES.md, group X), as a plugin.

They run whenever more than one report is checked together. Each keeps a few small
facts per report while the batch goes by (``collect``, in the worker that checked
the report) and decides at the end over all facts (``judge``): carry-over and
现行有效件数 continuity for the same agency across years (X001, X002), and 内容雷同 —
near-identical parts across years (X003) and across agencies (X004).
"""

from __future__ import annotations

from nianbao import hookimpl
from nianbao.plugins.corpus.carryover import CarryOver, InForce
from nianbao.plugins.corpus.similarity import AcrossAgencies, SameAgency


@hookimpl
def nianbao_corpus_rules() -> list:
    return [CarryOver(), InForce(), SameAgency(), AcrossAgencies()]
