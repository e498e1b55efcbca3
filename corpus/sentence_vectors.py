"""Sentence vectors: every sentence of every clause embedded at ingest, for semantic matching.

People do not use the documents' words (老人没人管 for 失能老年人照护); the answer stage fuses
a sentence's cosine similarity to the question with its lexical score. Vectors are written
once per build (``sentences.npz``; float16) through the same embedding cache as clause vectors,
so re-ingesting embeds only new sentences.

Example:
    >>> sv = SentenceVectors.open(Path("data/index/builds/<name>"))        # doctest: +SKIP
    >>> sv.similarities("3f2a...", query_vec)                              # doctest: +SKIP
    {'推进医疗卫生服务向家庭延伸。': 0.87, ...}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from corpus.embedcache import EmbeddingCache
from corpus.schema import Clause
from corpus.sentences import clause_sentences

FILE = "sentences.npz"


def write_sentence_vectors(
    folder: Path, clauses: Sequence[Clause], embedder: Any, cache_path: Path,
    on_batch: Callable[[int], None] | None = None,
) -> int:
    """Embed each clause's sentences into ``folder/sentences.npz``; returns how many were computed."""
    ids, texts = [], []
    for c in clauses:
        for s in clause_sentences(c.text, c.kind):
            ids.append(c.id)
            texts.append(s)
    cache = EmbeddingCache(cache_path, embedder.name)
    try:
        vectors, computed = cache.embed(texts, embedder.embed_documents, on_batch=on_batch) if texts else (
            np.zeros((0, int(embedder.dim)), dtype=np.float32), 0)
    finally:
        cache.close()
    np.savez(folder / FILE, clause_ids=np.asarray(ids, dtype=object), sentences=np.asarray(texts, dtype=object),
             vectors=np.asarray(vectors, dtype=np.float16))
    return computed


class SentenceVectors:
    """Read side: the sentences of a clause with their vectors."""

    def __init__(self, clause_ids: np.ndarray, sentences: np.ndarray, vectors: np.ndarray) -> None:
        self._sentences = [str(s) for s in sentences]
        self._vectors = vectors.astype(np.float32)
        self._rows: dict[str, list[int]] = {}
        self._clause_of = [str(cid) for cid in clause_ids]
        for i, cid in enumerate(self._clause_of):
            self._rows.setdefault(cid, []).append(i)

    @classmethod
    def open(cls, build: Path) -> "SentenceVectors | None":
        """The build's sentence vectors, or ``None`` for a build written before they existed."""
        path = build / FILE
        if not path.exists():
            return None
        with np.load(path, allow_pickle=True) as z:
            return cls(z["clause_ids"], z["sentences"], z["vectors"])

    def search(self, query_vector: Sequence[float], clause_ids: Sequence[str] | None = None,
               k: int = 20) -> list[tuple[str, float]]:
        """Clauses ranked by their best sentence's cosine to the query (within ``clause_ids``
        when given): a long clause with one sentence that means what is asked ranks by it."""
        if clause_ids is None:
            rows = np.arange(len(self._sentences))
        else:
            rows = np.asarray([r for cid in clause_ids for r in self._rows.get(cid, ())], dtype=np.int64)
        if not len(rows):
            return []
        scores = self._vectors[rows] @ np.asarray(query_vector, dtype=np.float32)
        order = np.argsort(-scores)
        best: dict[str, float] = {}
        for i in order:
            cid = self._clause_of[int(rows[i])]
            if cid not in best:
                best[cid] = float(scores[i])
                if len(best) >= k:
                    break
        return list(best.items())

    def similarities(self, clause_id: str, query_vector: Sequence[float]) -> dict[str, float]:
        """Cosine of each sentence of the clause to the query (vectors are normalized)."""
        rows = self._rows.get(clause_id)
        if not rows:
            return {}
        scores = self._vectors[rows] @ np.asarray(query_vector, dtype=np.float32)
        return {self._sentences[i]: float(s) for i, s in zip(rows, scores)}
