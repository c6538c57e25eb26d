"""Check functions for YAML rules, one small module per kind of check.

Each function is ``fn(node, options, ctx) -> Iterable[Violation]`` and declares the
JSON Schema of its options; ``FUNCTIONS`` is what the national plugin registers.
"""

from nianbao.rules.functions.arithmetic import balance, bound, sum_equals
from nianbao.rules.functions.cells import complete, not_blank, required, valid_cells
from nianbao.rules.functions.contact import contact_field, contact_given
from nianbao.rules.functions.mentions import (
    denied_by_text,
    mentions_all,
    mentions_any,
    sentence_with,
)
from nianbao.rules.functions.metadata import (
    edition_fits_year,
    published_by_deadline,
    report_year_known,
    signed,
    statistics_period_stated,
)
from nianbao.rules.functions.parts import (
    canonical_headings,
    parts_have_text,
    parts_in_order,
    parts_present,
)
from nianbao.rules.functions.placeholders import no_placeholders
from nianbao.rules.functions.text import matches

FUNCTIONS = {
    "sum_equals": sum_equals,
    "balance": balance,
    "bound": bound,
    "required": required,
    "complete": complete,
    "not_blank": not_blank,
    "valid_cells": valid_cells,
    "parts_present": parts_present,
    "parts_in_order": parts_in_order,
    "canonical_headings": canonical_headings,
    "parts_have_text": parts_have_text,
    "no_placeholders": no_placeholders,
    "mentions_any": mentions_any,
    "mentions_all": mentions_all,
    "sentence_with": sentence_with,
    "denied_by_text": denied_by_text,
    "report_year_known": report_year_known,
    "edition_fits_year": edition_fits_year,
    "published_by_deadline": published_by_deadline,
    "statistics_period_stated": statistics_period_stated,
    "signed": signed,
    "contact_given": contact_given,
    "contact_field": contact_field,
    "matches": matches,
}
