"""Check functions for YAML rules, one small module per kind of check.

Each function is ``fn(node, options, ctx) -> Iterable[Violation]`` and declares the
JSON Schema of its options; ``FUNCTIONS`` is what the national plugin registers.
"""

from nianbao.rules.functions.arithmetic import balance, bound, sum_equals
from nianbao.rules.functions.cells import complete, not_blank, required, valid_cells
from nianbao.rules.functions.text import matches

FUNCTIONS = {
    "sum_equals": sum_equals,
    "balance": balance,
    "bound": bound,
    "required": required,
    "complete": complete,
    "not_blank": not_blank,
    "valid_cells": valid_cells,
    "matches": matches,
}
