"""What the assistant returns: an answer, the clauses it stands on, and what it looked at.

``Answer.to_batch_dict()`` is the batch/HTTP contract other tools depend on::

    {"id", "answer", "found", "citations": [{"source", "title", "section", "text", ...}],
     "contexts": [{"source", "section", "text", "score"}], "latency_ms"}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from corpus.schema import Clause, DocumentMeta

FLAG_LABELS = {
    "draft": "征求意见稿",
    "past_target": "目标年份已过",
    "table_text_conflict": "表文不一致",
    "degraded": "仅关键词检索",
    "llm_rejected": "模型答案未通过核对，显示原文答案",
    "llm_timeout": "模型超时，显示原文答案",
    "llm_error": "模型出错，显示原文答案",
}


@dataclass(frozen=True)
class Citation:
    """One cited clause: 《title》(文号) section path, the clause text, and the sentence quoted from it."""

    clause: Clause
    doc: DocumentMeta | None
    quote: str = ""

    @property
    def head(self) -> str:
        if self.doc is None:
            return f"《{self.clause.doc_title}》"
        return self.doc.citation_head()

    @property
    def label(self) -> str:
        """``《title》(文号) 二、（一）5.``, and ``第3页`` for paged documents (PDF, scans, OFD)."""
        page = f" {self.clause.page_label}" if self.clause.pages else ""
        return f"{self.head} {self.clause.section or '前言'}{page}".strip()

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.clause.source,
            "title": self.doc.title if self.doc else self.clause.doc_title,
            "doc_number": self.doc.doc_number if self.doc else "",
            "jurisdiction": self.doc.jurisdiction if self.doc else "",
            "section": self.clause.section,
            "headings": list(self.clause.headings),
            "text": self.clause.text,
            "quote": self.quote,
            "clause_id": self.clause.id,
            "label": self.label,
            "pages": list(self.clause.pages),
        }


@dataclass(frozen=True)
class Context:
    """A retrieved clause with its fused score (best first in ``Answer.contexts``)."""

    clause: Clause
    score: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.clause.source,
            "section": self.clause.section,
            "text": self.clause.text,
            "score": round(self.score, 6),
            "clause_id": self.clause.id,
        }


@dataclass(frozen=True)
class AnswerItem:
    """One item of a list answer: its text, the citation backing it, the group it belongs to.

    Attributes:
        text: e.g. ``加强医养结合信息化支撑（二、（七），牵头）``.
        citation: index into ``Answer.citations`` (-1 when the item cites nothing of its own).
        group: the jurisdiction or document the item belongs to, for grouped lists.
    """

    text: str
    citation: int = -1
    group: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "citation": self.citation, "group": self.group}


@dataclass(frozen=True)
class AnswerTable:
    """A table in an answer (values by year): header cells and rows of cells, each row citing one clause."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    row_citations: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"header": list(self.header), "rows": [list(r) for r in self.rows],
                "row_citations": list(self.row_citations)}


@dataclass
class Answer:
    """The assistant's reply.

    Attributes:
        text: what a person reads first: the direct answer, then short per-place lines.
        found: False when the collected documents do not answer the question.
        kind: how the question was understood (owner, target, procedure, ... out_of_scope).
        citations: the clauses the answer stands on.
        contexts: the top retrieved clauses, best first (up to 10).
        related: for a refusal, the nearest clauses ("相关条文"), if any.
        flags: draft | past_target | table_text_conflict | degraded.
        question: the question as resolved against the history (follow-ups).
        regions: the jurisdictions the answer covers.
        lead: the first sentence (a count, a verdict) when the answer has structure below it.
        items: a list answer's items, every one (the text may be the same list in one string).
        table: a table answer (values by year), if any.
        llm: with an LLM configured, how the text was written: ``{"mode": "llm"|"extractive",
            "model", "passed", "reasons", ...}`` (see ``assistant.llm.writer``); None otherwise.
    """

    text: str
    found: bool
    kind: str = ""
    citations: list[Citation] = field(default_factory=list)
    contexts: list[Context] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    question: str = ""
    regions: list[str] = field(default_factory=list)
    latency_ms: float = 0.0
    timings: dict[str, float] = field(default_factory=dict)
    lead: str = ""
    items: list[AnswerItem] = field(default_factory=list)
    table: AnswerTable | None = None
    llm: dict[str, Any] | None = None

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS.get(f, f) for f in self.flags]

    def to_batch_dict(self, item_id: Any = None) -> dict[str, Any]:
        return {
            "id": item_id,
            "answer": self.text,
            "found": self.found,
            "citations": [c.to_dict() for c in self.citations],
            "contexts": [c.to_dict() for c in self.contexts[:10]],
            "latency_ms": round(self.latency_ms, 1),
            "kind": self.kind,
            "flags": self.flag_labels,
            "related": [c.to_dict() for c in self.related],
            "resolved_question": self.question,
            "regions": self.regions,
            "lead": self.lead,
            "items": [i.to_dict() for i in self.items],
            "table": self.table.to_dict() if self.table else None,
            # only in LLM mode, so the extractive contract stays as it was
            **({"llm": self.llm} if self.llm is not None else {}),
        }
