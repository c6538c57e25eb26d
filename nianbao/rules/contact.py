"""Contact details: read them from a report's sentence, and judge each one.

Reports state their contact details in one sentence, in many spellings::

    （地址：贵州省息烽县鹿窝镇鹿龙村建文路13号，邮编：551104，电话：0851-87670018）
    联系地址，平潭综合实验区北厝镇…7号楼8层，邮编350400;电话:0591-86161228;传真:…
    电 话：0591-23108001，电子邮箱：htpqzwgk@163.com

:func:`parse_contact` turns such text into the model's ``contact`` object; the
document readers use it to fill ``contact``, and the C rules use it when a
report's ``contact`` is empty. It keeps every value as printed (full-width digits
folded to ASCII) — a wrong number is kept, not dropped, so that C003–C006 can say
what is wrong with it. The ``*_problem`` functions judge one value each and
return None for a value that can be dialled, mailed or visited, else a short
reason code that the message catalogues spell out.
"""

from __future__ import annotations

import re
from typing import Any

from nianbao.rules.text import fold

CONTACT_KEYS = ("address", "postcode", "phones", "emails", "urls")

# -- labels ---------------------------------------------------------------------

_LABELS: list[tuple[str, str]] = [
    ("address", r"(?:联系|通讯|通信|办公|邮寄|单位)?地\s*址"),
    ("postcode", r"邮\s*政\s*编\s*码|邮\s*编"),
    (
        "email",
        r"电\s*子\s*(?:邮\s*箱|信\s*箱|邮\s*件)|邮\s*箱|信\s*箱|(?<![A-Za-z])e-?mail(?![A-Za-z])",
    ),
    ("fax", r"传\s*真(?:\s*号\s*码)?"),
    (
        "phone",
        r"(?:联系|咨询|办公|值班|监督|服务)?(?:电\s*话|热\s*线)(?:\s*号\s*码)?(?:\s*/\s*传\s*真)?"
        r"|手\s*机(?:\s*号\s*码)?|(?<![A-Za-z])tel(?![A-Za-z])",
    ),
    ("url", r"网\s*址|网\s*站|链\s*接|域\s*名"),
]
_LABEL_RE = re.compile(
    "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _LABELS), re.IGNORECASE
)
# After a label: an optional colon or comma (reports write both), then the value.
_AFTER_LABEL = re.compile(r"\s*(?:[:,]\s*)?")

# -- values ---------------------------------------------------------------------

# a local part is at most 64 characters (RFC 5321); unbounded, the search is quadratic in
# a long run of letters or digits with no @
_EMAIL_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_EMAIL_STRICT = re.compile(
    r"^[A-Za-z0-9](?:[A-Za-z0-9._%+\-]*[A-Za-z0-9_%+\-])?@"
    r"(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$"
)
_URL_RE = re.compile(
    r"(?:(?:https?|ftp)\s*:?\s*/{1,3}|h[a-z]{2,4}p[s]?\s*:\s*/{1,3}|www\.)"
    r"[A-Za-z0-9\-._~%/?#\[\]@!$&'*+,;=:]*",
    re.IGNORECASE,
)
_HOST_RE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,}$"
    r"|^\d{1,3}(?:\.\d{1,3}){3}$"
)
_POSTCODE_RE = re.compile(r"\d+")
_ADDRESS_HINT = re.compile(r"[省市县区镇乡村街路道巷弄号楼层室栋座厦园苑]|\d")


def _cut(text: str, start: int, stop: int) -> str:
    """The value after a label: up to ``stop`` (the next label) or the end of the field.

    A field ends at ``;`` ``。`` a line break, or a closing bracket that closes a
    bracket opened before the value (the sentence's own ``（…）``).
    """
    depth = 0
    for i in range(start, stop):
        ch = text[i]
        if ch in ";。\n":
            return text[start:i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            if depth == 0:
                return text[start:i]
            depth -= 1
    return text[start:stop]


_TRIM = " \t,，、;；:：()（）[]【】\"'“”"


def _strip(value: str) -> str:
    return value.strip(_TRIM)


_PHONE_RUN = re.compile(
    r"(?:\+?86[\s\-]?)?\(?\d[\d\s\-()]*\d(?:\s*(?:转|分机|ext\.?|x)\s*\d{1,6})?",
    re.IGNORECASE,
)


def _digits(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _split_run(run: str) -> list[str]:
    """One run of digits, spaces and dashes → the numbers in it.

    ``0851 8767 0018`` is one number in groups; ``0591-23108001 13812345678``
    is two. Groups are joined while the result can still be one number.
    """
    pieces = run.split()
    out: list[str] = []
    current = ""
    for piece in pieces:
        if not current:
            current = piece
            continue
        joined = _digits(current) + _digits(piece)
        new_number = piece.lstrip("(")[:1] in ("0", "1", "+") and _digits(piece) >= 7
        if joined <= 12 and _digits(current) < 10 and not new_number:
            current += " " + piece
        else:
            out.append(current)
            current = piece
    if current:
        out.append(current)
    return out


def phone_numbers(value: str) -> list[str]:
    """Every phone number printed in ``value`` (as printed, ASCII-folded).

    A number printed after another without its area code (``0851-87670018、
    87670019``) shares the first one's area code, as a reader dialling it would.
    """
    out: list[str] = []
    area = ""
    for m in _PHONE_RUN.finditer(fold(value)):
        for number in _split_run(m.group(0).strip(" -")):
            number = number.strip(" -")
            if number.startswith("(") and ")" not in number:
                number = number[1:]
            if _digits(number) < 5:
                continue
            head = re.match(r"^\(?\s*(0\d{2,3})\s*[)\-\s]", number)
            if head:
                area = head.group(1)
            elif area and re.fullmatch(r"[2-9]\d{6,7}", re.sub(r"[\s\-]", "", number)):
                number = f"{area}-{number}"
            out.append(number)
    return out


def _urls(text: str) -> list[tuple[int, int, str]]:
    out = []
    for m in _URL_RE.finditer(text):
        url = m.group(0).rstrip(".,;:!?'\"")
        out.append((m.start(), m.start() + len(url), url))
    return out


def _token(value: str) -> str:
    """The first printable-ASCII token of a value (an e-mail or web address as printed)."""
    m = re.match(r"[\x21-\x7e]+", value.strip())
    return m.group(0).rstrip(".,;:") if m else ""


def parse_contact(text: str) -> dict[str, Any]:
    """Read contact details from a report's text.

    Returns ``{"address", "postcode", "phones", "emails", "urls"}`` — the keys of
    the model's ``contact`` object. ``address`` and ``postcode`` are a string or
    None; the others are lists (possibly empty). Fax numbers are not phones and
    are left out. Values are kept as printed (full-width forms folded to ASCII),
    even when they are malformed: judging them is the rules' business.
    """
    text = text or ""
    folded = fold(text)
    result: dict[str, Any] = {
        "address": None,
        "postcode": None,
        "phones": [],
        "emails": [],
        "urls": [],
    }
    # URLs and e-mail addresses first, and blank them out so that their letters
    # and digits are never read as a label, a phone or a postcode.
    blanked = list(folded)
    for m in _EMAIL_RE.finditer(folded):
        if m.group(0) not in result["emails"]:
            result["emails"].append(m.group(0))
        blanked[m.start() : m.end()] = " " * (m.end() - m.start())
    for start, end, url in _urls("".join(blanked)):
        if url not in result["urls"]:
            result["urls"].append(url)
        blanked[start:end] = " " * (end - start)
    plain = "".join(blanked)

    labels = list(_LABEL_RE.finditer(plain))
    for i, label in enumerate(labels):
        kind = label.lastgroup
        start = _AFTER_LABEL.match(plain, label.end()).end()
        stop = labels[i + 1].start() if i + 1 < len(labels) else len(plain)
        raw = _cut(plain, start, stop)
        value = _strip(raw)
        if kind == "address":
            # 办公地址、办公时间 (a list of words, not an address) is not a value.
            if (
                result["address"] is None
                and value
                and plain[label.end() : label.end() + 1] != "、"
                and len(value) <= 80
                and _ADDRESS_HINT.search(value)
            ):
                result["address"] = _strip(text[start : start + len(raw)])
        elif kind == "postcode":
            m = _POSTCODE_RE.match(value)
            if result["postcode"] is None and m:
                result["postcode"] = m.group(0)
        elif kind == "phone":
            for number in phone_numbers(raw):
                if number not in result["phones"]:
                    result["phones"].append(number)
        elif kind in ("email", "url"):
            # a labelled value that the patterns did not take is a malformed one
            token = _token(value)
            key = "emails" if kind == "email" else "urls"
            if token and any(ch.isalpha() for ch in token) and token not in result[key]:
                result[key].append(token)
        # fax numbers are not phones: a report's fax is not where the public calls
    return result


# -- judging one value --------------------------------------------------------------

# (compiled here: every report's contact details are judged, a dozen patterns each)
_EXTENSION = re.compile(r"(?:转|分机|ext\.?|x)\s*(\d{1,6})\s*$", re.IGNORECASE)
_NOT_DIGIT = re.compile(r"\D")
_PHONE_SEPARATORS = re.compile(r"[\s\-()]+")
_LANDLINE_DIGITS = re.compile(r"0\d{9,11}")
_NOT_PHONE_CHAR = re.compile(r"[^\d\s\-+()转分机extEXT.]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_SERVICE = re.compile(r"[48]00\d{7}")
_HOTLINE = re.compile(r"(?:0\d{2,3})?123\d{2}")
_POSTCODE = re.compile(r"\d{6}")
_SPACE = re.compile(r"\s")
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*)(:?)(/*)")
_PATH_START = re.compile(r"[/?#]")


def phone_digits(number: str) -> tuple[str, str]:
    """(digits of the number without +86 and extension, the extension or '')."""
    text = fold(number)
    ext = ""
    m = _EXTENSION.search(text)
    if m:
        ext, text = m.group(1), text[: m.start()]
    digits = _NOT_DIGIT.sub("", text)
    if text.strip().startswith("+86") or (len(digits) == 13 and digits.startswith("86")):
        digits = digits[2:]
    # "0851-87670018-801": a third group after a full landline is an extension
    groups = [g for g in _PHONE_SEPARATORS.split(text.strip()) if g]
    if not ext and len(groups) >= 3 and groups[0].startswith("0") and len(groups[-1]) <= 4:
        head = "".join(groups[:-1])
        if _LANDLINE_DIGITS.fullmatch(head):
            ext, digits = groups[-1], head
    return digits, ext


def phone_problem(number: str) -> str | None:
    """None for a number that can be dialled from anywhere in China, else why not.

    Valid: a landline with its area code (010/02x + 8 digits, 0xxx + 7–8 digits,
    bracketed or dashed, with an extension), a mobile (1[3-9] + 9 digits), a
    400/800 service number, or a 123xx government hotline (with or without area code).
    """
    if not isinstance(number, str) or not number.strip():
        return "empty"
    text = fold(number).strip()
    if _NOT_PHONE_CHAR.search(text):
        return "characters"
    digits, _ = phone_digits(text)
    if _MOBILE.fullmatch(digits) or _SERVICE.fullmatch(digits) or _HOTLINE.fullmatch(digits):
        return None
    if digits.startswith("0"):
        if digits[:2] in ("01", "02"):
            subscriber = digits[3:]
            ok = len(subscriber) == 8
        else:
            subscriber = digits[4:]
            ok = len(subscriber) in (7, 8)
        if ok and subscriber[0] not in "01":
            return None
        return "landline"
    if digits.startswith("1"):
        return "mobile"
    if len(digits) in (7, 8):
        return "area_code"
    return "length"


def postcode_problem(code: str) -> str | None:
    """None for a six-digit Chinese postcode (first digit 0–8), else why not."""
    text = fold(code or "").strip()
    if not text:
        return "empty"
    if not _POSTCODE.fullmatch(text):
        return "digits"
    if text[0] == "9" or text == "000000":
        return "range"
    return None


def email_problem(address: str) -> str | None:
    """None for a well-formed e-mail address, else why not."""
    text = fold(address or "").strip()
    if not text:
        return "empty"
    if text.count("@") != 1:
        return "at"
    if ".." in text or not _EMAIL_STRICT.match(text):
        return "form"
    return None


def url_problem(url: str) -> str | None:
    """None for a usable web address (a bare host such as www.x.gov.cn is fine)."""
    text = fold(url or "").strip()
    if not text:
        return "empty"
    if _SPACE.search(text):
        return "space"
    m = _SCHEME.match(text)
    rest = text
    if m and (m.group(2) or m.group(3)) and not text.lower().startswith("www."):
        scheme, colon, slashes = m.groups()
        if scheme.lower() not in ("http", "https") or colon != ":" or slashes != "//":
            return "scheme"
        rest = text[m.end() :]
    host = _PATH_START.split(rest, maxsplit=1)[0]
    host = host.rsplit("@", 1)[-1]
    hostname, _, port = host.partition(":")
    if port and not port.isdigit():
        return "host"
    if not _HOST_RE.match(hostname):
        return "host"
    return None
