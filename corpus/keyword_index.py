"""The keyword index of a build: BM25 over jieba tokens of each clause (``bm25/``), written and searched."""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from corpus.schema import Clause
from corpus.tokenize import PolicyTokenizer

TOKEN_CACHE = 50_000  # texts whose tokens are remembered at question time


def _write_keyword_index(folder: Path, clauses: Sequence[Clause], tokenizer: PolicyTokenizer) -> None:
    import bm25s

    folder.mkdir()
    corpus_tokens = [tokenizer.tokens(" ".join(c.headings[-1:]) + " " + c.text) or ["∅"] for c in clauses]
    retriever = bm25s.BM25()
    if clauses:
        retriever.index(corpus_tokens, show_progress=False)
        retriever.save(str(folder))
    (folder / "ids.json").write_text(json.dumps([c.id for c in clauses]), encoding="utf-8")
    (folder / "sources.json").write_text(json.dumps([c.source for c in clauses], ensure_ascii=False), encoding="utf-8")


class KeywordSearch:
    """BM25 search over a build's ``bm25/`` folder; mixed into :class:`corpus.index.Index`."""

    build: Path
    tokenizer: PolicyTokenizer

    # -- keyword -----------------------------------------------------------------------------
    def _load_keyword_index(self) -> None:
        import bm25s

        folder = self.build / "bm25"
        self._ids: list[str] = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
        self._source_arr = np.asarray(sources, dtype=object)
        self._bm25 = bm25s.BM25.load(str(folder)) if self._ids else None
        self._tokens = lru_cache(maxsize=TOKEN_CACHE)(lambda text: tuple(self.tokenizer.tokens(text)))

    def tokens(self, text: str) -> tuple[str, ...]:
        """The tokenizer's words of ``text``, remembered (a shared tuple): questions are cut several
        times each (keyword query, title words, quotes) and the same sentences come back question
        after question (the corpus has a finite set of them)."""
        return self._tokens(text)

    def keyword_search(self, query: str, k: int = 20, sources: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """BM25 over jieba tokens; ``sources`` restricts to those documents."""
        if self._bm25 is None:
            return []
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in self.tokens(query) if t in vocab]
        if not ids:
            return []
        scores = self._bm25.get_scores_from_ids(ids)
        if sources is not None:
            scores = np.where(np.isin(self._source_arr, list(sources)), scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]
