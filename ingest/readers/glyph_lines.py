"""Glyphs -> text lines, and the character runs (text + boxes) that lines and cells become.

A :class:`TextLine` is the glyphs of one page that overlap vertically, left to right. Its
:meth:`TextLine.chars` inserts one space (with no box) where the gap between two glyphs is
wider than a word space, so ``home  visits`` drawn without space glyphs still reads as two
words, while justified CJK (small extra spacing) stays unbroken.

A *run* is ``list[tuple[str, CharBox | None]]``: the characters a block contributes to the
text and, for each, the box it was drawn in (``None`` for a character we added).

Example:
    >>> from ingest.readers.geometry import Glyph
    >>> line = group_lines([Glyph("甲", 10, 10, 20, 20), Glyph("乙", 20, 10, 30, 20)], page=1)[0]
    >>> line.text, line.x1
    ('甲乙', 30)
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from ingest.readers.base import CharBox

if TYPE_CHECKING:
    from ingest.readers.geometry import Glyph

Run = list[tuple[str, "CharBox | None"]]

_SPACES = " \u3000\xa0\t"
# A gap wider than this many font sizes is a word space between Latin letters/digits,
# or a visible gap between CJK characters (letter-spaced names, columns).
_LATIN_GAP = 0.22
_CJK_GAP = 0.8
# Digits of one number sit apart in a low-resolution scan or fax (OCR word boxes of "20" "26"): a
# number is never split by a space in Chinese text, so only a gap of 0.4 font sizes parts two.
_DIGIT_GAP = 0.4
_FULL_WIDTH = re.compile(r"[\u4e00-\u9fff]")


@dataclass
class TextLine:
    """One line of glyphs on a page, sorted left to right (not changed once made: its measures are cached)."""

    glyphs: list[Glyph]
    page: int

    @cached_property
    def ink(self) -> list[Glyph]:
        """The glyphs that draw something: a leading full-width space is indentation, not text."""
        return [g for g in self.glyphs if not _blank(g.text)] or self.glyphs

    @cached_property
    def x0(self) -> float:
        return min(g.x0 for g in self.ink)

    @cached_property
    def x1(self) -> float:
        return max(g.x1 for g in self.ink)

    @cached_property
    def top(self) -> float:
        return min(g.top for g in self.ink)

    @cached_property
    def bottom(self) -> float:
        return max(g.bottom for g in self.ink)

    @cached_property
    def size(self) -> float:
        """Typical glyph height: the font size for PDF text, the line height for OCR."""
        return statistics.median(g.bottom - g.top for g in self.ink) or 1.0

    @cached_property
    def pitch(self) -> float:
        """The font size as the width of the line's Chinese characters (they are square); the size
        when it has fewer than three. A curved or tilted scanned line has a tall box, not a larger font."""
        square = [g.x1 - g.x0 for g in self.ink if len(g.text) == 1 and _FULL_WIDTH.match(g.text)]
        return min(self.size, 1.15 * statistics.median(square)) if len(square) >= 3 else self.size

    @cached_property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars())

    def chars(self) -> Run:
        """The line's characters with boxes; spaces inserted at word gaps, edge blanks dropped."""
        return glyph_run(self.glyphs, self.page, self.size)


def group_lines(glyphs: Iterable[Glyph], page: int) -> list[TextLine]:
    """Cluster glyphs into lines by vertical overlap, top to bottom.

    A glyph joins the line whose vertical extent it overlaps by at least half of the smaller
    height, unless the line already has a character where it stands (two lines set close, or
    tilted on a scan, overlap vertically but not side by side: 左权县民政局 over 左权县财政局);
    lines come out sorted by top, glyphs by x.
    """
    lines: list[list[Glyph]] = []
    spans: list[tuple[float, float]] = []
    for g in sorted(glyphs, key=lambda g: ((g.top + g.bottom) / 2, g.x0)):
        h = max(g.bottom - g.top, 0.1)
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):  # recent lines only
            top, bottom = spans[i]
            overlap = min(bottom, g.bottom) - max(top, g.top)
            if overlap >= 0.5 * min(h, bottom - top) and not _occupied(lines[i], g):
                lines[i].append(g)
                spans[i] = (min(top, g.top), max(bottom, g.bottom))
                break
        else:
            lines.append([g])
            spans.append((g.top, g.bottom))
    out = [TextLine(sorted(gs, key=lambda g: g.x0), page) for gs in lines]
    out = [ln for ln in out if any(not _blank(g.text) for g in ln.glyphs)]
    return sorted(out, key=lambda ln: ln.top)


def _occupied(line: Sequence[Glyph], g: Glyph) -> bool:
    """A character of ``line`` covers more than half of ``g``'s width."""
    if _blank(g.text):
        return False
    width = max(g.x1 - g.x0, 0.1)
    return any(min(o.x1, g.x1) - max(o.x0, g.x0) > 0.5 * min(width, o.x1 - o.x0)
               for o in line if not _blank(o.text))


def glyph_run(glyphs: Sequence[Glyph], page: int, size: float) -> Run:
    """Characters of left-to-right ``glyphs`` with their boxes, spaces added at gaps."""
    run: Run = []
    prev: Glyph | None = None
    for g in glyphs:
        if _blank(g.text):
            if run and run[-1][0] != " ":
                run.append((" ", _box(g, page)))
            prev = g
            continue
        if prev is not None and run and run[-1][0] != " " and g.x0 - prev.x1 > _gap(prev.text, g.text) * size:
            run.append((" ", None))
        run.extend(_split(g, page))
        prev = g
    while run and run[-1][0] == " ":
        run.pop()
    return run


def join_runs(runs: Sequence[Run]) -> Run:
    """Runs (wrapped lines of one paragraph or cell) as one: no break, one space between Latin words."""
    out: Run = []
    for run in runs:
        if not run:
            continue
        if out and latin_boundary(out[-1][0], run[0][0]):
            out.append((" ", None))
        out.extend(run)
    return out


def latin_boundary(a: str, b: str) -> bool:
    """Whether a line ending in ``a`` and one starting with ``b`` are Latin words needing a space."""
    return a.isascii() and b.isascii() and a not in " -/(" and (b.isalnum() or b in "(")


def segments(line: TextLine, gap: float) -> list[list[Glyph]]:
    """The line cut at horizontal gaps wider than ``gap`` font sizes (columns of an unruled table)."""
    parts: list[list[Glyph]] = []
    for g in line.glyphs:
        if _blank(g.text):
            continue
        if parts and g.x0 - parts[-1][-1].x1 <= gap * line.size:
            parts[-1].append(g)
        else:
            parts.append([g])
    return parts


def _gap(a: str, b: str) -> float:
    if a[-1:].isdigit() and (b[:1].isdigit() or b[:1] in "%.") and a[-1:].isascii() and b[:1].isascii():
        return _DIGIT_GAP
    return _LATIN_GAP if a[-1:].isascii() and b[:1].isascii() else _CJK_GAP


def _split(g: Glyph, page: int) -> Run:
    """One glyph may carry several characters (a ligature, an OCR line): share its width evenly."""
    n = len(g.text)
    if n == 1:
        return [(g.text, _box(g, page))]
    w = (g.x1 - g.x0) / n
    return [(c, CharBox(page, g.x0 + i * w, g.top, g.x0 + (i + 1) * w, g.bottom)) for i, c in enumerate(g.text)]


def _box(g: Glyph, page: int) -> CharBox:
    return CharBox(page, g.x0, g.top, g.x1, g.bottom)


def _blank(text: str) -> bool:
    return not text.strip(_SPACES)
