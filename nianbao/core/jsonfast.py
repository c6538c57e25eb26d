"""orjson where it is installed, the json module where it is not — same results.

Reading and writing JSON is a fixed share of every report's check: orjson (a C
extension, MIT/Apache-2.0) parses a report about 2.5 times and writes a run about
8 times as fast as the json module. It has wheels for the common platforms, not
for all (LoongArch, say), so it is optional: without it everything goes through
``json`` and gives the same reports and the same findings. How each caller keeps
orjson's answers equal to json's is at the caller (io._fast_json); writing differs
only in how a float below 0.0001 is printed (``0.00001`` for ``1e-05``), the same
number either way.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

_UNSET: Any = object()
_orjson: Any = _UNSET  # the module once asked for, or None where it is not installed


def _module() -> Any:
    """orjson, imported on first use (≈ 2 ms, which a run of a few reports checked
    with text output never pays: it reads them with json, io._fast_json)."""
    global _orjson
    if _orjson is _UNSET:
        try:
            import orjson
        except ImportError:  # pragma: no cover - tests set _orjson to None instead
            orjson = None
        _orjson = orjson
    return _orjson


def c_loads() -> Callable[[bytes], Any] | None:
    """orjson.loads, or None: callers fall back to the json module themselves, because
    they need json's own error messages and its reading of integers beyond 64 bits."""
    module = _module()
    return module.loads if module is not None else None


def dumps(value: Any) -> str:
    """``json.dumps(value, ensure_ascii=False, indent=2)``, by orjson where it can.

    orjson refuses a lone surrogate in a string (a report may hold one, escaped) and
    an integer beyond 64 bits; the json module writes those.
    """
    module = _module()
    if module is not None:
        try:
            return module.dumps(value, option=module.OPT_INDENT_2).decode("utf-8")
        except (TypeError, ValueError):  # orjson.JSONEncodeError is a TypeError
            pass
    return json.dumps(value, ensure_ascii=False, indent=2)


__all__ = ["c_loads", "dumps"]
