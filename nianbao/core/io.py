"""Reading one input file into a report: JSON directly, anything else via a reader.

Nothing here writes to an input path. Every failure to read becomes an E001
finding with one line that names the file and what went wrong.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from nianbao.core.document import Document, Extraction
from nianbao.core.findings import Violation
from nianbao.core.limits import DEFAULT_LIMITS, Limits, archive_problem, depth_exceeds

MAX_INPUT_BYTES = DEFAULT_LIMITS.max_file_bytes  # 51 MiB: a 50 MB report still reads


class ReadError(Exception):
    """An input that cannot be read. The message is one line for the user."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


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


@dataclass
class Source:
    """One input after reading: the report dict (or None) and findings made while reading."""

    path: str
    report: dict[str, Any] | None
    findings: list[tuple[str, Violation]] = field(default_factory=list)


def _e001(path: str, message: str, line: int | None = None, column: int | None = None) -> Source:
    values: dict[str, Any] = {"path": path, "reason": message}
    if line is not None:
        values["line"] = line
        values["column"] = column
    return Source(
        path, None, [("E001", Violation("", values, "json" if line is not None else None))]
    )


def parse_json(data: bytes) -> Any:
    """Parse JSON bytes (UTF-8, BOM allowed); raise ReadError with line and column."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReadError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if not text.strip():
        raise ReadError("the file is empty")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ReadError("JSON nested too deeply") from None


def read_source(
    path: str | Path,
    readers: Mapping[str, Reader],
    interpret: Callable[[Document], Extraction | None],
    data: bytes | None = None,
    display: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Source:
    """Read one file into a Source; never raises for bad input."""
    path = Path(path)
    shown = display or str(path)
    if data is None:
        try:
            data = _read_bytes(path, limits)
        except ReadError as exc:
            return _e001(shown, str(exc))
    elif limits.max_file_bytes and len(data) > limits.max_file_bytes:
        return _e001(shown, _too_large(limits))
    suffix = path.suffix.lower()
    if not data.strip():
        return _e001(shown, "the file is empty")
    if suffix == ".json":
        try:
            report = parse_json(data)
        except ReadError as exc:
            return _e001(shown, str(exc), exc.line, exc.column)
        if not isinstance(report, dict):
            return _e001(
                shown,
                f"the JSON is {_json_kind(report)}, not an object (a report is one JSON object)",
            )
        if depth_exceeds(report, limits.max_depth):
            return _e001(shown, _too_deep(limits))
        return Source(shown, report)
    reader = readers.get(suffix)
    if reader is None:
        known = ", ".join(sorted({".json", *readers}))
        return _e001(shown, f"no reader for '{suffix or path.name}' files (readable: {known})")
    problem = _content_problem(data, suffix, reader, readers) or archive_problem(data, limits)
    if problem:
        return _e001(shown, problem)
    try:
        document = reader.read(data, shown)
    except ReadError as exc:
        return _e001(shown, str(exc), exc.line, exc.column)
    except RecursionError:
        return _e001(shown, f"{reader.name}: document nested too deeply")
    except MemoryError:
        return _e001(shown, f"{reader.name}: out of memory reading the document")
    except Exception as exc:  # a reader plugin bug must not end the batch
        return _e001(shown, f"reader {reader.name!r} failed: {type(exc).__name__}: {exc}")
    try:
        extraction = interpret(document)
    except RecursionError:
        return _e001(shown, "interpreting the document failed: nested too deeply")
    except Exception as exc:
        return _e001(shown, f"interpreting the document failed: {type(exc).__name__}: {exc}")
    if extraction is None:
        return _e001(shown, "no interpreter recognised the document")
    if not isinstance(getattr(extraction, "report", None), dict):
        return _e001(shown, "the interpreter gave no report object")
    if depth_exceeds(extraction.report, limits.max_depth):
        return _e001(shown, _too_deep(limits))
    return Source(shown, extraction.report, list(extraction.findings))


def _read_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes, at most the size limit; only regular files (a FIFO would hang)."""
    try:
        info = path.stat()
        if stat.S_ISDIR(info.st_mode):
            raise ReadError("is a folder")
        if not stat.S_ISREG(info.st_mode):
            raise ReadError("not a regular file (a device, pipe or socket)")
        cap = limits.max_file_bytes
        if cap and info.st_size > cap:
            raise ReadError(_too_large(limits))
        with open(path, "rb", buffering=0) as fh:
            data = fh.read(cap + 1) if cap else fh.read()
    except FileNotFoundError:
        raise ReadError("no such file") from None
    except IsADirectoryError:
        raise ReadError("is a folder") from None
    except PermissionError:
        raise ReadError("permission denied") from None
    except OSError as exc:
        raise ReadError(f"cannot read: {exc.strerror or exc}") from None
    if cap and len(data) > cap:  # it grew while we looked
        raise ReadError(_too_large(limits))
    return data


def _too_large(limits: Limits) -> str:
    return f"larger than {limits.max_file_mb:g} MiB (limit: max_file_mb)"


def _too_deep(limits: Limits) -> str:
    return f"nested too deeply: more than {limits.max_depth} levels (limit: max_depth)"


def _content_problem(
    data: bytes, suffix: str, reader: Reader, readers: Mapping[str, Reader]
) -> str | None:
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
            return f"named {suffix}, but the content is a {other_suffix} file"
    return None


def _json_kind(value: Any) -> str:
    return {
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
    }.get(type(value), "null")
