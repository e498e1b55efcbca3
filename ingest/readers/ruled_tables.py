"""Tables drawn with ruling lines -> :class:`TableBlock` rows of cell text.

The grid comes from pdfplumber's pure table functions run on plain edge dicts, so the same
code serves PDF drawing operators and lines an OCR reader detects in an image: segments are
snapped and joined (``merge_edges``), crossings found (``edges_to_intersections``), the
smallest rectangles between crossings become cells (``intersections_to_cells``) and touching
cells become tables (``cells_to_tables``). Cell boundaries are then clustered into column and
row lines, so a cell spanning several rows (a vertical merge) or columns is known by the
slots it covers. Each glyph goes to the cell holding its centre; a cell's lines are joined.
As in the Word reader, a cell spanning columns repeats its text in each, a cell continuing a
vertical merge is empty, and a row that is one cell across the table is a caption: above the
body a plain line before the table (its title), below it a plain line after it (备注), inside
it a group caption in the first column.

Example:
    >>> from ingest.readers.geometry import Glyph, PageLayout
    >>> rules = [(0, 0, 100, 0), (0, 20, 100, 20), (0, 40, 100, 40), (0, 0, 0, 40), (50, 0, 50, 40), (100, 0, 100, 40)]
    >>> g = [Glyph("甲", 5, 5, 15, 15), Glyph("乙", 55, 5, 65, 15), Glyph("1", 5, 25, 11, 35), Glyph("2", 55, 25, 61, 35)]
    >>> [["".join(c for c, _ in cell) for cell in cells] for _, cells in find_ruled_tables(PageLayout(1, 200, 200, g, rules))[0].rows]
    [['甲', '乙'], ['1', '2']]
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from ingest.readers.blocks import TableBlock
from ingest.readers.glyph_lines import Run, group_lines, join_runs

if TYPE_CHECKING:
    from ingest.readers.geometry import Glyph, PageLayout

_TOL = 3.0  # points: pdfplumber's default snap / join / intersection tolerance
_MIN_EDGE = 3.0
_OPEN_ROW = 8.0  # points a column rule runs past the grid's last (or before its first) rule: a cut row
# More segments than any table draws: hatching, a QR code or a chart. pdfplumber's cell search
# is quadratic in the crossings, so such a page is read without ruled tables.
_MAX_EDGES = 4000

Bbox = tuple[float, float, float, float]


def find_ruled_tables(page: PageLayout) -> list[TableBlock]:
    """The ruled tables on ``page`` (at least 2 columns), top to bottom."""
    from pdfplumber.table import cells_to_tables, edges_to_intersections, intersections_to_cells, merge_edges

    edges = _edges(page.rules)
    if not 5 <= len(edges) <= _MAX_EDGES:  # a 1 x 2 grid needs 2 + 3 lines
        return []
    edges = merge_edges(edges, _TOL, _TOL, _TOL, _TOL)
    edges = [e for e in edges if max(e["width"], e["height"]) >= _MIN_EDGE]
    edges += _closing_edges(edges)
    cells = intersections_to_cells(edges_to_intersections(edges, _TOL, _TOL))
    tables = [_table(group, page) for group in cells_to_tables(cells)]
    return sorted((t for t in tables if t is not None), key=lambda t: t.top)


def inside(glyph: Glyph, table: TableBlock) -> bool:
    """Whether a glyph's centre lies in the table's area (its text belongs to the table)."""
    cx, cy = (glyph.x0 + glyph.x1) / 2, (glyph.top + glyph.bottom) / 2
    return table.x0 <= cx <= table.x1 and table.top <= cy <= table.bottom


def _edges(rules: Sequence[tuple[float, float, float, float]]) -> list[dict[str, Any]]:
    """Ruling segments as the edge dicts pdfplumber's table functions expect."""
    out = []
    for x0, top, x1, bottom in rules:
        x0, x1, top, bottom = min(x0, x1), max(x0, x1), min(top, bottom), max(top, bottom)
        w, h = x1 - x0, bottom - top
        if w >= h and w >= _MIN_EDGE:  # horizontal: a line, or a thin filled rectangle
            y = (top + bottom) / 2
            out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": w, "height": 0.0, "doctop": y, "orientation": "h"})
        elif h > w and h >= _MIN_EDGE:
            x = (x0 + x1) / 2
            out.append({"x0": x, "x1": x, "top": top, "bottom": bottom, "width": 0.0, "height": h, "doctop": top, "orientation": "v"})
    return out


def _closing_edges(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The missing rule of a row cut by a page break: where three or more vertical rules end (or
    start) together with no horizontal rule there, the row runs to the page's end (or from its
    start), so it is closed by a rule across those verticals."""
    horizontal = [e for e in edges if e["orientation"] == "h"]
    vertical = [e for e in edges if e["orientation"] == "v"]

    def crossings(v: dict[str, Any]) -> list[float]:
        return [h["top"] for h in horizontal if h["x0"] - _TOL <= v["x0"] <= h["x1"] + _TOL
                and v["top"] - _TOL <= h["top"] <= v["bottom"] + _TOL]

    out = []
    for end in ("bottom", "top"):
        open_ends = []
        for v in vertical:
            ys = crossings(v)
            # a column rule of a grid (it crosses two rules or more) running a line or more past them
            beyond = v["bottom"] - max(ys) if end == "bottom" and ys else min(ys) - v["top"] if ys else 0.0
            if len(ys) >= 2 and beyond >= _OPEN_ROW:
                open_ends.append((v[end], v["x0"]))
        open_ends.sort()
        groups: list[list[tuple[float, float]]] = []
        for y, x in open_ends:
            if groups and y - groups[-1][-1][0] <= _TOL:
                groups[-1].append((y, x))
            else:
                groups.append([(y, x)])
        for group in groups:
            if len(group) >= 3:
                y = sum(g[0] for g in group) / len(group)
                x0, x1 = min(g[1] for g in group), max(g[1] for g in group)
                out.append({"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0,
                            "doctop": y, "orientation": "h"})
    return out


def _table(cells: list[Bbox], page: PageLayout) -> TableBlock | None:
    xs = _cluster([v for c in cells for v in (c[0], c[2])])
    ys = _cluster([v for c in cells for v in (c[1], c[3])])
    if len(xs) < 3 or len(ys) < 2:
        return None
    spans = [(_index(ys, c[1]), _index(xs, c[0]), _index(ys, c[3]), _index(xs, c[2])) for c in cells]
    slot: dict[tuple[int, int], int] = {}
    for k, (r0, c0, r1, c1) in enumerate(spans):
        for r in range(r0, r1):
            for c in range(c0, c1):
                slot.setdefault((r, c), k)
    texts = _cell_texts(page, xs, ys, slot)
    grid = _rows(spans, slot, texts, len(ys) - 1, len(xs) - 1)
    captions = [_caption(r, spans, slot, len(xs) - 1) for r in range(len(grid))]
    before, after = _edge_captions(grid, captions)
    rows = []
    for r in range(before, len(grid) - after):
        if captions[r]:  # a group caption inside the table (一、医疗服务): once, in the first column
            grid[r] = [grid[r][0]] + [[] for _ in grid[r][1:]]
        if any(grid[r]):
            rows.append((page.number, grid[r]))
    if not rows:  # one row is kept: the last row of a table that spilled onto this page
        return None
    return TableBlock(
        page=page.number, top=ys[0], bottom=ys[-1], x0=xs[0], x1=xs[-1], columns=tuple(xs), rows=rows,
        before=[grid[r][0] for r in range(before) if grid[r][0]],
        after=[grid[r][0] for r in range(len(grid) - after, len(grid)) if grid[r][0]],
    )


def _rows(spans: list[tuple[int, int, int, int]], slot: dict[tuple[int, int], int], texts: dict[int, Run], n_rows: int, n_cols: int) -> list[list[Run]]:
    """Every slot's text: a cell spanning columns repeats its text in each (cells stay under their
    header, as the Word reader writes them); ``[]`` continues a vertical merge or fills a gap."""
    rows = []
    for r in range(n_rows):
        row: list[Run] = []
        for c in range(n_cols):
            k = slot.get((r, c))
            row.append(texts.get(k, []) if k is not None and spans[k][0] == r else [])
        rows.append(row)
    return rows


def _caption(r: int, spans: list[tuple[int, int, int, int]], slot: dict[tuple[int, int], int], n_cols: int) -> bool:
    """Row ``r`` is one cell across the whole table, starting in this row."""
    k = slot.get((r, 0))
    return k is not None and spans[k][0] == r and spans[k][1] == 0 and spans[k][3] == n_cols


def _edge_captions(grid: list[list[Run]], captions: list[bool]) -> tuple[int, int]:
    """How many caption rows open the table (its title) and close it (备注), leaving a body."""
    before = 0
    while before < len(grid) - 1 and captions[before]:
        before += 1
    after = 0
    while after < len(grid) - before - 1 and captions[len(grid) - 1 - after]:
        after += 1
    return before, after


def _cell_texts(page: PageLayout, xs: list[float], ys: list[float], slot: dict[tuple[int, int], int]) -> dict[int, Run]:
    """Each cell's text: its glyphs (by centre) grouped into lines, the lines joined."""
    glyphs: dict[int, list[Glyph]] = {}
    for g in page.glyphs:
        cx, cy = (g.x0 + g.x1) / 2, (g.top + g.bottom) / 2
        if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
            continue
        k = slot.get((_slot(ys, cy), _slot(xs, cx)))
        if k is not None:
            glyphs.setdefault(k, []).append(g)
    return {k: join_runs([ln.chars() for ln in group_lines(gs, page.number)]) for k, gs in glyphs.items()}


def _cluster(values: list[float]) -> list[float]:
    """Sorted distinct positions, values within the tolerance averaged into one."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= _TOL:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def _index(lines: list[float], v: float) -> int:
    """Index of the clustered line nearest ``v``."""
    return min(range(len(lines)), key=lambda i: abs(lines[i] - v))


def _slot(lines: list[float], v: float) -> int:
    """Index of the interval between clustered lines that holds ``v``."""
    return min(max(bisect.bisect_right(lines, v) - 1, 0), len(lines) - 2)
