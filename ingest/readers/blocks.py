"""The blocks a page is read into (paragraphs and tables) and how they continue across pages.

A :class:`TableBlock` holds rows of cells; each cell is a run (characters + boxes, its
wrapped lines already joined) and an empty run is an empty cell or the continuation of a
vertical merge (both are written as a lone TAB). :func:`join_pages` merges a paragraph or a
table that goes on at the top of the next page.

Example:
    >>> t = TableBlock(page=1, top=0, bottom=10, x0=0, x1=100, columns=(0.0, 50.0, 100.0),
    ...                rows=[(1, [[("序", None)], [("号", None)]])])
    >>> t.header_texts()
    ('序', '号')
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from ingest.readers.glyph_lines import Run, TextLine, join_runs

Row = tuple[int, list[Run]]  # (page, cells)

_KEY_HEADERS = ("序号", "编号", "序")


@dataclass
class Paragraph:
    """Wrapped lines of one paragraph (maybe from two pages), top to bottom."""

    lines: list[TextLine]

    @property
    def page(self) -> int:
        return self.lines[0].page

    @property
    def top(self) -> float:
        return self.lines[0].top


@dataclass
class TableBlock:
    """A table on a page: its area, its column boundaries (x) and its rows."""

    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    columns: tuple[float, ...]
    rows: list[Row] = field(default_factory=list)
    tolerance: float = 3.0  # how far column boundaries may move on a continuation page
    before: list[Run] = field(default_factory=list)  # caption rows above the body: plain lines
    after: list[Run] = field(default_factory=list)  # caption rows below it (备注)

    def header_texts(self) -> tuple[str, ...]:
        return _texts(self.rows[0][1]) if self.rows else ()

    def same_columns(self, other: TableBlock) -> bool:
        if len(self.columns) != len(other.columns):
            return False
        tol = max(self.tolerance, other.tolerance)
        return all(abs(a - b) <= tol for a, b in zip(self.columns, other.columns))

    def continue_with(self, other: TableBlock) -> None:
        """Append the rows of ``other`` (this table's continuation on the next page)."""
        rows = list(other.rows)
        repeated = 0  # header rows repeated on the new page (a two-row header repeats both)
        while repeated < min(3, len(rows), len(self.rows) - 1) and _texts(rows[repeated][1]) == _texts(self.rows[repeated][1]):
            repeated += 1
        rows = rows[repeated:]
        if rows and self.rows and self._split_row(rows[0]):
            last = self.rows[-1][1]
            self.rows[-1] = (self.rows[-1][0], [join_runs([a, b]) for a, b in zip(last, rows[0][1])])
            rows = rows[1:]
        self.rows.extend(rows)

    def _split_row(self, row: Row) -> bool:
        """A row cut by the page break: no 序号 of its own under a 序号 column, but other text."""
        header = self.header_texts()
        cells = row[1]
        return (
            len(self.rows) > 1
            and bool(header)
            and header[0] in _KEY_HEADERS
            and len(cells) == len(self.rows[-1][1])
            and not _texts(cells)[0]
            and any(_texts(cells)[1:])
        )


Block = Paragraph | TableBlock


def join_pages(pages: Sequence[list[Block]], continues: Callable[[TextLine, TextLine], bool]) -> list[Block]:
    """All blocks in reading order, a paragraph or table that goes on over a page break merged.

    Args:
        pages: per page, its blocks top to bottom.
        continues: whether the paragraph ending with the first line goes on with the second.
    """
    out: list[Block] = []
    tail: Block | None = None  # the block holding the previous page's last block
    for blocks in pages:
        if not blocks:
            tail = None
            continue
        rest = list(blocks)
        if tail is not None and _merge(tail, rest[0], continues):
            rest = rest[1:]
        out.extend(rest)
        tail = out[-1]
    return out


def _merge(prev: Block, first: Block, continues: Callable[[TextLine, TextLine], bool]) -> bool:
    if isinstance(prev, Paragraph) and isinstance(first, Paragraph) and continues(prev.lines[-1], first.lines[0]):
        prev.lines.extend(first.lines)
        return True
    if isinstance(prev, TableBlock) and isinstance(first, TableBlock) and prev.same_columns(first):
        if prev.after or (first.before and _texts(first.before) != _texts(prev.before)):
            return False  # a note closed the table, or a new title opens another one
        prev.continue_with(first)
        return True
    return False


def _texts(cells: Sequence[Run]) -> tuple[str, ...]:
    return tuple("".join(c for c, _ in run).replace(" ", "") for run in cells)
