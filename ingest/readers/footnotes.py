"""Footnotes at the foot of a page (①医养结合机构指…, in a smaller font under the body) are taken out of
the page's flow, so the paragraph they interrupt goes on into the next page, and read once each, after
the document's text (as a Word file's footnotes are).

A page's (or column's) trailing lines are footnotes when every one is set smaller than the document's
body text and the first starts with a note mark (①–⑳, ⑴, *, 注：); each mark (or numbered item) starts a
footnote, the lines under it continue it. A note repeated on a later page (the same mark and text) is read once.

Example:
    >>> from ingest.readers.geometry import Glyph
    >>> def line(text, y, size): return TextLine([Glyph(c, 72 + size * i, y, 72 + size * (i + 1), y + size) for i, c in enumerate(text)], 1)
    >>> body = [line("家庭病床②服务覆盖全部乡镇卫生院，", 100, 12), line("持续推进。", 120, 12)]
    >>> kept, notes = split_footnotes([[body + [line("②家庭病床指在居住场所设立的病床。", 700, 8)]]])
    >>> [ln.text for ln in kept[0][0]], [[ln.text for ln in n] for n in notes]
    (['家庭病床②服务覆盖全部乡镇卫生院，', '持续推进。'], [['②家庭病床指在居住场所设立的病床。']])
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence

from ingest.readers.glyph_lines import TextLine

SMALLER = 0.85  # a footnote's size against the body text's
_ITEM = re.compile(r"^\s*\d{1,2}\s*[.、．]")  # 注：1.… / 2.…: each item a line of its own
_MARK = re.compile(r"^\s*(?:[①-⑳⑴-⒇]|\*{1,3}|注\s*[:：])")


def split_footnotes(sections: Sequence[Sequence[Sequence[TextLine]]]
                    ) -> tuple[list[list[list[TextLine]]], list[list[TextLine]]]:
    """``sections`` (per page, its columns' lines top to bottom) without their footnotes, and the footnotes."""
    sizes = [ln.size for page in sections for sec in page for ln in sec]
    if not sizes:
        return [[list(sec) for sec in page] for page in sections], []
    body = statistics.median(sizes)
    kept: list[list[list[TextLine]]] = []
    notes: list[list[TextLine]] = []
    seen: set[str] = set()
    for page in sections:
        kept.append([])
        for sec in page:
            start = _foot(sec, body)
            kept[-1].append(list(sec[:start]))
            for note in _notes(sec[start:]):
                key = re.sub(r"\s", "", "".join(ln.text for ln in note))
                if key not in seen:
                    seen.add(key)
                    notes.append(note)
    return kept, notes


def _foot(lines: Sequence[TextLine], body: float) -> int:
    """Where the footnotes of ``lines`` start (``len(lines)`` when there are none)."""
    start = len(lines)
    while start > 0 and lines[start - 1].size <= SMALLER * body:
        start -= 1
    while start < len(lines) and not _MARK.match(lines[start].text):
        start += 1  # small lines above the first mark are not notes (a table's source line)
    return start if start > 0 else len(lines)


def _notes(lines: Sequence[TextLine]) -> list[list[TextLine]]:
    out: list[list[TextLine]] = []
    for ln in lines:
        if _MARK.match(ln.text) or _ITEM.match(ln.text) or not out:
            out.append([ln])
        else:
            out[-1].append(ln)
    return out
