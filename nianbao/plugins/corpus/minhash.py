"""Chunk fingerprints of a text, MinHash sketches of them, and an LSH index.

A part's text (after boilerplate.normalise) is cut into chunks at punctuation,
digits and a few very common function characters (content-defined chunking: an
edit changes only the chunks it touches, wherever it is), and each chunk becomes a
32-bit CRC. Similarity is the Jaccard similarity of two texts' chunk sets,
computed exactly from the stored fingerprints.

To find similar pairs among many texts without comparing all pairs, each set also
gets a one-permutation MinHash sketch (Li, Owen & Zhang 2012; densified by
borrowing from the next filled bin, Shrivastava & Li 2014): two sketches agree in
a bin with probability equal to the sets' Jaccard similarity, and banding them
(LSH) makes pairs above a threshold land in a shared bucket with high probability.

Everything per chunk runs in C (``re``, ``zlib``, ``map``, ``sorted``, ``bisect``)
and no hashing here is randomised per process, so fingerprints and sketches are
the same in every process, on every worker of a cluster, in every run.
"""

from __future__ import annotations

import re
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from itertools import repeat

BINS = 64
_SHIFT = 58  # a mixed hash's top 6 bits pick its bin (2**6 == BINS)
_BOUNDS = [(b - BINS // 2) << _SHIFT for b in range(BINS)]  # over signed 64-bit values
_MASK32 = 0xFFFFFFFF
_MASK64 = (1 << 64) - 1
_MULT = 0x9E3779B97F4A7C15

# chunk boundaries: anything not a letter, and characters too common to carry meaning
SEPARATORS = re.compile(r"[\W\d_的和了在是对及与等为将并把被从向于以其之中上下]+")


def _mixed_tuple(values: Iterable[int]) -> list[int]:
    # CPython hashes a tuple of ints with xxHash-style mixing that is not randomised
    # per process (only str/bytes hashing is), and much cheaper than a bigint multiply
    return list(map(hash, zip(values)))


def _mixed_multiply(values: Iterable[int]) -> list[int]:
    out = map(_MASK64.__and__, map(_MULT.__mul__, values))
    return [h - (1 << 64) if h >> 63 else h for h in out]


# The tuple hash is the same on every 64-bit CPython ≥ 3.8; elsewhere (another Python,
# a 32-bit build) multiplicative hashing keeps sketches well mixed.
_mix = _mixed_tuple if hash((1,)) == -6644214454873602895 else _mixed_multiply


def fingerprints(text: str, ignore: frozenset[int] = frozenset()) -> array:
    """The sorted, distinct CRC-32s of the text's chunks, less those in ``ignore``."""
    chunks = SEPARATORS.split(text)
    found = set(map(zlib.crc32, map(str.encode, chunks)))
    found.discard(0)  # crc32(b"") — the empty chunk between two separators
    if ignore:
        found -= ignore
    return array("I", sorted(found))


def sketch(prints: Sequence[int]) -> bytes | None:
    """The MinHash sketch (``BINS`` 32-bit values) of a fingerprint set, None if empty."""
    if not prints:
        return None
    hashed = sorted(_mix(prints))
    n = len(hashed)
    hashed.append(hashed[0])  # past the largest, wrap around to the smallest
    # the first hash at or above a bin's lower bound is the bin's smallest — or, for an
    # empty bin, the next filled bin's smallest (circularly), the same rule for every set
    firsts = map(
        hashed.__getitem__, map(bisect_left, repeat(hashed, BINS), _BOUNDS, repeat(0), repeat(n))
    )
    return array("I", [v & _MASK32 for v in firsts]).tobytes()


def jaccard(a: Sequence[int], b: Sequence[int]) -> float:
    """Exact Jaccard similarity of two fingerprint sets."""
    if not a or not b:
        return 0.0
    common = len(set(a).intersection(b))
    return common / (len(a) + len(b) - common)


def bands_for(threshold: float, bins: int = BINS) -> tuple[int, int]:
    """``(bands, rows)``: the most selective banding that still makes ≥ 99 % of pairs at
    ``threshold`` candidates (a pair is one if all ``rows`` values of a band agree)."""
    best = (bins, 1)
    for rows in range(1, bins + 1):
        bands = bins // rows
        if 1 - (1 - threshold**rows) ** bands >= 0.99:
            best = (bands, rows)
    return best


def candidates(
    sketches: Sequence[bytes], threshold: float, max_bucket: int = 50
) -> list[tuple[int, int]]:
    """Index pairs ``(i, j)``, ``i < j``, whose sketches share a whole band, sorted.

    One pass per band, so the work grows with the number of sketches, not with its
    square. A band value shared by more than ``max_bucket`` texts is a phrasing
    everybody uses, not one text copied, and gives no candidates.
    """
    bands, rows = bands_for(threshold)
    width = rows * 4
    seen: set[tuple[int, int]] = set()
    for band in range(bands):
        start, stop = band * width, (band + 1) * width
        buckets: dict[bytes, list[int]] = {}
        for index, sk in enumerate(sketches):
            buckets.setdefault(sk[start:stop], []).append(index)
        for members in buckets.values():
            if 1 < len(members) <= max_bucket:
                for x, i in enumerate(members):
                    for j in members[x + 1 :]:
                        seen.add((i, j))
    return sorted(seen)
