"""Checks on text fields: a value (or each item of a list) must match a pattern."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.rules import CheckContext, check_function


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


@check_function(
    {
        "required": ["pattern"],
        "additionalProperties": False,
        "properties": {
            "pattern": {"type": "string", "format": "regex", "maxLength": 500},
            "normalize": {
                "type": "boolean",
                "description": "fold full-width digits and spaces first",
            },
        },
    }
)
def matches(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """The string (or every string of a list) must match ``pattern`` (``re.search``).

    Absent or null values are silent: saying that a value is missing is another rule's job.
    """
    regex = _compiled(options["pattern"])
    items = list(enumerate(node)) if isinstance(node, list) else [(None, node)]
    for index, value in items:
        if not isinstance(value, str):
            continue
        text = _fold(value) if options.get("normalize", True) else value
        if not regex.search(text):
            pointer = ctx.pointer if index is None else f"{ctx.pointer}/{index}"
            yield Violation(pointer, {"value": value, "pattern": options["pattern"]})


_FULL = str.maketrans("０１２３４５６７８９（）－　", "0123456789()- ")


def _fold(text: str) -> str:
    return text.translate(_FULL).strip()
