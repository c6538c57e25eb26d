"""The seed page copied as text, and the denser crawls of real pages."""

from __future__ import annotations

import pytest

from tests.conftest import FIXTURES, cli
from tests.readers.helpers import CORPUS, READERS, cell_differences, finding_keys, load

SEED = READERS / "luwo-2020.txt"
SEED_JSON = READERS / "luwo-2020.json"
# The page prints 14 numbers for the 15 cells of 表四, so 表四 is read as blank and said so.
REVIEWS_UNSPLITTABLE = ("T003", "/tables/reviews", "warning")


def test_seed_reads_into_its_hand_made_model(checker):
    got = checker.read(str(SEED)).report
    want = load(SEED_JSON)
    assert cell_differences(got, want) == []
    for key in (
        "edition",
        "title",
        "year",
        "agency",
        "published",
        "preamble",
        "parts",
        "signature",
    ):
        assert got[key] == want[key], key


def test_seed_gives_the_findings_of_its_hand_made_model(checker):
    from_text = checker.check_file(str(SEED))
    from_json = checker.check_file(str(SEED_JSON))
    # the same findings: 表四 blank is one T003 at /tables/reviews either way
    assert finding_keys(from_text) == finding_keys(from_json)
    assert REVIEWS_UNSPLITTABLE in finding_keys(from_text)
    unsplit = next(f for f in from_text.findings if f.pointer == "/tables/reviews")
    assert unsplit.values["cells"] == 15 and unsplit.line == 576


def test_seed_findings_point_at_the_line(checker):
    code, out, _ = cli("check", "--select", "T202", str(SEED))
    assert code == 0
    assert f"{SEED}:54 T202" in out


def test_seed_provenance_names_line_and_text(checker):
    prov = checker.read(str(SEED)).report["provenance"]
    assert prov["/published"] == {"line": 3, "text": "发布时间: 2021-01-20"}
    assert prov["/tables/proactive/normative_documents/made"] == {"line": 52, "text": "242"}
    assert prov["/tables/proactive/normative_documents/published"] == {"line": 54, "text": "14"}
    assert prov["/signature/date"] == {"line": 615, "text": "2021年1月20日"}
    assert prov["/parts/4/heading"]["line"] == 605


@pytest.mark.parametrize("raw", sorted(CORPUS.glob("*.raw.txt")), ids=lambda p: p.name)
def test_crawled_text_matches_its_transcription(checker, raw):
    """Every cell equals the transcription, or its row carries a finding saying why it is blank."""
    truth_path = raw.with_name(raw.name.replace(".raw.txt", ".json"))
    source = checker.read(str(raw))
    said = {v.pointer for rule, v in source.findings if rule == "T003"}
    if not truth_path.exists():
        pytest.skip("no transcription (the table layout fits no edition)")
    truth = load(truth_path)
    wrong = [
        d
        for d in cell_differences(source.report, truth)
        if not (": extracted None," in d and any(d.startswith(p + "/") for p in said))
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("name", "rule", "pointer", "variant"),
    [
        ("002", "T003", "/tables/proactive/normative_documents", "ambiguous"),
        ("002", "T003", "/tables/applications/new_received", "inferred"),
        ("011", "T003", "/tables/applications/carried_forward", "unsplittable"),
        ("027", "T003", "/tables/applications/new_received", "unsplittable"),
        ("004", "T003", "/tables/proactive/procurement", "ambiguous"),
        ("010", "T002", "/tables/applications/（六）其他处理", "extra"),
        ("010", "T002", "/tables/proactive/规范性文件", "extra"),
        ("030", "T002", "/tables/proactive/规范性文件", "extra"),
    ],
)
def test_what_cannot_be_read_for_sure_is_said(checker, name, rule, pointer, variant):
    findings = checker.read(str(CORPUS / f"{name}.raw.txt")).findings
    assert (rule, pointer, variant) in [(r, v.pointer, v.message) for r, v in findings]


def test_a_row_of_the_other_edition_is_reported_where_it_stands(checker):
    result = checker.check_file(str(CORPUS / "010.raw.txt"))
    keys = finding_keys(result)
    assert ("T002", "/tables/applications/（六）其他处理", "error") in keys
    assert ("T002", "/tables/applications/results/other", "error") in keys
    assert ("T002", "/tables/proactive/regulations", "error") in keys
    extra = next(f for f in result.findings if f.pointer == "/tables/applications/（六）其他处理")
    assert extra.line == 10 and "（六）其他处理" in extra.message


def test_inferred_split_is_kept_and_said(checker):
    report = checker.read(str(CORPUS / "002.raw.txt")).report
    assert report["tables"]["applications"]["new_received"]["natural_person"] == 71
    assert report["tables"]["applications"]["new_received"]["commercial"] == 3


def test_page_metadata_of_a_crawl(checker):
    report = checker.read(str(CORPUS / "008.raw.txt")).report
    assert report["published"] == "2022-01-25"
    assert report["signature"] == {"name": "平潭综合实验区君山片区管理局", "date": "2022-01-07"}
    assert report["year"] == 2021
    assert (
        "Normal" not in report["preamble"] and "MsoNormalTable" not in report["parts"][-1]["text"]
    )
    assert [p["number"] for p in report["parts"]] == [1, 2, 3, 4, 5, 6]


def test_extract_writes_the_model(tmp_path):
    out = tmp_path / "report.json"
    code, _, err = cli("extract", str(SEED), "-o", str(out))
    assert code == 0
    assert f"{SEED}:576 T003" in err
    assert load(out)["tables"]["proactive"]["normative_documents"]["made"] == 242


def test_published_flag_overrides_the_page_and_its_provenance(tmp_path):
    out = tmp_path / "r.json"
    code, _, _ = cli("extract", "--published", "2021-02-01", str(SEED), "-o", str(out))
    report = load(out)
    assert code == 0 and report["published"] == "2021-02-01"
    assert report["provenance"]["/published"] == {"text": "--published 2021-02-01"}


def test_heading_printed_without_its_comma_is_still_part_one(checker):
    """Corpus 007 prints "一总体情况" glued to the preamble: a heading variant (S003), not a missing part."""
    result = checker.check_file(str(FIXTURES / "corpus" / "007.raw.txt"))
    source = checker.read(str(FIXTURES / "corpus" / "007.raw.txt"))
    assert [p["number"] for p in source.report["parts"]] == [1, 2, 3, 4, 5, 6]
    assert source.report["parts"][0]["heading"] == "一总体情况"
    rules = {f.rule for f in result.findings}
    assert "S001" not in rules and "S003" in rules
