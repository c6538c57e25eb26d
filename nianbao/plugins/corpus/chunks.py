"""Chunk fingerprints of a text, and an index that finds every similar pair without
comparing all pairs.

A part's text (after boilerplate.normalise) is cut into chunks at punctuation,
digits and a few very common function characters — content-defined chunking: an
edit changes only the chunks it touches, wherever it is — and each chunk becomes a
32-bit CRC. Two texts' similarity is the Jaccard similarity of their chunk sets.

Finding all pairs above a threshold uses prefix filtering (Chaudhuri, Ganti &
Kaushik 2006; Bayardo, Ma & Srikant 2007): chunks are ordered rarest first, and two
sets with Jaccard ≥ t must share a chunk among the first |s| − ⌈t·|s|⌉ + 1 of each.
Only those prefixes are indexed, so each text meets only the few texts that share
one of its rarest chunks. Chunks that many texts share are boilerplate and are
dropped first (``common``), which also bounds every index list: the work grows with
the number of texts, not with its square, and no pair above the threshold is missed.

Nothing here hashes strings with Python's per-process salt, so fingerprints are the
same in every process and on every worker of a cluster.
"""

from __future__ import annotations

import math
import re
import zlib
from array import array
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from itertools import chain

# Characters too common to carry meaning; they end a chunk like punctuation does.
FUNCTION_CHARS = "的和了在是对及与等为将并把被从向于以其之中上下"


def _chunk_class() -> str:
    """The characters chunks are made of: CJK ideographs (less FUNCTION_CHARS) and
    Latin letters. Listed as ranges, which the regex engine tests far faster than
    Unicode categories."""
    ranges, start = [], 0x4E00
    for cp in sorted(map(ord, FUNCTION_CHARS)):
        if start < cp:
            ranges.append((start, cp - 1))
        start = cp + 1
    ranges.append((start, 0x9FFF))
    ranges.append((0x3400, 0x4DBF))
    body = "".join(f"\\u{a:04x}-\\u{b:04x}" if a < b else f"\\u{a:04x}" for a, b in ranges)
    return body + "A-Za-z"


# chunk boundaries: a run of anything that is not a chunk character
SEPARATORS = re.compile(f"[^{_chunk_class()}]+")
# the chunks themselves: what SEPARATORS.split gives, less its empty strings (faster)
CHUNKS = re.compile(f"[{_chunk_class()}]+")


def fingerprints(text: str, ignore: frozenset[int] = frozenset()) -> array:
    """The distinct CRC-32s of the text's chunks, less those in ``ignore``.

    In no particular order (the set's): every use of them counts, filters, makes sets
    or sorts ranks itself, and sorting each text's array cost ≈ 6 µs per report.
    """
    found = set(map(zlib.crc32, map(str.encode, CHUNKS.findall(text))))
    found.discard(0)  # as crc32(b"") was: a chunk whose CRC is 0 is not kept either
    if ignore:
        found -= ignore
    return array("I", found)


def jaccard(a: Iterable[int], b: Iterable[int]) -> float:
    """Exact Jaccard similarity of two fingerprint sets."""
    a, b = set(a), set(b)
    if not a or not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)


def common(sets: Iterable[Sequence[int]], count: int) -> tuple[frozenset[int], Counter]:
    """(chunks in more than ``count`` of the sets, every chunk's document frequency)."""
    df = Counter(chain.from_iterable(sets))  # (one count, not one update per set)
    return frozenset(h for h, c in df.items() if c > count), df


def similar_pairs(
    sets: Sequence[Collection[int]], threshold: float, df: Counter | None = None
) -> list[tuple[int, int, float]]:
    """Every ``(i, j, similarity)`` with ``i < j`` and Jaccard ≥ ``threshold``, sorted.

    ``sets``: each text's chunks, distinct (a set, or an array as ``fingerprints``
    makes); a set of one is made only to compare it with another.

    ``df``: how many texts hold each chunk, if the caller counted already (it may count
    more texts than ``sets``, never fewer: a chunk it counts once, or not at all, is
    taken to be in one text only). Any one order of the chunks finds every pair;
    rarest first finds them with the fewest candidates.
    """
    if df is None:
        df = Counter(chain.from_iterable(sets))
    # a chunk's rank: rarest first, ties by value — one distinct number per chunk, so
    # prefixes are sorted and indexed by rank (sorting numbers needs no key function).
    # A chunk only one text holds has none: it is among the rarest, so in the prefix
    # before any ranked chunk, and it meets no other text there (most chunks are such).
    rank = {h: (c << 32) | h for h, c in df.items() if c > 1}
    index: dict[int, list[int]] = {}
    out: list[tuple[int, int, float]] = []
    for j, s in enumerate(sets):
        if not s:
            continue
        size = len(s)
        ranks = list(filter(None, map(rank.get, s)))
        # its prefix: its size − ⌈t·size⌉ + 1 rarest chunks, the unranked first. With
        # fewer ranked chunks than ⌈t·size⌉ (most texts) none of them is in it: such a
        # text shares too few chunks with any other to reach the threshold, and is
        # not indexed either
        keep = len(ranks) - math.ceil(threshold * size) + 1
        if keep <= 0:
            continue
        seen: set[int] = set()
        for r in sorted(ranks)[:keep]:
            postings = index.get(r)
            if postings is None:
                index[r] = [j]
                continue
            seen.update(postings)
            postings.append(j)
        if not seen:
            continue
        mine = frozenset(s)  # (s itself if it is one)
        for i in sorted(seen):
            other = sets[i]
            if min(size, len(other)) < threshold * max(size, len(other)):
                continue  # sizes too far apart to reach the threshold
            shared = len(mine.intersection(other))
            sim = shared / (size + len(other) - shared)
            if sim >= threshold:
                out.append((i, j, sim))
    out.sort()
    return out
