"""Headless Chromium for the HTML report: the rendered DOM and a screenshot, offline.

Used by the browser test and to refresh docs/html-report.png::

    python -m tests.reporters.browser examples/luwo-2020.json docs/html-report.png
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import tempfile
import zlib
from pathlib import Path

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--force-color-profile=srgb",
    "--hide-scrollbars",
)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None


def _run(browser: str, args: list[str], page: Path) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory(prefix="nianbao-chromium-") as profile:
        return subprocess.run(
            [browser, *FLAGS, f"--user-data-dir={profile}", *args, page.resolve().as_uri()],
            capture_output=True,
            timeout=180,
            check=True,
        )


def dump_dom(browser: str, page: Path) -> str:
    """The DOM after the browser has parsed and laid out the page."""
    return _run(browser, ["--dump-dom"], page).stdout.decode("utf-8")


def screenshot(browser: str, page: Path, target: Path, size: str = "1200,1600") -> Path:
    _run(browser, [f"--screenshot={target.resolve()}", f"--window-size={size}"], page)
    return target


def png_pixels(path: Path) -> tuple[int, int, list[bytes]]:
    """(width, height, rows of RGB(A) bytes) of an 8-bit, non-interlaced PNG — enough for a screenshot."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat = 8, b""
    width = height = channels = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        chunk = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, color, _, _, interlace = struct.unpack(">IIBBBBB", chunk)
            assert depth == 8 and interlace == 0 and color in (2, 6), (depth, color, interlace)
            channels = 3 if color == 2 else 4
        elif kind == b"IDAT":
            idat += chunk
        pos += 12 + length
    raw = zlib.decompress(idat)
    stride = width * channels
    rows: list[bytes] = []
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, line = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b = prev[i]
            c = prev[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + a) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + b) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 0xFF
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else b if pb <= pc else c
                line[i] = (line[i] + pred) & 0xFF
        rows.append(bytes(line))
        prev = line
    return (
        width,
        height,
        [bytes(r) for r in rows]
        if channels == 3
        else [b"".join(r[i : i + 3] for i in range(0, len(r), 4)) for r in rows],
    )


def count_colour(path: Path, rgb: tuple[int, int, int]) -> int:
    _, _, rows = png_pixels(path)
    needle = bytes(rgb)
    return sum(1 for row in rows for i in range(0, len(row), 3) if row[i : i + 3] == needle)


def colour_bands(path: Path, rgb: tuple[int, int, int]) -> list[tuple[int, int, int, int]]:
    """Where a colour is drawn: (top, bottom, left, right) of each run of screen rows holding it.

    Marked cells of one table row form one band; its width tells one cell from a whole row.
    """
    _, _, rows = png_pixels(path)
    needle = bytes(rgb)
    bands: list[tuple[int, int, int, int]] = []
    for y, row in enumerate(rows):
        xs = [i // 3 for i in range(0, len(row), 3) if row[i : i + 3] == needle]
        if not xs:
            continue
        if bands and bands[-1][1] == y - 1:
            top, _, left, right = bands[-1]
            bands[-1] = (top, y, min(left, xs[0]), max(right, xs[-1]))
        else:
            bands.append((y, y, xs[0], xs[-1]))
    return bands


def main(argv: list[str]) -> int:
    """Render a report to HTML with the real CLI and take the README screenshot of it."""
    from nianbao.cli import main as nianbao

    source, target = argv
    browser = find_chromium()
    if browser is None:
        print("chromium is not installed", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp, "report.html")
        nianbao(["check", source, "--format", f"html={page}"])
        screenshot(browser, page, Path(target), size="1200,2210")
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
