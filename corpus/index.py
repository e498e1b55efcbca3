"""The index on disk: facts DB (clauses, documents, tasks, targets), keyword index, Chroma.

Layout under ``data_dir``::

    index/CURRENT            name of the build that serves (replaced atomically)
    index/builds/<name>/     manifest.json  facts.sqlite  bm25/  chroma/  terms.txt
    cache/embeddings.sqlite  vectors by model and text (so re-ingest embeds only new text)
    ingest.lock              one ingest at a time

A build is written in full in a fresh directory and only then published by replacing
``CURRENT``: a run that fails or is killed leaves the previous build serving. With
``YIYANG_CHROMA_URL`` the vectors live in a Chroma server instead, one collection per build.

Each part has its module: :mod:`corpus.index_paths` (folders, ``CURRENT``, the manifest),
:mod:`corpus.index_writer` (writing and publishing a build), :mod:`corpus.keyword_index`
(BM25), :mod:`corpus.chroma_store` (the vectors) and :mod:`corpus.index_errors`. :class:`Index`
reads them together; every name is importable from here as before.

Example:
    >>> idx = Index.open(IndexConfig.from_env())          # doctest: +SKIP
    >>> idx.keyword_search("安宁疗护床位", k=3)             # doctest: +SKIP
    [('3f2a...', 12.1), ...]
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from corpus.chroma_store import VECTOR_CACHE_DOCUMENTS, ChromaVectors, chroma_client, clause_metadata, embedding_text
from corpus.config import IndexConfig
from corpus.facts_store import FactsStore
from corpus.index_errors import DenseUnavailable, IndexUnavailable
from corpus.index_paths import MANIFEST, IndexPaths, read_manifest
from corpus.index_writer import KEEP_BUILDS, IndexWriter
from corpus.keyword_index import KeywordSearch
from corpus.layout_store import LayoutStore
from corpus.schema import Clause, DocumentMeta
from corpus.sentence_vectors import SentenceVectors
from corpus.tokenize import PolicyTokenizer

__all__ = [
    "Index", "IndexWriter", "IndexPaths", "IndexUnavailable", "DenseUnavailable", "read_manifest", "chroma_client",
    "embedding_text", "clause_metadata", "MANIFEST", "KEEP_BUILDS", "EXACT_DENSE_LIMIT", "VECTOR_CACHE_DOCUMENTS",
]  # fmt: skip

EXACT_DENSE_LIMIT = 5000  # a dense search restricted to at most this many clauses is exact, here
CLAUSE_CACHE = 20_000  # clauses kept as read (frozen, so they are shared safely)


class Index(KeywordSearch, ChromaVectors):
    """The read side: clause lookup, keyword search and dense search over the serving build."""

    def __init__(self, cfg: IndexConfig, build: Path, manifest: dict[str, Any], embedder: Any) -> None:
        self.cfg = cfg
        self.build = build
        self.manifest = manifest
        self.embedder = embedder
        self.facts = FactsStore(build / "facts.sqlite")
        self.tokenizer = PolicyTokenizer.from_terms_file(build / "terms.txt")
        self._load_keyword_index()
        self._vectorstore: Any = None
        self._collection: Any = None
        self._ids_by_source: dict[str, list[str]] | None = None
        self._vectors_by_source: OrderedDict[str, tuple[list[str], np.ndarray]] = OrderedDict()
        self._vector_lock = threading.Lock()
        self.sentences = SentenceVectors.open(build)
        self.layouts = LayoutStore(build)
        # a build never changes once published: a clause read once is the same clause for as long
        # as this index serves (answering reads the same few hundred again and again)
        self._clause_by_id = lru_cache(maxsize=CLAUSE_CACHE)(self.facts.clause)

    @classmethod
    def open(cls, cfg: IndexConfig, embedder: Any | None = None) -> "Index":
        """Open the serving build; fails clearly if there is none or it needs another model."""
        paths = IndexPaths(cfg.data_dir)
        build = paths.current()
        if build is None:
            raise IndexUnavailable(f"no index in {cfg.data_dir.resolve()}: run `yiyang ingest` first")
        manifest = json.loads((build / MANIFEST).read_text(encoding="utf-8"))
        if embedder is None:
            from corpus.embedders import make_embedder

            embedder = make_embedder(cfg)
        if manifest["embedder"] != embedder.name:
            raise IndexUnavailable(
                f"the index was built with {manifest['embedder']!r} but queries would use {embedder.name!r}; "
                "set YIYANG_EMBED_BACKEND / YIYANG_EMBED_MODEL to match, or re-run `yiyang ingest`"
            )
        if manifest.get("chroma_url", "") != cfg.chroma_url:
            raise IndexUnavailable(
                f"the index vectors live in {manifest.get('chroma_url') or 'the embedded store'}, "
                f"but YIYANG_CHROMA_URL is {cfg.chroma_url or 'unset'}; re-run `yiyang ingest`"
            )
        return cls(cfg, build, manifest, embedder)

    # -- clauses -----------------------------------------------------------------------------
    def clause(self, clause_id: str) -> Clause | None:
        return self._clause_by_id(clause_id)

    def documents(self) -> list[DocumentMeta]:
        return self.facts.documents()

    # -- dense and sentence search (keyword_search: corpus.keyword_index) --------------------
    def dense_search(self, query: str, k: int = 20, sources: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Cosine similarity in Chroma; ``sources`` restricts to those documents."""
        if not self._ids:
            return []
        where = {"source": {"$in": list(sources)}} if sources is not None else None
        if sources is not None and not sources:
            return []
        vec = self.embedder.embed_query(query)
        try:
            ids = self._ids_of(sources) if sources is not None else None
            if ids is not None and len(ids) <= EXACT_DENSE_LIMIT:
                return self._exact_dense(vec, sources or [], k)
            hits = self.vectorstore.similarity_search_by_vector_with_relevance_scores(vec, k=k, filter=where)
        except Exception as exc:  # chromadb raises many kinds (HTTP, sqlite, Rust bindings): all mean "no vectors now"
            self._vectorstore = None  # reconnect on the next query: the server may be back
            if isinstance(exc, IndexUnavailable):  # already says which server
                raise DenseUnavailable(f"dense search is unavailable: {exc}") from exc
            store = f"Chroma server {self.cfg.chroma_url}" if self.cfg.chroma_url else str(self.build / "chroma")
            raise DenseUnavailable(f"dense search is unavailable ({store}): {type(exc).__name__}: {exc}") from exc
        return [(doc.id, 1.0 - float(dist)) for doc, dist in hits]

    def span_boxes(self, source: str, start: int, end: int) -> list[tuple[int, float, float, float, float]]:
        """Page boxes ``(page, x0, top, x1, bottom)`` (PDF points, top-left origin) of a span of a
        paged document's text, one per line; empty for documents without layout."""
        return self.layouts.span_boxes(source, start, end)

    def sentence_search(self, query: str, k: int = 20, sources: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Clauses by their best sentence's cosine to ``query``; empty without sentence vectors."""
        if self.sentences is None or (sources is not None and not sources):
            return []
        ids = self._ids_of(sources) if sources is not None else None
        return self.sentences.search(self.embedder.embed_query(query), ids, k)

    def sentence_similarities(self, clause_id: str, query: str) -> dict[str, float]:
        """Cosine of each sentence of a clause to ``query`` (the embedder caches query vectors);
        empty for a build without sentence vectors."""
        if self.sentences is None:
            return {}
        return self.sentences.similarities(clause_id, self.embedder.embed_query(query))

    def _ids_of(self, sources: Sequence[str]) -> list[str]:
        if self._ids_by_source is None:
            by_source: dict[str, list[str]] = {}
            for cid, source in zip(self._ids, self._source_arr):
                by_source.setdefault(source, []).append(cid)
            self._ids_by_source = by_source
        return [cid for s in dict.fromkeys(sources) for cid in self._ids_by_source.get(s, ())]
