"""Check functions for contact details (C001–C006).

Details come from the model's ``contact``; where ``contact`` is empty they are
read from the preamble and the parts' texts with :func:`parse_contact`, the same
reader the document readers use. When a report gives no contact details at all,
C001 says so once and the per-field rules stay silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from nianbao.core.findings import Violation
from nianbao.core.rules import CheckContext, check_function
from nianbao.rules.contact import (
    email_problem,
    parse_contact,
    phone_problem,
    postcode_problem,
    url_problem,
)
from nianbao.rules.memo import per_report
from nianbao.rules.text import as_text, texts


@dataclass
class Details:
    """Contact values with the pointer each one stands at."""

    address: list[tuple[str, str]] = field(default_factory=list)
    postcode: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    emails: list[tuple[str, str]] = field(default_factory=list)
    urls: list[tuple[str, str]] = field(default_factory=list)

    @property
    def reachable(self) -> bool:
        """Anything a reader could use to reach the agency (address, phone, e-mail)."""
        return bool(self.address or self.phones or self.emails)


def _given(contact: Any) -> Details | None:
    if not isinstance(contact, dict):
        return None
    details = Details()
    for key in ("address", "postcode"):
        value = as_text(contact.get(key)).strip()
        if value:
            getattr(details, key).append((f"/contact/{key}", value))
    for key in ("phones", "emails", "urls"):
        values = contact.get(key)
        for i, value in enumerate(values if isinstance(values, list) else []):
            if isinstance(value, str) and value.strip():
                getattr(details, key).append((f"/contact/{key}/{i}", value.strip()))
    if any((details.address, details.postcode, details.phones, details.emails, details.urls)):
        return details
    return None


def contact_details(report: dict[str, Any], ctx: CheckContext | None = None) -> Details:
    """The report's contact details: ``contact``, else what its texts state.

    Read once per report when the check context is given: C001–C006 all ask.
    """
    return per_report(ctx, "nianbao.contact_details", _details, report)


def _details(report: dict[str, Any]) -> Details:
    given = _given(report.get("contact"))
    if given is not None:
        return given
    details = Details()
    for pointer, text in texts(report):
        found = parse_contact(text)
        for key in ("address", "postcode"):
            if found[key] and not getattr(details, key):
                getattr(details, key).append((pointer, found[key]))
        for key in ("phones", "emails", "urls"):
            for value in found[key]:
                if value not in [v for _, v in getattr(details, key)]:
                    getattr(details, key).append((pointer, value))
    return details


@check_function({"additionalProperties": False, "properties": {}})
def contact_given(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """An address, a telephone or an e-mail address must be given."""
    if not contact_details(ctx.report, ctx).reachable:
        yield Violation("/contact", {})


_JUDGES = {
    "postcode": postcode_problem,
    "phones": phone_problem,
    "emails": email_problem,
    "urls": url_problem,
}


@check_function(
    {
        "required": ["field"],
        "additionalProperties": False,
        "properties": {
            "field": {"enum": ["address", "postcode", "phones", "emails", "urls"]},
            "required": {"type": "boolean", "description": "a report must give one (default true)"},
        },
    }
)
def contact_field(node: Any, options: Mapping[str, Any], ctx: CheckContext) -> Iterable[Violation]:
    """One kind of contact detail: given (if ``required``) and every value well formed."""
    details = contact_details(ctx.report, ctx)
    if not details.reachable:
        return  # no contact details at all: C001's
    key = options["field"]
    values = getattr(details, key)
    if not values:
        if options.get("required", True):
            yield Violation("/contact", {}, "missing")
        return
    judge = _JUDGES.get(key)
    if judge is None:
        return
    for pointer, value in values:
        problem = judge(value)
        if problem is not None:
            yield Violation(pointer, {"value": value, "problem": f"{key}.{problem}"})
