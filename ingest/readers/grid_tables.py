"""Tables laid out on their grid (Word's and web pages' merged cells) -> the shared line layout.

A reader places each row's cells on the table grid as :class:`Slot` s: a cell spanning columns repeats
its text in every column it covers (``span``), so body cells stay under their header; a cell continuing
a vertical merge is a lone TAB (``merged``), as Word's "save as text" writes it (:mod:`ingest.tables`
carries grouping cells down). :func:`grid_lines` then writes the table:

* stacked header rows (``目标值`` over ``2025年`` and ``2027年``) become one header row:
  ``目标值·2025年`` (upper·lower, the form :mod:`ingest.facts.columns` reads part by part);
* a row that is one cell across the whole table is a caption: above the first row a plain line
  before the table (its title), below the last row a plain line after it (备注); inside, a group row;
* a table of one column (a boxed notice) or one row (文号 | 签发人 side by side) holds no data: its
  paragraphs are plain lines;
* a form (a 办事指南 of label | content cells, :mod:`ingest.readers.form_tables`) is read as text.

Example:
    >>> cell = lambda text, kind="own", ident=0: Slot((text,), kind, ident)
    >>> grid = [[cell("指标", ident=1), cell("目标值", ident=2), cell("目标值", "span", 2)],
    ...         [Slot((), "merged", -1), cell("2025年", ident=3), cell("2027年", ident=4)],
    ...         [cell("床位", ident=5), cell("55%", ident=6), cell("60%", ident=7)]]
    >>> grid_lines(grid, marked=0)
    ['\\t指标', '\\t目标值·2025年', '\\t目标值·2027年', '', '\\t床位', '\\t55%', '\\t60%', '']
"""

from __future__ import annotations

from dataclasses import dataclass

from ingest.readers.form_tables import form_lines

HEADER_JOINER = "·"  # ingest.facts.columns.PART_JOINER: between an upper and a lower header cell


@dataclass(frozen=True)
class Slot:
    """One grid position of a row: the lines of the cell covering it, and how it covers it."""

    lines: tuple[str, ...]
    kind: str  # "own" (the cell starts here) | "span" (spanned from the left) | "merged" (vMerge) | "none"
    cell: int  # identity of the physical cell, -1 for none


def grid_lines(grid: list[list[Slot]], marked: int = 0) -> list[str]:
    """Lines of a table on its grid: caption lines, one cell line (+ further lines) per slot, a blank
    after each row. ``marked``: how many leading rows the file marks as header rows (0: find them)."""
    if not grid:
        return []
    width = max(len(r) for r in grid)
    if width == 1:  # a one-column table frames text (a boxed notice), it holds no data
        return [line for r in grid for line in r[0].lines]
    grid = [r + [Slot((), "none", -1)] * (width - len(r)) for r in grid]
    form = form_lines([[s.lines for s in r if s.kind == "own"] for r in grid])
    if form is not None:  # a 办事指南 laid out as label | content cells: the document's text
        return form
    before: list[str] = []
    after: list[str] = []
    while grid and _caption(grid[0]):
        before.extend(grid.pop(0)[0].lines)
        marked = max(0, marked - 1)
    while grid and _caption(grid[-1]):
        after[:0] = grid.pop()[0].lines
    if len(grid) < 2:  # one row lays text out (文号 | 签发人) and holds no data: its cells as lines
        return before + [line for r in grid for slot in r if slot.kind == "own" for line in slot.lines] + after
    depth = _header_depth(grid, marked)
    head = [_combined_header(grid[:depth])] if depth > 1 else [_body(grid[0])]
    rows = head + [_body(r) for r in grid[depth:]]
    lines = list(before)
    for row in rows:
        for cell in row:
            lines.append("\t" + (cell[0] if cell else ""))
            lines.extend(cell[1:])
        lines.append("")
    return lines + after


def _header_depth(grid: list[list[Slot]], marked: int) -> int:
    """How many leading rows form the header: the marked rows, else rows under spanning header cells."""
    if 1 < marked < len(grid):
        return marked
    depth = 1
    while depth < len(grid) - 1 and _sub_header(grid[depth - 1], grid[depth]):
        depth += 1
    return depth


def _caption(row: list[Slot]) -> bool:
    """One cell across the whole row (at least two columns), with text."""
    return len(row) > 1 and row[0].kind == "own" and bool(row[0].lines) and all(s.cell == row[0].cell for s in row)


def _sub_header(above: list[Slot], row: list[Slot]) -> bool:
    """``row`` splits a spanning cell of ``above`` and has nothing of its own elsewhere."""
    spanned = {j for j, s in enumerate(above) if s.kind == "span"} | {
        j for j, s in enumerate(above) if s.kind == "own" and j + 1 < len(above) and above[j + 1].kind == "span"
    }
    if not spanned:
        return False
    splits = len({row[j].cell for j in spanned if row[j].kind == "own"}) > 1
    rest_quiet = all(row[j].kind in ("merged", "none") or not row[j].lines for j in range(len(row)) if j not in spanned)
    return splits and rest_quiet


def _combined_header(rows: list[list[Slot]]) -> list[list[str]]:
    out = []
    for j in range(len(rows[0])):
        parts: list[str] = []
        for r in rows:
            text = " ".join(r[j].lines) if r[j].kind in ("own", "span") else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        out.append([HEADER_JOINER.join(parts)] if parts else [])
    return out


def _body(row: list[Slot]) -> list[list[str]]:
    if _caption(row):  # a group caption inside the table (一、医疗服务): one cell, as the row it is
        return [list(row[0].lines)]
    return [list(s.lines) if s.kind in ("own", "span") else [] for s in row]


