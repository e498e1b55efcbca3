"""Headings the file marks by style alone (Word heading styles, outline levels): which lines, and their labels."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from ingest.clauses.lines import _STOP, _Line
from ingest.clauses.markers import parse_marker
from ingest.layout import Reflowed, is_cell_line


def _line_levels(lines: list[_Line], r: Reflowed, outline: Sequence[tuple[int, int]]) -> dict[int, int]:
    """Display line start -> outline level, for the outline entries (original offsets) that start a line."""
    if not outline or not lines:
        return {}
    starts = [r.origin[ln.start] if ln.start < len(r.origin) else len(r.original) for ln in lines]
    levels: dict[int, int] = {}
    for offset, level in sorted(outline):
        k = bisect.bisect_left(starts, offset)
        if k < len(lines) and "\n" not in r.original[offset : starts[k]] and level >= 1:
            if parse_marker(lines[k].text) or _heading_like(lines[k].text):
                levels[lines[k].start] = level
    unnumbered = sum(1 for ln in lines if ln.start in levels and parse_marker(ln.text) is None)
    if unnumbered > 8 and unnumbered * 2 > sum(1 for ln in lines if not is_cell_line(ln.text)):
        return {}  # most paragraphs styled as headings: the styles say nothing about structure
    for ln in lines:  # a lone top-level styled line before every heading is the title, styled as a heading
        if ln.start in levels:
            top = levels[ln.start]
            if parse_marker(ln.text) is None and top <= min(levels.values()) and list(levels.values()).count(top) == 1:
                del levels[ln.start]
            break
        if (m := parse_marker(ln.text)) and m.type != "bullet":
            break
    return levels


def _heading_like(text: str) -> bool:
    """A styled line that reads as a heading: short, no sentence inside (body text styled as a heading is not)."""
    body = text.strip().rstrip("。.；;：:")
    return 0 < len(body) <= 40 and not _STOP.search(body)


def _outline_label(text: str) -> str:
    """The section label of an unnumbered heading: its words, without spaces, at most 20 characters."""
    words = re.sub(r"\s+", "", text)
    return words if len(words) <= 20 else words[:20] + "…"
