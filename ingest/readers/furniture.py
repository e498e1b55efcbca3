"""Running headers, footers and page numbers: page furniture that must not land in clauses.

Only lines in a page's top or bottom band (the outer :data:`BAND` of its height) count.
Dropped are

* any line there that is a page number in a common form: ``— 3 —``, ``-3-``, ``- 3 -``, ``3``,
  ``第3页 共9页``, ``第 3 页``, ``3/9``, ``Page 3 of 9``; and
* a running header or footer among the first/last :data:`EDGE_LINES` lines: the same text,
  digits normalised (``第3页``/``第4页`` -> ``第#页``), at about the same height on at least two
  pages and on at least :data:`SHARE` of them (the document's short title; alternating odd and
  even headers each cover half the pages); a line of :data:`_LONG_HEADER` characters or more at
  any height of the bands (the header of a landscape page sits elsewhere).

A numbered heading or an attachment label (``附件1`` at the top of page 5, ``附件2`` at the top
of page 8) is never taken for a running header.

Example:
    >>> is_page_number("— 12 —"), is_page_number("第 3 页 共 9 页"), is_page_number("一、总则")
    (True, True, False)
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence

from ingest.layout import HEADING_START
from ingest.readers.glyph_lines import TextLine

__all__ = ["strip_furniture", "is_page_number"]

BAND = 0.12
SHARE = 0.4
EDGE_LINES = 2
_LABEL = re.compile(r"^\s*附\s*[件表录]")
_SAME_PLACE = 6.0  # points: running headers sit at the same height on every page
_LONG_HEADER = 8  # characters: a header this long is one wherever it sits in the page's band

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―~·.]*\d{1,4}[-—–－―~·.]*"
    r"|第\d{1,4}页(?:[,，/、]?共\d{1,4}页)?"
    r"|共\d{1,4}页[,，/、]?第\d{1,4}页"
    r"|\d{1,4}/\d{1,4}"
    r"|page\d{1,4}(?:of\d{1,4})?)$",
    re.IGNORECASE,
)


def is_page_number(text: str) -> bool:
    """A line that is only a page number (spaces and full-width digits allowed)."""
    return _PAGE_NUMBER.match(_compact(text)) is not None


def strip_furniture(pages: Sequence[Sequence[TextLine]], heights: Sequence[float]) -> list[list[TextLine]]:
    """Each page's lines without its running header, footer and page number lines.

    Args:
        pages: per page, its text lines sorted top to bottom (tables already taken out).
        heights: per page, its height in points.
    """
    candidates = [_edge_lines(lines, h) for lines, h in zip(pages, heights)]
    by_text: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for i, cands in enumerate(candidates):
        for ln in cands:
            by_text[_key(ln)].append((i, ln.top))
    need = max(2.0, SHARE * len(pages))
    out = []
    for i, (lines, cands, h) in enumerate(zip(pages, candidates, heights)):
        drop = {id(ln) for ln in lines if _in_band(ln, h) and is_page_number(ln.text)}
        drop |= {id(ln) for ln in cands if _running(ln, i, by_text[_key(ln)], need)}
        out.append([ln for ln in lines if id(ln) not in drop])
    return out


def _running(line: TextLine, page: int, places: list[tuple[int, float]], need: float) -> bool:
    """Repeated at about this height on enough pages, and not a heading or attachment label."""
    if HEADING_START.match(line.text) or _LABEL.match(line.text):
        return False
    pages = {p for p, top in places if abs(top - line.top) <= _SAME_PLACE} | {page}
    if len(pages) < need and len(_key(line)) >= _LONG_HEADER:
        pages = {p for p, _ in places} | {page}  # a long line at the edge of pages laid out otherwise (landscape)
    return len(pages) >= need


def _in_band(line: TextLine, height: float) -> bool:
    return line.bottom <= BAND * height or line.top >= (1 - BAND) * height


def _edge_lines(lines: Sequence[TextLine], height: float) -> list[TextLine]:
    """The outermost lines of a page that lie in its bands: where a running header can be."""
    edge = [*lines[:EDGE_LINES], *lines[-EDGE_LINES:]]
    return [ln for i, ln in enumerate(edge) if _in_band(ln, height) and ln not in edge[:i]]


def _key(line: TextLine) -> str:
    """The line's text with digits normalised, so ``第3页`` and ``第4页`` compare equal."""
    return re.sub(r"\d+", "#", _compact(line.text))


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
