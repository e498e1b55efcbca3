"""Positioned glyphs of pages -> text in the shared line layout, shared by the PDF and OCR readers.

A reader hands :func:`compose` one :class:`PageLayout` per page: the glyphs (one per
character; an OCR line split evenly into characters) and the ruling segments (PDF lines and
rectangle edges; lines detected in a scan). :func:`compose` then, page by page:

1. finds ruled tables (:mod:`ingest.readers.ruled_tables`); glyphs inside them are cell text;
2. groups the other glyphs into lines (:mod:`ingest.readers.glyph_lines`);
3. drops running headers, footers and page numbers (:mod:`ingest.readers.furniture`) and takes
   footnotes out of the flow, to be read after the text (:mod:`ingest.readers.footnotes`);
4. finds unruled tables in aligned text (:mod:`ingest.readers.aligned_tables`);
5. groups the remaining lines into paragraphs (:mod:`ingest.readers.paragraphs`);

and across pages merges a paragraph or a table that goes on over the page break
(:mod:`ingest.readers.blocks`). The text has one paragraph per line and tables as
TAB-led cell lines with a blank line after each row (see :mod:`ingest.readers.base`); a
one-row ruled grid that continues no table (文号 | 签发人 side by side) is plain lines, as in
the Word reader.

Example:
    >>> glyphs = [Glyph(c, 72 + 12 * i, 100, 84 + 12 * i, 112) for i, c in enumerate("一、总则")]
    >>> e = compose([PageLayout(1, 595, 842, glyphs), PageLayout(2, 595, 842, [Glyph("3", 290, 800, 296, 812)])])
    >>> e.text, e.page_starts, e.boxes[0]
    ('一、总则', (0, 4), CharBox(page=1, x0=72, top=100, x1=84, bottom=112))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ingest.readers.aligned_tables import split_aligned_tables
from ingest.readers.base import CharBox, Extracted
from ingest.readers.blocks import Block, Paragraph, TableBlock, join_pages
from ingest.readers.columns import split_columns
from ingest.readers.footnotes import split_footnotes
from ingest.readers.furniture import strip_furniture
from ingest.readers.glyph_lines import Run, TextLine, group_lines, join_runs
from ingest.readers.paragraphs import Margins, paragraphs
from ingest.readers.ruled_tables import find_ruled_tables, inside

__all__ = ["Glyph", "PageLayout", "compose"]


@dataclass(frozen=True)
class Glyph:
    """One character as drawn (PDF) or one character of an OCR line split evenly.

    Coordinates are points from the page's top-left corner.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageLayout:
    """One page: its number (1-based), size, glyphs and ruling segments ``(x0, top, x1, bottom)``."""

    number: int
    width: float
    height: float
    glyphs: list[Glyph]
    rules: Sequence[tuple[float, float, float, float]] = field(default=())


def compose(pages: Sequence[PageLayout], *, encoding: str = "pdf", notes: Sequence[str] = ()) -> Extracted:
    """Read positioned glyphs into paragraphs and table rows, with pages and character boxes.

    Args:
        pages: every page of the document, in order.
        encoding: what :attr:`Extracted.encoding` should say (``pdf``, ``ocr``).
        notes: passed on to :attr:`Extracted.notes`.

    Returns:
        ``Extracted`` with ``paragraphed=True``, ``page_starts`` for every page and one box
        per character (``None`` for line breaks, TABs and joining spaces).
    """
    tables = [find_ruled_tables(p) for p in pages]
    sections = [[group_lines(part, p.number) for part in split_columns(_free_glyphs(p, ts), p.width)]
                for p, ts in zip(pages, tables)]
    kept = {id(ln) for page in strip_furniture([_by_top(secs) for secs in sections], [p.height for p in pages])
            for ln in page}
    sections = [[[ln for ln in sec if id(ln) in kept] for sec in secs] for secs in sections]
    sections, footnotes = split_footnotes(sections)
    width = max((p.width for p in pages), default=0.0)
    whole = [ln for secs in sections if len(secs) == 1 for ln in secs[0]]
    fallback = Margins.measure(whole or [ln for secs in sections for sec in secs for ln in sec], width)
    margins: dict[int, Margins] = {}
    blocks: list[list[Block]] = []
    for p, secs, ts in zip(pages, sections, tables):
        for sec, sec_tables in zip(secs, _tables_by_section(secs, ts)):
            # a column is its own text block: its margins are the column's, not the page's
            m = Margins.measure(sec, p.width, fallback) if len(secs) == 1 else Margins.measure(sec, 0.0)
            margins.update((id(ln), m) for ln in sec)
            blocks.append(_page_blocks(sec, sec_tables, m))

    def continues(a: TextLine, b: TextLine) -> bool:
        return margins[id(a)].continues(a, b, next_page=margins[id(b)])

    read = join_pages(blocks, continues) + [Paragraph(note) for note in footnotes]  # notes after the text
    return _emit(read, [p.number for p in pages], encoding, tuple(notes))


def _free_glyphs(page: PageLayout, tables: Sequence[TableBlock]) -> list[Glyph]:
    """The glyphs that are not cell text of a ruled table."""
    return [g for g in page.glyphs if not any(inside(g, t) for t in tables)]


def _by_top(sections: Sequence[Sequence[TextLine]]) -> list[TextLine]:
    return sorted((ln for sec in sections for ln in sec), key=lambda ln: ln.top)


def _tables_by_section(sections: Sequence[Sequence[TextLine]], tables: Sequence[TableBlock]) -> list[list[TableBlock]]:
    """Each table with the section (column) its centre falls in; one section takes them all."""
    out: list[list[TableBlock]] = [[] for _ in sections]
    if len(sections) == 1:
        return [list(tables)]
    for t in tables:
        cx, cy = (t.x0 + t.x1) / 2, (t.top + t.bottom) / 2

        def distance(sec: Sequence[TextLine]) -> float:
            if not sec:
                return float("inf")
            x0, x1 = min(ln.x0 for ln in sec), max(ln.x1 for ln in sec)
            top, bottom = min(ln.top for ln in sec), max(ln.bottom for ln in sec)
            return max(x0 - cx, cx - x1, 0.0) + max(top - cy, cy - bottom, 0.0)
        out[min(range(len(sections)), key=lambda i: distance(sections[i]))].append(t)
    return out


def _page_blocks(lines: Sequence[TextLine], tables: Sequence[TableBlock], margins: Margins) -> list[Block]:
    """The page's tables and paragraphs top to bottom; no paragraph runs through a table."""
    items: list[TextLine | TableBlock] = sorted([*lines, *tables], key=lambda it: it.top)
    out: list[Block] = []
    run: list[TextLine] = []
    for item in [*items, None]:
        if isinstance(item, TextLine):
            run.append(item)
            continue
        for piece in _runs_and_tables(split_aligned_tables(run)):
            out.extend([piece] if isinstance(piece, TableBlock) else [Paragraph(p) for p in paragraphs(piece, margins)])
        run = []
        if item is not None:
            out.append(item)
    return out


def _runs_and_tables(items: Sequence[TextLine | TableBlock]) -> list[list[TextLine] | TableBlock]:
    """Consecutive lines gathered into lists, tables kept as they are."""
    out: list[list[TextLine] | TableBlock] = []
    for it in items:
        if isinstance(it, TableBlock):
            out.append(it)
        elif out and isinstance(out[-1], list):
            out[-1].append(it)
        else:
            out.append([it])
    return out


class _Writer:
    """Text, boxes and, for each character, the page it belongs to (for ``page_starts``)."""

    def __init__(self) -> None:
        self.chars: list[str] = []
        self.boxes: list[CharBox | None] = []
        self.pages: list[int] = []

    def write(self, run: Run, page: int) -> None:
        for ch, box in run:
            page = box.page if box is not None else page
            self.chars.append(ch)
            self.boxes.append(box)
            self.pages.append(page)

    def mark(self, ch: str, page: int) -> None:
        self.write([(ch, None)], page)


def _emit(blocks: Sequence[Block], numbers: Sequence[int], encoding: str, notes: tuple[str, ...]) -> Extracted:
    w = _Writer()
    for block in blocks:
        if isinstance(block, Paragraph):
            w.write(join_runs([ln.chars() for ln in block.lines]), block.page)
            w.mark("\n", block.lines[-1].page)
            continue
        _write_table(w, block)
    while w.chars and w.chars[-1] == "\n":
        for column in (w.chars, w.boxes, w.pages):
            column.pop()
    starts = _page_starts(w.pages, numbers)
    return Extracted(
        text="".join(w.chars),
        encoding=encoding,
        paragraphed=True,
        page_starts=starts,
        boxes=tuple(w.boxes),
        notes=notes,
    )


def _write_table(w: _Writer, table: TableBlock) -> None:
    page = table.rows[0][0]
    lines = list(table.before)
    if len(table.rows) == 1:  # one row lays text out (文号 | 签发人) and holds no data: cells as lines
        cells = table.rows[0][1]
        lines += [c for i, c in enumerate(cells) if c and (i == 0 or c is not cells[i - 1])]
    for line in lines:
        w.write(line, page)
        w.mark("\n", page)
    if len(table.rows) > 1:
        for page, cells in table.rows:
            for cell in cells:
                w.mark("\t", page)
                w.write(cell, page)
                w.mark("\n", page)
            w.mark("\n", page)
    for line in table.after:
        w.write(line, table.rows[-1][0])
        w.mark("\n", table.rows[-1][0])


def _page_starts(char_pages: Sequence[int], numbers: Sequence[int]) -> tuple[int, ...]:
    """For each page number, the first offset whose character belongs to that page or a later one."""
    starts = []
    i = 0
    for n in numbers:
        while i < len(char_pages) and char_pages[i] < n:
            i += 1
        starts.append(i)
    return tuple(starts)
