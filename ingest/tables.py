"""Tab-separated tables -> one :class:`Clause` per row.

The seed exports and every reader write a table one cell per line, each cell line starting with
a TAB; a line without a TAB continues the cell above (``区民政局`` / ``区卫生健康委区大数据局``), and a
blank line before a cell line starts a new row. Grouping cells that appear only on a
group's first row (``分类``: 服务体系 / 服务能力 / 惠民有感) are carried down, and so are merged
(lone-TAB) cells of the columns every task has (牵头 / 责任单位 / 时限 / 分类). A header over two rows
is folded into one (:mod:`ingest.table_header`: ``目标值·2025年``, ``责任单位·牵头单位``); a row that is
one cell across the table labels the rows under it (``分组``).

Row clauses:

* ``section``: the parent's path, the table's label and the row's 序号, e.g.
  ``一、主要指标 6`` or ``附件 推进医养结合发展重点任务清单 11`` (a space after a path that
  ends in a word; the label drops a leading ``《…》``; no 序号 column -> the row's position).
* ``headings``: the parent's headings plus the table title as written.
* ``text``: ``header cell`` pairs joined by ``；``, a multi-line cell on one line, e.g.
  ``序号 6；分类 服务体系；指标名称 安宁疗护床位（张）；2022年 0；2025年 10；2027年 20``.
* ``columns``: header -> cell, the cell as written (its lines joined by ``\\n``).

Example:
    >>> t = read_table([TableLine("\\t序号", 0, False), TableLine("\\t指标", 4, False),
    ...                 TableLine("\\t1", 8, True), TableLine("\\t床位（张）", 11, False)])
    >>> t.header, t.records()
    (('序号', '指标'), [{'序号': '1', '指标': '床位（张）'}])
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from corpus.schema import Clause
from ingest.facts.columns import column_role
from ingest.facts.cues import CARRIED_ROLES
from ingest.layout import Reflowed
from ingest.table_header import merge_header_rows

__all__ = ["TableLine", "Cell", "Table", "read_table", "normalize_header", "row_text", "table_label", "table_row_clauses"]

_KEY_HEADERS = ("序号", "编号", "序")
_GROUP_COLUMN = "分组"
_NUMERIC = re.compile(r"^[\s0-9０-９.．%％+-]*$")


@dataclass(frozen=True)
class TableLine:
    """One display line of a table block: its text, display offset, and whether a blank line preceded it."""

    text: str
    start: int
    gap_before: bool

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Cell:
    """A cell's text (its lines joined by ``\\n``) and display span."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    """A parsed table: normalized header and rows of cells (grouping cells not yet carried down)."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""  # a title written as the table's first row, one cell wide

    def records(self) -> list[dict[str, str]]:
        """Rows as header -> cell dicts, with grouping and merged cells carried down.

        An empty cell continues the one above (readers write a vertical merge as a lone TAB) in a
        grouping column (filled on at most half the rows, not numbers) and in a column every task
        has (牵头 / 责任单位 / 时限 / 分类: :data:`ingest.facts.cues.CARRIED_ROLES`); a 配合单位 or a
        value cell left empty stays empty.
        """
        grid = [[c.text for c in row] for row in self.rows]
        for j, name in enumerate(self.header):
            column = [r[j] for r in grid]
            filled = [v for v in column if v]
            sparse = column[0] and len(filled) < len(column) and len(filled) * 2 <= len(column)
            if (sparse and not all(_NUMERIC.match(v) for v in filled)) or column_role(name) in CARRIED_ROLES:
                last = ""
                for r in grid:
                    if any(v for k, v in enumerate(r) if k != j):  # a blank row carries nothing
                        r[j] = r[j] or last
                    last = r[j]
        return [dict(zip(self.header, r)) for r in grid]


def normalize_header(h: str) -> str:
    """``2022年年`` (a typo in a seed) -> ``2022年``; whitespace removed."""
    h = re.sub(r"\s+", "", h)
    return re.sub(r"^(\d{4}年)年$", r"\1", h)


def read_table(lines: Sequence[TableLine]) -> Table | None:
    """Parse a block of cell lines (and their continuation lines); ``None`` if it is not a table.

    A second header row (merged ``目标值`` over ``2025年`` ``2027年``, or wrapped header text) is
    folded into the header (:mod:`ingest.table_header`); header rows repeated on a later page are
    dropped; a row that is one cell across the table (``（一）完善服务体系``) labels the rows under it
    (column ``分组``).
    """
    rows = _rows(lines)
    caption = ""
    while len(rows) > 2 and len(rows[0]) == 1 and len(rows[1]) > 1:  # 青山市重点任务分工表 as a row
        caption = " ".join(rows[0][0].text.split())
        rows = rows[1:]
    if len(rows) < 2:
        return None
    texts = [[normalize_header(c.text) for c in r] for r in rows]
    merged = merge_header_rows(texts[0], texts[1]) if len(rows) > 2 else None
    header, first = (merged, 2) if merged else (tuple(texts[0]), 1)
    if len(header) < 2:
        return None
    body = _body(rows[first:], texts[first:], texts[:first] + [list(header)], header)
    if any(g for _, g in body):
        header += (_GROUP_COLUMN,)
        return Table(header, tuple(_fit(r, len(header) - 1) + (Cell(g, r[-1].end, r[-1].end),) for r, g in body),
                     caption)
    return Table(header, tuple(_fit(r, len(header)) for r, _ in body), caption)


def _body(rows: list[list[Cell]], texts: list[list[str]], repeated: list[list[str]],
          header: tuple[str, ...]) -> list[tuple[list[Cell], str]]:
    """Body rows with the group label above each; repeated header rows and label rows left out."""
    body: list[tuple[list[Cell], str]] = []
    group = ""
    for row, row_texts in zip(rows, texts):
        if len(row) >= 2 and row_texts in repeated:
            continue
        if label := _group_label(row, len(header)):
            group = label
        else:
            body.append((_left_pad(row, header), group))
    return body


def _left_pad(row: list[Cell], header: tuple[str, ...]) -> list[Cell]:
    """A web page leaves out the cells a ``rowspan`` covers; a short row under leading 分类 columns
    lacks those (they are carried down), not its last cells."""
    missing = len(header) - len(row)
    if missing <= 0 or not row or not all(column_role(h) == "category" for h in header[:missing]):
        return row
    return [Cell("", row[0].start, row[0].start)] * missing + row


def _group_label(row: list[Cell], width: int) -> str:
    """The text of a row that is one cell across the table (written once, or repeated in every column)."""
    filled = [c.text for c in row if c.text.strip()]
    if width < 3 or not filled or _NUMERIC.match(filled[0]):
        return ""
    if len(row) == 1 or (len(filled) == len(row) and len(set(filled)) == 1):
        return " ".join(filled[0].split())
    return ""


def _rows(lines: Sequence[TableLine]) -> list[list[Cell]]:
    pieces: list[list[list[TableLine]]] = []  # rows -> cells -> lines
    for ln in lines:
        if ln.text.startswith("\t"):
            if not pieces or (ln.gap_before and pieces[-1]):
                pieces.append([])
            pieces[-1].append([ln])
        elif pieces and pieces[-1]:
            pieces[-1][-1].append(ln)
    if len(pieces) == 1:  # no blank lines between rows: cut at the first 序号 value "1"
        pieces = _cut_without_gaps(pieces[0])
    return [[_cell(c) for c in row] for row in pieces]


def _cut_without_gaps(cells: list[list[TableLine]]) -> list[list[list[TableLine]]]:
    texts = [_cell(c).text for c in cells]
    width = next((i for i, t in enumerate(texts) if i and t == "1"), 0)
    if not width:
        return [cells]
    return [cells[i : i + width] for i in range(0, len(cells), width)]


def _cell(lines: list[TableLine]) -> Cell:
    parts = [(ln.text[1:] if ln.text.startswith("\t") else ln.text, ln) for ln in lines]
    kept = [(t.strip(), ln) for t, ln in parts if t.strip()]
    if not kept:
        return Cell("", lines[0].start, lines[-1].end)
    return Cell("\n".join(t for t, _ in kept), kept[0][1].start, kept[-1][1].end)


def _fit(row: list[Cell], n: int) -> tuple[Cell, ...]:
    if len(row) > n:  # extra cells belong to the last column
        tail = row[n - 1 :]
        row = row[: n - 1] + [Cell("\n".join(c.text for c in tail if c.text), tail[0].start, tail[-1].end)]
    pad = row[-1].end if row else 0
    return tuple(row + [Cell("", pad, pad)] * (n - len(row)))


def row_text(columns: dict[str, str]) -> str:
    """``序号 1；工作任务 …；完成时限 2022年底；责任单位 区卫生健康委`` (empty cells left out)."""
    return "；".join(f"{k} {' '.join(v.split())}" for k, v in columns.items() if v)


def table_label(title: str) -> str:
    """The label a section path uses: the title without a leading ``《…》`` (``《行动方案》主要指标`` -> ``主要指标``)."""
    label = re.sub(r"^[《«][^》»]*[》»]", "", title).strip()
    return label or title.strip() or "表"


def join_path(parent: str, label: str) -> str:
    """Append a label to a section path, with a space after a path ending in a word (``附件 …``)."""
    if parent and not re.search(r"(?:第[^第]{1,6}[章节条]|[、）.①-⑳])$", parent):
        return f"{parent} {label}"
    return parent + label


def table_row_clauses(
    table: Table,
    *,
    source: str,
    doc_title: str,
    parent_section: str,
    parent_headings: tuple[str, ...],
    title: str,
    reflowed: Reflowed,
) -> list[Clause]:
    """One ``table_row`` clause per row, placed under ``parent_section``."""
    key_col = next((h for h in table.header if h in _KEY_HEADERS), None)
    title = title or table.caption
    base = join_path(parent_section, table_label(title))
    out = []
    for i, (row, columns) in enumerate(zip(table.rows, table.records()), 1):
        key = (columns.get(key_col, "") if key_col else "") or str(i)
        start, end = reflowed.span(row[0].start, max(c.end for c in row))
        out.append(
            Clause.create(
                source=source,
                doc_title=doc_title,
                section=f"{base} {key}",
                headings=parent_headings + (title or "表",),
                text=row_text(columns),
                start=start,
                end=end,
                kind="table_row",
                columns=columns,
            )
        )
    return out
