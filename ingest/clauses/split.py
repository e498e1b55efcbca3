"""A clause longer than ``max_chars`` split into parts: whole paragraphs where they fit, else sentences."""

from __future__ import annotations

import re

from ingest.clauses.lines import _STOP, _Line

_RESPONSIBILITY = re.compile(r"^[（(〔\[【][^）)〕\]】]*(?:负责|落实|牵头|配合|责任单位)[^）)〕\]】]*[）)〕\]】]$")


def _split(lines: list[_Line], max_chars: int) -> list[list[tuple[int, int]]]:
    """Display spans of each part: whole paragraphs where they fit, else sentences."""
    parts: list[list[tuple[int, int]]] = [[]]
    size = 0
    for ln in lines:
        if parts[-1]:
            size += 1  # the line break joining this paragraph to the part
        units = [(ln.start, ln.end)] if len(ln.text) <= max_chars else _sentences(ln)
        for k, (s, e) in enumerate(units):
            glue = k > 0 and e - s < 60 and _RESPONSIBILITY.match(ln.text[s - ln.start : e - ln.start].strip())
            if parts[-1] and size + (e - s) > max_chars and not glue:
                parts.append([])
                size = 0
            if parts[-1] and parts[-1][-1][1] == s:  # same paragraph: extend the span
                parts[-1][-1] = (parts[-1][-1][0], e)
            else:
                parts[-1].append((s, e))
            size += e - s
    return [p for p in parts if p]


def _sentences(ln: _Line) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph; a ``；`` inside brackets (``(牵头单位:…;配合单位:…)``) is not an end."""
    out, last = [], 0
    for m in _STOP.finditer(ln.text):
        before = ln.text[last : m.start()]
        if _depth(ln.text[last : m.start()]) > 0 or not before.strip():
            continue
        out.append((ln.start + last, ln.start + m.end()))
        last = m.end()
    if last < len(ln.text):
        out.append((ln.start + last, ln.end))
    return out


def _depth(s: str) -> int:
    """Open brackets at the end of ``s``; a 文号 ``〔2015`` is not counted (its ``〕`` is often lost)."""
    paren = max(0, sum(s.count(c) for c in "（(") - sum(s.count(c) for c in "）)"))
    square = max(0, len(re.findall(r"[〔【\[](?![0-9０-９])", s)) - len(re.findall(r"(?<![0-9０-９])[〕】\]]", s)))
    return paren + square
