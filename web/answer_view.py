"""An answer laid out for reading: statements and items with the numbers of the citations behind them.

Built from the batch dict (``Answer.to_batch_dict()``), so the chat, the CLI, the export and the
``/api/export`` route all read one shape. Nothing here escapes or formats: the renderers
(``web.chat_markdown``, ``web.plain_text``, ``web.export``) do. Marker ``n`` is
``citations[n-1]``, the same numbering as the API's ``citations`` list.

Example:
    >>> view = answer_view({"answer": "共1项：甲。", "found": True, "lead": "共1项：",
    ...     "items": [{"text": "甲", "citation": 0, "group": "涪陵区"}],
    ...     "citations": [{"label": "《方案》 二、", "title": "方案", "section": "二、", "quote": "甲"}]})
    >>> view.lines, view.items[0].marks
    ((Marked(text='共1项：', marks=()),), (1,))
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from corpus.normalize import normalize_for_match

# The target composer spells the series out in the text ("；表中逐年：2022年0张，…"); a rendered table
# says the same, so the renderers drop that tail when the table is shown.
SERIES_TAIL = "；表中逐年："
_PROBE = 12  # characters of a quote that identify the line quoting it
_MARKER = re.compile(r"\[(\d{1,3})\]")


@dataclass(frozen=True)
class Marked:
    """A statement and the citation numbers (1-based) that back it.

    ``inline`` places markers inside the text, ``(offset, n)`` each (a model-written answer puts
    ``[n]`` mid-sentence); ``marks`` go after the text.
    """

    text: str
    marks: tuple[int, ...] = ()
    inline: tuple[tuple[int, int], ...] = ()

    def pieces(self) -> list[tuple[str, tuple[int, ...]]]:
        """The text cut where markers stand: ``[(segment, numbers after it), ...]``; joined it is ``text``."""
        out: list[tuple[str, tuple[int, ...]]] = []
        at = 0
        for offset, n in self.inline:
            if out and offset == at:
                out[-1] = (out[-1][0], out[-1][1] + (n,))
            else:
                out.append((self.text[at:offset], (n,)))
            at = offset
        out.append((self.text[at:], self.marks))
        return [(seg, ns) for seg, ns in out if seg or ns]


@dataclass(frozen=True)
class ItemView:
    """One list item: its text, its citation numbers, the group (jurisdiction) it belongs to."""

    text: str
    marks: tuple[int, ...] = ()
    group: str = ""


@dataclass(frozen=True)
class TableView:
    """A table of values by year; each row carries the number of the clause it was read from."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_marks: tuple[tuple[int, ...], ...]


@dataclass(frozen=True)
class SourceView:
    """One cited clause: ``《title》(文号)``, section path, page label, quoted text and where to open it."""

    n: int
    head: str
    section: str
    page_label: str
    quote: str
    text: str
    source: str
    clause_id: str

    @property
    def formal(self) -> str:
        """The formal citation string: ``《title》(文号) 二、（一）5.``."""
        return f"{self.head} {self.section or '前言'}".strip()


@dataclass(frozen=True)
class AnswerView:
    """Everything a renderer needs, in reading order."""

    found: bool
    flags: tuple[str, ...]
    lines: tuple[Marked, ...]
    items: tuple[ItemView, ...]
    table: TableView | None
    sources: tuple[SourceView, ...]
    related: tuple[SourceView, ...]

    @property
    def groups(self) -> list[str]:
        """The distinct item groups in order of first appearance."""
        return list(dict.fromkeys(i.group for i in self.items))


def answer_view(d: Mapping[str, Any]) -> AnswerView:
    """Lay out one batch dict (``Answer.to_batch_dict()``); an ``Answer`` works too."""
    if not isinstance(d, Mapping):
        d = d.to_batch_dict()
    citations = [c for c in d.get("citations") or [] if isinstance(c, Mapping)]
    items = [ItemView(str(i.get("text", "")), _mark(i.get("citation", -1), len(citations)), str(i.get("group", "")))
             for i in d.get("items") or [] if isinstance(i, Mapping)]
    table = _table(d.get("table"), len(citations))
    bound = {n for i in items for n in i.marks} | ({n for r in table.row_marks for n in r} if table else set())
    free = [n for n in range(1, len(citations) + 1) if n not in bound]
    if (d.get("llm") or {}).get("mode") == "llm":
        lines = _llm_lines(str(d.get("answer", "")), len(citations))
    elif items and d.get("lead"):
        lines = (Marked(str(d["lead"]), tuple(free)),)
    else:
        text = str(d.get("answer", ""))
        if table and SERIES_TAIL in text:
            text = text.split(SERIES_TAIL)[0] + "。"
        lines = _marked_lines(text, citations, free)
    return AnswerView(
        found=bool(d.get("found", True)),
        flags=tuple(d.get("flags") or ()),
        lines=lines,
        items=tuple(items),
        table=table,
        sources=tuple(source_view(n, c) for n, c in enumerate(citations, 1)),
        related=tuple(source_view(n, c) for n, c in enumerate((c for c in d.get("related") or [] if isinstance(c, Mapping)), 1)),
    )


def source_view(n: int, c: Mapping[str, Any]) -> SourceView:
    """Citation ``n`` of a batch dict's ``citations`` list."""
    head = f"《{c.get('title', '')}》" + (f"({c['doc_number']})" if c.get("doc_number") else "")
    return SourceView(n=n, head=head, section=str(c.get("section") or ""), page_label=page_label(c.get("pages") or ()),
                      quote=str(c.get("quote") or ""), text=str(c.get("text") or ""),
                      source=str(c.get("source") or ""), clause_id=str(c.get("clause_id") or ""))


def page_label(pages: Sequence[int]) -> str:
    """``第3页`` / ``第3-4页``, the same as ``Clause.page_label``; ``""`` without pages."""
    if not pages:
        return ""
    lo, hi = min(pages), max(pages)
    return f"第{lo}页" if lo == hi else f"第{lo}-{hi}页"


def _mark(index: Any, count: int) -> tuple[int, ...]:
    return (int(index) + 1,) if isinstance(index, int) and 0 <= index < count else ()


def _table(t: Any, count: int) -> TableView | None:
    if not isinstance(t, Mapping) or not isinstance(t.get("rows"), list) or not t["rows"]:
        return None
    cites = list(t.get("row_citations") or [])
    rows = tuple(tuple(str(x) for x in r) if isinstance(r, (list, tuple)) else (str(r),) for r in t["rows"])
    return TableView(header=tuple(str(h) for h in t.get("header") or ()), rows=rows,
                     row_marks=tuple(_mark(cites[i] if i < len(cites) else -1, count) for i in range(len(rows))))


def _marked_lines(text: str, citations: Sequence[Mapping[str, Any]], numbers: Sequence[int]) -> tuple[Marked, ...]:
    """Each citation's number after the line that quotes it (or names its section), else after the first."""
    lines = text.split("\n")
    folded = [normalize_for_match(line) for line in lines]
    marks: list[list[int]] = [[] for _ in lines]
    for n in numbers:
        c = citations[n - 1]
        probes = [p for p in (normalize_for_match(str(c.get("quote") or ""))[:_PROBE],
                              normalize_for_match(str(c.get("section") or ""))) if len(p) >= 3]
        at = next((i for i, line in enumerate(folded) if any(p in line for p in probes)), 0)
        marks[at].append(n)
    return tuple(Marked(line, tuple(ns)) for line, ns in zip(lines, marks))


def _llm_lines(text: str, count: int) -> tuple[Marked, ...]:
    """A model-written text already carries ``[n]``: they stay where the model put them."""
    out = []
    for line in text.split("\n"):
        plain, inline, at = [], [], 0
        for m in _MARKER.finditer(line):
            plain.append(line[at:m.start()])
            if 0 < int(m.group(1)) <= count:
                inline.append((sum(map(len, plain)), int(m.group(1))))
            at = m.end()
        plain.append(line[at:])
        out.append(Marked("".join(plain), (), tuple(inline)))
    return tuple(out)
