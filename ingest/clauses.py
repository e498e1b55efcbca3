"""Reflowed policy text -> the clause tree every answer cites.

Each heading level is tracked on its own, by marker type, with a stack: a marker of a type
already on the stack closes that level and everything below it (a new ``二、`` closes the
``（十）`` and ``1.`` under ``一、``); a marker of a new type nests under the current one. So
``1.``-``20.`` that run on across ``（一）``-``（五）`` stay under their own parent, and
``（十一）``-``（二十二）`` that run on across ``三、`` and ``四、`` land under the right one. No
"most frequent numbering style" guess is made, so no parent is lost.

Conventions:

* ``section``: the document's own markers in canonical form, concatenated: ``二、（一）5.``
  (``(一)`` -> ``（一）``, ``1．``/``1、``/``4. `` -> ``1.``, ``(1)`` -> ``（1）``, ``第三条``). ``——``
  bullets are numbered within their parent: ``二、（三）——3``. A 重点项目 block is
  ``四、（七）重点项目``. Attachments are ``附件`` (``附件1``...), and what sits in them
  ``附件 …``. Table rows: see :mod:`ingest.tables`.
* ``headings``: heading texts along the path as written; for a clause that runs on after its
  heading (``（七）加强医养结合信息化支撑。利用现有…``) the lead sentence up to the first
  ``。``/``.``/``；`` (cut at the first comma when longer than 40 characters).
* Unnumbered paragraphs belong to the clause above them (its continuation): the second
  paragraph of 000's （十六）, the ``支持开展上门服务。…`` paragraph after （十八）, the body
  under ``(一)提高认识,加强组织领导``. A clause's text is its heading line plus those paragraphs.
* A numbered line with nothing but children under it is ``kind="heading"``.
* Everything before the first numbered heading (通知, 文号, issuers, the plan's own title and
  foreword) is ``kind="preamble"`` with ``section=""``; closing furniture (``抄送``/``送:``,
  ``公开方式``, ``…印发``) too, with ``headings=("版记",)``.
* Headings the file marks by style (``outline``: Word's heading styles and outline levels) but
  that carry no number (a Heading 2 ``保障措施``) open a section labelled with their text
  (``一、保障措施``); they nest under the nearest styled heading of a higher level (or, with no
  styled heading open, at the depth their level names), and the paragraphs after them are
  their body. A styled line with a number behaves as its number says. A lone top-level styled
  line before every other heading is the document's title and stays in the preamble; a styled
  sentence is body text, and styles are ignored when most paragraphs carry one.
* A document with no numbered heading at all: one ``kind="paragraph"`` clause per paragraph,
  ``section="第3段"``.
* A clause longer than ``max_chars`` is split, preferring paragraph then sentence boundaries
  (``。；;！？`` and ``.`` before a non-digit), into ``part=1,2,…`` with the same section and
  headings; a responsibility note (``（区卫生健康委…负责）``) stays with the sentence before it.
* ``start``/``end`` are offsets in the original file text (through ``Reflowed.span``).

Example:
    >>> from ingest.layout import reflow
    >>> text = "一、主要任务\\n（一）优化体系。\\n1. 推广安宁疗护服务。到2027年，床位20张以上。\\n"
    >>> [(c.section, c.kind) for c in parse_clauses("a.txt", "方案", reflow(text))]
    [('一、', 'heading'), ('一、（一）', 'heading'), ('一、（一）1.', 'clause')]
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.schema import Clause
from ingest.layout import Reflowed, is_cell_line
from ingest.tables import TableLine, join_path, read_table, table_row_clauses

__all__ = ["Marker", "parse_marker", "parse_clauses", "format_tree"]

_CN = "一二三四五六七八九十百零〇"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,5}})\s*章")),
    ("part", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,5}})\s*节")),
    ("article", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,5}})\s*条")),
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.](?![0-9０-９])\s*")),
    ("paren_cn", re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    ("arabic", re.compile(r"^([0-9０-９]{1,2})\s*[.．、](?![0-9０-９])\s*")),
    ("paren_arabic", re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
    ("bullet", re.compile(r"^(?:——|[•●▪◆])(?!—)\s*")),
]
_STOP = re.compile(r"[。！？；;!?]|\.(?![0-9０-９A-Za-z])")
_COMMA = re.compile(r"[，,：:]")
_RESPONSIBILITY = re.compile(r"^[（(〔\[【][^）)〕\]】]*(?:负责|落实|牵头|配合|责任单位)[^）)〕\]】]*[）)〕\]】]$")
_TRAILER = re.compile(r"^(?:抄送|送)\s*[:：]|^公开方式\s*[:：]|(?:\d{4}年\d{1,2}月\d{1,2}日|\d{8})\s*印发$")
_ATTACHMENT = re.compile(r"^附\s*件\s*([0-9０-９一二三四五六七八九十]*)\s*(?:[:：]|$)")
_KEY_COLON = re.compile(r"^[\u4e00-\u9fff]{2,8}\s*[：:]")
_FULL = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Marker:
    """A heading marker at the start of a line.

    Attributes:
        type: cn | paren_cn | arabic | paren_arabic | circled | chapter | part | article | bullet.
        label: canonical form for section paths (``（一）``, ``5.``); ``——`` for a bullet.
        length: characters the marker (and the spaces after it) take in the line.
    """

    type: str
    label: str
    length: int


def parse_marker(line: str) -> Marker | None:
    """The heading marker a display line starts with, if any.

    Example:
        >>> parse_marker("(一)推进居家社区医养结合设施建设.").label, parse_marker("1．统筹").label
        ('（一）', '1.')
    """
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        num = m.group(1).translate(_FULL) if m.groups() else ""
        label = {
            "cn": f"{num}、",
            "paren_cn": f"（{num}）",
            "arabic": f"{num.lstrip('0') or '0'}.",
            "paren_arabic": f"（{num.lstrip('0') or '0'}）",
            "circled": num,
            "chapter": f"第{num}章",
            "part": f"第{num}节",
            "article": f"第{num}条",
            "bullet": "——",
        }[kind]
        return Marker(kind, label, m.end())
    return None


@dataclass
class _Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass
class _Node:
    type: str
    section: str
    headings: tuple[str, ...]
    lines: list[_Line]
    kind: str = "clause"
    children: int = 0
    bullets: int = 0
    extras: dict[str, int] = field(default_factory=dict)
    level: int | None = None  # outline level the file gives the heading line, if any


def parse_clauses(
    source: str,
    doc_title: str,
    reflowed: Reflowed,
    max_chars: int = 400,
    *,
    outline: Sequence[tuple[int, int]] = (),
) -> list[Clause]:
    """Parse a reflowed document into clauses, in document order.

    Args:
        source: the file name stored on every clause.
        doc_title: the policy's title stored on every clause.
        reflowed: the output of :func:`ingest.layout.reflow` for the file.
        max_chars: clauses longer than this are split into parts.
        outline: ``(offset in the original text, level)`` of heading lines the file marks by
            style (``LoadedText.outline``); empty for plain text.

    Returns:
        Clauses (preamble, headings, clauses, table rows, attachments) with original offsets.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be >= 1, got {max_chars}")
    return _Parser(source, doc_title, reflowed, max_chars, outline).run()


class _Parser:
    def __init__(
        self, source: str, doc_title: str, reflowed: Reflowed, max_chars: int, outline: Sequence[tuple[int, int]] = ()
    ) -> None:
        self.source, self.doc_title, self.r, self.max_chars = source, doc_title, reflowed, max_chars
        self.lines = _lines(reflowed.text)
        self.levels = _line_levels(self.lines, reflowed, outline)
        self.stack: list[_Node] = []
        self.items: list[_Node | Clause] = []
        self.preamble = _Node("preamble", "", (), [], kind="preamble")
        self.trailer = _Node("trailer", "", ("版记",), [], kind="preamble")
        self.structured = bool(self.levels) or any(
            (m := parse_marker(ln.text)) and m.type != "bullet" for ln in self.lines
        )

    def run(self) -> list[Clause]:
        if not self.structured:
            return self._paragraphs()
        self.items.append(self.preamble)
        i = 0
        while i < len(self.lines):
            i = self._step(i)
        self.items.append(self.trailer)
        return [c for item in self.items for c in self._emit(item)]

    # -- walking ---------------------------------------------------------------------------
    def _step(self, i: int) -> int:
        ln = self.lines[i]
        if self.trailer.lines or (self.stack and _TRAILER.search(ln.text)):
            self.trailer.lines.append(ln)
            return i + 1
        if is_cell_line(ln.text):
            return self._table(i)
        body = bool(self.stack)
        att = _ATTACHMENT.match(ln.text)
        if att and body:
            self._attachment(ln, "附件" + att.group(1).translate(_FULL))
            return i + 1
        marker = parse_marker(ln.text)
        level = self.levels.get(ln.start)
        if level and marker is None:
            self._push_outline(level, ln)
        elif marker and (body or marker.type != "bullet"):
            self._push(marker, ln, level)
        elif body:
            self.stack[-1].lines.append(ln)
        else:
            self.preamble.lines.append(ln)
        return i + 1

    def _push(self, marker: Marker, ln: _Line, level: int | None = None) -> None:
        if level is not None:  # a styled, numbered heading closes unnumbered headings of its level or below
            cut = next((k for k, n in enumerate(self.stack) if n.level is not None and n.level >= level), None)
            if cut is not None and self.stack[cut].type == "outline":
                del self.stack[cut:]
        types = [n.type for n in self.stack]
        if marker.type in types:
            del self.stack[types.index(marker.type) :]
        elif marker.type != "bullet":
            while self.stack and self.stack[-1].type == "bullet":
                self.stack.pop()  # bullets are always leaves
        parent = self.stack[-1] if self.stack else None
        label = marker.label
        if marker.type == "bullet":
            owner = parent or self.preamble
            owner.bullets += 1
            label = f"——{owner.bullets}"
        if parent:
            parent.children += 1
        node = _Node(
            marker.type,
            join_path(parent.section if parent else "", label),
            (parent.headings if parent else ()) + (_lead(ln.text, marker.length),),
            [ln],
            level=level,
        )
        self.stack.append(node)
        self.items.append(node)

    def _push_outline(self, level: int, ln: _Line) -> None:
        """A heading the file marks by style alone: a section named by its text, placed by its level."""
        cut = next((k for k, n in enumerate(self.stack) if n.level is not None and n.level >= level), None)
        if cut is not None:
            del self.stack[cut:]
        styled = [k for k, n in enumerate(self.stack) if n.level is not None]
        if styled:  # numbered body paragraphs under the last styled heading are this one's siblings
            del self.stack[styled[-1] + 1 :]
        else:  # only typed numbers above: the level says how deep (an attachment stays the root)
            base = 1 if self.stack and self.stack[0].type == "attachment" else 0
            del self.stack[base + level - 1 :]
        parent = self.stack[-1] if self.stack else None
        if parent:
            parent.children += 1
        node = _Node(
            "outline",
            join_path(parent.section if parent else "", _outline_label(ln.text)),
            (parent.headings if parent else ()) + (_lead(ln.text, 0),),
            [ln],
            level=level,
        )
        self.stack.append(node)
        self.items.append(node)

    def _attachment(self, ln: _Line, label: str) -> None:
        top = self.stack[0] if self.stack else None
        if top is not None and top.type == "attachment" and (label == "附件" or label == top.section):
            del self.stack[1:]
            top.lines.append(ln)
            return
        node = _Node("attachment", label, (ln.text,), [ln], kind="attachment")
        self.stack[:] = [node]
        self.items.append(node)

    def _holder(self) -> _Node:
        return self.stack[-1] if self.stack else self.preamble

    def _table(self, i: int) -> int:
        j = i
        while j < len(self.lines):
            t = self.lines[j].text
            nxt = self.lines[j + 1].text if j + 1 < len(self.lines) else "\t"
            # a cell's further lines follow it with no blank line (a blank line ends each row)
            continues = j > i and not self.r.gap_before(self.lines[j].start)
            if is_cell_line(t) or (is_cell_line(nxt) and _cell_continuation(t)) or continues:
                j += 1
            else:
                break
        block = self.lines[i:j]
        holder = self._holder()
        cells = [ln for ln in block if is_cell_line(ln.text)]
        table = read_table([TableLine(ln.text, ln.start, self.r.gap_before(ln.start)) for ln in block]) if len(cells) > 1 else None
        if table is None:
            return self._project_block(i, j, holder)
        title = _pop_title(holder)
        self.items.extend(
            table_row_clauses(
                table,
                source=self.source,
                doc_title=self.doc_title,
                parent_section=holder.section,
                parent_headings=holder.headings,
                title=title.text if title else "",
                reflowed=self.r,
            )
        )
        return j

    def _project_block(self, i: int, j: int, holder: _Node) -> int:
        """A 重点项目 block: one TAB line and ``key：value`` lines, kept as one clause under its task."""
        while j < len(self.lines) and _KEY_COLON.match(self.lines[j].text) and not parse_marker(self.lines[j].text):
            j += 1
        title = _pop_title(holder)
        name = title.text if title else "附表"
        n = holder.extras[name] = holder.extras.get(name, 0) + 1
        lines = [title] if title else []
        for ln in self.lines[i:j]:
            body = ln.text.lstrip("\t")
            if body.strip():
                lines.append(_Line(body, ln.end - len(body)))
        if len(lines) == (1 if title else 0):  # nothing but empty cells: put the title back
            holder.lines.extend(lines)
            return j
        self.items.append(
            _Node("block", join_path(holder.section, name + (str(n) if n > 1 else "")), holder.headings + (name,), lines)
        )
        return j

    # -- emitting --------------------------------------------------------------------------
    def _emit(self, node: _Node | Clause) -> list[Clause]:
        if isinstance(node, Clause):
            return [node]
        if not node.lines:
            return []
        kind = node.kind
        if kind == "clause" and len(node.lines) == 1 and node.children and node.type not in ("block", "article"):
            kind = "heading"
        return self._clauses(node.lines, section=node.section, headings=node.headings, kind=kind)

    def _clauses(self, lines: list[_Line], *, section: str, headings: tuple[str, ...], kind: str) -> list[Clause]:
        parts = _split(lines, self.max_chars)
        out = []
        for n, part in enumerate(parts, 1 if len(parts) > 1 else 0):
            start, end = self.r.span(part[0][0], part[-1][1])
            out.append(
                Clause.create(
                    source=self.source,
                    doc_title=self.doc_title,
                    section=section,
                    headings=headings,
                    text="\n".join(self.r.text[s:e] if not self.r.text[s:e].startswith("\t") else self.r.text[s + 1 : e] for s, e in part),
                    start=start,
                    end=end,
                    kind=kind,
                    part=n,
                )
            )
        return out

    def _paragraphs(self) -> list[Clause]:
        out: list[Clause] = []
        n = 0
        i = 0
        while i < len(self.lines):
            ln = self.lines[i]
            if self.trailer.lines or _TRAILER.search(ln.text):
                self.trailer.lines.append(ln)
                i += 1
            elif is_cell_line(ln.text):
                self.items = []
                i = self._table(i)
                out.extend(c for item in self.items for c in self._emit(item))
            else:
                n += 1
                out.extend(self._clauses([ln], section=f"第{n}段", headings=(), kind="paragraph"))
                i += 1
        return out + self._emit(self.trailer)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for t in text.split("\n"):
        if t.strip() or t.startswith("\t"):  # a lone TAB is an empty table cell
            out.append(_Line(t, pos))
        pos += len(t) + 1
    return out


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


def _lead(line: str, marker_len: int) -> str:
    """The heading words of a numbered line: up to its first sentence end, at most ~40 characters."""
    m = _STOP.search(line, marker_len)
    lead = line[: m.end()] if m else line
    if len(lead) > 40:
        c = _COMMA.search(lead, marker_len)
        lead = lead[: c.start()] if c and c.start() - marker_len >= 2 else lead[:40] + "…"
    return lead.strip()


def _cell_continuation(t: str) -> bool:
    return len(t) <= 30 and not _STOP.search(t) and parse_marker(t) is None


def _pop_title(holder: _Node) -> _Line | None:
    """Take the table or block title (``《行动方案》主要指标``, ``重点项目``) off the lines above it."""
    if len(holder.lines) < (1 if holder.type == "preamble" else 2):
        return None
    t = holder.lines[-1].text
    if len(t) <= 40 and not _STOP.search(t) and parse_marker(t) is None and not _ATTACHMENT.match(t):
        return holder.lines.pop()
    return None


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


def format_tree(clauses: list[Clause], width: int = 48) -> str:
    """A clause tree for the terminal, one line per clause, indented by depth.

    Example:
        >>> from ingest.layout import reflow
        >>> print(format_tree(parse_clauses("a.txt", "方案", reflow("一、总则\\n（一）适用范围。本办法适用于全省。"))))
        一、  一、总则
          一、（一）  （一）适用范围。本办法适用于全省。
    """
    lines = []
    for c in sorted(clauses, key=lambda c: (c.start, c.part)):
        depth = max(len(c.headings) - 1, 0) if c.kind not in ("preamble", "paragraph") else 0
        label = (c.section or "前言") + (f" [{c.part}]" if c.part else "") + (f" ({c.page_label})" if c.pages else "")
        first = c.text.split("\n", 1)[0]
        snippet = first if len(first) <= width else first[:width] + "…"
        lines.append(f"{'  ' * depth}{label}  {snippet}")
    return "\n".join(lines)


if __name__ == "__main__":  # python -m ingest.clauses corpus/documents/002_*.txt
    import sys
    from pathlib import Path

    from ingest.layout import reflow

    for arg in sys.argv[1:]:
        p = Path(arg)
        print(f"== {p.name}")
        print(format_tree(parse_clauses(p.name, p.stem, reflow(p.read_text(encoding="utf-8")))))
