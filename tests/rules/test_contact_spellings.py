"""Contact details as real reports write them, and the verdict each must get.

The sentences are copied from published reports (the project's corpus of
平潭 and 息烽 reports, and spellings common in other published reports); the
single values cover the ways numbers, postcodes, e-mail and web addresses are
printed — and misprinted.
"""

from __future__ import annotations

import pytest

from nianbao.rules.contact import (
    email_problem,
    parse_contact,
    phone_problem,
    postcode_problem,
    url_problem,
)
from tests.conftest import patched, run_rules

# -- whole sentences → what parse_contact reads -------------------------------------

SENTENCES = [
    (  # 息烽县鹿窝镇 2020
        "请与鹿窝镇人民政府联系(地址:贵州省息烽县鹿窝镇鹿龙村建文路13号,邮编:551104,电话:0851-87670018)。",
        {
            "address": "贵州省息烽县鹿窝镇鹿龙村建文路13号",
            "postcode": "551104",
            "phones": ["0851-87670018"],
        },
    ),
    (  # 平潭 管委会 2019
        "联系地址：平潭综合实验区北厝金井湾片区管委会大楼主楼14层；邮编：350400；电话：0591-23165250；电子邮箱：pzxxgkb@163.com",
        {
            "address": "平潭综合实验区北厝金井湾片区管委会大楼主楼14层",
            "postcode": "350400",
            "phones": ["0591-23165250"],
            "emails": ["pzxxgkb@163.com"],
        },
    ),
    (  # 平潭 管委会 2020: telephone and fax in one label
        "联系地址：平潭综合实验区北厝金井湾片区管委会大楼主楼14层；邮编：350400；电话/传真：0591-23165370；电子邮箱：pzxxgkb@163.com",
        {"phones": ["0591-23165370"], "emails": ["pzxxgkb@163.com"], "postcode": "350400"},
    ),
    (  # 海坛片区 2019: a space inside the label, fax not a phone
        "如对本报告有任何疑问，请与海坛片区管理局党政办公室联系，电 话：0591-23108001，传真：0591-23108001，电子邮箱：htpqzwgk@163.com",
        {
            "address": None,
            "postcode": None,
            "phones": ["0591-23108001"],
            "emails": ["htpqzwgk@163.com"],
        },
    ),
    (  # 金井片区 2020: no area code
        "（地址：平潭县北厝镇红山村加田下65号；邮编：350401；电话：23156157；传真：23156377）",
        {"address": "平潭县北厝镇红山村加田下65号", "postcode": "350401", "phones": ["23156157"]},
    ),
    (  # 财政金融局 2021: 联系地址 followed by a comma, 邮编 without colon, half-width ;:
        "(联系地址，平潭综合实验区北厝镇金井湾片区管委会大楼主楼6层，邮编350400;电话:0591-23163551;传真:0591-23100206)",
        {
            "address": "平潭综合实验区北厝镇金井湾片区管委会大楼主楼6层",
            "postcode": "350400",
            "phones": ["0591-23163551"],
        },
    ),
    (  # 苏平片区 2023: doubled brackets
        "请联系苏平片区管理局党政办公室（(地址：平潭综合实验区金井镇中山大道中段3号；邮编：350400；电话：0591-23159779；传真：0591-23159917））",
        {
            "address": "平潭综合实验区金井镇中山大道中段3号",
            "postcode": "350400",
            "phones": ["0591-23159779"],
        },
    ),
    (  # 市场监督管理局 2022: telephone only
        "对本报告如有疑问，请联系平潭综合实验区市场监督管理局办公室，联系电话：0591-23163598",
        {"address": None, "postcode": None, "phones": ["0591-23163598"], "emails": []},
    ),
    (  # 公安局 2019
        "如对本报告有任何疑问，请联系：平潭综合实验区公安局政府信息公开办公室，电话：0591-62561118，电子邮箱：ptgazfxxgk@163.com",
        {"phones": ["0591-62561118"], "emails": ["ptgazfxxgk@163.com"]},
    ),
    (  # full-width digits and an extension
        "联系电话：（０８５１）８７６７００１８转８０１；通讯地址：某县府路27号2号楼",
        {"phones": ["(0851)87670018转801"], "address": "某县府路27号2号楼"},
    ),
    (  # two numbers, the second without its area code; a mobile
        "咨询电话：0851-87670018、87670019，手机：139 8501 2345",
        {"phones": ["0851-87670018", "0851-87670019", "139 8501 2345"]},
    ),
    (  # e-mail label in English, web address with a malformed scheme
        "E-mail：xxgk@example.gov.cn；网址：http//www.example.gov.cn",
        {"emails": ["xxgk@example.gov.cn"], "urls": ["http//www.example.gov.cn"]},
    ),
    (  # a malformed e-mail is kept so that C005 can name it
        "电子邮箱：xxgk@163，邮政编码：55110",
        {"emails": ["xxgk@163"], "postcode": "55110"},
    ),
    (  # office hours are not a phone number
        "咨询电话：0851-87721549（工作日9:00-17:00）",
        {"phones": ["0851-87721549"]},
    ),
    (  # 办公地址 in a list of words is not an address
        "主动公开机关职能、机构设置、办公地址、办公时间、联系方式等信息",
        {"address": None, "phones": []},
    ),
    (  # a download statement: the URL, not a phone
        "本报告的电子版可在“中国平潭”政府门户网站（http://www.pingtan.gov.cn/）下载。",
        {"urls": ["http://www.pingtan.gov.cn/"], "phones": []},
    ),
]


@pytest.mark.parametrize(("text", "expected"), SENTENCES, ids=[s[0][:24] for s in SENTENCES])
def test_parse_contact_reads_real_sentences(text, expected):
    got = parse_contact(text)
    assert set(got) == {"address", "postcode", "phones", "emails", "urls"}
    for key, value in expected.items():
        assert got[key] == value, key


# -- single values → verdict (None = can be dialled / mailed / opened) -----------------

PHONES = [
    ("0851-87670018", None),
    ("0591-23165370", None),
    ("(0851)87670018", None),
    ("（0851）87670018", None),
    ("0851 8767 0018", None),
    ("０８５１－８７６７００１８", None),
    ("0851-87670018转801", None),
    ("0591-23165370-801", None),
    ("0851-87670018 分机 12", None),
    ("010-65123456", None),
    ("021-63211234", None),
    ("0851-8767001", None),  # 4-digit area code + 7 digits
    ("13985012345", None),
    ("139 8501 2345", None),
    ("+86 139 8501 2345", None),
    ("400-812-3123", None),
    ("12345", None),
    ("0851-12345", None),
    ("23156157", "area_code"),
    ("87670018", "area_code"),
    ("010-6512345", "landline"),  # Beijing numbers have 8 digits
    ("0851-877212", "landline"),
    ("0851-07670018", "landline"),
    ("1398501234", "mobile"),
    ("12985012345", "mobile"),
    ("0851-8767OO18", "characters"),
    ("", "empty"),
]
POSTCODES = [
    ("551104", None),
    ("350400", None),
    ("100010", None),
    ("５５１１００", None),
    ("55110", "digits"),
    ("5511040", "digits"),
    ("55l104", "digits"),
    ("950400", "range"),
    ("000000", "range"),
]
EMAILS = [
    ("pzxxgkb@163.com", None),
    ("zrzyj_xxgk@163.com", None),
    ("xxgk@example.gov.cn", None),
    ("XXGK@QQ.COM", None),
    ("xxgk@163", "form"),
    ("xxgk@163.", "form"),
    ("xx..gk@163.com", "form"),
    ("xxgk@163..com", "form"),
    ("xxgk#163.com", "at"),
    ("xx@gk@163.com", "at"),
    ("xxgk@163,com", "form"),
]
URLS = [
    ("http://www.pingtan.gov.cn/", None),
    ("https://www.pingtan.gov.cn/zwgk/zfxxgk/", None),
    ("www.pingtan.gov.cn", None),
    ("http://www.xifeng.gov.cn/jgsz/xzjdbsc/lwz_5707832/", None),
    ("http://127.0.0.1:8080/nb", None),
    ("http//www.example.gov.cn", "scheme"),
    ("http:/www.example.gov.cn", "scheme"),
    ("htttp://www.example.gov.cn", "scheme"),
    ("ftp://www.example.gov.cn", "scheme"),
    ("http://www", "host"),
    ("http://www.example.gov.cn /nb", "space"),
]


@pytest.mark.parametrize(("value", "problem"), PHONES)
def test_phone_verdicts(value, problem):
    assert phone_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), POSTCODES)
def test_postcode_verdicts(value, problem):
    assert postcode_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), EMAILS)
def test_email_verdicts(value, problem):
    assert email_problem(value) == problem


@pytest.mark.parametrize(("value", "problem"), URLS)
def test_url_verdicts(value, problem):
    assert url_problem(value) == problem


def test_the_table_is_large_enough():
    """The issue asks for at least 30 real-world spellings of phones, postcodes and e-mails."""
    assert len(PHONES) + len(POSTCODES) + len(EMAILS) >= 30


# -- contact sentences in a report → the C findings ---------------------------------------

REPORTS = [
    (
        "请与鹿窝镇人民政府联系(地址:贵州省息烽县鹿窝镇鹿龙村建文路13号,邮编:551104,电话:0851-87670018)。",
        [],
    ),
    (
        "请与海坛片区管理局党政办公室联系，电 话：0591-23108001，传真：0591-23108001，电子邮箱：htpqzwgk@163.com",
        ["C002", "C003"],
    ),
    (
        "（地址：平潭县北厝镇红山村加田下65号；邮编：350401；电话：23156157；传真：23156377）",
        ["C004"],
    ),
    ("请联系平潭综合实验区市场监督管理局办公室，联系电话：0591-23163598", ["C002", "C003"]),
    ("对报告有疑问或意见建议，可通过中国平潭政府信息公开意见箱反映。", ["C001"]),
    ("（地址：某县人民路88号，邮编：551100，电话：0851-87721234，电子邮箱：xxgk@163）", ["C005"]),
]


@pytest.mark.parametrize(("sentence", "rules"), REPORTS, ids=[r[0][:20] for r in REPORTS])
def test_contact_rules_on_real_sentences(checker, sentence, rules):
    report = patched("clean-2021", {"/contact": None})
    report["preamble"] = (
        "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。"
        "本报告电子版可在某县人民政府门户网站（http://www.example.gov.cn/）下载。" + sentence
    )
    findings = run_rules(checker, report, ["C"])
    assert sorted({f.rule for f in findings}) == rules
