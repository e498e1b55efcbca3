"""Hybrid retrieval: jieba/BM25 keyword search, Chroma dense search over clauses and a search over
the clauses' sentence vectors (a clause ranked by its best sentence), fused by reciprocal rank.

It is a LangChain ``BaseRetriever``, so it composes with LangChain chains; the assistant calls
:meth:`HybridRetriever.search` directly to get scored clauses and per-stage timings.

Example:
    >>> r = HybridRetriever(index=Index.open(cfg))                       # doctest: +SKIP
    >>> [c.clause.section for c in r.search("安宁疗护床位", sources=["002_eed4c881353c92d0.txt"])][:2]  # doctest: +SKIP
    ['二、（一）5.', '主要指标 6']
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.types import Context
from corpus.index import DenseUnavailable

RRF_K = 60


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], weights: Sequence[float], k: int = RRF_K) -> dict[str, float]:
    """Sum of ``weight / (k + rank)`` over the rankings each id appears in."""
    fused: dict[str, float] = {}
    for ranking, w in zip(rankings, weights):
        for rank, cid in enumerate(ranking, 1):
            fused[cid] = fused.get(cid, 0.0) + w / (k + rank)
    return fused


SPREAD_EXTRA = 6  # contexts fetched beyond k, so a text clause scored past k can move up
ROWS_PER_TABLE = 2  # rows of one table that keep their fused score
ROW_DECAY = 0.85  # each further row of the same table scores this much less than the one before


def spread_tables(contexts: Sequence[Context], per_table: int = ROWS_PER_TABLE, decay: float = ROW_DECAY) -> list[Context]:
    """Rows of one table share its words, so five of them can fill the top while the paragraph
    that says the thing in a sentence ("通过…网上服务大厅或…窗口提交申请") waits at rank 6. The
    third and later rows of a table are scored down (``decay`` per row) and the list re-sorted:
    a row still ranks first when it alone matches, but a table no longer crowds out the text."""
    seen: dict[tuple[str, str], int] = {}
    out: list[Context] = []
    for c in contexts:
        if c.clause.kind == "table_row":
            key = (c.clause.source, c.clause.headings[-1] if c.clause.headings else "")
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > per_table:
                c = Context(clause=c.clause, score=c.score * decay ** (seen[key] - per_table))
        out.append(c)
    return sorted(out, key=lambda c: -c.score)


class HybridRetriever(BaseRetriever):
    """Keyword + dense retrieval over one index, optionally restricted to some documents."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: Any
    k: int = 10
    candidates: int = 40
    keyword_weight: float = 1.0
    dense_weight: float = 1.0
    sentence_weight: float = 0.5  # clauses ranked by their best sentence (a third, semantic ranking)
    use_dense: bool = True

    def search(
        self,
        query: str,
        sources: Sequence[str] | None = None,
        k: int | None = None,
        timings: dict[str, float] | None = None,
        keyword_query: str | None = None,
        dense: bool = True,
    ) -> list[Context]:
        """Top ``k`` clauses for ``query``; ``sources`` restricts to those documents;
        ``keyword_query`` (default ``query``) is what the keyword side searches for."""
        k = k or self.k
        timings = timings if timings is not None else {}
        t0 = time.perf_counter()
        kw = self.index.keyword_search(keyword_query or query, k=self.candidates, sources=sources)
        t1 = time.perf_counter()
        by_sentence: list[tuple[str, float]] = []
        vectors: list[tuple[str, float]] = []
        if self.use_dense and dense:
            try:
                vectors = self.index.dense_search(query, k=self.candidates, sources=sources)
                if self.sentence_weight:
                    by_sentence = self.index.sentence_search(query, k=self.candidates, sources=sources)
            except DenseUnavailable:
                timings["degraded"] = 1.0  # keyword-only answer; the next query tries dense again
        t2 = time.perf_counter()
        fused = reciprocal_rank_fusion(
            [[cid for cid, _ in kw], [cid for cid, _ in vectors], [cid for cid, _ in by_sentence]],
            [self.keyword_weight, self.dense_weight, self.sentence_weight],
        )
        ranked = sorted(fused.items(), key=lambda p: -p[1])
        out: list[Context] = []
        seen_text: set[tuple[str, str]] = set()
        for cid, score in ranked:
            clause = self.index.clause(cid)
            key = (clause.doc_title, clause.text) if clause is not None else ("", "")
            if clause is None or key in seen_text:
                continue  # the same page ingested twice (a scan and its photo): one copy is enough
            seen_text.add(key)
            out.append(Context(clause=clause, score=score))
            if len(out) >= max(k, 1) + SPREAD_EXTRA:
                break
        out = spread_tables(out)[: max(k, 1)]
        t3 = time.perf_counter()
        # added up, not replaced: a multi-part question retrieves once per part
        for key, ms in (("keyword_ms", t1 - t0), ("dense_ms", t2 - t1), ("fusion_ms", t3 - t2)):
            timings[key] = timings.get(key, 0.0) + ms * 1000
        return out

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, **kwargs: Any
    ) -> list[Document]:
        contexts = self.search(query, sources=kwargs.get("sources"), k=kwargs.get("k"))
        return [
            Document(
                id=c.clause.id,
                page_content=c.clause.text,
                metadata={"source": c.clause.source, "section": c.clause.section, "score": c.score},
            )
            for c in contexts
        ]
