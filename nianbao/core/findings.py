"""Findings are data: a rule yields violations; the engine turns them into findings.

Rendering (language, colour, format) happens later, in one place — never in a rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class Severity(IntEnum):
    """Ordered so that ``severity >= fail_on`` decides the exit code."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


@dataclass(frozen=True, slots=True)
class Violation:
    """What a check function yields: where, the numbers involved, and which message.

    ``pointer`` is a JSON pointer into the report model ("" = the whole report).
    ``message`` selects a variant of the rule's message (``None`` = the default one).
    ``severity`` lowers or raises one violation against the rule's own severity,
    for a rule whose catalogue entry says so (S004: an empty part 六 is only info
    in the 2019 edition); ``None`` keeps the rule's severity.
    """

    pointer: str
    values: dict[str, Any] = field(default_factory=dict)
    message: str | None = None
    severity: Severity | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One finding on one report, ready to render."""

    rule: str
    severity: Severity
    message: str
    pointer: str = ""
    line: int | None = None
    values: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] | None = None  # the provenance entry, if any
    # set by a config waiver: {"reason", "expires", "path", "pointer"}; a waived finding
    # is still shown (marked) but does not count toward the exit code
    waived: dict[str, Any] | None = None

    def sort_key(self) -> tuple:
        return (self.rule, self.pointer, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form; ``"waived"`` is present only on a waived finding."""
        out = {
            "rule": self.rule,
            "severity": self.severity.label,
            "message": self.message,
            "pointer": self.pointer,
            "line": self.line,
            "values": self.values,
        }
        if self.waived is not None:
            out["waived"] = self.waived
        return out
