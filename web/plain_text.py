"""An answer as terminal text, by its structure: statements with ``[n]``, a numbered list, a table,
then the numbered sources. For ``yiyang ask``; print it without markup interpretation.

Example:
    >>> print(answer_text(bot.ask("涪陵区区民政局牵头哪些任务？")))        # doctest: +SKIP
    涪陵区区民政局牵头的任务共5项：
      1. 医养结合纳入本部门年度工作重点（四、（二十一），牵头） [1]
      ...
    来源：
      [1] 《深入推进医养结合发展的实施方案》 四、（二十一）
          “医养结合纳入本部门年度工作重点……”
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

from web.answer_view import AnswerView, answer_view

QUOTE_CHARS = 120
NOT_FOUND = "未在已收录文件中找到"


def _marks(numbers: Sequence[int]) -> str:
    return (" " + "".join(f"[{n}]" for n in numbers)) if numbers else ""


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def answer_text(answer: Mapping[str, Any] | Any) -> str:
    """The answer (a batch dict, an ``Answer`` or an ``AnswerView``) as plain lines."""
    view = answer if isinstance(answer, AnswerView) else answer_view(answer)
    out: list[str] = []
    if not view.found and not any(NOT_FOUND in line.text for line in view.lines):
        out.append(f"【{NOT_FOUND}】")
    out += ["".join(seg + _marks(ns) for seg, ns in line.pieces()) for line in view.lines if line.text]
    group = None
    for n, item in enumerate(view.items, 1):
        if len(view.groups) > 1 and item.group != group:
            out.append(f"  {item.group or '其他'}：")
            group = item.group
        out.append(f"  {n}. {item.text}{_marks(item.marks)}")
    if view.table:
        t = view.table
        widths = [max(_width(r[i]) if i < len(r) else 0 for r in (t.header, *t.rows)) for i in range(len(t.header))]
        for row, marks in ((t.header, ()), *zip(t.rows, t.row_marks)):
            out.append("  " + "  ".join(_pad(c, w) for c, w in zip(row, widths)).rstrip() + _marks(marks))
    if view.flags:
        out.append("  " + " ".join(f"〔{f}〕" for f in view.flags))
    shown = view.sources or view.related[:5]
    if shown:
        out.append("来源：" if view.sources else "相关条文（供参考）：")
        for s in shown:
            page = f" {s.page_label}" if s.page_label else ""
            out.append(f"  [{s.n}] {s.formal}{page}")
            quote = " ".join((s.quote or s.text).split())
            out.append(f"      “{quote[:QUOTE_CHARS]}{'……' if len(quote) > QUOTE_CHARS else ''}”")
    return "\n".join(out)
