"""Tables without ruling lines, found from text aligned in columns.

A line is cut into segments at gaps wider than :data:`COLUMN_GAP` font sizes. A run of at
least :data:`MIN_ROWS` consecutive lines with two or more segments whose x-ranges fall into
the same columns is a table; columns are the merged x-ranges of all its segments, so left,
right and centre aligned columns all work. A line inside the run with no text in the first
column continues the row above (a wrapped cell); its text is joined to that row's cells.

Example:
    >>> from ingest.readers.geometry import Glyph
    >>> from ingest.readers.glyph_lines import group_lines
    >>> rows = [("序号", "指标"), ("1", "床位"), ("2", "机构")]
    >>> gl = [Glyph(c, x + 10 * i, 20 * r, x + 10 * (i + 1), 20 * r + 10)
    ...       for r, row in enumerate(rows) for x, cell in zip((0, 100), row) for i, c in enumerate(cell)]
    >>> blocks = split_aligned_tables(group_lines(gl, page=1))
    >>> [["".join(c for c, _ in cell) for cell in cells] for _, cells in blocks[0].rows]
    [['序号', '指标'], ['1', '床位'], ['2', '机构']]
"""

from __future__ import annotations

from collections.abc import Sequence

from ingest.readers.blocks import TableBlock
from ingest.readers.glyph_lines import Run, TextLine, glyph_run, join_runs, segments

COLUMN_GAP = 1.5
MIN_ROWS = 3
_ROW_GAP = 2.5  # font sizes of blank space that end a table
HEADER_GAP = 0.5  # font sizes: the gap between header cells set close together

Segs = list[tuple[float, float, Run]]  # (x0, x1, text) per segment


def split_aligned_tables(lines: Sequence[TextLine]) -> list[TextLine | TableBlock]:
    """``lines`` (consecutive, top to bottom) with every aligned table replaced by its block."""
    segs = [_segs(ln) for ln in lines]
    out: list[TextLine | TableBlock] = []
    i = 0
    while i < len(lines):
        j = _run_end(lines, segs, i)
        table = _table(lines[i:j], segs[i:j]) if j - i >= MIN_ROWS else None
        if table is None:
            out.append(lines[i])
            i += 1
        else:
            out.append(table)
            i = j
    return out


def _segs(line: TextLine) -> Segs:
    return [(s[0].x0, max(g.x1 for g in s), glyph_run(s, line.page, line.size)) for s in segments(line, COLUMN_GAP)]


def _run_end(lines: Sequence[TextLine], segs: list[Segs], i: int) -> int:
    """End of the candidate run starting at ``i``: multi-segment lines, wrapped cells between them."""
    if len(segs[i]) < 2:
        return i
    first_col_end = segs[i][0][1]
    j = i + 1
    while j < len(lines) and lines[j].top - lines[j - 1].bottom <= _ROW_GAP * lines[j].size:
        if len(segs[j]) < 2 and not (segs[j] and segs[j][0][0] > first_col_end):
            break
        j += 1
    while j > i and len(segs[j - 1]) < 2:  # a run ends on a full row
        j -= 1
    return j


def _table(lines: Sequence[TextLine], segs: list[Segs]) -> TableBlock | None:
    if sum(len(s) >= 2 for s in segs) < MIN_ROWS:
        return None
    columns = _columns([seg for s in segs for seg in s])
    rows = _grid(lines, segs, columns) if len(columns) >= 2 else None
    if rows is None and len(lines) > MIN_ROWS:
        # a header set tighter than the body ("2024年基数 2025年 2026年" read as one piece): the
        # columns are the body's, and the header is cut where they are
        columns = _columns([seg for s in segs[1:] for seg in s])
        if len(columns) >= 2:
            rows = _grid(lines, [_cut(lines[0], segs[0], columns), *segs[1:]], columns)
    if rows is None:
        return None
    if len(rows) < MIN_ROWS - 1 or sum(1 for _, cells in rows if sum(map(bool, cells)) >= 2) < 2:
        return None
    size = lines[0].size
    return TableBlock(
        page=lines[0].page,
        top=min(ln.top for ln in lines),
        bottom=max(ln.bottom for ln in lines),
        x0=columns[0][0],
        x1=columns[-1][1],
        columns=tuple(a for a, _ in columns),  # starts only: a column's right end depends on its text
        rows=rows,
        tolerance=2 * size,
    )


def _grid(lines: Sequence[TextLine], segs: list[Segs], columns: list[tuple[float, float]]) -> list[tuple[int, list[Run]]] | None:
    """The lines as rows of cells in ``columns``; None when a line has two pieces in one column."""
    rows: list[tuple[int, list[Run]]] = []
    for line, line_segs in zip(lines, segs):
        cells: list[Run] = [[] for _ in columns]
        for x0, x1, run in line_segs:
            k = _column_of(x0, x1, columns)
            if k is None or cells[k]:
                return None  # two pieces of one line in one column: not a grid
            cells[k] = run
        if rows and not cells[0]:
            rows[-1] = (rows[-1][0], [join_runs([a, b]) for a, b in zip(rows[-1][1], cells)])
        else:
            rows.append((line.page, cells))
    return rows


def _column_of(x0: float, x1: float, columns: list[tuple[float, float]]) -> int | None:
    """The column a piece starts in; or, for a header cell centred over a narrower column, the one it covers."""
    k = next((n for n, (a, b) in enumerate(columns) if a <= x0 <= b), None)
    if k is not None:
        return k
    over = [n for n, (a, b) in enumerate(columns) if a < x1 and b > x0]
    return over[0] if len(over) == 1 else None


def _cut(line: TextLine, line_segs: Segs, columns: list[tuple[float, float]]) -> Segs:
    """A header line's pieces, a piece over several columns cut at its own narrower gaps, one
    part per column it covers (when the counts agree; otherwise the piece stays whole)."""
    out: Segs = []
    for x0, x1, run in line_segs:
        over = [c for c in columns if c[0] < x1 and c[1] > x0]
        parts = [(p[0].x0, max(g.x1 for g in p), glyph_run(p, line.page, line.size))
                 for p in segments(line, HEADER_GAP) if p[0].x0 >= x0 - 0.5 and p[-1].x1 <= x1 + 0.5]
        out.extend(parts if len(over) >= 2 and len(parts) == len(over) else [(x0, x1, run)])
    return out


def _columns(segs: Segs) -> list[tuple[float, float]]:
    """Merged x-ranges of all segments: overlapping segments share a column."""
    merged: list[tuple[float, float]] = []
    for x0, x1, _ in sorted(segs, key=lambda s: s[0]):
        if merged and x0 <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], x1))
        else:
            merged.append((x0, x1))
    return merged
