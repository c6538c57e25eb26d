"""The HTML report opened in a real browser (headless Chromium, offline) shows the findings
and the wrong cells marked: 表三 on a corpus report, 表二 and 表四 on the README's seed report.

Skipped only when Chromium is not installed (.ci/run installs it from the
distribution's packages).
"""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import main
from tests.reporters.browser import (
    colour_bands,
    count_colour,
    dump_dom,
    find_chromium,
    png_pixels,
    screenshot,
)
from tests.reporters.conftest import SEED, Page

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


MARK_WARN_FILL = (0xFC, 0xD9, 0x77)  # --mark-warn: only grid cells marked by a warning
MARK_WARN_LINE = (0xB0, 0x7B, 0x00)  # --mark-warn-line, their outline


@pytest.fixture
def seed_dir(tmp_path, monkeypatch):
    """The README's example report in a working folder of its own, checked with every rule."""
    shutil.copy(SEED, tmp_path / SEED.name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_browser_shows_the_seed_reports_findings_and_marks_tables_2_and_4(seed_dir):
    page = seed_dir / "report.html"
    assert main(["check", SEED.name, "--format", f"html={page}"]) == 0  # warnings and info only
    dom = dump_dom(BROWSER, page)
    for text in (
        "鹿窝镇人民政府",
        "表二「规范性文件」：本年新公开数量 14 小于本年新制作数量 242，有 228 件未公开",
        "表四：这一行的 15 个单元格全部为空（空白格不参与勾稽校验；无数据应填 0）",
        "第六部分“其他需要报告的事项”没有内容",
        "表二 主动公开政府信息情况",
        "表四 政府信息公开行政复议、行政诉讼情况",
    ):
        assert text in dom
    parsed = Page(dom)
    assert parsed.h3[:3] == [
        "二、主动公开政府信息情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "六、其他需要报告的事项",
    ]
    # as the browser parsed them: 表二 规范性文件 本年新公开数量 (14, finding 3, T202) and
    # every cell of the blank 表四 (finding 2, T003 at /tables/reviews); nothing in 表三
    assert parsed.marked == [
        ("proactive", "warning", "143", "规范性文件"),
        ("reviews", "warning", "2", ""),
        *[("reviews", "warning", "", "")] * 14,
    ]
    shot = screenshot(BROWSER, page, seed_dir / "report.png", size="1200,2300")
    assert png_pixels(shot)[:2] == (1200, 2300)
    # drawn: two bands of the warning fill, 表二's one cell above 表四's whole row
    bands = colour_bands(shot, MARK_WARN_FILL)
    assert len(bands) == 2, bands
    (t2_top, t2_bottom, t2_left, t2_right), (t4_top, t4_bottom, t4_left, t4_right) = bands
    assert t2_bottom < t4_top
    assert 15 <= t2_bottom - t2_top and 15 <= t4_bottom - t4_top
    assert 40 <= t2_right - t2_left < 400  # one cell
    assert t4_right - t4_left > 900  # fifteen cells across the page
    assert count_colour(shot, MARK_WARN_FILL) > 16 * 40 * 15
    assert count_colour(shot, MARK_WARN_LINE) > 16 * 2 * 40  # each marked cell outlined
