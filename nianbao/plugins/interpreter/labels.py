"""The printed labels of 表二, 表三 and 表四 in both editions, and the edition fingerprint.

Patterns match *normalised* text (see ``flat.normalize``): ASCII digits and
brackets, no spaces between Chinese characters. Each label names the model row
it stands for in each edition, or ``None`` where it is only a caption, a
column header or a group label (（三）不予公开) in that edition. Both editions'
labels are always looked for, so a 2019 row in a 2021 table is recognised and
reported (T002) instead of being read as a number.

Variants come from FORMAT-SPEC.md §9 and the corpus: 钩稽/勾稽, 1、 for 1.,
其他法律和行政法规, 不再受理其 for 不再处理其, 先行有效件数, “三安全一稳定” with
straight quotes or none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

EDITIONS = ("2019", "2021")


@dataclass(frozen=True)
class Label:
    """One printed label of a table."""

    key: str
    text: str  # the official wording, for messages
    pattern: re.Pattern[str]
    rows: dict[str, str | None]  # edition → model pointer of the row (None: no cells)
    # A run of characters every match holds (本年新收 in (?:一、)?本年新收…), and how
    # far before it a match can begin; None where the pattern does not say (tables.py
    # then scans the whole region)
    anchor: str | None = None
    reach: int = 0


def anchor_of(pattern: str) -> tuple[str | None, int]:
    """(the longest run of plain characters at the pattern's top level, the most
    characters a match can have before it) — or (None, 0) if there is no such run,
    or what may come before it has no bound.

    Read from the pattern's parse by Python's own regular-expression parser: what a
    label pattern says, not a second copy of it kept by hand.
    """
    try:
        try:
            from re import _constants as constants
            from re import _parser as parser
        except ImportError:  # Python 3.10
            import sre_constants as constants  # type: ignore[no-redef]
            import sre_parse as parser  # type: ignore[no-redef]
        parsed = parser.parse(pattern)
        if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
            return None, 0
        items = list(parsed)
        best: tuple[str | None, int] = (None, 0)
        i = 0
        while i < len(items):
            if items[i][0] is not constants.LITERAL:
                i += 1
                continue
            j = i
            while j < len(items) and items[j][0] is constants.LITERAL:
                j += 1
            run = "".join(chr(value) for _, value in items[i:j])
            reach = parsed[:i].getwidth()[1] if i else 0
            if reach < constants.MAXREPEAT and len(run) > len(best[0] or ""):
                best = (run, reach)
            i = j
        return best
    except Exception:  # a parser of another Python: scan the whole region, as before
        return None, 0


def _num(n: int) -> str:
    """An optional list number: ``1.`` / ``1、`` / ``(1)``."""
    return rf"(?:\({n}\)[.、]?|{n}[.、])?"


def _cn(n: str) -> str:
    """An optional Chinese ordinal: ``(一)`` / ``一、``."""
    return rf"(?:\({n}\)|{n}、)?"


def _label(key: str, text: str, pattern: str, r2019: str | None, r2021: str | None) -> Label:
    anchor, reach = anchor_of(pattern)
    return Label(key, text, re.compile(pattern), {"2019": r2019, "2021": r2021}, anchor, reach)


def _same(key: str, text: str, pattern: str, row: str | None) -> Label:
    return _label(key, text, pattern, row, row)


P = "/tables/proactive/"
A = "/tables/applications/"
R = "/tables/applications/results/"

PROACTIVE: tuple[Label, ...] = (
    _same("caption", "第二十条第（一）项", r"第二十条第?\(?[一二三四五六七八九十]+\)?项", None),
    _same("h.content", "信息内容", r"信息内容", None),
    _same("h.made", "本年新制作数量", r"本年新?制作数量", None),
    _same("h.published", "本年新公开数量", r"本年新?公开数量", None),
    _same("h.total_published", "对外公开总数量", r"对外公开总数量", None),
    _same("h.previous", "上一年项目数量", r"上一?年项目数量", None),
    _same("h.change", "本年增/减", r"本年增/?减", None),
    _same("h.decisions", "处理决定数量", r"(?:本年)?处理决定数量", None),
    _same("h.issued", "本年制发件数", r"本年制发件数", None),
    _same("h.repealed", "本年废止件数", r"本年废止件数", None),
    _same("h.in_force", "现行有效件数", r"[现先]行有效件数", None),
    _same(
        "h.fee_amount",
        "本年收费金额（单位：万元）",
        r"本年收费金额(?:\((?:单位:?)?万?元\))?",
        None,
    ),
    _same("h.projects", "采购项目数量", r"采购项目数量", None),
    _same("h.amount", "采购总金额", r"采购总金额(?:\((?:单位:?)?万?元\))?", None),
    _same("regulations", "规章", r"规章", P + "regulations"),
    _label(
        "normative_documents_2021",
        "行政规范性文件",
        r"行政规范性文件",
        None,
        P + "normative_documents",
    ),
    _label("normative_documents", "规范性文件", r"规范性文件", P + "normative_documents", None),
    _same("licensing", "行政许可", r"行政许可", P + "licensing"),
    _label(
        "other_services",
        "其他对外管理服务事项",
        r"其他对外管理服务事项",
        P + "other_services",
        None,
    ),
    _same("punishment", "行政处罚", r"行政处罚", P + "punishment"),
    _same("coercion", "行政强制", r"行政强制", P + "coercion"),
    _same("fees", "行政事业性收费", r"行政事业性收费", P + "fees"),
    _label("procurement", "政府集中采购", r"政府集中采购", P + "procurement", None),
)

_APPLY = r"(?:[,、]?行政机关不再(?:处理|受理)其(?:政府信息公开)?申请)?"

APPLICATIONS: tuple[Label, ...] = (
    _same(
        "caption",
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        r"\(?本列数据的?[勾钩]稽关系[^\x1e\x1f)]{0,40}\)?",
        None,
    ),
    _same("h.applicant", "申请人情况", r"申请人情况", None),
    _same("h.natural_person", "自然人", r"自然人", None),
    _same("h.legal_person", "法人或其他组织", r"法人或其他组织", None),
    _same("h.commercial", "商业企业", r"商业企业", None),
    _same("h.research", "科研机构", r"科研机构", None),
    _same("h.social_welfare", "社会公益组织", r"社会公益组织", None),
    _same("h.legal_services", "法律服务机构", r"法律服务机构", None),
    _same("h.other", "其他", r"其他(?!法律|处理|结果|对外|需)", None),
    _same("h.total", "总计", r"总计", None),
    _same(
        "new_received",
        "一、本年新收政府信息公开申请数量",
        r"(?:一、)?本年新收(?:政府信息公开)?申请(?:数量)?",
        A + "new_received",
    ),
    _same(
        "carried_over",
        "二、上年结转政府信息公开申请数量",
        r"(?:二、)?上年结转(?:政府信息公开)?申请(?:数量)?",
        A + "carried_over",
    ),
    _same("results", "三、本年度办理结果", r"(?:三、)?本年度?办理结果", None),
    _same("granted", "（一）予以公开", _cn("一") + r"予以公开", R + "granted"),
    _same(
        "partially_granted",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        _cn("二") + r"部分公开(?:\(?区分处理的?,?只计这一情形,?不计其他情形\)?)?",
        R + "partially_granted",
    ),
    _same("withheld", "（三）不予公开", _cn("三") + r"不予公开", None),
    _same("state_secret", "1.属于国家秘密", _num(1) + r"属于国家秘密", R + "withheld/state_secret"),
    _same(
        "prohibited_by_law",
        "2.其他法律行政法规禁止公开",
        _num(2) + r"其他法律(?:和|、)?行政法规禁止公开",
        R + "withheld/prohibited_by_law",
    ),
    _same(
        "security_stability",
        "3.危及“三安全一稳定”",
        _num(3) + r"危及[\"“”']?三安全一稳定[\"“”']?",
        R + "withheld/security_stability",
    ),
    _same(
        "third_party_rights",
        "4.保护第三方合法权益",
        _num(4) + r"保护第三方合法权益",
        R + "withheld/third_party_rights",
    ),
    _same(
        "internal_affairs",
        "5.属于三类内部事务信息",
        _num(5) + r"属于三类内部事务信息",
        R + "withheld/internal_affairs",
    ),
    _same(
        "process_information",
        "6.属于四类过程性信息",
        _num(6) + r"属于四类过程性信息",
        R + "withheld/process_information",
    ),
    _same(
        "enforcement_files",
        "7.属于行政执法案卷",
        _num(7) + r"属于行政执法案卷",
        R + "withheld/enforcement_files",
    ),
    _same(
        "administrative_query",
        "8.属于行政查询事项",
        _num(8) + r"属于行政查询事项",
        R + "withheld/administrative_query",
    ),
    _same("unavailable", "（四）无法提供", _cn("四") + r"无法提供", None),
    _same(
        "not_held",
        "1.本机关不掌握相关政府信息",
        _num(1) + r"本机关不掌握相关政府信息",
        R + "unavailable/not_held",
    ),
    _same(
        "needs_creation",
        "2.没有现成信息需要另行制作",
        _num(2) + r"没有现成信息需要另行制作",
        R + "unavailable/needs_creation",
    ),
    _same(
        "unclear_after_correction",
        "3.补正后申请内容仍不明确",
        _num(3) + r"补正后申请内容仍不明确",
        R + "unavailable/unclear_after_correction",
    ),
    _same("not_processed", "（五）不予处理", _cn("五") + r"不予处理", None),
    _same(
        "complaint",
        "1.信访举报投诉类申请",
        _num(1) + r"信访举报投诉类申请",
        R + "not_processed/complaint",
    ),
    _same("repeated", "2.重复申请", _num(2) + r"重复申请", R + "not_processed/repeated"),
    _same(
        "publication",
        "3.要求提供公开出版物",
        _num(3) + r"要求提供公开出版物",
        R + "not_processed/publication",
    ),
    _same(
        "excessive",
        "4.无正当理由大量反复申请",
        _num(4) + r"无正当理由大量反复申请",
        R + "not_processed/excessive",
    ),
    _same(
        "confirmation",
        "5.要求行政机关确认或重新出具已获取信息",
        _num(5) + r"要求行政机关确认或重新出具已获取(?:的)?信息",
        R + "not_processed/confirmation",
    ),
    _label("other", "（六）其他处理", _cn("六") + r"其他处理", R + "other", None),
    _label(
        "overdue_correction",
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        _num(1) + r"申请人无正当理由逾期不补正" + _APPLY,
        None,
        R + "other/overdue_correction",
    ),
    _label(
        "overdue_fee",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
        _num(2) + r"申请人逾期未按收费通知要求缴纳费用" + _APPLY,
        None,
        R + "other/overdue_fee",
    ),
    _label(
        "other_other",
        "3.其他",
        r"(?:\(3\)[.、]?|3[.、])其他(?!法律|处理|结果|对外|需)",
        None,
        R + "other/other",
    ),
    _same("total", "（七）总计", r"(?:\(七\)|七、)总计", R + "total"),
    _same(
        "carried_forward",
        "四、结转下年度继续办理",
        r"(?:四、)?结转下年度?继续办理",
        A + "carried_forward",
    ),
)

REVIEWS: tuple[Label, ...] = (
    _same("h.review", "行政复议", r"行政复议", None),
    _same("h.litigation", "行政诉讼", r"行政诉讼", None),
    _same("h.direct", "未经复议直接起诉", r"未经复议直接起诉", None),
    _same("h.after_review", "复议后起诉", r"复议后起诉", None),
    _same("h.upheld", "结果维持", r"结果维持", None),
    _same("h.corrected", "结果纠正", r"结果纠正", None),
    _same("h.other", "其他结果", r"其他结果", None),
    _same("h.pending", "尚未审结", r"尚未审结", None),
    _same("h.total", "总计", r"总计", None),
)

TABLES: dict[str, tuple[Label, ...]] = {
    "proactive": PROACTIVE,
    "applications": APPLICATIONS,
    "reviews": REVIEWS,
}

# FORMAT-SPEC.md §1: what each edition prints and the other does not.
FINGERPRINT: dict[str, tuple[str, ...]] = {
    "2019": (
        r"本年新制作数量",
        r"本年新公开数量",
        r"对外公开总数量",
        r"上一年项目数量",
        r"其他对外管理服务事项",
        r"第二十条第\(九\)项",
        r"政府集中采购",
        r"采购项目数量",
    ),
    "2021": (
        r"本年制发件数",
        r"本年废止件数",
        r"[现先]行有效件数",
        r"本年收费金额",
        r"行政规范性文件",
        r"逾期不补正",
        r"逾期未按收费通知",
    ),
}


def detect_edition(text: str, year: int | None) -> str | None:
    """The edition whose markers the tables carry; the year decides a tie; None if no tables."""
    scores = {
        edition: sum(1 for marker in markers if re.search(marker, text))
        for edition, markers in FINGERPRINT.items()
    }
    if scores["2019"] > scores["2021"]:
        return "2019"
    if scores["2021"] > scores["2019"]:
        return "2021"
    if year is not None:
        return "2019" if year <= 2020 else "2021"
    return None
