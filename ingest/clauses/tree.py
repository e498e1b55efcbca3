"""The clause tree: a stack of open headings walked line by line, with tables and blocks placed in it,
emitted as clauses."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from corpus.schema import Clause
from ingest.clauses.lines import _STOP, _Line, _lines
from ingest.clauses.markers import _FULL, Marker, parse_marker
from ingest.clauses.outline import _line_levels, _outline_label
from ingest.clauses.split import _split
from ingest.layout import Reflowed, is_cell_line
from ingest.tables import TableLine, join_path, read_table, table_row_clauses

_COMMA = re.compile(r"[，,：:]")
_TRAILER = re.compile(r"^(?:抄送|送)\s*[:：]|^公开方式\s*[:：]|(?:\d{4}年\d{1,2}月\d{1,2}日|\d{8})\s*印发$")
_ATTACHMENT = re.compile(r"^附\s*件\s*([0-9０-９一二三四五六七八九十]*)\s*(?:[:：]|$)")
_KEY_COLON = re.compile(r"^[\u4e00-\u9fff]{2,8}\s*[：:]")


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
