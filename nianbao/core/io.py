"""Reading one input file into a report: JSON directly, anything else via a reader.

Nothing here writes to an input path. Every failure to read becomes an E001
finding with one line that names the file and what went wrong.
"""

from __future__ import annotations

import importlib
import json
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from nianbao.core.document import Document, Extraction
from nianbao.core.findings import Violation
from nianbao.core.jsonfast import c_loads
from nianbao.core.limits import DEFAULT_LIMITS, Limits, archive_problem, depth_exceeds
from nianbao.core.locate import JsonLines
from nianbao.core.messages import builtin_catalogue
from nianbao.core.model import EDITIONS, model

MAX_INPUT_BYTES = DEFAULT_LIMITS.max_file_bytes  # 51 MiB: a 50 MB report still reads


_KEY = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)*\Z")


class ReadError(Exception):
    """An input that cannot be read: a message key and its values, or a plain line.

    ``ReadError("no_such_file")`` or ``ReadError("json_syntax", line=3, column=5,
    detail=exc.msg)``: the key names a variant of E001 in the message catalogues
    (``E001.messages.<key>``), so the reason reads in the run's language, and the
    finding's values carry the key (as ``reason``) and the values — data, not a
    sentence. Anything that is not a key (``ReadError("the scan is encrypted")``) is
    shown as given. ``str()`` is plain English either way, for logs and tracebacks.
    """

    def __init__(
        self, reason: str, line: int | None = None, column: int | None = None, **values: Any
    ) -> None:
        super().__init__(reason)
        self.reason = reason
        self.key = reason if _KEY.match(reason) else None
        self.line = line
        self.column = column
        self.values = values

    def all_values(self) -> dict[str, Any]:
        """The values a message template sees: line and column (if known), then the rest."""
        out: dict[str, Any] = {}
        if self.line is not None:
            out["line"] = self.line
            out["column"] = self.column
        return {**out, **self.values}

    def __str__(self) -> str:
        if self.key is None:
            return self.reason
        return english_reason(self.key, self.all_values())


def english_reason(key: str, values: dict[str, Any]) -> str:
    """An E001 reason in English from the built-in catalogue (for logs), or the key and values."""
    template = (builtin_catalogue().entries["en"].get("E001", {}).get("messages") or {}).get(key)
    if template:
        return builtin_catalogue().format(template, values, "en")
    shown = ", ".join(f"{k}={v!r}" for k, v in values.items())
    return f"{key} ({shown})" if shown else key


class Reader(Protocol):
    """A file-type plugin: ``read(data, path) -> Document``; raises ReadError.

    A reader may also have ``signatures``: the leading bytes its files start with
    (``(b"%PDF",)``). A file named for this reader whose bytes start with another
    reader's signature is then refused before either parses it, and named for what it
    is ("named .docx, but the content is a .pdf file").
    """

    name: str
    suffixes: tuple[str, ...]

    def read(self, data: bytes, path: str) -> Document: ...


class LazyReader:
    """A reader named by where it lives; its module is imported on the first file it reads.

    A reader's module often imports a large library (lxml, pdfplumber) or compiles
    many patterns; a run over JSON files never reads with it. So a plugin may return
    ``LazyReader("html", (".html", ".htm"), "mypkg.html_reader:HtmlReader")`` from
    ``nianbao_readers`` instead of the reader itself: the name, suffixes and
    signatures are known at start-up, and ``module:Class`` is imported and built
    when a file of that type is first read (an import that fails then is that
    file's E001, ``reader_failed``). To the core it is a reader like any other.
    """

    def __init__(
        self,
        name: str,
        suffixes: tuple[str, ...],
        target: str,
        signatures: tuple[bytes, ...] = (),
    ) -> None:
        self.name = name
        self.suffixes = tuple(suffixes)
        self.signatures = tuple(signatures)
        self.target = target
        self._reader: Reader | None = None

    def load(self) -> Reader:
        """The reader itself (``module:Class()``), imported and built once."""
        if self._reader is None:
            module, _, attr = self.target.partition(":")
            self._reader = getattr(importlib.import_module(module), attr)()
        return self._reader

    def read(self, data: bytes, path: str) -> Document:
        return self.load().read(data, path)

    def __repr__(self) -> str:
        return f"LazyReader({self.name!r}, {self.suffixes!r}, {self.target!r})"


@dataclass
class Source:
    """One input after reading: the report dict (or None) and findings made while reading."""

    path: str
    report: dict[str, Any] | None
    findings: list[tuple[str, Violation]] = field(default_factory=list)
    # The report's table cells by pointer (Model.fast_cells) when the report as read is
    # valid and complete: the engine then neither validates nor flattens it again.
    # ``asked``: ``cells`` is Model.fast_cells's answer (None included), so the engine
    # need not ask again. Whoever changes ``report`` afterwards resets both.
    cells: dict[str, Any] | None = None
    asked: bool = False
    # For a report read from JSON: pointer → its line in that file (core/locate.py), so
    # that a finding names the line of the file checked; None for other inputs.
    locate: Callable[[str], int | None] | None = None
    # the report was read from the file at ``path`` (not handed in as a dict)
    from_file: bool = False


def unreadable(path: str, error: ReadError) -> Source:
    """A Source for ``path`` that is only its E001 finding (``error`` says why): its key
    selects the message variant.

    A plain-text reason uses the default message ("无法读取：{reason}"), or the
    ``json`` variant if it has a line and column.
    """
    values: dict[str, Any] = {"path": path, "reason": error.reason, **error.all_values()}
    variant = error.key or ("json" if error.line is not None else None)
    return Source(path, None, [("E001", Violation("", values, variant))])


def parse_json(data: bytes) -> Any:
    """Parse JSON bytes (UTF-8, BOM allowed); raise ReadError with line and column."""
    return _parse_json_text(data)[0]


def _parse_json_text(data: bytes) -> tuple[Any, str]:
    """(the parsed value, the text it was parsed from): ``parse_json``, keeping the text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError("not_utf8", offset=exc.start) from None
    if not text or text.isspace():
        raise ReadError("empty_file")
    try:
        return json.loads(text), text
    except json.JSONDecodeError as exc:
        raise ReadError("json_syntax", exc.lineno, exc.colno, detail=exc.msg) from None
    except RecursionError:
        raise ReadError("json_too_deep") from None


def _fast_json(data: bytes) -> tuple[dict[str, Any] | None, dict[str, Any] | None, Any]:
    """(report, its cells, its model) from orjson when that is exactly what json gives.

    orjson reads the common valid report about 2.5 times as fast as the json module,
    and the same wherever both accept it — except an integer beyond 64 bits, which
    orjson reads as a float. A float can stand in a valid report only as an amount
    (the model's one ``number``), so orjson's report is kept only when the one-pass
    reader takes it (valid and complete) and no amount is that large; anything else —
    an invalid or incomplete report, a first few reports of an edition, whatever
    orjson refuses (NaN, a lone surrogate, a BOM) — is read again by ``json``, whose
    findings and messages are the reference. (None, None, None): read it with json.
    """
    # (until an edition has been asked FAST_AFTER times, no report takes the fast path:
    # a run of a few reports is read by json alone, and never imports orjson)
    loads = c_loads() if any(model(e).warm for e in EDITIONS) else None
    if loads is None:
        return None, None, None
    try:
        report = loads(data)
    except ValueError:  # orjson.JSONDecodeError: json will say what is wrong, its way
        return None, None, None
    if type(report) is not dict or report.get("edition") not in EDITIONS:
        return None, None, None
    mdl = model(report["edition"])
    cells = mdl.fast_cells(report)
    if cells is None or any(
        type(v) is float and not -(2**63) <= v < 2**64 for v in map(cells.get, mdl.amounts)
    ):
        return None, None, None
    return report, cells, mdl


def suffix_of(name: str) -> str:
    """``Path(name).suffix`` of a file name, without making a Path (thousands of files):
    from the last dot, unless it leads or ends the name."""
    i = name.rfind(".")
    return name[i:] if 0 < i < len(name) - 1 else ""


def read_source(
    path: str | Path,
    readers: Mapping[str, Reader],
    interpret: Callable[[Document], Extraction | None],
    data: bytes | None = None,
    display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Source:
    """Read one file into a Source; never raises for bad input."""
    path = os.fspath(path)  # (a string, not a Path: ≈ 2 µs a file in a batch of thousands)
    shown = display or path
    name = os.path.basename(path)
    if data is None:
        try:
            data = _read_bytes(path, limits)
        except ReadError as exc:
            return unreadable(shown, exc)
    elif limits.max_file_bytes and len(data) > limits.max_file_bytes:
        return unreadable(shown, _too_large(limits))
    suffix = suffix_of(name).lower()
    if not data or data.isspace():
        return unreadable(shown, ReadError("empty_file"))
    if suffix == ".json":
        report, cells, mdl = _fast_json(data)
        text: str | bytes = data  # (orjson takes no BOM)
        if report is None:
            try:
                report, text = _parse_json_text(data)
            except ReadError as exc:
                return unreadable(shown, exc)
            if not isinstance(report, dict):
                kind = f"json.{_json_kind(report)}"
                return unreadable(shown, ReadError("not_object", kind=kind))
            mdl = model(report["edition"]) if report.get("edition") in EDITIONS else None
            cells = mdl.fast_cells(report) if mdl is not None else None
        locate = JsonLines(text).line  # findings on a JSON file name its own lines
        # a report valid for its edition nests no deeper than its schema: the compiled
        # checks (which never descend further) answer what the depth walk would
        nesting = mdl.nesting if mdl is not None else None
        within = cells is not None and nesting is not None and not 0 < limits.max_depth < nesting
        if not within and depth_exceeds(report, limits.max_depth):
            return unreadable(shown, ReadError("too_deep", max_depth=limits.max_depth))
        return Source(
            shown, report, cells=cells, asked=mdl is not None, locate=locate, from_file=True
        )
    reader = readers.get(suffix)
    if reader is None:
        known = ", ".join(sorted({".json", *readers}))
        return unreadable(shown, ReadError("no_reader", suffix=suffix or name, known=known))
    problem = _content_problem(data, suffix, reader, readers) or archive_problem(data, limits)
    if problem:
        return unreadable(shown, ReadError(problem[0], **problem[1]))
    try:
        document = reader.read(data, shown)
    except ReadError as exc:
        return unreadable(shown, exc)
    except RecursionError:
        return unreadable(shown, ReadError("reader_too_deep", reader=reader.name))
    except MemoryError:
        return unreadable(shown, ReadError("reader_out_of_memory", reader=reader.name))
    except Exception as exc:  # a reader plugin bug must not end the batch
        return unreadable(shown, ReadError("reader_failed", reader=reader.name, error=_error(exc)))
    try:
        extraction = interpret(document)
    except RecursionError:
        return unreadable(shown, ReadError("interpret_too_deep"))
    except Exception as exc:
        return unreadable(shown, ReadError("interpret_failed", error=_error(exc)))
    if extraction is None:
        return unreadable(shown, ReadError("not_recognised"))
    if not isinstance(getattr(extraction, "report", None), dict):
        return unreadable(shown, ReadError("no_report_object"))
    if depth_exceeds(extraction.report, limits.max_depth):
        return unreadable(shown, ReadError("too_deep", max_depth=limits.max_depth))
    return Source(shown, extraction.report, list(extraction.findings), from_file=True)


# opened without blocking: a FIFO opens at once (and is then refused as no regular
# file) instead of waiting for a writer; binary where the platform has a text mode
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def _read_bytes(path: str | Path, limits: Limits) -> bytes:
    """The file's bytes, at most the size limit; only regular files (a FIFO would hang).

    With the operating system's own calls (open, fstat of that very file, read) rather
    than ``open()``'s file object: a third of the cost per file (≈ 5 µs against 11),
    and the file checked is the file read.
    """
    cap = limits.max_file_bytes
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except FileNotFoundError:
        raise ReadError("no_such_file") from None
    except (IsADirectoryError, PermissionError) as exc:
        if os.path.isdir(path):  # (Windows will not open a folder at all)
            raise ReadError("is_folder") from None
        if isinstance(exc, PermissionError):
            raise ReadError("permission_denied") from None
        raise ReadError("os_error", detail=str(exc.strerror or exc)) from None
    except OSError as exc:
        raise ReadError("os_error", detail=str(exc.strerror or exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is_folder")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not_regular_file")
        if cap and info.st_size > cap:
            raise _too_large(limits)
        # the size seen, and one byte more to tell whether the file grew meanwhile (then
        # on to the limit); read(cap + 1) would allocate the whole limit for every file
        want = min(cap, info.st_size) + 1 if cap else info.st_size + 1
        data = _read_all(fd, want)
        if len(data) == want:
            data += _read_all(fd, cap + 1 - len(data)) if cap else _read_rest(fd)
    except PermissionError:
        raise ReadError("permission_denied") from None
    except OSError as exc:
        raise ReadError("os_error", detail=str(exc.strerror or exc)) from None
    finally:
        os.close(fd)
    if cap and len(data) > cap:  # it grew while we looked
        raise _too_large(limits)
    return data


def _read_all(fd: int, size: int) -> bytes:
    """Up to ``size`` bytes: ``os.read`` may give fewer than asked before the end."""
    data = os.read(fd, size)
    if len(data) in (0, size):
        return data
    parts = [data]
    got = len(data)
    while got < size:
        more = os.read(fd, size - got)
        if not more:
            break
        parts.append(more)
        got += len(more)
    return b"".join(parts)


def _read_rest(fd: int) -> bytes:
    """Everything to the end (no size limit set)."""
    parts = []
    while chunk := os.read(fd, 1 << 20):
        parts.append(chunk)
    return b"".join(parts)


def _too_large(limits: Limits) -> ReadError:
    return ReadError("too_large", limit_mb=limits.max_file_mb)


def _error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _content_problem(
    data: bytes, suffix: str, reader: Reader, readers: Mapping[str, Reader]
) -> tuple[str, dict[str, Any]] | None:
    """A file whose bytes carry another reader's signature (a .pdf named .docx).

    Content that matches no known signature is left to the reader, which knows its
    own format's near misses (an old .doc renamed .docx) best.
    """
    expected = tuple(getattr(reader, "signatures", ()) or ())
    head = data[:1024].lstrip()
    if not expected or head.startswith(expected):
        return None
    for other_suffix, other in sorted(readers.items()):
        sigs = tuple(getattr(other, "signatures", ()) or ())
        if other is not reader and sigs and head.startswith(sigs):
            return "wrong_type", {"suffix": suffix, "actual": other_suffix}
    return None


def _json_kind(value: Any) -> str:
    return {
        list: "array",
        str: "string",
        int: "number",
        float: "number",
        bool: "boolean",
    }.get(type(value), "null")
