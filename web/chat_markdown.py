"""An answer as chat Markdown, by its structure: lead, list, table, numbered sources.

Built from :class:`web.answer_view.AnswerView`; every piece of document text goes through
:func:`web.escape.md_text`, so a clause holding ``<script>`` or ``**`` is shown as it is written.
Marker ``[n]`` after a statement links to citation ``n`` opened in the document view (the quoted
span highlighted); under the answer each source gives 《title》(文号), section path, page, the
quoted text and a copy button for the formal citation string.

:func:`markdown_frames` yields the same Markdown growing piece by piece for streaming.

Example:
    >>> answer_markdown(bot.ask("涪陵区区民政局牵头哪些任务？"))       # doctest: +SKIP
    '涪陵区区民政局牵头的任务共5项：\\n\\n1. 医养结合纳入本部门年度工作重点（四、（二十一），牵头）<a ...>[1]</a>...'
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from typing import Any

from web.answer_view import AnswerView, ItemView, SourceView, answer_view
from web.document_page import doc_url
from web.escape import attr, md_cell, md_text

VISIBLE_ITEMS = 10
OPEN_SOURCES = 5  # more sources than this start folded under their summary line
QUOTE_CHARS = 200
NOT_FOUND = "未在已收录文件中找到"
SOURCES = "来源"
RELATED = "相关条文（供参考，并未回答这个问题）"


def answer_markdown(answer: Mapping[str, Any] | Any) -> str:
    """The whole answer (a batch dict, an ``Answer`` or an ``AnswerView``) as chat Markdown."""
    view = answer if isinstance(answer, AnswerView) else answer_view(answer)
    return render(view)


def render(view: AnswerView, *, text_chars: int | None = None, items: int | None = None,
           rows: int | None = None, sources: bool = True) -> str:
    """Markdown of ``view``; the keyword limits cut it short for a streaming frame."""
    blocks = [_badges(view), _lines(view, text_chars)]
    if text_chars is None:
        blocks += [_items(view, view.items[:items] if items is not None else view.items, len(view.items)),
                   _table(view, rows)]
        if sources:
            blocks.append(_sources(view))
    return "\n\n".join(b for b in blocks if b)


def markdown_frames(view: AnswerView, piece: int = 24) -> Iterator[str]:
    """Growing Markdown of ``view``: the lead piece by piece, then item by item, row by row; last the whole."""
    total = sum(len(line.text) for line in view.lines)
    for end in range(piece, total, piece):
        yield render(view, text_chars=end)
    for n in range(0, len(view.items) + 1, max(1, len(view.items) // 12)):
        yield render(view, items=n, rows=0, sources=False)
    if view.table:
        for n in range(1, len(view.table.rows) + 1):
            yield render(view, rows=n, sources=False)
    yield render(view)


# -- pieces --------------------------------------------------------------------------------------
def marker(s: SourceView) -> str:
    """``[n]`` linking to the cited clause in the document view (the quoted span highlighted)."""
    return (f'<a class="yy-mark" href="{attr(doc_url(s.source, s.clause_id, s.quote))}" target="_blank" '
            f'title="{attr(s.formal)}">[{s.n}]</a>')


def _marks(view: AnswerView, numbers: Sequence[int]) -> str:
    return "".join(marker(view.sources[n - 1]) for n in numbers if 0 < n <= len(view.sources))


def _badges(view: AnswerView) -> str:
    labels = ([NOT_FOUND] if not view.found else []) + list(view.flags)
    return "".join(f'<span class="yy-badge{" yy-none" if b == NOT_FOUND else ""}">{md_text(b)}</span>'
                   for b in labels)


def _lines(view: AnswerView, chars: int | None) -> str:
    out, left = [], chars
    for line in view.lines:
        if left is not None and left < len(line.text):
            out.append(md_text(line.text[:left]))
            break
        out.append("".join(md_text(seg) + _marks(view, ns) for seg, ns in line.pieces()))
        if left is not None:
            left -= len(line.text)
    text = "  \n".join(x for x in out if x)
    if view.items and not _says_count(view):
        text = (text + "  \n" if text else "") + f"共 {len(view.items)} 项："
    return text


def _says_count(view: AnswerView) -> bool:
    return any(f"{len(view.items)}项" in line.text or f"{len(view.items)} 项" in line.text for line in view.lines)


def _items(view: AnswerView, shown: Sequence[ItemView], total: int) -> str:
    if not shown:
        return ""
    grouped = len(view.groups) > 1
    numbered = list(enumerate(shown, 1))
    head = _list(view, numbered[:VISIBLE_ITEMS], grouped)
    rest = numbered[VISIBLE_ITEMS:]
    if not rest:
        return head
    return (f'{head}\n\n<details class="yy-more"><summary>展开全部（另 {total - VISIBLE_ITEMS} 项）</summary>\n\n'
            f"{_list(view, rest, grouped)}\n\n</details>")


def _list(view: AnswerView, numbered: Sequence[tuple[int, ItemView]], grouped: bool) -> str:
    lines: list[str] = []
    group: str | None = None
    for n, item in numbered:
        if grouped and item.group != group:
            if lines:
                lines.append("")
            size = sum(i.group == item.group for i in view.items)
            lines += [f"**{md_text(item.group or '其他')}**（{size}项）", ""]
            group = item.group
        lines.append(f"{n}. {md_text(item.text)}{_marks(view, item.marks)}")
    return "\n".join(lines)


def _table(view: AnswerView, rows: int | None) -> str:
    t = view.table
    if t is None or not t.header:
        return ""
    shown = t.rows[:rows] if rows is not None else t.rows
    out = ["| " + " | ".join(md_cell(h) for h in t.header) + " |", "|" + " --- |" * len(t.header)]
    for row, marks in zip(shown, t.row_marks):
        cells = [md_cell(x) for x in row] + [""] * (len(t.header) - len(row))
        cells[-1] += _marks(view, marks)
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def _sources(view: AnswerView) -> str:
    """The numbered sources, folded (but one click away) when there are more than a few."""
    if view.sources:
        title, blocks = f"{SOURCES}（{len(view.sources)} 条）", [source_block(s) for s in view.sources]
    elif view.related:
        title, blocks = RELATED, [source_block(replace(s, n=0)) for s in view.related[:5]]
    else:
        return ""
    opened = " open" if len(blocks) <= OPEN_SOURCES else ""
    return (f'<details class="yy-sources"{opened}><summary>{title}</summary>\n\n' + "\n\n".join(blocks)
            + "\n\n</details>")


def source_block(s: SourceView) -> str:
    """``[n] 《title》(文号) 二、（七） 第3页 [复制引用]`` and the quoted text under it."""
    number = f"[{s.n}] " if s.n else ""
    page = f' <span class="yy-page">{md_text(s.page_label)}</span>' if s.page_label else ""
    label = (f'<span class="yy-cite">{number}<a class="yy-label" href="{attr(doc_url(s.source, s.clause_id, s.quote))}" '
             f'target="_blank">{md_text(s.formal)}</a>{page} '
             '<button class="yy-copy" type="button" title="复制规范引用">复制引用</button></span>')
    quote = " ".join((s.quote or s.text).split())
    if len(quote) > QUOTE_CHARS:
        quote = quote[:QUOTE_CHARS] + "……"
    return f"{label}\n\n> {md_text(quote)}" if quote else label
