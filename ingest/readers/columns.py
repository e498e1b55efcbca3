"""Two-column pages read column by column: a 政策解读 or 简报 set in two columns is read down the
left column, then down the right one, not across both.

A page is cut at its **gutter**: the widest vertical strip near the middle of the page that (almost)
no glyph covers. Glyphs that cross the strip (a title block over both columns, a footer) make
**spanning bands**, read whole; between them, a band whose lines stop at the gutter on the left
and start after it on the right is read as two columns. A band is taken for columns only when
both sides read like justified prose: most left lines reach the gutter, most right lines start
at it. An unruled table, whose ragged cells leave gaps at many places, stays one band.

Example:
    >>> from ingest.readers.geometry import Glyph
    >>> def line(text, x, y): return [Glyph(c, x + 10 * i, y, x + 10 * (i + 1), y + 10) for i, c in enumerate(text)]
    >>> left = [g for y in range(0, 120, 12) for g in line("左栏正文左栏正文左栏正文", 50, y)]
    >>> right = [g for y in range(0, 120, 12) for g in line("右栏正文右栏正文右栏正文", 190, y)]
    >>> [len(s) for s in split_columns(left + right, 350)]
    [120, 120]
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ingest.readers.geometry import Glyph

__all__ = ["split_columns"]

MIDDLE = (0.3, 0.7)  # where a gutter may lie, as shares of the page width
STRAY_LINES = 0.15  # share of a column's lines that may cross the gutter (title, footer) and leave it one
MIN_GUTTER = 1.0  # glyph widths: narrower is a word space
MIN_COLUMN_LINES = 4
PROSE = 0.5  # share of a column's lines that must touch the gutter


def split_columns(glyphs: Sequence[Glyph], width: float) -> list[list[Glyph]]:
    """The page's glyphs in reading-order sections (one section when the page has no columns)."""
    ink = [g for g in glyphs if g.text.strip()]
    if len(ink) < 40 or width <= 0:
        return [list(glyphs)]
    gutter = _gutter(ink, width)
    if gutter is None:
        return [list(glyphs)]
    lo, hi = gutter
    core = ((3 * lo + hi) / 4, (lo + 3 * hi) / 4)  # a full stop may reach into the gutter's edge
    crossing = [g for g in ink if g.x0 < core[1] and g.x1 > core[0]]
    bands = _bands(crossing)
    sections: list[list[Glyph]] = []
    split = False
    for kind, top, bottom in _regions(bands, ink):
        inside = [g for g in glyphs if top <= (g.top + g.bottom) / 2 < bottom]
        if not inside:
            continue
        if kind == "span":
            sections.append(inside)
            continue
        left = [g for g in inside if (g.x0 + g.x1) / 2 < (lo + hi) / 2]
        right = [g for g in inside if (g.x0 + g.x1) / 2 >= (lo + hi) / 2]
        if _prose_columns(left, right, lo, hi):
            sections += [left, right]
            split = True
        else:
            sections.append(inside)
    return sections if split else [list(glyphs)]


def _gutter(ink: Sequence[Glyph], width: float) -> tuple[float, float] | None:
    """The widest run of x positions in the middle of the page that at most a few glyphs cover."""
    glyph_w = statistics.median(g.x1 - g.x0 for g in ink) or 1.0
    start, end = int(MIDDLE[0] * width), int(MIDDLE[1] * width)
    cover = [0] * (end - start + 1)
    for g in ink:
        for x in range(max(start, int(g.x0) + 1), min(end, int(g.x1)) + 1):
            cover[x - start] += 1
    # a glyph covers x on each line through it: in a gutter only the lines spanning both columns do
    limit = max(2.0, STRAY_LINES * sorted(cover)[int(0.75 * (len(cover) - 1))])
    best: tuple[float, float] | None = None
    run_start = None
    for i, c in enumerate([*cover, limit + 1]):
        if c <= limit and run_start is None:
            run_start = i
        elif c > limit and run_start is not None:
            lo, hi = start + run_start, start + i - 1
            if hi - lo >= MIN_GUTTER * glyph_w and (best is None or hi - lo > best[1] - best[0]):
                best = (float(lo), float(hi))
            run_start = None
    if best is None:
        return None
    lo, hi = best
    left = sum(1 for g in ink if g.x1 <= lo)
    right = sum(1 for g in ink if g.x0 >= hi)
    return best if min(left, right) >= 0.2 * len(ink) else None


def _bands(crossing: Sequence[Glyph]) -> list[tuple[float, float]]:
    """The vertical extents of the glyphs crossing the gutter, overlapping ones merged."""
    out: list[list[float]] = []
    for g in sorted(crossing, key=lambda g: g.top):
        if out and g.top <= out[-1][1]:
            out[-1][1] = max(out[-1][1], g.bottom)
        else:
            out.append([g.top, g.bottom])
    return [(a, b) for a, b in out]


def _regions(bands: Sequence[tuple[float, float]], ink: Sequence[Glyph]) -> list[tuple[str, float, float]]:
    """Spanning bands and the stretches between them, top to bottom, covering the whole page."""
    out: list[tuple[str, float, float]] = []
    y = min(g.top for g in ink) - 1
    end = max(g.bottom for g in ink) + 1
    for top, bottom in bands:
        if top > y:
            out.append(("columns", y, top))
        out.append(("span", top, bottom))
        y = bottom
    if end > y:
        out.append(("columns", y, end))
    return out


def _prose_columns(left: Sequence[Glyph], right: Sequence[Glyph], lo: float, hi: float) -> bool:
    """Both sides are justified text: most left lines end at the gutter, most right lines start at it."""
    lines_l, lines_r = _rows(left), _rows(right)
    if len(lines_l) < MIN_COLUMN_LINES or len(lines_r) < MIN_COLUMN_LINES:
        return False
    size = statistics.median(g.bottom - g.top for g in [*left, *right]) or 1.0
    reach = sum(1 for x0, x1 in lines_l if x1 >= lo - 2.5 * size) / len(lines_l)
    start = sum(1 for x0, x1 in lines_r if x0 <= hi + 3.5 * size) / len(lines_r)
    return reach >= PROSE and start >= PROSE


def _rows(glyphs: Sequence[Glyph]) -> list[tuple[float, float]]:
    """(x0, x1) of each row of glyphs (rows by rounded vertical centre)."""
    rows: dict[int, list[Glyph]] = {}
    for g in glyphs:
        if g.text.strip():
            rows.setdefault(round((g.top + g.bottom) / 4), []).append(g)
    return [(min(g.x0 for g in gs), max(g.x1 for g in gs)) for gs in rows.values()]

