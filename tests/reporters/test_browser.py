"""The HTML report opened in a real browser (headless Chromium, offline) shows the findings.

Skipped only when Chromium is not installed (.ci/run installs it from the
distribution's packages).
"""

from __future__ import annotations

import pytest

from tests.conftest import main
from tests.reporters.browser import count_colour, dump_dom, find_chromium, png_pixels, screenshot

BROWSER = find_chromium()
pytestmark = pytest.mark.skipif(
    BROWSER is None, reason="chromium is not installed (apt-get install chromium)"
)

MARK_FILL = (0xF4, 0xAA, 0xA1)  # --mark-err in the report's stylesheet: only marked grid cells
MARK_LINE = (0xC5, 0x22, 0x1F)  # --mark-err-line, their outline


def test_browser_shows_findings_and_marked_cells(reports_dir):
    page = reports_dir / "report.html"
    code = main(["check", "024-lines.json", "--format", f"html={page}"])
    assert code == 1
    dom = dump_dom(BROWSER, page)
    for text in (
        "政府信息公开工作年度报告检查结果",
        "表三「商业企业」列：一(0)+二(0)=0，三(七)+四=1+0=1，差 1",
        "表三「（二）部分公开」行：总计 8，六类申请人之和 8+1+0+0+0+0 = 9，差 1",
        "表三「（七）总计」行：总计 19，六类申请人之和 19+1+0+0+0+0 = 20，差 1",
        "不通过",
    ):
        assert text in dom
    assert dom.count('class="mark-error"') == 3  # the wrong 表三 cells, as the browser parsed them
    shot = screenshot(BROWSER, page, reports_dir / "report.png", size="1200,2600")
    width, height, _ = png_pixels(shot)
    assert (width, height) == (1200, 2600)
    # three marked cells drawn: each at least ~40×20 px of the error fill, and their outlines
    assert count_colour(shot, MARK_FILL) > 3 * 40 * 20
    assert count_colour(shot, MARK_LINE) > 3 * 2 * 40
