"""Document → report model: the one interpreter every reader's output goes through."""

from __future__ import annotations

import re
from typing import Any

from nianbao.core.document import Document, Extraction
from nianbao.core.findings import Violation
from nianbao.core.model import model
from nianbao.plugins.interpreter.flat import Flat
from nianbao.plugins.interpreter.labels import FINGERPRINT, TABLES, detect_edition
from nianbao.plugins.interpreter.metadata import (
    PART_TOPICS,
    YEAR_IN_TITLE,
    Layout,
    agency_from_title,
    agency_kind,
    clean,
    layout,
)
from nianbao.plugins.interpreter.tables import find_labels, read_tables

PERIOD = re.compile(r"(?:统计|数据)[^。]{0,20}?(\d{4})年\s*1月\s*1日")
CONTACT_SENTENCE = re.compile(r"[^。]*(?:联系|地址|电话|邮编|邮政编码|电子邮箱|邮箱|传真)[^。]*。?")
# Labels that open each table when its part heading is missing.
ANCHORS = {
    "proactive": re.compile(r"第二十条第?\(?一\)?项|信息内容"),
    "applications": re.compile(r"本列数据的?[勾钩]稽关系|申请人情况|本年新收(?:政府信息公开)?申请"),
    "reviews": re.compile(r"行政复议"),
}


def _contact_parser() -> Any:
    """The shared contact-sentence parser, if this build has it (nianbao.rules.contact)."""
    try:
        from nianbao.rules.contact import parse_contact
    except ImportError:
        return None
    return parse_contact


def _regions(flat: Flat, lay: Layout) -> dict[str, tuple[int, int]]:
    """Where each table is: the part it belongs to, or from its first label on."""
    regions: dict[str, tuple[int, int]] = {}
    for part in lay.parts:
        heading = flat.text[part.start : part.end]
        for topic in ("reviews", "applications", "proactive"):
            if PART_TOPICS[topic].search(heading) and topic not in regions:
                regions[topic] = (part.end, part.body_end)
                break
    starts = [p.start for p in lay.parts]
    found: dict[str, int] = {}
    cursor = lay.body_start
    for topic in ("proactive", "applications", "reviews"):
        if topic in regions:
            cursor = regions[topic][1]
            continue
        m = ANCHORS[topic].search(flat.text, cursor, lay.body_end)
        if m:
            found[topic] = m.start()
            cursor = m.end()
    begins = sorted(starts + list(found.values()) + [r[0] for r in regions.values()])
    for topic, start in found.items():
        end = next((s for s in begins if s > start), lay.body_end)
        regions[topic] = (start, end)
    return regions


def interpret(document: Document) -> Extraction:
    flat = Flat(document)
    lay = layout(flat)
    report: dict[str, Any] = {}
    prov: dict[str, dict[str, Any]] = {}
    findings: list[tuple[str, Violation]] = []

    def where(pos: int, text: str) -> dict[str, Any]:
        if pos < 0:
            return {"text": text}
        return flat.where(pos, text)

    # -- title and year ------------------------------------------------------------
    year: int | None = None
    title = lay.title
    if title:
        report["title"] = title[2]
        prov["/title"] = where(title[0], title[2])
        m = YEAR_IN_TITLE.search(title[2])
        if m:
            year = int(m.group(1))
            prov["/year"] = where(title[0], title[2])
    first_part = lay.parts[0].start if lay.parts else lay.body_end
    if year is None:
        m = PERIOD.search(flat.text, lay.body_start, lay.body_end)
        if m:
            year = int(m.group(1))
            prov["/year"] = where(m.start(), flat.printed(m.start(), m.end()))

    # -- edition and tables --------------------------------------------------------------
    regions = _regions(flat, lay)
    table_text = "".join(flat.text[a:b] for a, b in regions.values()) or flat.text
    edition = detect_edition(table_text, year) or "2021"
    marker = None
    for pattern in FINGERPRINT[edition]:
        marker = re.search(pattern, table_text)
        if marker:
            break
    report["edition"] = edition
    if marker:
        hit = re.search(re.escape(marker.group(0)), flat.text)
        prov["/edition"] = where(hit.start() if hit else -1, marker.group(0))
    report["year"] = year
    got = read_tables(flat, edition, model(edition), regions)
    findings += got.findings
    prov.update(got.provenance)

    # -- agency, published ---------------------------------------------------------------
    signature = dict(lay.signature) if lay.signature else None
    sig_where = signature.pop("_where", {}) if signature else {}
    name = signature.get("name") if signature else None
    name_where = sig_where.get("name")
    if not name and title:
        name = agency_from_title(title[2])
        name_where = where(title[0], title[2])
    if name:
        report["agency"] = {"name": name, "kind": agency_kind(name)}
        prov["/agency/name"] = name_where or {"text": name}
        prov["/agency/kind"] = name_where or {"text": name}
    if lay.published:
        pos, printed, date = lay.published
        report["published"] = date
        prov["/published"] = where(pos, printed)

    # -- preamble and contact ----------------------------------------------------------------
    preamble = clean(flat.printed(lay.body_start, first_part))
    if preamble:
        report["preamble"] = preamble
        prov["/preamble"] = where(lay.body_start, preamble.split("\n", 1)[0][:60])
        parse_contact = _contact_parser()
        if parse_contact is not None:
            sentences = [
                m
                for m in CONTACT_SENTENCE.finditer(flat.text, lay.body_start, first_part)
                if re.search(r"联系|电话|地址", m.group(0))
            ]
            if sentences:
                start, end = sentences[-1].start(), sentences[-1].end()
                sentence = flat.printed(start, end)
                contact = parse_contact(sentence)
                if contact:
                    report["contact"] = dict(contact)
                    for key in contact:
                        prov[f"/contact/{key}"] = where(start, sentence)

    # -- parts --------------------------------------------------------------------------------------
    parts = []
    for i, part in enumerate(lay.parts):
        end = part.body_end
        for table, (a, b) in regions.items():
            if part.end <= a < end or a == part.end:
                hits = find_labels(flat.text, TABLES[table], a, b)
                if hits:
                    end = min(end, hits[0].start)
        text = clean(flat.printed(part.end, end))
        parts.append({"number": part.number, "heading": part.heading, "text": text})
        prov[f"/parts/{i}/heading"] = where(part.start, part.heading)
        prov[f"/parts/{i}/text"] = where(part.end, text.split("\n", 1)[0][:60])
    report["parts"] = parts

    if signature:
        report["signature"] = signature
        if "name" in sig_where:
            prov["/signature/name"] = sig_where["name"]
        prov["/signature/date"] = sig_where["date"]
    tables = got.tables
    report["tables"] = {
        k: tables[k] for k in ("proactive", "applications", "reviews") if k in tables
    }
    report["provenance"] = prov
    return Extraction(report, findings)
