"""Which reports belong to the same agency: a normalised name plus region.

Names are printed with remarks in brackets (平潭综合实验区管委会（全区汇总）), in
full- or half-width forms and with stray spaces; none of that makes another agency.
A region that one report states and another does not is not a difference either.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import lru_cache
from typing import Any

_BRACKETS = re.compile(r"[（(【\[][^（()）【】\[\]]*[）)】\]]")
_SPACE = re.compile(r"\s+")


def normalise(text: str | None) -> str:
    """NFKC, no bracketed remarks, no whitespace."""
    if not text:
        return ""
    text = unicodedata.normalize("NFKC", text)
    text = _BRACKETS.sub("", text)
    return _SPACE.sub("", text)


def agency_key(report: dict[str, Any]) -> str | None:
    """``name|region`` for a report that names its agency, else None (it takes no part)."""
    agency = report.get("agency")
    if not isinstance(agency, dict):
        return None
    name = agency.get("name")
    region = agency.get("region")
    return _key(
        name if isinstance(name, str) else None, region if isinstance(region, str) else None
    )


@lru_cache(maxsize=8192)
def _key(name: str | None, region: str | None) -> str | None:
    # cached: X001, X002 and X003/X004 each ask, and an agency reports year after year
    name = normalise(name)
    if not name:
        return None
    return sys.intern(f"{name}|{normalise(region)}")  # one string per agency, however many facts


def same_agency(a: str, b: str) -> bool:
    """Two keys name the same agency: the same name, and the same region unless one of
    them does not state it (a report read from a web page often names no region)."""
    if a == b:
        return True
    name_a, _, region_a = a.partition("|")
    name_b, _, region_b = b.partition("|")
    return name_a == name_b and (not region_a or not region_b)


def agency_name(key: str) -> str:
    return key.partition("|")[0]


def report_year(report: dict[str, Any]) -> int | None:
    year = report.get("year")
    return year if type(year) is int else None
