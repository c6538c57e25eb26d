"""Regular expressions that come from data (rule packs), compiled with RE2.

Python's ``re`` backtracks: ``(a+)+$`` on forty ``a`` and a ``!`` runs for longer
than anyone waits, inside one C call that no signal interrupts. A pattern in a rule
pack is data anyone may write, so nianbao never gives it to ``re``: it compiles
with RE2 (google-re2, BSD), whose matching time is linear in the text. RE2 has no
backreferences and no lookaround; a pack that uses them is refused when it loads,
with file, line and key, not when a report is checked.

Check functions that take a pattern declare ``"format": "regex"`` for that option
in their options schema; the pack loader then compiles it here, and the function
calls :func:`compile_pattern` again at run time (cached) to match.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import re2

MAX_PATTERN_LENGTH = 1000
MAX_PROGRAM_MEMORY = 8 * 1024 * 1024  # RE2's default budget for one compiled pattern


class PatternError(ValueError):
    """A pattern RE2 will not compile; the message says why, in one line.

    ``phrase`` words it for the command line in the run's language (``str()`` is English).
    """

    def __init__(self, message: str, key: str, /, **values: Any) -> None:
        from nianbao.core.errors import Phrase

        super().__init__(message)
        self.phrase = Phrase(message, key, **values)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_pattern_error, (str(self), self.phrase.key, self.phrase.values))


def _pattern_error(message: str, key: str, values: dict[str, Any]) -> PatternError:
    return PatternError(message, key, **values)


def _options() -> Any:
    options = re2.Options()
    options.log_errors = False  # RE2 would otherwise write its own lines to stderr
    options.max_mem = MAX_PROGRAM_MEMORY
    return options


@lru_cache(maxsize=512)
def compile_pattern(pattern: str) -> Any:
    """A compiled RE2 pattern with the ``re`` methods search/match/fullmatch/finditer.

    Raises :class:`PatternError` for a pattern that is too long, invalid, or uses a
    feature RE2 does not have (lookahead, lookbehind, backreferences).
    """
    if not isinstance(pattern, str):
        kind = type(pattern).__name__
        raise PatternError(f"a pattern must be a string, got {kind}", "pattern_type", kind=kind)
    if len(pattern) > MAX_PATTERN_LENGTH:
        raise PatternError(
            f"pattern longer than {MAX_PATTERN_LENGTH} characters",
            "pattern_too_long",
            limit=MAX_PATTERN_LENGTH,
        )
    try:
        return re2.compile(pattern, _options())
    except UnicodeEncodeError as exc:  # RE2 takes UTF-8: a lone surrogate (\ud800) has none
        raise PatternError(
            f"pattern is not text: a lone surrogate at character {exc.start + 1}",
            "pattern_surrogate",
            offset=exc.start + 1,
        ) from None
    except re2.error as exc:
        reason = exc.args[0] if exc.args else exc
        if isinstance(reason, bytes):
            reason = reason.decode("utf-8", "replace")
        if "perl operator" in str(reason) or "escape sequence" in str(reason):
            hint = (
                " (lookahead, lookbehind and backreferences are not supported: patterns run on "
                "RE2, in time linear in the text)"
            )
            raise PatternError(
                f"pattern refused: {reason}{hint}", "pattern_unsupported", reason=str(reason)
            ) from None
        raise PatternError(
            f"pattern refused: {reason}", "pattern_refused", reason=str(reason)
        ) from None


def check_pattern(pattern: Any) -> bool:
    """jsonschema format checker for ``"format": "regex"``; raises PatternError."""
    if isinstance(pattern, str):
        compile_pattern(pattern)
    return True


__all__ = ["MAX_PATTERN_LENGTH", "PatternError", "check_pattern", "compile_pattern"]
