"""The one entry point: ``Assistant.ask(question, history=None, region=None) -> Answer``.

Used alike by the CLI, the HTTP API and the Gradio app.

Example:
    >>> bot = Assistant.from_env()                                            # doctest: +SKIP
    >>> a = bot.ask("涪陵区加强医养结合信息化支撑由哪些部门负责？")            # doctest: +SKIP
    >>> a.text                                                                # doctest: +SKIP
    '加强医养结合信息化支撑（二、（七））由区卫生健康委、区民政局、区大数据发展局按职责分工负责；...'
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import time
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from assistant import answering
from assistant.config import AssistantConfig
from assistant.retrieval import HybridRetriever
from assistant.sentences import SentencePicker, in_title
from assistant.types import Answer, Context
from assistant.understanding import Question, QuestionParser
from corpus.config import IndexConfig
from corpus.index import DenseUnavailable, Index

log = logging.getLogger(__name__)


def clean_history(history: Any) -> list[dict[str, str]]:
    """Keep the well-formed turns of a conversation history; anything else is ignored."""
    if not isinstance(history, (list, tuple)):
        return []
    return [
        {"role": str(h.get("role", "")), "content": h["content"]}
        for h in history
        if isinstance(h, dict) and isinstance(h.get("content"), str)
    ]


def _answer_writer(config: AssistantConfig) -> Any:
    """The LLM writer when ``config.llm`` is set (imported only then: it loads LangChain's OpenAI client)."""
    if config.llm is None:
        return None
    from assistant.llm.writer import AnswerWriter

    return AnswerWriter(config.llm)


def parse_day(value: Any) -> dt.date | None:
    """``"2026-12-01"`` -> a date; anything else -> None (the configured today applies)."""
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


class Assistant:
    """Answers questions from the indexed clauses, citing them."""

    def __init__(self, index: Index, config: AssistantConfig | None = None) -> None:
        self.index = index
        self.config = config or AssistantConfig()
        self.docs = {d.source: d for d in index.documents()}
        vocabulary = getattr(getattr(index, "_bm25", None), "vocab_dict", {}) or {}
        self.parser = QuestionParser(
            (d.jurisdiction for d in self.docs.values()),
            departments=index.facts.department_names(),
            place_finder=index.tokenizer.place_names,
            divisions=index.tokenizer.division_names,
            in_corpus=vocabulary.__contains__,
        )
        self.retriever = HybridRetriever(
            index=index, k=self.config.top_k, candidates=self.config.candidates, use_dense=self.config.use_dense
        )
        self._idf_cache: dict[str, float] = {}
        similarity = self._sentence_similarities if self.config.use_dense else None
        self.picker = SentencePicker(self.tokens, idf=self.idf,
                                     similarity=similarity, semantic_weight=self.config.semantic_weight,
                                     document_texts=lru_cache(maxsize=256)(
                                         lambda source: tuple(c.text for c in index.facts.clauses(source=source))),
                                     document_title=lambda source: (
                                         f"{d.title} {d.wrapper_title}" if (d := self.docs.get(source)) else ""),
                                     related_terms=self.parser.expansions)
        self.composer = answering.Composer(self)
        self.writer = _answer_writer(self.config)

    @classmethod
    def from_env(cls, index_config: IndexConfig | None = None, config: AssistantConfig | None = None) -> "Assistant":
        return cls(Index.open(index_config or IndexConfig.from_env()), config or AssistantConfig.from_env())

    # -- helpers the composer uses ------------------------------------------------------------
    def tokens(self, text: str) -> tuple[str, ...]:
        """The index tokenizer's words of ``text`` (remembered by the index: a shared tuple)."""
        return self.index.tokens(text)

    def idf(self, token: str) -> float:
        if token not in self._idf_cache:
            bm25 = getattr(self.index, "_bm25", None)
            n = max(len(getattr(self.index, "_ids", [])), 1)
            df = 0
            if bm25 is not None and token in bm25.vocab_dict:
                tid = bm25.vocab_dict[token]
                indptr = bm25.scores["indptr"]
                df = int(indptr[tid + 1] - indptr[tid])
            self._idf_cache[token] = math.log(1 + (n - df + 0.5) / (df + 0.5)) if df else 0.0
        return self._idf_cache[token]

    def _sentence_similarities(self, clause_id: str, question: str) -> dict[str, float]:
        """Sentences' cosines to the question with its synonyms added, as retrieval embeds it:
        the vector retrieval computed is reused (embedder cache) instead of a second one."""
        exp = self.parser.expansions(question)
        return self.index.sentence_similarities(clause_id, question + (" " + " ".join(exp) if exp else ""))

    def sources_for(self, regions: Sequence[str]) -> list[str] | None:
        """Documents of the given jurisdictions (None = all)."""
        if not regions:
            return None
        return [s for s, d in self.docs.items() if d.jurisdiction in regions]

    def retrieve(self, q: Question, regions: Sequence[str] | None = None, timings: dict[str, float] | None = None,
                 dense: bool = True) -> list[Context]:
        """The question's clauses; ``dense=False`` searches keywords only (a question answered
        part by part needs the whole question's clauses only to show and cite as related)."""
        regions = q.regions if regions is None else regions
        sources = self.sources_for(regions)
        return self.retriever.search(q.search_text, sources=sources, k=self.config.top_k, timings=timings,
                                     keyword_query=self._without_title_words(q.search_text, sources), dense=dense)

    def _without_title_words(self, query: str, sources: Sequence[str] | None) -> str | None:
        """Searching within one or two documents, the words of their titles ("顺德…申请…基本医疗
        保险定点…办事指南") and their place hold for every clause and only drown what is asked
        ("要交钱吗"): the keyword query leaves them out, when something is left."""
        if not sources or len(sources) > 2:
            return None
        titles = " ".join(f"{d.title} {d.wrapper_title} {d.jurisdiction}" for s in sources if (d := self.docs.get(s)))
        tokens = self.tokens(query)
        kept = [t for t in tokens if not in_title(t, titles, self.parser.expansions)]
        if len(kept) == len(tokens) or not any(len(t) >= 2 for t in kept):
            return None
        return " ".join(kept)

    # -- the entry point ---------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[dict[str, str]] | None = None,
        region: str | None = None,
        today: dt.date | None = None,
    ) -> Answer:
        """Answer ``question`` from the documents; ``history`` resolves follow-ups; ``region`` filters;
        ``today`` (default: the configured date) decides whether deadlines and periods have passed."""
        t0 = time.perf_counter()
        timings: dict[str, float] = {}
        history = clean_history(history)
        question = question if isinstance(question, str) else ""
        if len(question) > self.config.max_question_chars:
            answer = answering.too_long(self.config.max_question_chars)
        else:
            day = today or self.config.today
            q = self.parser.parse(question, history=history, region=region if isinstance(region, str) else None,
                                  today=day)
            q.today = day
            timings["understanding_ms"] = (time.perf_counter() - t0) * 1000
            try:
                answer = self.composer.answer(q, timings)
            except DenseUnavailable:
                raise
            except Exception:  # a composing bug must not cost the user a stack trace; it is logged
                log.exception("answering %r failed", question[:80])
                answer = answering.refusal("抱歉，这个问题处理出错，已记录。请换个问法再试。", "error")
            answer.question = q.text
        if self.writer is not None:  # LLM mode: a step after the extractive answer, which stays the fallback
            t_llm = time.perf_counter()
            answer = self.writer.write(question, answer)
            timings["llm_ms"] = (time.perf_counter() - t_llm) * 1000
        answer.latency_ms = (time.perf_counter() - t0) * 1000
        answer.timings = timings
        return answer

    def ask_batch_row(self, row: dict[str, Any]) -> dict[str, Any]:
        """One line of the batch contract: IN ``{"id", "question", "history"?}`` -> OUT dict."""
        a = self.ask(row.get("question", ""), history=row.get("history"), region=row.get("region"),
                     today=parse_day(row.get("today")))
        return a.to_batch_dict(row.get("id"))
