"""Where a JSON pointer stands in the JSON text it came from: the line of its value.

Findings name cells by JSON pointer; code-scanning views (SARIF), GitHub
annotations and editors need a line. For a report given as JSON, that line is in
the file itself. Python's json module keeps no positions, so the pointer is
followed through the text: object keys are read with the json module's own string
scanner, and every value not on the way is skipped by parsing it with the json
module's C decoder. Only the findings' pointers are looked up, so a clean report
costs nothing and a finding costs about one parse of the text before it.
"""

from __future__ import annotations

import json
import re
from json.decoder import scanstring

from nianbao.core.model import pointer_to_path

_SPACE = re.compile(r"[ \t\n\r]*")
# the decoder's scanner: (value, end) of the JSON value at an offset; StopIteration
# where there is none (``raw_decode`` is this, wrapped)
_SCAN = json.JSONDecoder().scan_once


class JsonLines:
    """``line(pointer)``: the 1-based line of the value at ``pointer`` in ``text``.

    A pointer to something the text does not hold (a missing row) gets the line of
    its nearest ancestor that is there. None only if the text is not the JSON it
    should be (it was parsed before, so that does not happen in a check).
    """

    def __init__(self, text: str | bytes) -> None:
        # UTF-8 bytes are decoded on the first question: most reports have no finding
        self._raw: bytes | None = text if isinstance(text, bytes) else None
        self.text = text if isinstance(text, str) else ""
        self._at: dict[tuple[str, ...], int] = {}  # path → offset of its value, once found

    def line(self, pointer: str) -> int | None:
        if self._raw is not None:
            raw, self._raw = self._raw, None
            try:
                self.text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.text = ""
        try:
            pos = self._find(pointer_to_path(pointer))
        except (ValueError, IndexError, RecursionError, StopIteration):
            return None
        return self.text.count("\n", 0, pos) + 1

    def _skip(self, pos: int) -> int:
        return _SPACE.match(self.text, pos).end()  # type: ignore[union-attr]

    def _find(self, path: tuple[str, ...]) -> int:
        """The offset of the value at ``path`` (or of its nearest present ancestor).

        Offsets found are kept: a report's findings often share a table or a row, and
        finding a key means parsing every value before it (``raw_decode``), so a second
        finding there starts from the row instead of from the top of the file.
        """
        at = self._at
        depth = len(path)
        while depth and path[:depth] not in at:
            depth -= 1
        pos = at[path[:depth]] if depth else self._skip(0)
        for i in range(depth, len(path)):
            found = self._child(pos, path[i])
            if found is None:
                return pos
            pos = at[path[: i + 1]] = found
        return pos

    def _child(self, pos: int, key: str) -> int | None:
        """The offset of the value under ``key`` in the object or array at ``pos``.

        (Whitespace is skipped and values parsed with the json module's own scanner,
        called directly: a finding in the last table walks some hundred values.)
        """
        text = self.text
        space = _SPACE.match
        value = _SCAN
        if text[pos] == "{":
            hit = None
            pos = space(text, pos + 1).end()
            if text[pos] == "}":
                return None
            while True:
                if text[pos] != '"':
                    raise ValueError("a key was expected")
                name, pos = scanstring(text, pos + 1)
                pos = space(text, pos).end()
                if text[pos] != ":":
                    raise ValueError("':' was expected")
                pos = space(text, pos + 1).end()
                if name == key:
                    hit = pos  # a key given twice: JSON keeps the last, and so does this
                pos = space(text, value(text, pos)[1]).end()
                if text[pos] == "}":
                    return hit
                if text[pos] != ",":
                    raise ValueError("',' was expected")
                pos = space(text, pos + 1).end()
        if text[pos] == "[":
            if not key.isdigit():
                return None
            want = int(key)
            pos = space(text, pos + 1).end()
            index = 0
            while text[pos] != "]":
                if index == want:
                    return pos
                pos = space(text, value(text, pos)[1]).end()
                if text[pos] == ",":
                    pos = space(text, pos + 1).end()
                index += 1
            return None
        return None


__all__ = ["JsonLines"]
