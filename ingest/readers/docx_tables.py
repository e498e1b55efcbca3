"""Word tables -> the shared line layout, with merged cells laid out on the table grid.

Each row is read onto the table grid (``w:gridBefore``/``w:gridAfter`` leave empty slots):

* a cell spanning columns (``w:gridSpan``, legacy ``w:hMerge``) repeats its text in every
  column it covers, so body cells stay under their header;
* a cell continuing a vertical merge (``w:vMerge`` without ``restart``) is a lone TAB, as Word's
  "save as text" writes it; :mod:`ingest.tables` carries grouping cells down;
* stacked header rows (``目标值`` over ``2025年`` and ``2027年``, marked ``w:tblHeader`` or found
  under a spanning header cell) become one header row: ``目标值·2025年``, ``目标值·2027年``
  (upper·lower, the form :mod:`ingest.facts.columns` reads part by part); the grid knows the
  spans, so this is exact where guessing from the text rows is not;
* a row that is one cell across the whole table is a caption: above the first row it is a
  plain line before the table (its title), below the last row a plain line after it (备注);
* a table of one column (a boxed notice) or one row (文号 | 签发人 laid side by side) holds no
  data: its paragraphs are plain lines;
* a table inside a cell becomes one line per nested row, its cells named by the nested header row;
* a form (a 办事指南 of label | content cells, :mod:`ingest.readers.form_tables`) is read as text.

Example:
    >>> from lxml import etree
    >>> from ingest.readers.docx_xml import NS
    >>> tbl = etree.fromstring(f'''<w:tbl xmlns:w="{NS['w']}">
    ...   <w:tr><w:tc><w:p><w:r><w:t>序号</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>任务</w:t></w:r></w:p></w:tc></w:tr>
    ...   <w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>建床位</w:t></w:r></w:p></w:tc></w:tr>
    ... </w:tbl>''')
    >>> cell = lambda tc: ["".join(t.text for t in tc.iter(f"{{{NS['w']}}}t"))]
    >>> table_lines(tbl, cell)
    ['\\t序号', '\\t任务', '', '\\t1', '\\t建床位', '']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ingest.readers.docx_xml import attr, child, tag
from ingest.readers.form_tables import form_lines

__all__ = ["table_lines", "flat_table_lines"]

CellReader = Callable[[Any], list[str]]
HEADER_JOINER = "·"  # ingest.facts.columns.PART_JOINER: between an upper and a lower header cell


@dataclass(frozen=True)
class _Slot:
    """One grid position of a row: the lines of the cell covering it, and how it covers it."""

    lines: tuple[str, ...]
    kind: str  # "own" (the cell starts here) | "span" (spanned from the left) | "merged" (vMerge) | "none"
    cell: int  # identity of the physical cell, -1 for none


def table_lines(tbl: Any, read_cell: CellReader) -> list[str]:
    """Lines of a ``w:tbl``: caption lines, one cell line (+ further lines) per slot, a blank after each row."""
    grid = _grid(tbl, read_cell)
    if not grid:
        return []
    width = max(len(r) for r in grid)
    if width == 1:  # a one-column table frames text (a boxed notice), it holds no data
        return [line for r in grid for line in r[0].lines]
    grid = [r + [_Slot((), "none", -1)] * (width - len(r)) for r in grid]
    form = form_lines([[s.lines for s in r if s.kind == "own"] for r in grid])
    if form is not None:  # a 办事指南 laid out as label | content cells: the document's text
        return form
    before: list[str] = []
    after: list[str] = []
    while grid and _caption(grid[0]):
        before.extend(grid.pop(0)[0].lines)
    while grid and _caption(grid[-1]):
        after[:0] = grid.pop()[0].lines
    if len(grid) < 2:  # one row lays text out (文号 | 签发人) and holds no data: its cells as lines
        return before + [line for r in grid for slot in r if slot.kind == "own" for line in slot.lines] + after
    depth = _header_depth(tbl, grid)
    head = [_combined_header(grid[:depth])] if depth > 1 else [_body(grid[0])]
    rows = head + [_body(r) for r in grid[depth:]]
    lines = list(before)
    for row in rows:
        for cell in row:
            lines.append("\t" + (cell[0] if cell else ""))
            lines.extend(cell[1:])
        lines.append("")
    return lines + after


def flat_table_lines(tbl: Any, read_cell: CellReader) -> list[str]:
    """A table nested in a cell: one line per row. Under a header row of as many cells, each row
    names its cells by their headers (``乡镇 什字镇，新增医养床位（张） 12，实施主体 什字镇中心卫生院``),
    so the line says what each number is; otherwise the cells are joined by spaces."""
    rows = [[" ".join(s.lines) for s in row if s.kind == "own"] for row in _grid(tbl, read_cell)]
    rows = [r for r in rows if any(r)]
    header = rows[0] if len(rows) >= 2 and len(rows[0]) >= 2 and all(rows[0]) else None
    if header and all(len(r) == len(header) for r in rows[1:]):
        return ["，".join(f"{h} {v}" for h, v in zip(header, r) if v) for r in rows[1:]]
    return [" ".join(w for w in r if w) for r in rows]


def _rows(tbl: Any) -> Iterator[Any]:
    for c in tbl:
        name = tag(c)
        if name == "w:tr":
            yield c
        elif name in ("w:sdt", "w:customXml", "w:sdtContent"):
            yield from _rows(c)


def _cells(tr: Any) -> Iterator[Any]:
    for c in tr:
        name = tag(c)
        if name == "w:tc":
            yield c
        elif name in ("w:sdt", "w:customXml", "w:sdtContent"):
            yield from _cells(c)


def _grid(tbl: Any, read_cell: CellReader) -> list[list[_Slot]]:
    grid: list[list[_Slot]] = []
    ident = 0
    for tr in _rows(tbl):
        trpr = child(tr, "w:trPr")
        row = [_Slot((), "none", -1)] * _int(attr(child(trpr, "w:gridBefore"), "w:val"), 0)
        for tc in _cells(tr):
            tcpr = child(tc, "w:tcPr")
            span = max(1, _int(attr(child(tcpr, "w:gridSpan"), "w:val"), 1))
            vmerge = child(tcpr, "w:vMerge")
            hmerge = child(tcpr, "w:hMerge")
            if vmerge is not None and attr(vmerge, "w:val") != "restart":
                row.extend([_Slot((), "merged", -1)] * span)
                continue
            if hmerge is not None and attr(hmerge, "w:val") != "restart" and row:
                row.extend([_Slot(row[-1].lines, "span", row[-1].cell)] * span)
                continue
            ident += 1
            lines = tuple(read_cell(tc))
            row.extend([_Slot(lines, "own", ident)] + [_Slot(lines, "span", ident)] * (span - 1))
        row.extend([_Slot((), "none", -1)] * _int(attr(child(trpr, "w:gridAfter"), "w:val"), 0))
        if row:
            grid.append(row)
    return grid


def _caption(row: list[_Slot]) -> bool:
    """One cell across the whole row (at least two columns), with text."""
    return len(row) > 1 and row[0].kind == "own" and bool(row[0].lines) and all(s.cell == row[0].cell for s in row)


def _header_depth(tbl: Any, grid: list[list[_Slot]]) -> int:
    """How many leading rows form the header: ``w:tblHeader`` rows, else rows under spanning header cells."""
    marked = 0
    for tr in _rows(tbl):
        if child(child(tr, "w:trPr"), "w:tblHeader") is None:
            break
        marked += 1
    if 1 < marked < len(grid):
        return marked
    depth = 1
    while depth < len(grid) - 1 and _sub_header(grid[depth - 1], grid[depth]):
        depth += 1
    return depth


def _sub_header(above: list[_Slot], row: list[_Slot]) -> bool:
    """``row`` splits a spanning cell of ``above`` and has nothing of its own elsewhere."""
    spanned = {j for j, s in enumerate(above) if s.kind == "span"} | {
        j for j, s in enumerate(above) if s.kind == "own" and j + 1 < len(above) and above[j + 1].kind == "span"
    }
    if not spanned:
        return False
    splits = len({row[j].cell for j in spanned if row[j].kind == "own"}) > 1
    rest_quiet = all(row[j].kind in ("merged", "none") or not row[j].lines for j in range(len(row)) if j not in spanned)
    return splits and rest_quiet


def _combined_header(rows: list[list[_Slot]]) -> list[list[str]]:
    out = []
    for j in range(len(rows[0])):
        parts: list[str] = []
        for r in rows:
            text = " ".join(r[j].lines) if r[j].kind in ("own", "span") else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        out.append([HEADER_JOINER.join(parts)] if parts else [])
    return out


def _body(row: list[_Slot]) -> list[list[str]]:
    if _caption(row):  # a group caption inside the table (一、医疗服务): one cell, as the row it is
        return [list(row[0].lines)]
    return [list(s.lines) if s.kind in ("own", "span") else [] for s in row]


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default
