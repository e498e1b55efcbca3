"""Which wrapped lines form one paragraph, judged by geometry.

Chinese official documents indent each paragraph's first line by two characters and fill
every other line to the right margin. So the break after line ``a`` is soft (the paragraph
goes on into ``b``) only when ``a`` reaches the right margin and ``b`` does not start a new
item: ``b`` is not a numbered heading (:data:`ingest.layout.HEADING_START`), not markedly
indented, not set in another font size, and not separated by paragraph spacing. Two
centred lines of a title join (set larger than the body, the first may be as wide as the
text block; in body size only when they visibly make one title). The same test, without the
spacing check, joins the last line of a page to the first line of the next.

Example:
    >>> from ingest.readers.geometry import Glyph
    >>> from ingest.readers.glyph_lines import TextLine
    >>> line = lambda s, x, y: TextLine([Glyph(c, x + 10 * i, y, x + 10 * (i + 1), y + 10) for i, c in enumerate(s)], 1)
    >>> m = Margins(left=0, right=100, leading=4)
    >>> m.continues(line("一二三四五六七八九十", 0, 0), line("结束。", 0, 14))
    True
    >>> m.continues(line("一二三四五六七八九十", 0, 0), line("二、下一项", 20, 14))
    False
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from ingest.layout import HEADING_START
from ingest.readers.glyph_lines import TextLine, latin_boundary

_SENTENCE_END = "。！？；：.!?;:"
_INDENT = 1.5  # font sizes: a paragraph's first line is indented by about two characters
_SLACK = 2.0  # font sizes a full line may stop short of the margin (CJK wrap, kinsoku)
_SPACING = 0.4  # font sizes of extra space before a paragraph (Word's 段前/段后 0.5 行 and up)
_TITLE_END = re.compile(r"(?:通知|方案|意见|规划|办法|细则|决定|清单|公告|函|计划|规定|指引|要点|措施|指南)$")


@dataclass(frozen=True)
class Margins:
    """A page's text block: left and right margin, and the usual blank space between lines."""

    left: float
    right: float
    leading: float
    size: float = 0.0  # the body text's font size

    @classmethod
    def measure(cls, lines: Sequence[TextLine], width: float, fallback: Margins | None = None) -> Margins:
        """Margins from a page's (or a document's) body lines; ``fallback`` for a page with few lines.

        The right margin is where most long lines end; when fewer than three lines end there or
        they all stop short of the middle of the page (a page of short items), it is the
        document's (``fallback``) or, for a short text, the page's mirror of the left margin.
        """
        if len(lines) < 4 and fallback is not None:
            return fallback
        if not lines:
            return cls(0.0, 0.0, 0.0, 0.0)
        x0s = Counter(round(ln.x0) for ln in lines)
        common = [x for x, n in x0s.items() if n >= max(2, 0.15 * len(lines))]
        left = float(min(common) if common else min(x0s))
        x1s = sorted(ln.x1 for ln in lines)
        right = x1s[int(0.9 * (len(x1s) - 1))] if len(x1s) >= 10 else x1s[-1]
        size = statistics.median(ln.size for ln in lines)
        if sum(1 for x in x1s if abs(x - right) <= size) < 3 or right - left < 0.5 * width:
            right = fallback.right if fallback is not None and fallback.right > right else max(right, width - left)
        gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:]) if b.top > a.bottom]
        leading = statistics.median_low(gaps) if gaps else 0.0  # low: paragraph spacing must not raise it
        return cls(left, float(right), leading, size)

    def continues(self, a: TextLine, b: TextLine, *, next_page: Margins | None = None) -> bool:
        """Whether the paragraph ending with line ``a`` goes on with line ``b``.

        Args:
            next_page: ``b``'s page margins when ``b`` opens the next page (no spacing check then).
        """
        mb = next_page or self
        if HEADING_START.match(b.text) or (abs(a.size - b.size) > 0.15 * max(a.size, b.size)
                                           and abs(a.pitch - b.pitch) > 0.15 * max(a.pitch, b.pitch)):
            return False
        if next_page is None and b.top - a.bottom > self.leading + _SPACING * a.size:
            return False
        if self._centred(b) and self._centred(a, wide=a.size > 1.15 * self.size):
            return _wrapped_title(a, b, large=a.size > 1.15 * self.size)
        if not self._full(a, b):
            return False
        return not (b.x0 > mb.left + _INDENT * b.size and abs(b.x0 - a.x0) > 0.5 * b.size)

    def _full(self, a: TextLine, b: TextLine) -> bool:
        """``a`` reaches the right margin (a Latin line: ``b``'s first word would not have fitted)."""
        slack = (1.0 if a.text[-1:] in _SENTENCE_END else _SLACK) * a.size
        if a.x1 >= self.right - slack:
            return True
        text = b.text
        if not latin_boundary(a.text[-1:], text[:1]):
            return False
        word = len(text.split(" ")[0]) if " " in text else len(text)
        return a.x1 + (word + 1) * 0.5 * b.size >= self.right

    def _centred(self, line: TextLine, *, wide: bool = False) -> bool:
        """Centred between the margins; ``wide`` allows a line as wide as the text block (a title's first line)."""
        if self.right <= self.left or (not wide and line.x0 < self.left + 2 * line.size):
            return False
        return abs((line.x0 + line.x1) / 2 - (self.left + self.right) / 2) <= 1.5 * line.size


def _wrapped_title(a: TextLine, b: TextLine, *, large: bool) -> bool:
    """Two centred lines of one title: set larger than the body, or visibly one title
    (an open 《, or the second line ends it: ``…的通知``); centred signature lines stay apart."""
    if a.text[-1:] in _SENTENCE_END:
        return False
    return large or a.text.count("《") > a.text.count("》") or _TITLE_END.search(b.text) is not None


def paragraphs(lines: Sequence[TextLine], margins: Margins) -> list[list[TextLine]]:
    """Consecutive ``lines`` of one page grouped into paragraphs."""
    out: list[list[TextLine]] = []
    for line in lines:
        if out and margins.continues(out[-1][-1], line):
            out[-1].append(line)
        else:
            out.append([line])
    return out
