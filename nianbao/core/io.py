"""Reading one input file into a report: JSON directly, anything else via a reader.

Nothing here writes to an input path. Every failure to read becomes an E001
finding with one line that names the file and what went wrong.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from nianbao.core.document import Document, Extraction
from nianbao.core.findings import Violation

MAX_INPUT_BYTES = 50 * 1024 * 1024 + 1024 * 1024  # 51 MiB: a 50 MB report still reads


class ReadError(Exception):
    """An input that cannot be read. The message is one line for the user."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


class Reader(Protocol):
    """A file-type plugin: ``read(data, path) -> Document``; raises ReadError."""

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
) -> Source:
    """Read one file into a Source; never raises for bad input."""
    path = Path(path)
    shown = display or str(path)
    if data is None:
        try:
            if path.stat().st_size > MAX_INPUT_BYTES:
                return _e001(shown, f"larger than {MAX_INPUT_BYTES // (1024 * 1024)} MiB")
            data = path.read_bytes()
        except FileNotFoundError:
            return _e001(shown, "no such file")
        except IsADirectoryError:
            return _e001(shown, "is a folder")
        except PermissionError:
            return _e001(shown, "permission denied")
        except OSError as exc:
            return _e001(shown, f"cannot read: {exc.strerror or exc}")
    suffix = path.suffix.lower()
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
        return Source(shown, report)
    reader = readers.get(suffix)
    if reader is None:
        known = ", ".join(sorted({".json", *readers}))
        return _e001(shown, f"no reader for '{suffix or path.name}' files (readable: {known})")
    try:
        document = reader.read(data, shown)
    except ReadError as exc:
        return _e001(shown, str(exc), exc.line, exc.column)
    except RecursionError:
        return _e001(shown, f"{reader.name}: document nested too deeply")
    except Exception as exc:  # a reader plugin bug must not end the batch
        return _e001(shown, f"reader {reader.name!r} failed: {type(exc).__name__}: {exc}")
    try:
        extraction = interpret(document)
    except Exception as exc:
        return _e001(shown, f"interpreting the document failed: {type(exc).__name__}: {exc}")
    if extraction is None:
        return _e001(shown, "no interpreter recognised the document")
    return Source(shown, extraction.report, list(extraction.findings))


def _json_kind(value: Any) -> str:
    return {
        list: "an array",
        str: "a string",
        int: "a number",
        float: "a number",
        bool: "a boolean",
    }.get(type(value), "null")
