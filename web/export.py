"""A conversation saved as a file: Markdown or Word (.docx), answers laid out by their structure.

A conversation is ``{"title"?, "turns": [{"question", "answer": <batch dict>}]}``, the shape the
chat keeps and ``POST /api/export?format=md|docx`` takes. Each answer is its statements with
``[n]`` markers, its list, its table, then the numbered sources (《title》(文号) section, page,
quoted text). Document text is escaped in the Markdown and written as plain runs in the .docx.

Example:
    >>> conversation_markdown({"turns": [{"question": "谁负责？", "answer": answer.to_batch_dict()}]})  # doctest: +SKIP
    '# 医养政策助手 对话记录\\n\\n## 问：谁负责？\\n\\n加强医养结合信息化支撑……[1]\\n\\n来源：\\n\\n1. 《深入推进……》 二、（七）：“……”'
"""

from __future__ import annotations

import io
import time
from collections.abc import Mapping, Sequence
from typing import Any

from web.answer_view import AnswerView, SourceView, answer_view
from web.escape import md_cell, md_text

TITLE = "医养政策助手 对话记录"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _turns(conversation: Mapping[str, Any]) -> list[tuple[str, AnswerView]]:
    return [(str(t.get("question", "")), answer_view(t.get("answer") or {})) for t in conversation.get("turns") or []]


def _marks(numbers: Sequence[int]) -> str:
    return "".join(f"[{n}]" for n in numbers)


def source_line(s: SourceView) -> str:
    """``《title》(文号) 二、（七） 第3页：“quoted text”`` (plain text)."""
    page = f" {s.page_label}" if s.page_label else ""
    quote = " ".join((s.quote or s.text[:160]).split())
    return f"{s.formal}{page}：“{quote}”"


def conversation_markdown(conversation: Mapping[str, Any]) -> str:
    """The conversation as a Markdown document."""
    out = [f"# {md_text(conversation.get('title') or TITLE)}", f"导出时间：{time.strftime('%Y-%m-%d %H:%M')}"]
    for question, view in _turns(conversation):
        out.append(f"## 问：{md_text(question)}")
        if not view.found:
            out.append("**未在已收录文件中找到**")
        if view.flags:
            out.append("（" + "；".join(md_text(f) for f in view.flags) + "）")
        out.append("  \n".join("".join(md_text(seg) + _marks(ns) for seg, ns in line.pieces())
                                for line in view.lines if line.text))
        if view.items:
            out.append("\n".join(f"{n}. {md_text((i.group + '：') if len(view.groups) > 1 else '')}"
                                 f"{md_text(i.text)}{_marks(i.marks)}" for n, i in enumerate(view.items, 1)))
        if view.table:
            t = view.table
            rows = ["| " + " | ".join(md_cell(h) for h in t.header) + " |", "|" + " --- |" * len(t.header)]
            rows += ["| " + " | ".join(md_cell(x) for x in r) + _marks(m) + " |" for r, m in zip(t.rows, t.row_marks)]
            out.append("\n".join(rows))
        shown = view.sources or view.related[:5]
        if shown:
            out.append("来源：" if view.sources else "相关条文（供参考）：")
            out.append("\n".join(f"{s.n}. {md_text(source_line(s))}" for s in shown))
    return "\n\n".join(x for x in out if x) + "\n"


def conversation_docx(conversation: Mapping[str, Any]) -> bytes:
    """The conversation as a Word document (python-docx), returned as bytes."""
    from docx import Document

    doc = Document()
    doc.add_heading(str(conversation.get("title") or TITLE), level=1)
    doc.add_paragraph(f"导出时间：{time.strftime('%Y-%m-%d %H:%M')}")
    for question, view in _turns(conversation):
        doc.add_heading(f"问：{question}", level=2)
        if not view.found:
            doc.add_paragraph().add_run("未在已收录文件中找到").bold = True
        if view.flags:
            doc.add_paragraph("（" + "；".join(view.flags) + "）")
        for line in view.lines:
            if line.text:
                doc.add_paragraph("".join(seg + _marks(ns) for seg, ns in line.pieces()))
        for i in view.items:
            prefix = f"{i.group}：" if len(view.groups) > 1 else ""
            doc.add_paragraph(prefix + i.text + _marks(i.marks), style="List Number")
        if view.table:
            _docx_table(doc, view)
        shown = view.sources or view.related[:5]
        if shown:
            doc.add_paragraph().add_run("来源：" if view.sources else "相关条文（供参考）：").bold = True
            for s in shown:
                doc.add_paragraph(f"[{s.n}] {source_line(s)}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _docx_table(doc: Any, view: AnswerView) -> None:
    t = view.table
    assert t is not None
    table = doc.add_table(rows=1, cols=len(t.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, t.header):
        cell.text = text
    for row, marks in zip(t.rows, t.row_marks):
        cells = table.add_row().cells
        values = list(row) + [""] * (len(t.header) - len(row))
        values[-1] += _marks(marks)
        for cell, text in zip(cells, values):
            cell.text = text
