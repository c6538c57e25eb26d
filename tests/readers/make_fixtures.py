"""Write the committed reader fixtures: a GBK web page and a scanned (image-only) PDF.

Run from the repository root: ``python -m tests.readers.make_fixtures``. The
page is the hand transcription of the 鹿窝镇 2020 report rendered as its site
would serve it, declared ``gb2312`` and encoded as GBK (with a character only
GBK has, 堃, in a paragraph, as real GB2312-declared pages have).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.readers import render

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "readers"


def gbk_page() -> bytes:
    report = json.loads((FIXTURES / "luwo-2020.json").read_text("utf-8"))
    page = render.to_html(report, charset="gb2312", fullwidth=True, nbsp=True)
    page = page.replace("</h1>", "</h1>\n<p>责任编辑：王堃</p>", 1)
    return page.encode("gbk")


def main() -> None:
    (FIXTURES / "luwo-2020-gbk.html").write_bytes(gbk_page())
    render.scanned_pdf(FIXTURES / "scanned.pdf")


if __name__ == "__main__":
    main()
