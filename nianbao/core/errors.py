"""Errors that end a run (exit 2), worded in the run's language.

Such an error keeps its English sentence as ``str(exc)`` — what the Python API
raises, what logs and tracebacks show — and may also carry a key of the ``_errors``
block of the message catalogues with the values that fill it, so that the command
line prints it in Chinese or English, as it does findings. A value may itself be a
:class:`Phrase` (``waiver 2 (rule T301, path 'a.json')``), worded in the same language.
"""

from __future__ import annotations

from typing import Any


class Phrase:
    """A part of an error message (a label, a place): ``Phrase("english", "key", **values)``,
    with its own key in ``_errors``; ``str()`` is the English."""

    def __init__(self, english: str, key: str, /, **values: Any) -> None:
        self.english = english
        self.key = key
        self.values = values

    def text(self, lang: str) -> str:
        return error_text(self.key, lang, self.values) or self.english

    def __str__(self) -> str:
        return self.english


class LocalisedError(Exception):
    """``LocalisedError("english text", "key", **values)``: ``str()`` is the English text;
    :meth:`text` words it in a language from the ``_errors`` block (else the English)."""

    def __init__(self, message: str, key: str | None = None, /, **values: Any) -> None:
        super().__init__(message)
        self.key = key
        self.values = values

    @classmethod
    def from_error(cls, exc: BaseException) -> LocalisedError:
        """The same message (and key, if it has one) as another error, as this class."""
        return cls(str(exc), getattr(exc, "key", None), **(getattr(exc, "values", None) or {}))

    def __reduce__(self) -> tuple[Any, ...]:  # a worker's error crosses to the main process
        return (_rebuild, (type(self), str(self), self.key, self.values))

    def text(self, lang: str) -> str:
        """The message in ``lang`` (else Chinese), or the English text if it has no key."""
        if self.key is None:
            return str(self)
        return error_text(self.key, lang, self.values) or str(self)


def _rebuild(cls: type[LocalisedError], message: str, key: str | None, values: dict) -> Any:
    return cls(message, key, **values)


def error_text(key: str, lang: str, values: dict[str, Any]) -> str | None:
    """A text of the ``_errors`` block in ``lang`` (else Chinese), or None if it has none.

    English is the language errors are raised in: a key the English block lacks (the
    ``schema_*`` ones, whose English is jsonschema's own sentence) gives None, and the
    caller shows the English it was raised with rather than the Chinese.
    """
    from nianbao.core.messages import DEFAULT_LANG, builtin_catalogue

    cat = builtin_catalogue()
    for candidate in (lang,) if lang == "en" else (lang, DEFAULT_LANG):
        block = cat.entries.get(candidate, {}).get("_errors") or {}
        if block.get(key):
            shown = {
                k: v.text(candidate) if isinstance(v, Phrase) else v for k, v in values.items()
            }
            return cat.format(str(block[key]), shown, candidate)
    return None
