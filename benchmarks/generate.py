"""Write N realistic synthetic annual reports (both editions) for benchmarks and scale tests.

Each agency gets a run of consecutive report years, so the corpus rules have
pairs to compare: this year's 上年结转 is last year's 结转下年度继续办理, 现行有效件数
rolls forward, and the prose of every part is composed afresh each year from
banks of the sentences real reports use (names, numbers and dates filled in).
Tables are internally consistent (every identity of FORMAT-SPEC.md §5 holds) and
the text quotes the table's own figures.

A known share of reports (``--faults``, default 0.1) gets one injected fault; the
kinds and the files they went into are written to ``OUT_DIR/faults.json`` (the
reports go to ``OUT_DIR/reports/``), so a run can be compared with what was planted::

    python benchmarks/generate.py OUT_DIR -n 2000 [--seed 1] [--faults 0.1] [--documents 100]

``--documents K`` also renders K reports as ``.txt`` and K as ``.html`` under
``OUT_DIR/documents/`` (for timing text and HTML extraction).
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

COLUMNS = ("natural_person", "commercial", "research", "social_welfare", "legal_services", "other")
WITHHELD = (
    "state_secret",
    "prohibited_by_law",
    "security_stability",
    "third_party_rights",
    "internal_affairs",
    "process_information",
    "enforcement_files",
    "administrative_query",
)
UNAVAILABLE = ("not_held", "needs_creation", "unclear_after_correction")
NOT_PROCESSED = ("complaint", "repeated", "publication", "excessive", "confirmation")
OTHER_2021 = ("overdue_correction", "overdue_fee", "other")
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
FAULTS = ("T301", "T303", "T003", "S005", "M003", "X001", "X003", "X004")

PROVINCES = [
    "贵州省",
    "福建省",
    "浙江省",
    "四川省",
    "河南省",
    "湖南省",
    "江西省",
    "山东省",
    "云南省",
]
SYLLABLES = list(
    "安宁平康泰丰兴华盛昌隆永和清阳山河川江湖溪源桥林松柏云霞东西南北中新青白金石长乐福寿顺德崇仁礼义明光"
)
DEPARTMENTS = [
    "教育局",
    "财政局",
    "自然资源局",
    "卫生健康局",
    "市场监督管理局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "农业农村局",
    "水利局",
    "文化广电旅游局",
    "人力资源和社会保障局",
    "民政局",
    "司法局",
    "审计局",
    "统计局",
    "应急管理局",
    "医疗保障局",
    "退役军人事务局",
    "林业局",
    "商务局",
    "发展和改革局",
]

# -- sentence grammar -----------------------------------------------------------
# Each sentence is opener + action + object + effect, drawn per sentence, so two
# agencies' parts share phrases (as real reports do) but almost never a whole part.
# {a}: the agency's self-reference (我局, 我镇 …); {y}: report year; {p}: previous
# year; {n}/{m}: numbers.

OPENERS = [
    "{y}年，{a}",
    "围绕中心工作，{a}",
    "按照上级工作部署，{a}",
    "结合本地实际，{a}",
    "针对群众关注的热点问题，{a}",
    "坚持以公开为常态、不公开为例外，{a}",
    "为进一步提高透明度，{a}",
    "对照年度工作要点，{a}",
    "今年以来，{a}",
    "在上级部门指导下，{a}",
    "",
]
EFFECTS = [
    "，取得了较好成效。",
    "，进一步提升了公开质量。",
    "，群众满意度明显提高。",
    "，工作规范化水平持续提升。",
    "，有效保障了群众的知情权、参与权和监督权。",
    "，推动各项工作落到实处。",
    "，得到社会各界的广泛认可。",
    "。",
    "，切实增强了工作实效。",
    "，为经济社会发展营造了良好环境。",
]
TOPICS = {
    "proactive": (
        [
            "主动公开",
            "集中发布",
            "及时更新",
            "规范发布",
            "分类公开",
            "动态调整",
            "重点公开",
            "全面梳理",
            "逐项核对",
            "持续完善",
        ],
        [
            "政府信息{n}条",
            "政策文件{m}件",
            "财政预决算信息",
            "重大项目建设信息",
            "乡村振兴领域信息",
            "社会救助信息",
            "权责清单和公共服务事项清单",
            "行政规范性文件目录",
            "政策解读材料{m}篇",
            "公共资源配置信息",
            "重要决策征求意见稿{m}份",
            "民生实事项目进展情况",
        ],
    ),
    "application": (
        [
            "严格执行",
            "进一步规范",
            "认真落实",
            "不断完善",
            "全面梳理",
            "优化调整",
            "细化明确",
            "持续改进",
            "从严把握",
            "统一规范",
        ],
        [
            "依申请公开受理、登记、办理、答复流程",
            "答复文书格式和说理要求",
            "补正告知程序",
            "网上申请、信函申请和当面申请渠道",
            "疑难申请会商机制",
            "依申请公开台账和时限督办机制",
            "与申请人的沟通协调机制",
            "答复前的合法性审查程序",
            "申请登记和回执制度",
            "申请办理的法律顾问参与机制",
        ],
    ),
    "management": (
        [
            "严格落实",
            "建立健全",
            "定期开展",
            "认真执行",
            "规范实施",
            "扎实推进",
            "切实加强",
            "全面推行",
            "逐步完善",
            "持续强化",
        ],
        [
            "公开前保密审查制度",
            "公开属性源头认定机制",
            "已公开信息清理工作",
            "信息发布审核机制",
            "行政规范性文件清理工作",
            "政府信息公开指南和目录更新",
            "个人信息保护措施",
            "信息发布三审三校制度",
            "过期失效信息标注工作",
            "公文公开属性审核工作",
        ],
    ),
    "platform": (
        [
            "持续加强",
            "不断优化",
            "稳步推进",
            "积极拓展",
            "全面提升",
            "着力加强",
            "用好用活",
            "规范管理",
            "统筹建设",
            "升级改造",
        ],
        [
            "政府网站信息公开专栏",
            "政务新媒体矩阵",
            "政务公开专区",
            "网站集约化平台",
            "政务服务大厅信息查阅点",
            "微信公众号发布渠道",
            "网站安全防护体系",
            "在线访谈和意见征集栏目",
            "政策文件库",
            "办事服务一网通办入口",
        ],
    ),
    "oversight": (
        [
            "将",
            "坚持把",
            "进一步把",
            "及时将",
            "严格把",
            "统筹把",
            "认真把",
            "持续把",
            "切实把",
            "始终把",
        ],
        [
            "政务公开工作纳入年度绩效考核",
            "政务公开业务培训纳入年度培训计划",
            "社会评议结果作为改进工作的重要依据",
            "自查整改纳入日常管理",
            "责任追究制度落到实处",
            "第三方评估意见纳入整改清单",
            "群众意见建议纳入工作台账",
            "监督检查情况向社会通报",
            "工作考核结果与评先评优挂钩",
            "政务公开工作列入领导班子议事日程",
        ],
    ),
    "problem": (
        [
            "仍存在",
            "还存在",
            "尚存在",
            "依然存在",
            "一定程度上存在",
            "个别方面存在",
            "部分环节存在",
            "客观上存在",
        ],
        [
            "政策解读形式不够丰富的问题",
            "栏目信息更新不够及时的问题",
            "工作人员业务能力参差不齐的问题",
            "答复规范化水平不高的问题",
            "政务新媒体互动回应不足的问题",
            "基层标准化规范化建设不平衡的问题",
            "公开深度和广度不够的问题",
            "信息发布审核把关不严的问题",
            "公开内容与群众需求结合不紧的问题",
            "数据开放程度不高的问题",
        ],
    ),
    "measure": (
        ["下一步将", "今后将", "我们将", "将进一步", "计划", "着力", "重点", "持续"],
        [
            "丰富解读形式，综合运用图解、视频等方式",
            "建立栏目巡查机制，明确专人负责",
            "加大业务培训力度，每年组织{m}次专题培训",
            "规范答复文书，严格把握答复时限",
            "强化政务新媒体管理，及时回应关切",
            "细化公开事项目录，推进标准化规范化建设",
            "聚焦重点领域，拓展公开的深度和广度",
            "健全审核机制，落实三审三校",
            "加强数据开放，提升数据利用水平",
            "完善考核评议，压实工作责任",
        ],
    ),
    "other": (
        [
            "认真办理",
            "统筹推进",
            "依法公开",
            "积极探索",
            "全面落实",
            "扎实开展",
            "组织开展",
            "稳步推进",
        ],
        [
            "人大代表建议{m}件和政协提案{m}件并公开办理结果",
            "上级年度政务公开工作要点各项任务",
            "政府开放日活动{m}次",
            "政务公开进社区活动{m}次",
            "基层政务公开标准目录编制工作",
            "政务公开示范点建设",
            "政策“进村入户”宣讲活动{m}场",
            "重大决策预公开工作",
        ],
    ),
}
RECTIFY = [
    "针对{p}年度报告中提出的问题，{a}逐项制定整改措施，目前均已整改落实。",
    "对照上年度年报指出的问题，{a}已完成整改，建立了长效机制。",
    "上一年度报告反映的问题，已通过明确专人负责、加强培训等方式整改到位。",
    "{p}年度报告中提出的整改任务，{a}已按期完成。",
]
FEES = [
    "本年度{a}未收取信息处理费。",
    "根据《政府信息公开信息处理费管理办法》，本年度未发出收费通知，未收取信息处理费。",
]


class Agency:
    def __init__(self, rng: random.Random, index: int) -> None:
        self.province = rng.choice(PROVINCES)
        city = "".join(rng.sample(SYLLABLES, 2)) + "市"
        county = "".join(rng.sample(SYLLABLES, 2)) + rng.choice(["县", "区"])
        self.region = f"{self.province}{city}{county}"
        roll = rng.random()
        if roll < 0.45:
            self.kind = "department"
            dept = DEPARTMENTS[index % len(DEPARTMENTS)]
            self.name = f"{county}{dept}"
            self.short = "我" + dept[-1]
        elif roll < 0.85:
            self.kind = "township"
            town = "".join(rng.sample(SYLLABLES, 2)) + rng.choice(["镇", "乡"])
            self.name = f"{town}人民政府"
            self.region += town
            self.short = "我" + town[-1]
        else:
            self.kind = "government"
            self.name = f"{county}人民政府"
            self.short = "本级政府"
        self.phone = f"0{rng.randint(851, 899)}-{rng.randint(2000000, 8999999)}"
        self.postcode = f"{rng.randint(510000, 569999)}"
        self.address = (
            f"{self.region}{rng.choice(SYLLABLES)}{rng.choice(SYLLABLES)}路{rng.randint(1, 199)}号"
        )
        self.site = f"http://www.a{index}.gov.cn"
        self.scale = rng.choice([0, 1, 2, 5, 10, 30, 120])


def _fill(rng: random.Random, tpl: str, ag: Agency, year: int, n: int = 0) -> str:
    return tpl.format(
        a=ag.short,
        name=ag.name,
        y=year,
        p=year - 1,
        n=n or rng.randint(20, 3000),
        m=rng.randint(1, 60),
    )


SPECIFICS = [
    "工程",
    "行动",
    "专栏",
    "项目",
    "计划",
    "平台",
    "示范点",
    "服务站",
    "工作法",
    "专项整治",
]
PLACES = ["村", "社区", "园区", "街区", "片区", "中心", "小区", "示范区"]


def _specific(rng: random.Random) -> str:
    """What real reports name and templates do not: a programme, a place, a project."""
    name = "".join(rng.choices(SYLLABLES, k=2))
    where = "".join(rng.choices(SYLLABLES, k=2)) + rng.choice(PLACES)
    return rng.choice(
        [
            f"结合“{name}{rng.choice(SPECIFICS)}”，",
            f"在{where}试点基础上，",
            f"依托{name}{rng.choice(SPECIFICS)}，",
            f"以{where}为重点，",
            "",
        ]
    )


def _say(rng: random.Random, topic: str, k: int, ag: Agency, year: int) -> str:
    """``k`` sentences on ``topic`` from the grammar, most naming something specific."""
    actions, objects = TOPICS[topic]
    out = []
    for _ in range(k):
        sentence = (
            rng.choice(OPENERS)
            + _specific(rng)
            + rng.choice(actions)
            + rng.choice(objects)
            + rng.choice(EFFECTS)
        )
        out.append(_fill(rng, sentence, ag, year))
    return "".join(out)


def _row(values: dict[str, int]) -> dict[str, int]:
    row = {c: values.get(c, 0) for c in COLUMNS}
    row["total"] = sum(row.values())
    return row


def _split(rng: random.Random, total: int) -> dict[str, int]:
    """Spread ``total`` applications over applicant columns (mostly natural persons)."""
    out = dict.fromkeys(COLUMNS, 0)
    for _ in range(total):
        r = rng.random()
        col = "natural_person" if r < 0.8 else rng.choice(COLUMNS[1:])
        out[col] += 1
    return out


def _results(rng: random.Random, handled: dict[str, int], edition: str) -> dict[str, Any]:
    """Distribute each column's handled applications over the result rows."""
    rows: dict[str, dict[str, int]] = {}
    names = (
        ["granted", "partially_granted"]
        + [f"withheld/{k}" for k in WITHHELD]
        + [f"unavailable/{k}" for k in UNAVAILABLE]
        + [f"not_processed/{k}" for k in NOT_PROCESSED]
        + ([f"other/{k}" for k in OTHER_2021] if edition == "2021" else ["other"])
    )
    weights = (
        [50, 10]
        + [1] * 8
        + [15, 3, 2]
        + [2, 3, 1, 1, 1]
        + ([2, 1, 3] if edition == "2021" else [5])
    )
    for name in names:
        rows[name] = dict.fromkeys(COLUMNS, 0)
    for col in COLUMNS:
        for _ in range(handled[col]):
            rows[rng.choices(names, weights)[0]][col] += 1
    results: dict[str, Any] = {}
    for name, vals in rows.items():
        group, _, key = name.partition("/")
        if key:
            results.setdefault(group, {})[key] = _row(vals)
        else:
            results[group] = _row(vals)
    results["total"] = _row(handled)
    return results


def _tables(
    rng: random.Random, ag: Agency, year: int, edition: str, carried: dict[str, int], state: dict
) -> dict:
    new = _split(rng, rng.randint(0, ag.scale))
    available = {c: new[c] + carried[c] for c in COLUMNS}
    forward = {c: rng.randint(0, available[c]) if rng.random() < 0.15 else 0 for c in COLUMNS}
    handled = {c: available[c] - forward[c] for c in COLUMNS}
    applications = {
        "new_received": _row(new),
        "carried_over": _row(carried),
        "results": _results(rng, handled, edition),
        "carried_forward": _row(forward),
    }
    reviews = {}
    for group in REVIEW_GROUPS:
        outcome = {
            k: (rng.randint(0, 3) if rng.random() < 0.2 else 0)
            for k in ("upheld", "corrected", "other", "pending")
        }
        outcome["total"] = sum(outcome.values())
        reviews[group] = outcome
    if edition == "2021":
        proactive: dict[str, Any] = {}
        for key in ("regulations", "normative_documents"):
            before = state.get(key, rng.randint(0, 40) if key == "normative_documents" else 0)
            issued = rng.randint(0, 8) if key == "normative_documents" else 0
            repealed = rng.randint(0, min(before, 3))
            in_force = before + issued - repealed
            state[key] = in_force
            proactive[key] = {"issued": issued, "repealed": repealed, "in_force": in_force}
        for key in ("licensing", "punishment", "coercion"):
            proactive[key] = {"decisions": rng.randint(0, 400)}
        proactive["fees"] = {"amount": round(rng.random() * 50, 2) if rng.random() < 0.3 else 0}
    else:
        made = rng.randint(0, 8)
        proactive = {
            "regulations": {"made": 0, "published": 0, "total_published": 0},
            "normative_documents": {
                "made": made,
                "published": made,
                "total_published": made + rng.randint(0, 50),
            },
        }
        for key in ("licensing", "other_services", "punishment", "coercion"):
            proactive[key] = {
                "previous": rng.randint(0, 300),
                "change": rng.randint(-5, 5),
                "decisions": rng.randint(0, 400),
            }
        proactive["fees"] = {"previous": rng.randint(0, 20), "change": rng.randint(-2, 2)}
        proactive["procurement"] = {
            "projects": rng.randint(0, 30),
            "amount": round(rng.random() * 500, 2),
        }
    return {"proactive": proactive, "applications": applications, "reviews": reviews}, forward


def _parts(rng: random.Random, ag: Agency, year: int, edition: str, tables: dict) -> list[dict]:
    received = tables["applications"]["new_received"]["total"]
    asked = (
        f"{year}年，{ag.short}共收到政府信息公开申请{received}件。"
        if received
        else f"{year}年，{ag.short}未收到政府信息公开申请。"
    )
    one = "".join(
        [
            f"（一）主动公开政府信息情况。{_say(rng, 'proactive', rng.randint(2, 4), ag, year)}",
            f"（二）依申请公开情况。{asked}{_say(rng, 'application', rng.randint(1, 3), ag, year)}",
            f"（三）政府信息管理情况。{_say(rng, 'management', rng.randint(1, 3), ag, year)}",
            f"（四）政府信息公开平台建设情况。{_say(rng, 'platform', rng.randint(1, 3), ag, year)}",
            f"（五）监督保障情况。{_say(rng, 'oversight', rng.randint(1, 3), ag, year)}",
        ]
    )
    five = (
        f"（一）上年度问题整改情况。{_fill(rng, rng.choice(RECTIFY), ag, year)}"
        f"（二）存在的主要问题。{_say(rng, 'problem', rng.randint(2, 4), ag, year)}"
        f"（三）改进措施。{_say(rng, 'measure', rng.randint(2, 4), ag, year)}"
    )
    other = tables["applications"]["results"]["other"]
    unpaid = other.get("overdue_fee", {}).get("total", 0) if "total" not in other else 0
    fees = (
        f"本年度发出收费通知{unpaid}件，申请人均未缴费，实际收取信息处理费0元。"
        if unpaid
        else _fill(rng, rng.choice(FEES), ag, year)
    )
    six = fees + _say(rng, "other", rng.randint(1, 3), ag, year)
    headings = [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "六、其他需要报告的事项",
    ]
    texts = [one, "", "", "", five, six]
    return [
        {"number": i + 1, "heading": h, "text": t}
        for i, (h, t) in enumerate(zip(headings, texts, strict=True))
    ]


def _report(
    rng: random.Random, ag: Agency, year: int, carried: dict[str, int], state: dict
) -> tuple[dict, dict]:
    edition = "2021" if year >= 2021 else "2019"
    tables, forward = _tables(rng, ag, year, edition, carried, state)
    deadline_month = 3 if ag.kind == "government" else 1
    published = f"{year + 1}-{deadline_month:02d}-{rng.randint(5, 28):02d}"
    report = {
        "edition": edition,
        "title": f"{ag.name}{year}年政府信息公开工作年度报告",
        "year": year,
        "agency": {"name": ag.name, "region": ag.region, "kind": ag.kind},
        "published": published,
        "preamble": (
            f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息与政务公开办公室关于年度报告格式的要求编制。"
            f"本报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
            f"本报告电子版可在{ag.site}下载。"
            f"如对本报告有任何疑问，请与{ag.name}联系（地址：{ag.address}，邮编：{ag.postcode}，电话：{ag.phone}）。"
        ),
        "contact": {
            "address": ag.address,
            "postcode": ag.postcode,
            "phones": [ag.phone],
            "emails": [],
            "urls": [ag.site],
        },
        "parts": _parts(rng, ag, year, edition, tables),
        "tables": tables,
        "signature": {"name": ag.name, "date": published},
    }
    return report, forward


def _inject(
    rng: random.Random, kind: str, report: dict, prev: dict | None, peer: dict | None
) -> bool:
    """Plant one fault of ``kind``; False if the report has no partner it needs."""
    apps = report["tables"]["applications"]
    if kind == "T301":
        apps["new_received"]["natural_person"] += 3
        apps["new_received"]["total"] += 3
    elif kind == "T303":
        apps["results"]["granted"]["total"] += 1
        apps["results"]["total"]["total"] += 1
    elif kind == "T003":
        apps["results"]["granted"]["research"] = None
    elif kind == "S005":
        report["parts"][0]["text"] = report["parts"][0]["text"].replace(
            "。", "，共发布信息XX条。", 1
        )
    elif kind == "M003":
        report["published"] = f"{report['year'] + 1}-06-30"
        report["signature"]["date"] = report["published"]
    elif kind == "X001":
        if prev is None:
            return False
        apps["carried_over"]["natural_person"] += 2
        apps["carried_over"]["total"] += 2
        apps["results"]["granted"]["natural_person"] += 2
        apps["results"]["granted"]["total"] += 2
        apps["results"]["total"]["natural_person"] += 2
        apps["results"]["total"]["total"] += 2
    elif kind == "X003":
        if prev is None:
            return False
        report["parts"][0]["text"] = prev["parts"][0]["text"].replace(
            str(prev["year"]), str(report["year"])
        )
    elif kind == "X004":
        if peer is None:
            return False
        name = peer["agency"]["name"]
        report["parts"][4]["text"] = peer["parts"][4]["text"].replace(
            name, report["agency"]["name"]
        )
    return True


def reports(n: int, seed: int = 1, faults: float = 0.1) -> Iterator[tuple[str, dict, str | None]]:
    """``(file name, report, injected fault or None)`` for ``n`` reports, deterministic in ``seed``."""
    rng = random.Random(seed)
    made = 0
    index = 0
    by_year: dict[int, dict] = {}  # the latest report of each year: the peer X004 copies from
    while made < n:
        ag = Agency(rng, index)
        first = rng.randint(2019, 2023)
        years = range(first, min(2024, first + rng.randint(1, 4)) + 1)
        carried = dict.fromkeys(COLUMNS, 0)
        state: dict = {}
        prev = None
        for year in years:
            if made >= n:
                break
            report, forward = _report(rng, ag, year, carried, state)
            carried = forward
            fault = None
            if rng.random() < faults:
                kind = rng.choice(FAULTS)
                clean = copy.deepcopy(report)
                if _inject(rng, kind, report, prev, by_year.get(year)):
                    fault = kind
                else:
                    report = clean
            yield f"{index:06d}-{year}.json", report, fault
            by_year[year] = report
            prev = report
            made += 1
        index += 1


def render_text(report: dict) -> str:
    """A report as a web page's text reads: headings, paragraphs, one table cell a line."""
    lines = [report["title"], "", report["preamble"], ""]
    for part in report["parts"]:
        lines += [part["heading"], ""]
        if part["text"]:
            lines += [part["text"], ""]
        if part["number"] in (2, 3, 4):
            for row_label, cells in _table_rows(report, part["number"]):
                lines += [row_label, *[("" if v is None else str(v)) for v in cells]]
            lines.append("")
    sig = report["signature"]
    lines += [sig["name"], sig["date"].replace("-", "年", 1).replace("-", "月") + "日"]
    return "\n".join(lines) + "\n"


def render_html(report: dict) -> str:
    """The same report as an HTML page with real tables."""
    out = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{html.escape(report['title'])}</title></head><body>",
        f"<h1>{html.escape(report['title'])}</h1><p>{html.escape(report['preamble'])}</p>",
    ]
    for part in report["parts"]:
        out.append(f"<h2>{html.escape(part['heading'])}</h2>")
        if part["text"]:
            out.append(f"<p>{html.escape(part['text'])}</p>")
        if part["number"] in (2, 3, 4):
            out.append("<table border='1'>")
            for row_label, cells in _table_rows(report, part["number"]):
                tds = "".join(f"<td>{'' if v is None else v}</td>" for v in cells)
                out.append(f"<tr><td>{html.escape(row_label)}</td>{tds}</tr>")
            out.append("</table>")
    sig = report["signature"]
    out.append(f"<p>{html.escape(sig['name'])}</p><p>{sig['date']}</p></body></html>")
    return "\n".join(out) + "\n"


_LABELS = {
    "regulations": "规章",
    "normative_documents": "行政规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "punishment": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
    "new_received": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partially_granted": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
    "review": "行政复议",
    "litigation_direct": "未经复议直接起诉",
    "litigation_after_review": "复议后起诉",
}


def _table_rows(report: dict, number: int) -> Iterator[tuple[str, list]]:
    tables = report["tables"]
    if number == 2:
        for key, row in tables["proactive"].items():
            if report["edition"] == "2019" and key == "normative_documents":
                yield "规范性文件", list(row.values())
            else:
                yield _LABELS[key], list(row.values())
    elif number == 3:
        apps = tables["applications"]
        for key in ("new_received", "carried_over"):
            yield _LABELS[key], list(apps[key].values())
        for key, row in apps["results"].items():
            if "natural_person" in row:
                yield _LABELS.get(key, key), list(row.values())
            else:
                for sub, cells in row.items():
                    yield sub, list(cells.values())
        yield _LABELS["carried_forward"], list(apps["carried_forward"].values())
    else:
        cells: list = []
        for group in REVIEW_GROUPS:
            cells += list(tables["reviews"][group].values())
        yield "行政复议、行政诉讼", cells


def generate(
    out: str | Path, n: int, seed: int = 1, faults: float = 0.1, documents: int = 0
) -> dict:
    """Write the reports (and ``faults.json``); return the manifest."""
    out = Path(out)
    folder = out / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, Any] = {"n": n, "seed": seed, "faults": faults, "injected": {}}
    docs = out / "documents"
    for i, (name, report, fault) in enumerate(reports(n, seed, faults)):
        (folder / name).write_text(json.dumps(report, ensure_ascii=False, indent=1), "utf-8")
        if fault:
            manifest["injected"][name] = fault
        if i < documents:
            docs.mkdir(exist_ok=True)
            stem = name.removesuffix(".json")
            (docs / f"{stem}.txt").write_text(render_text(report), "utf-8")
            (docs / f"{stem}.html").write_text(render_html(report), "utf-8")
    (out / "faults.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), "utf-8")
    return manifest


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", help="folder to write the reports into")
    ap.add_argument("-n", type=int, default=2000, help="number of reports (default 2000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--faults", type=float, default=0.1, help="share of reports with one planted fault"
    )
    ap.add_argument(
        "--documents", type=int, default=0, help="also render K reports as .txt and .html"
    )
    args = ap.parse_args()
    manifest = generate(args.out, args.n, args.seed, args.faults, args.documents)
    kinds: dict[str, int] = {}
    for kind in manifest["injected"].values():
        kinds[kind] = kinds.get(kind, 0) + 1
    print(
        f"wrote {args.n} reports to {args.out}/reports; faults planted: {dict(sorted(kinds.items()))}"
    )


if __name__ == "__main__":
    main()
