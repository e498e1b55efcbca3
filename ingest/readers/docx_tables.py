"""Word tables -> the shared line layout, with merged cells laid out on the table grid.

Each row is read onto the table grid (``w:gridBefore``/``w:gridAfter`` leave empty slots):

* a cell spanning columns (``w:gridSpan``, legacy ``w:hMerge``) repeats its text in every
  column it covers, so body cells stay under their header;
* a cell continuing a vertical merge (``w:vMerge`` without ``restart``) is a lone TAB, as Word's
  "save as text" writes it; :mod:`ingest.tables` carries grouping cells down;
* header rows marked ``w:tblHeader`` are the header; the rest (stacked headers, captions, group
  rows, one-row and one-column tables, forms) is :func:`ingest.readers.grid_tables.grid_lines`;
* a table inside a cell becomes one line per nested row, its cells named by the nested header row.

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
from typing import Any

from ingest.readers.docx_xml import attr, child, tag
from ingest.readers.grid_tables import Slot, grid_lines

__all__ = ["table_lines", "flat_table_lines"]

CellReader = Callable[[Any], list[str]]


def table_lines(tbl: Any, read_cell: CellReader) -> list[str]:
    """Lines of a ``w:tbl``: caption lines, one cell line (+ further lines) per slot, a blank after each row."""
    marked = 0
    for tr in _rows(tbl):
        if child(child(tr, "w:trPr"), "w:tblHeader") is None:
            break
        marked += 1
    return grid_lines(_grid(tbl, read_cell), marked)


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


def _grid(tbl: Any, read_cell: CellReader) -> list[list[Slot]]:
    grid: list[list[Slot]] = []
    ident = 0
    for tr in _rows(tbl):
        trpr = child(tr, "w:trPr")
        row = [Slot((), "none", -1)] * _int(attr(child(trpr, "w:gridBefore"), "w:val"), 0)
        for tc in _cells(tr):
            tcpr = child(tc, "w:tcPr")
            span = max(1, _int(attr(child(tcpr, "w:gridSpan"), "w:val"), 1))
            vmerge = child(tcpr, "w:vMerge")
            hmerge = child(tcpr, "w:hMerge")
            if vmerge is not None and attr(vmerge, "w:val") != "restart":
                row.extend([Slot((), "merged", -1)] * span)
                continue
            if hmerge is not None and attr(hmerge, "w:val") != "restart" and row:
                row.extend([Slot(row[-1].lines, "span", row[-1].cell)] * span)
                continue
            ident += 1
            lines = tuple(read_cell(tc))
            row.extend([Slot(lines, "own", ident)] + [Slot(lines, "span", ident)] * (span - 1))
        row.extend([Slot((), "none", -1)] * _int(attr(child(trpr, "w:gridAfter"), "w:val"), 0))
        if row:
            grid.append(row)
    return grid


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default
