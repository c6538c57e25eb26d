"""Bytes → text for the text and HTML readers.

Chinese government sites still publish GB2312/GBK pages, and GB2312 pages
routinely contain characters only GBK has; so any GB family name is decoded as
GB18030, the superset. The order: a byte-order mark, the charset the page
declares, strict UTF-8, then charset-normalizer's guess.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from nianbao.core.io import ReadError

_GB = {"gb2312", "gbk", "gb18030", "gb_2312-80", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
_ANY_BYTES = {  # charsets under which every byte sequence is valid text
    "latin-1", "latin1", "iso-8859-1", "iso8859-1", "l1", "windows-1252", "cp1252",
    "us-ascii", "ascii", "iso-8859-15", "windows-1250", "cp1250",
}  # fmt: skip
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def canonical(name: str) -> str:
    name = name.strip().strip("\"'").lower()
    return "gb18030" if name in _GB else name


def decode(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """(text, encoding used); raises ReadError if no encoding fits."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(name), name
            except UnicodeDecodeError as exc:
                raise ReadError("bom_mismatch", encoding=name, offset=exc.start) from None
    tried: list[str] = []
    order = ([canonical(declared)] if declared else []) + ["utf-8"]
    if order[0] in _ANY_BYTES and not data.isascii():
        # a single-byte charset decodes any bytes, so it cannot be wrong — and a Chinese
        # page that declares one (a misconfigured server) would come out as mojibake
        order = ["utf-8", "gb18030", order[0]]
    for name in order:
        try:
            codecs.lookup(name)
        except LookupError:
            continue
        tried.append(name)
        try:
            return data.decode(name), name
        except UnicodeDecodeError:
            continue
    best = from_bytes(data).best()
    if best is not None and best.encoding:
        name = canonical(best.encoding)
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    raise ReadError("unknown_encoding", tried=", ".join(tried or ["utf-8"]))
