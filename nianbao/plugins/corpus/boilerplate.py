"""What every report says, taken out before two reports' texts are compared.

内容雷同 is about a part written once and reused — by the same agency next year
(X003) or by another agency (X004). The template's own sentences (the legal basis,
the statistics period, where to download, whom to ask), the part and topic
headings the notice prescribes, the agency's own names, and every number and date
would make any two reports look alike, or two copies look different; they are
removed before texts are compared, so only what was actually written counts.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache

# Sentences the template or common practice puts in every report (the legal basis,
# the statistics period, the download place, whom to ask, the 信息处理费 statement)
# and the headings and topic names the formats prescribe (numbers written as 2000, 1:
# they separate chunks as any number does). Their chunks are dropped
# wherever they occur (chunks.fingerprints ``ignore``), so a report that words
# them a little differently still loses what it shares with the template.
TEMPLATE = [
    "本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室关于政府信息公开工作年度报告格式的要求编制",
    "根据《中华人民共和国政府信息公开条例》的规定编制本报告",
    "本报告中所列数据的统计期限自2000年1月1日起至2000年12月31日止",
    "本报告中所列数据统计期限为2000年1月1日至2000年12月31日",
    "本年度报告中使用数据统计期限为2000年1月1日至2000年12月31日",
    "本报告电子版可在网站下载",
    "本年度报告电子版可在门户网站政府信息公开专栏下载",
    "如对本报告有任何疑问请与联系",
    "对本报告如有疑问请联系",
    "本报告包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议、行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "（一）主动公开政府信息情况",
    "（二）依申请公开情况",
    "（三）政府信息管理情况",
    "（四）政府信息公开平台建设情况",
    "（五）监督保障情况",
    "（一）上年度问题整改情况",
    "（二）存在的主要问题",
    "（三）改进措施",
    "主动公开、依申请公开、政府信息管理、平台建设、监督保障",
    "本年度未收取信息处理费",
    "本年度没有收取信息处理费",
    "未发出收费通知，未收取信息处理费",
    "根据《政府信息公开信息处理费管理办法》",
    "本年度无其他需要报告的事项",
    "无其他需要报告的事项",
]
# Sentences built around these words are formulas every report writes in its own
# slightly different way (the legal basis, the statistics period, the download
# place, whom to ask, the 信息处理费 statement): the whole sentence goes.
_FORMULA_WORDS = (
    r"(?:处理费|收费通知|统计(?:期限|时限|期间|时间)|电子版|对本报告|(?:如有|有任何)疑问|"
    r"政府信息公开条例》|其[他它]需要报告的事项)"
)
_FORMULA = re.compile(
    r"(?:^|(?<=[。；;!?！？\n]))[^。；;!?！？\n]*?"
    + _FORMULA_WORDS
    + r"[^。；;!?！？\n]*[。；;!?！？]?"
)
# the words alone: a text without any has no formula sentence, and searching for
# them is three times cheaper than trying the sentence pattern at every sentence start
_FORMULA_WORD = re.compile(_FORMULA_WORDS)
# self-references (我局, 本机关 …) stand where another report has its own name
_SELF = re.compile(r"[我本](?:局|镇|乡|委|办|区|县|市|厅|署|院|会|街道|单位|机关|部门|中心|级政府)")
_UNIT = r"(?:自治区|自治州|特别行政区|省|市|州|盟|地区|县|区|旗|镇|乡|街道)"
_UNIT_AT = re.compile(_UNIT)
_UNIT_END = re.compile(_UNIT + "$")


def region_units(text: str) -> list[str]:
    """``re.findall(".+?" + _UNIT, text)`` — 浙江省金明市泰河县 → 浙江省, 金明市, 泰河县 —
    in linear time: that pattern tries every start against the rest of a text with no
    unit in it, which on a 40,000-character name takes seconds.

    From each start, the shortest piece of at least one character that ends in a unit
    (the first unit, in the pattern's order, where it ends earliest); a piece never
    crosses a line break (``.``), so a break moves the start past it.
    """
    out: list[str] = []
    start = 0
    while start < len(text):
        m = _UNIT_AT.search(text, start + 1)
        if m is None:
            break
        line_break = text.find("\n", start, m.start())
        if line_break != -1:
            start = line_break + 1
            continue
        out.append(text[start : m.end()])
        start = m.end()
    return out


@lru_cache(maxsize=4096)
def names_of(agency_name: str | None, region: str | None) -> tuple[str, ...]:
    """The agency's own names as they may appear in its text, longest first.

    Cached: an agency's reports of several years ask for the same names.
    """
    out: set[str] = set()
    for text in (agency_name, region):
        if not text:
            continue
        out.add(text)
        for unit in region_units(text):
            out.add(unit)
            stem = _UNIT_END.sub("", unit)
            if len(stem) >= 2:
                out.add(stem)
    if agency_name:
        for suffix in ("人民政府办公室", "人民政府", "办事处", "管理委员会", "管委会"):
            if agency_name.endswith(suffix) and len(agency_name) > len(suffix) + 1:
                out.add(agency_name[: -len(suffix)])
        if region and agency_name.startswith(region) and len(agency_name) > len(region) + 1:
            out.add(agency_name[len(region) :])
    return tuple(sorted((n for n in out if len(n) >= 2), key=lambda n: (-len(n), n)))


def normalise(text: str, names: Iterable[str] = ()) -> str:
    """The text without the agency's own names and self-references.

    Sentences built around a formula (处理费, 统计期限, 电子版, 对本报告 …) go whole.
    Numbers, dates and punctuation go when the text is cut into chunks
    (chunks.SEPARATORS); template sentences go as chunks (``template_prints``).
    """
    for name in names:
        if name in text:
            text = text.replace(name, "")
    return _SELF.sub("", drop_formulas(text))


_ENDS = "。；;!?！？\n"


def drop_formulas(text: str) -> str:
    """``_FORMULA.sub("", text)``: every sentence holding a formula word, gone.

    Worked from where the words are rather than by trying the sentence pattern at
    every sentence start (five times faster): a sentence runs from just after the
    previous sentence end to the next one, and goes with its closing mark (a line
    break stays).
    """
    out = []
    pos = 0
    for m in _FORMULA_WORD.finditer(text):
        if m.start() < pos:
            continue  # in the sentence just dropped
        start = max(text.rfind(c, 0, m.start()) for c in _ENDS) + 1
        stops = [i for i in (text.find(c, m.end()) for c in _ENDS) if i >= 0]
        end = min(stops) if stops else len(text)
        if end < len(text) and text[end] != "\n":
            end += 1
        out.append(text[pos:start])
        pos = end
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


@cache
def template_prints() -> frozenset[int]:
    """The chunk fingerprints of every template sentence and heading."""
    from nianbao.plugins.corpus.chunks import fingerprints

    out: set[int] = set()
    for sentence in TEMPLATE:
        out.update(fingerprints(_SELF.sub("", sentence)))
    return frozenset(out)
