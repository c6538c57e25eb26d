"""Work done when the package is made, so that no run does it: parses of shipped files.

Every run reads the national rule packs and both locale catalogues. Importing PyYAML
and parsing them cost a process about 19 ms, a sixth of checking one report on the
command line (a CI job checks one at a time). Their parsed data is shipped in
``_prebuilt_yaml.jsonl``, one ``[key, data]`` line per file, filed under the text's
length, CRC-32 and Adler-32 (``source_key``): a text that is exactly one parsed
there gets that data, read with the json module; any other text (an edited pack, a
province's pack, a user's ``--rules``) is parsed by PyYAML as before. The one-pass
table readers (``_prebuilt_tables.py``) are filed the same way.

``python -m nianbao.core.regenerate`` writes both files; a test fails when either is not
what it would write, so a changed pack, catalogue or schema comes with them.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

YAML_STORE = Path(__file__).with_name("_prebuilt_yaml.jsonl")
ABSENT: Any = object()  # what ``yaml_data`` returns for a text it does not hold


def source_key(source: str) -> str:
    """What a prebuilt parse or reader is filed under: its source's length and two checksums.

    (zlib is loaded already; hashlib would add ≈ 2 ms to the run for this alone. The
    key guards against a file changed after the store was written — by its editor,
    not by an adversary, who could change the code as well.)
    """
    data = source.encode("utf-8")
    return f"{len(data)}-{zlib.crc32(data):08x}-{zlib.adler32(data):08x}"


@cache
def _yaml_lines() -> dict[str, str]:
    """Each stored file's line, by key; parsed only when asked for (a fresh copy each time)."""
    try:
        text = YAML_STORE.read_text("utf-8")
    except OSError:  # not installed with the package: everything is parsed by PyYAML
        return {}
    out = {}
    for line in text.splitlines():
        if line.startswith('["'):
            out[line[2 : line.index('"', 2)]] = line
    return out


def yaml_data(text: str) -> Any:
    """What PyYAML's safe loader gives for ``text`` if it is a shipped file, else ABSENT.

    Each call gives new objects, as a parse would: a caller may change what it gets.
    """
    line = _yaml_lines().get(source_key(text))
    return ABSENT if line is None else json.loads(line)[1]


def yaml_store(paths: Iterable[Path]) -> str:
    """The text of ``_prebuilt_yaml.jsonl``: each of ``paths`` (the shipped YAML files,
    ``regenerate.shipped_yaml``), parsed by PyYAML.

    A file whose data JSON cannot give back exactly (a date, a number as a key) would
    come back different, so it is refused here rather than stored.
    """
    import yaml

    lines = []
    for path in paths:
        text = path.read_bytes().decode("utf-8")  # as the loaders see it, line ends and all
        data = yaml.safe_load(text)
        line = json.dumps([source_key(text), data], ensure_ascii=False, separators=(",", ":"))
        if not _same(json.loads(line)[1], data):
            raise ValueError(f"{path}: its YAML data does not survive JSON; it cannot be stored")
        lines.append(line)
    return "\n".join(lines) + "\n"


def _same(a: Any, b: Any) -> bool:
    """Equal and of the same types throughout (``1 == 1.0 == True`` is not enough)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(map(_same, a, b))
    return a == b
