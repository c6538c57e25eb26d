"""The report around its tables: title, year, agency, dates, parts, preamble, signature.

Everything is found in the flattened document (``flat.Flat``), so a web page, a
copied text, a Word file and a PDF give the same answers, each with the place
it was read from. Page furniture — the site's 发布时间 line, 字体 buttons, the
footer, leaked Word CSS — bounds the report body and never enters its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nianbao.plugins.interpreter.flat import BREAKS, Flat

NUMERALS = "一二三四五六七八九十"
DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})\s*日?")
DATE_CN = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
PUBLISHED = re.compile(
    r"(?:发布时间|发布日期|发布于|公开日期|发文日期|信息时间|时间)\s*[:：]?\s*"
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
TITLE_WORDS = re.compile(r"政府信息公开(?:工作)?年度?报告|信息公开(?:工作)?年度报告|信息公开年报")
YEAR_IN_TITLE = re.compile(r"(19\d{2}|20\d{2})\s*年")
# Page furniture: where the report body ends (footer) or what never belongs to it.
FOOTER = re.compile(
    r"关于我们|联系我们|网站地图|版权所有|ICP备|主办单位|网站标识码|技术支持|打印本页|关闭窗口"
    r"|【打印】|附件下载|扫一扫在手机|分享到|Normal \d+ [\d.]+ ?磅"
)
JUNK = re.compile(
    r"Normal \d+ [\d.]+ ?磅.*?MsoNormalTable\s*\{[^}]*\}"  # Word CSS leaked into a page
    r"|<!--\[if[^>]*\]-->|<!\[endif\]-->|<!--\[endif\]-->"
)
HEADER_LINE = re.compile(
    r"^(?:标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|页面链接|来源|索引号|"
    r"字体|浏览次数|点击数|作者|信息来源|分类|主题分类|成文日期|生效日期)\s*[:：]"
    r"|^=+\s*正文\s*=+$|^页面链接|字体\s*[:：]?\s*\[|【\s*字体"
)
AGENCY_SUFFIX = (
    r"(?:人民政府|政府|街道办事处|办事处|管委会|委员会|管理委员会|管理局|局|委|办公室|办公厅|办|"
    r"中心|厅|署|院|所|站|队|处|会|部|公司|集团|馆|室)"
)
SIGNATURE = re.compile(rf"([\u4e00-\u9fff()（）·]{{2,40}}?{AGENCY_SUFFIX})\s*[\x1e\x1f]*\s*$")

# The part a heading stands for, by its words (numbers vary: 012 has seven parts).
PART_TOPICS = {
    "proactive": re.compile(r"主动公开"),
    "applications": re.compile(r"收到和处理|依申请|公开申请"),
    "reviews": re.compile(r"复议|诉讼"),
}
# Rows of 表三 that look like part headings (一、本年新收…).
NOT_HEADING = re.compile(r"本年新收|上年结转|本年度?办理结果|结转下年度|予以公开|是[,，]")
HEADING_END = re.compile(r"情况|事项|措施|举措|成效")
# The canonical headings' opening words: a heading glued to the table before it still counts.
STANDARD_HEADING = re.compile(
    r"总体情况|主动公开政府信息|收到和处理政府信息公开申请|政府信息公开行政复议|"
    r"存在的主要问题|其他需要报告的事项"
)


@dataclass
class Part:
    number: int
    start: int  # of the heading
    end: int  # of the heading
    heading: str  # as printed
    body_end: int = 0  # where its text ends


@dataclass
class Layout:
    """Where things are in the flat text."""

    body_start: int = 0
    body_end: int = 0
    title: tuple[int, int, str] | None = None  # start, end, printed
    parts: list[Part] = field(default_factory=list)
    signature: dict[str, Any] | None = None
    signature_start: int | None = None
    published: tuple[int, str, str] | None = None  # pos, printed, ISO date


def iso(y: str, m: str, d: str) -> str | None:
    try:
        year, month, day = int(y), int(m), int(d)
    except ValueError:
        return None
    if not (1 <= month <= 12 and 1 <= day <= 31 and 1900 <= year <= 2999):
        return None
    return f"{year:04d}-{month:02d}-{day:02d}"


def _after_header_lines(flat: Flat, frag: Any) -> int | None:
    """Past the page's header lines (标题:, 发布时间:, ==== 正文 ====) that open a paragraph."""
    offset = 0
    found = None
    for line in frag.text.split("\n"):
        if HEADER_LINE.search(line.strip()):
            found = offset + len(line)
        elif line.strip() and found is None:
            return None
        elif line.strip():
            break
        offset += len(line) + 1
    if found is None:
        return None
    pos = flat.position(frag, found)
    return pos + 1 if pos >= frag.end else pos


def find_published(flat: Flat) -> tuple[int, str, str] | None:
    """发布时间 / 发布日期 on the page (before the report or in the page's header lines)."""
    meta = flat.document.meta.get("published")
    for m in PUBLISHED.finditer(flat.text):
        date = iso(*m.groups())
        if date:
            return m.start(), flat.printed(m.start(), m.end()), date
    if isinstance(meta, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", meta):
        return -1, meta, meta
    return None


def find_title(flat: Flat, limit: int) -> tuple[int, int, str] | None:
    """The report's title: the first short paragraph naming a 年度报告, joined to a line before it."""
    text = flat.text
    headings = [f for f in flat.frags if f.kind == "heading" and f.start < limit]
    for frag in headings + [f for f in flat.frags if f.kind != "heading"]:
        if frag.start >= limit:
            continue
        norm = text[frag.start : frag.end]
        m = TITLE_WORDS.search(norm)
        if not m or not YEAR_IN_TITLE.search(norm[: m.end()]):
            continue
        start, end = frag.start, frag.end
        label = re.match(r"标题\s*:\s*", norm)
        if label:
            start += label.end()
        if end - start > 80:
            # A long paragraph: the title is the opening words up to the report name.
            end = frag.start + m.end()
            if end - start > 80:
                continue
        # A title printed on two lines: "淮安市人民政府" / "2024年政府信息公开工作年度报告".
        index = flat.frags.index(frag)
        if re.match(r"\d{4}\s*年", text[start:end]) and index > 0:
            before = flat.frags[index - 1]
            words = text[before.start : before.end]
            if 2 <= len(words) <= 30 and not re.search(r"[。,:;]", words):
                start = before.start
        return start, end, flat.printed(start, end).replace("\n", "")
    meta = flat.document.meta.get("title")
    if isinstance(meta, str) and TITLE_WORDS.search(meta):
        return -1, -1, meta.strip()
    return None


def find_parts(flat: Flat, start: int, end: int) -> list[Part]:
    """Part headings 一、… in order (a part may be missing; numbers only go up)."""
    text = flat.text
    parts: list[Part] = []
    last = 0
    # 一、 as printed, or 一 glued to a canonical heading's words ("一总体情况", corpus 007)
    for m in re.finditer(
        rf"([{NUMERALS}]{{1,2}})(?:、|(?={STANDARD_HEADING.pattern}))", text[start:end]
    ):
        pos = start + m.start()
        before = text[pos - 1] if pos > 0 else "\x1f"
        boundary = (
            before in BREAKS or before.isspace() or before in "。.!?」》)]:" or before.isdigit()
        )
        if not boundary and not STANDARD_HEADING.match(text, pos + len(m.group(0))):
            continue
        if not m.group(0).endswith("、") and not boundary:
            continue  # without 、 only at a sentence or line boundary
        number = _numeral(m.group(1))
        if number is None or not (last < number <= last + 2):
            continue
        rest = text[pos + len(m.group(0)) : min(pos + 60, end)]
        if NOT_HEADING.match(rest):
            continue
        stop = len(rest)
        for pattern in (r"[\x1e\x1f\s。,;!?]", r"第二十条|\(本列|本列数据"):
            hit = re.search(pattern, rest)
            if hit:
                stop = min(stop, hit.start())
        words = HEADING_END.search(rest[:stop]) or re.search(r"问题", rest[:stop])
        if words:
            stop = words.end()
        stop = min(stop, 30)
        if stop < 2:
            continue
        after = rest[stop : stop + 1]
        if after and after in "、;,；，" and re.search(rf"[{NUMERALS}]、", rest[stop : stop + 16]):
            continue  # a list of parts in the preamble, not a heading
        heading_end = pos + len(m.group(0)) + stop
        parts.append(Part(number, pos, heading_end, flat.printed(pos, heading_end)))
        last = number
    return parts


def _numeral(text: str) -> int | None:
    values = {c: i + 1 for i, c in enumerate(NUMERALS)}
    if len(text) == 1:
        return values.get(text)
    if text[0] == "十":
        return 10 + values.get(text[1], 0) if text[1] != "十" else None
    return None


def find_body_end(flat: Flat, after: int) -> int:
    m = FOOTER.search(flat.text, after)
    return m.start() if m else len(flat.text)


def find_signature(flat: Flat, start: int, end: int) -> tuple[dict[str, Any], int, dict] | None:
    """Agency name and date at the very end of the body."""
    text = flat.text
    tail = text[start:end]
    last = None
    for m in DATE_CN.finditer(tail):
        last = m
    if last is None:
        return None
    after = tail[last.end() :]
    if after.strip(" \x1e\x1f。"):
        return None
    date_pos = start + last.start()
    date = iso(*last.groups())
    if date is None:
        return None
    before = text[max(start, date_pos - 60) : date_pos]
    name_match = SIGNATURE.search(before)
    name = None
    where: dict[str, Any] = {
        "date": flat.where(date_pos, flat.printed(date_pos, start + last.end()))
    }
    sig_start = date_pos
    if name_match:
        raw = name_match.group(1)
        # The name is the last words after a sentence ends.
        cut = max(raw.rfind(c) for c in "。,;:")
        if cut >= 0:
            raw = raw[cut + 1 :]
        name_pos = date_pos - len(before) + name_match.start(1) + (name_match.group(1).find(raw))
        printed = flat.printed(name_pos, name_pos + len(raw))
        if 2 <= len(printed) <= 40:
            name = printed
            where["name"] = flat.where(name_pos, printed)
            sig_start = name_pos
    return {"name": name, "date": date}, sig_start, where


def layout(flat: Flat) -> Layout:
    """Find the body, title, parts, signature and publication date of a document."""
    out = Layout()
    text = flat.text
    # Header lines of a saved page (标题:, 发布时间:, ==== 正文 ====) come first.
    body_start = 0
    for frag in flat.frags:
        if frag.start > 3000:
            break
        after = _after_header_lines(flat, frag)
        if after is not None:
            body_start = after
    out.published = find_published(flat)
    parts = find_parts(flat, body_start, len(text))
    first_part = parts[0].start if parts else len(text)
    out.title = find_title(flat, first_part)
    if out.title and out.title[0] >= 0:
        body_start = max(body_start, out.title[1])
        # A page that prints its title twice (once as page title, once in the body).
        again = re.match(r"[\x1e\x1f\s]*([^\x1e\x1f\s]{4,60})", text[body_start:])
        if (
            again
            and TITLE_WORDS.search(again.group(1))
            and TITLE_WORDS.search(again.group(1)).end() == len(again.group(1))
        ):
            body_start += again.end()
    # Header lines may follow the title (发布时间: … 字体:[大 中 小]).
    for frag in flat.frags:
        if body_start <= frag.start < first_part:
            after = _after_header_lines(flat, frag)
            if after is not None:
                body_start = max(body_start, after)
    out.body_start = body_start
    last_heading = parts[-1].end if parts else body_start
    out.body_end = find_body_end(flat, last_heading)
    parts = [p for p in parts if p.start < out.body_end]
    signed = find_signature(flat, last_heading, out.body_end)
    if signed:
        out.signature = {**signed[0], "_where": signed[2]}
        out.signature_start = signed[1]
    body_text_end = out.signature_start if out.signature_start is not None else out.body_end
    for i, part in enumerate(parts):
        part.body_end = parts[i + 1].start if i + 1 < len(parts) else body_text_end
    out.parts = parts
    return out


def clean(text: str) -> str:
    """Text of the body without leaked markup."""
    text = JUNK.sub("", text)
    return re.sub(r"[ \t]+\n", "\n", text).strip()


AGENCY_IN_TITLE = re.compile(r"^(.*?)\s*(?:19|20)\d{2}\s*年")


def agency_kind(name: str | None) -> str | None:
    """RULES.md (M003): 乡/镇/街道 → township; a 县级以上 人民政府 itself → government; else department."""
    if not name:
        return None
    bare = re.sub(r"[（(][^）)]*[）)]", "", name)
    if re.search(
        r"(?:乡|镇|街道)(?:人民政府|政府)?$|街道办事处$|(?:乡|镇)人民政府", bare
    ) and not re.search(r"(?:人民政府|政府)(?:办公室|办公厅|办)|局$|委员会$|中心$", bare):
        return "township"
    if re.search(r"(?:省|自治区|市|州|县|区|旗|盟)(?:人民政府|政府)?$", bare):
        return "government"
    return "department"


def agency_from_title(title: str) -> str | None:
    m = AGENCY_IN_TITLE.match(title)
    if not m:
        return None
    name = m.group(1).strip()
    return name or None
