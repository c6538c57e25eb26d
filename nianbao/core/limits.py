"""Resource limits: how big an input may be, how deep, how long one rule may run.

nianbao reads whatever an office published and rule packs anyone wrote, so every
resource an input can make it spend is bounded here, in one place, and each bound
can be set in config (``[tool.nianbao]``) or by flag. See docs/security.md.

The per-rule time limit uses ``SIGALRM`` (POSIX, main thread only): the signal
interrupts Python code between bytecodes, so a rule stuck in a Python loop is
stopped and reported as E003. It cannot stop a single long call into C (a
backtracking ``re`` match, say) — which is why patterns from rule packs run on
RE2, whose matching time is linear (nianbao/core/patterns.py). Where no alarm is
available (Windows, a thread other than the main one) the limit is not enforced;
``time_limit_available()`` says which.
"""

from __future__ import annotations

import io
import signal
import threading
import time
import zipfile
from collections.abc import Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, fields
from typing import Any

from nianbao.core.errors import LocalisedError

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Every bound nianbao puts on an input; ``0`` switches a bound off."""

    max_file_mb: float = 51.0  # an input file larger than this is E001 (a 50 MB report still reads)
    max_depth: int = 64  # JSON nesting; a report needs 6 levels, its provenance 8
    rule_timeout: float = 10.0  # seconds one rule may run on one report before it is stopped
    max_unpacked_mb: float = 200.0  # total declared size of the files inside a .docx (zip)
    max_ratio: float = 200.0  # largest compression ratio of one file inside a zip

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * MiB)

    @classmethod
    def from_config(cls, config: Mapping[str, Any] | None, **overrides: Any) -> Limits:
        """Limits from ``[tool.nianbao]`` keys of the same names; non-None overrides win.

        A value that is not a non-negative number is a :class:`LimitError` (a
        ``ValueError``) naming the key.
        """
        values: dict[str, Any] = {}
        merged = {**(config or {}), **{k: v for k, v in overrides.items() if v is not None}}
        for f in fields(cls):
            if f.name not in merged:
                continue
            value = merged[f.name]
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise LimitError(
                    f"{f.name} must be a number ≥ 0, got {value!r}",
                    "limit_not_number",
                    key=f.name,
                    value=value,
                )
            values[f.name] = int(value) if f.name == "max_depth" else float(value)
        return cls(**values)


class LimitError(LocalisedError, ValueError):
    """A limit that is not a number ≥ 0; its message key words it in the run's language."""


DEFAULT_LIMITS = Limits()


# -- nesting ------------------------------------------------------------------


def depth_exceeds(value: Any, max_depth: int) -> bool:
    """True if ``value`` nests dicts/lists deeper than ``max_depth`` levels.

    Iterative, so it cannot itself overflow the stack; walks one level at a time
    (a list of the containers at each depth: cheaper per node than a stack of
    (node, depth) pairs) and stops at the first level that goes too deep.
    """
    if max_depth <= 0 or not isinstance(value, (dict, list)):
        return False
    level = [value]
    depth = 1
    while level:
        if depth > max_depth:
            return True
        below = []
        for node in level:
            for child in node.values() if isinstance(node, dict) else node:
                if isinstance(child, (dict, list)):
                    below.append(child)
        level = below
        depth += 1
    return False


# -- archives -----------------------------------------------------------------

ZIP_MAGIC = b"PK\x03\x04"


def archive_problem(
    data: bytes, limits: Limits = DEFAULT_LIMITS
) -> tuple[str, dict[str, Any]] | None:
    """Why a zip archive (a .docx) must not be opened, or None if it may.

    The why is an E001 message key and its values (``("zip_bomb", {...})``), so
    that it reads in the run's language.

    Readers open a .docx with :mod:`zipfile`, which never inflates a member past the
    size its directory declares; so checking the declared sizes bounds what any
    reader can be made to unpack. A zip bomb is refused before a reader sees it.
    """
    if not data.startswith(ZIP_MAGIC):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        return "zip_damaged", {"detail": str(exc)}
    total = sum(i.file_size for i in infos)
    if limits.max_unpacked_mb and total > limits.max_unpacked_mb * MiB:
        return "zip_too_big", {"size_mb": round(total / MiB), "limit_mb": limits.max_unpacked_mb}
    if limits.max_ratio:
        for info in infos:
            ratio = info.file_size / max(info.compress_size, 1)
            if info.file_size > MiB and ratio > limits.max_ratio:
                return "zip_bomb", {
                    "member": info.filename,
                    "ratio": round(ratio),
                    "limit": limits.max_ratio,
                }
    return None


# -- time per rule --------------------------------------------------------------


class RuleTimeout(BaseException):
    """Raised inside a rule that ran past its time limit.

    A BaseException, like KeyboardInterrupt, so that a rule's own ``except
    Exception`` cannot swallow it and loop on.
    """

    def __init__(self, seconds: float) -> None:
        super().__init__(f"stopped after {seconds:g} s (rule_timeout)")
        self.seconds = seconds


def time_limit_available() -> bool:
    """Whether a :class:`RuleClock` can interrupt code here (POSIX, main thread)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


_IDLE = nullcontext()


class RuleClock:
    """A watchdog for rules: ``with clock.watching():`` per report, ``with clock:`` per rule.

    While watching, a SIGALRM fires every quarter of the limit; the handler raises
    :class:`RuleTimeout` if the rule in progress has run longer than the limit, so a
    rule is stopped between 1 and 1.25 times ``seconds``. Per rule this costs one
    clock read, not a system call — the engine runs many small rules per report.
    The previous SIGALRM handler and timer are restored when watching ends.
    """

    def __init__(self, seconds: float | None) -> None:
        self.seconds = float(seconds or 0.0)
        self.started = 0.0
        self.watched = False  # inside ``watching()``: a nested one needs no timer of its own

    def __enter__(self) -> RuleClock:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        self.started = 0.0  # first, so that a late signal finds nothing to stop

    def _on_alarm(self, signum: int, frame: Any) -> None:
        started = self.started
        if started and time.perf_counter() - started >= self.seconds:
            self.started = 0.0
            raise RuleTimeout(self.seconds)

    def watching(self) -> AbstractContextManager[None]:
        """Arm the timer (per report, or once around a whole batch: setting it up costs
        four system calls, ≈ 8 µs). Between rules the alarm finds nothing to stop, and
        Python resumes a system call the signal interrupted, so a batch may stay armed
        while it reads files and writes results. Inside an armed batch (per report) it
        is a shared do-nothing context, not a new generator."""
        if self.watched or not self.seconds or not time_limit_available():
            return _IDLE
        return self._armed()

    @contextmanager
    def _armed(self) -> Iterator[None]:
        previous = signal.signal(signal.SIGALRM, self._on_alarm)
        tick = max(self.seconds / 4, 0.005)
        signal.setitimer(signal.ITIMER_REAL, tick, tick)
        self.watched = True
        try:
            yield
        finally:
            self.started = 0.0
            self.watched = False
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)


__all__ = [
    "DEFAULT_LIMITS",
    "Limits",
    "RuleClock",
    "RuleTimeout",
    "archive_problem",
    "depth_exceeds",
    "time_limit_available",
]
