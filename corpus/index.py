"""The index on disk: facts DB (clauses, documents, tasks, targets), keyword index, Chroma.

Layout under ``data_dir``::

    index/CURRENT            name of the build that serves (replaced atomically)
    index/builds/<name>/     manifest.json  facts.sqlite  bm25/  chroma/  terms.txt
    cache/embeddings.sqlite  vectors by model and text (so re-ingest embeds only new text)
    ingest.lock              one ingest at a time

A build is written in full in a fresh directory and only then published by replacing
``CURRENT``: a run that fails or is killed leaves the previous build serving. With
``YIYANG_CHROMA_URL`` the vectors live in a Chroma server instead, one collection per build.

Example:
    >>> idx = Index.open(IndexConfig.from_env())          # doctest: +SKIP
    >>> idx.keyword_search("安宁疗护床位", k=3)             # doctest: +SKIP
    [('3f2a...', 12.1), ...]
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from corpus.config import IndexConfig
from corpus.embedcache import EmbeddingCache
from corpus.layout_store import LayoutStore, write_layouts
from corpus.sentence_vectors import SentenceVectors, write_sentence_vectors
from corpus.facts_store import FactsStore
from corpus.schema import Clause, DocumentMeta
from corpus.tokenize import PolicyTokenizer

MANIFEST = "manifest.json"
KEEP_BUILDS = 2
EXACT_DENSE_LIMIT = 5000  # a dense search restricted to at most this many clauses is exact, here
VECTOR_CACHE_DOCUMENTS = 512  # documents whose clause vectors stay in memory for that


class IndexUnavailable(RuntimeError):
    """The index is missing, unreadable or was built by another embedding model."""


class DenseUnavailable(IndexUnavailable):
    """Dense search cannot run now (Chroma server unreachable, vector store unreadable).

    Raised only by :meth:`Index.dense_search`; keyword search and the facts store still work,
    so a retriever can catch it and answer from keywords alone, marked degraded. The next
    dense search tries to reconnect.
    """


def _chroma_settings() -> Any:
    from chromadb.config import Settings

    return Settings(anonymized_telemetry=False, allow_reset=False)


def chroma_client(cfg: IndexConfig, build_dir: Path) -> Any:
    """An embedded client for the build's own folder, or an HTTP client for a Chroma server."""
    import chromadb

    if cfg.chroma_url:
        u = urlparse(cfg.chroma_url if "://" in cfg.chroma_url else f"http://{cfg.chroma_url}")
        try:
            client = chromadb.HttpClient(
                host=u.hostname or "127.0.0.1", port=u.port or 8000, ssl=u.scheme == "https", settings=_chroma_settings()
            )
            client.heartbeat()
        except Exception as exc:  # chromadb raises several kinds; all mean the same to a user
            raise IndexUnavailable(f"Chroma server {cfg.chroma_url} is unreachable: {exc}") from exc
        return client
    return chromadb.PersistentClient(path=str(build_dir / "chroma"), settings=_chroma_settings())


@dataclass
class IndexPaths:
    """Where each part of the index lives under the data dir."""

    data_dir: Path

    @property
    def root(self) -> Path:
        return self.data_dir / "index"

    @property
    def builds(self) -> Path:
        return self.root / "builds"

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def lock(self) -> Path:
        return self.data_dir / "ingest.lock"

    @property
    def embed_cache(self) -> Path:
        return self.data_dir / "cache" / "embeddings.sqlite"

    def current(self) -> Path | None:
        if not self.current_file.exists():
            return None
        build = self.builds / self.current_file.read_text(encoding="utf-8").strip()
        return build if (build / MANIFEST).exists() else None


def read_manifest(cfg: IndexConfig) -> dict[str, Any] | None:
    """The serving build's manifest, or None when nothing has been ingested yet."""
    build = IndexPaths(cfg.data_dir).current()
    if build is None:
        return None
    return json.loads((build / MANIFEST).read_text(encoding="utf-8"))


class IndexWriter:
    """Writes one complete build aside, then publishes it."""

    def __init__(self, cfg: IndexConfig, embedder: Any) -> None:
        self.cfg = cfg
        self.embedder = embedder
        self.paths = IndexPaths(cfg.data_dir)

    def write(
        self,
        docs: Sequence[DocumentMeta],
        clauses: Sequence[Clause],
        facts: Any,
        files: dict[str, dict[str, Any]],
        extra_terms: Sequence[str] = (),
        parser_version: str = "",
        on_embedded: Callable[[int], None] | None = None,
        layouts: dict[str, Sequence[Any]] | None = None,
    ) -> tuple[Path, dict[str, Any]]:
        """``layouts``: per document, the page box of each character of its text (PDFs, scans)."""
        # Writes a build folder (not yet serving); returns it and its manifest.
        self.paths.builds.mkdir(parents=True, exist_ok=True)
        name = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 100000:05d}"
        tmp = self.paths.builds / f".{name}.partial"
        tmp.mkdir()
        try:
            FactsStore(tmp / "facts.sqlite").write(list(docs), list(clauses), facts)
            tokenizer = PolicyTokenizer(extra_terms=extra_terms)
            tokenizer.save_terms(tmp / "terms.txt")
            _write_keyword_index(tmp / "bm25", clauses, tokenizer)
            computed = self._write_vectors(tmp, name, docs, clauses, on_embedded)
            computed += write_sentence_vectors(tmp, clauses, self.embedder, self.paths.embed_cache)
            write_layouts(tmp, layouts or {})
            manifest = {
                "name": name,
                "created": time.strftime("%Y-%m-%dT%H:%M:%S"),
                "embedder": self.embedder.name,
                "dim": int(self.embedder.dim),
                "chroma_url": self.cfg.chroma_url,
                "collection": _collection_name(name),
                "parser_version": parser_version,
                "files": files,
                "counts": {
                    "documents": len(docs),
                    "clauses": sum(c.kind != "table_row" for c in clauses),
                    "table_rows": sum(c.kind == "table_row" for c in clauses),
                    "tasks": len(getattr(facts, "tasks", ())),
                    "targets": len(getattr(facts, "targets", ())),
                    "embedded_now": computed,
                },
            }
            (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
            final = self.paths.builds / name
            tmp.rename(final)
            return final, manifest
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise

    def publish(self, build: Path) -> None:
        """Make ``build`` the serving one (atomic rename of the pointer), then drop old builds."""
        pointer_tmp = self.paths.root / f".CURRENT.{os.getpid()}"
        pointer_tmp.write_text(build.name, encoding="utf-8")
        os.replace(pointer_tmp, self.paths.current_file)
        self._collect_garbage(keep=build.name)

    def _write_vectors(
        self,
        tmp: Path,
        name: str,
        docs: Sequence[DocumentMeta],
        clauses: Sequence[Clause],
        on_embedded: Callable[[int], None] | None,
    ) -> int:
        from corpus.embedders import ChromaEmbeddingFunction

        meta_of = {d.source: d for d in docs}
        cache = EmbeddingCache(self.paths.embed_cache, self.embedder.name)
        try:
            vectors, computed = cache.embed(
                [embedding_text(c, meta_of.get(c.source)) for c in clauses],
                self.embedder.embed_documents,
                on_batch=on_embedded,
            )
        finally:
            cache.close()
        client = chroma_client(self.cfg, tmp)
        collection = client.get_or_create_collection(
            _collection_name(name),
            embedding_function=ChromaEmbeddingFunction(self.embedder),
            configuration={"hnsw": {"space": "cosine"}},
        )
        step = 2000
        for i in range(0, len(clauses), step):
            part = clauses[i : i + step]
            collection.add(
                ids=[c.id for c in part],
                embeddings=vectors[i : i + step],
                documents=[c.text for c in part],
                metadatas=[clause_metadata(c, meta_of.get(c.source)) for c in part],
            )
        return computed

    def _collect_garbage(self, keep: str) -> None:
        builds = sorted(p for p in self.paths.builds.iterdir() if p.is_dir() and not p.name.startswith("."))
        old = [p for p in builds if p.name != keep][: max(0, len(builds) - KEEP_BUILDS)]
        for p in old:
            if self.cfg.chroma_url:
                try:
                    chroma_client(self.cfg, p).delete_collection(_collection_name(p.name))
                except Exception:  # a collection already gone is fine
                    pass
            shutil.rmtree(p, ignore_errors=True)
        for p in self.paths.builds.glob(".*.partial"):
            shutil.rmtree(p, ignore_errors=True)  # left by a killed run


def _collection_name(build_name: str) -> str:
    return "yiyang-" + build_name.replace("T", "t")


def embedding_text(c: Clause, doc: DocumentMeta | None) -> str:
    """What gets embedded: where the clause stands, then what it says."""
    where = " ".join(h for h in c.headings[-2:])
    place = doc.jurisdiction if doc else ""
    return f"{place} {where}\n{c.text}".strip()


def clause_metadata(c: Clause, doc: DocumentMeta | None) -> dict[str, Any]:
    """Chroma metadata (scalars only) for filtering and display."""
    return {
        "source": c.source,
        "section": c.section,
        "kind": c.kind,
        "part": c.part,
        "doc_title": c.doc_title,
        "jurisdiction": doc.jurisdiction if doc else "",
        "status": doc.status if doc else "",
    }


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


class Index:
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
        return self.facts.clause(clause_id)

    def documents(self) -> list[DocumentMeta]:
        return self.facts.documents()

    # -- keyword -----------------------------------------------------------------------------
    def _load_keyword_index(self) -> None:
        import bm25s

        folder = self.build / "bm25"
        self._ids: list[str] = json.loads((folder / "ids.json").read_text(encoding="utf-8"))
        sources = json.loads((folder / "sources.json").read_text(encoding="utf-8"))
        self._source_arr = np.asarray(sources, dtype=object)
        self._bm25 = bm25s.BM25.load(str(folder)) if self._ids else None

    def keyword_search(self, query: str, k: int = 20, sources: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """BM25 over jieba tokens; ``sources`` restricts to those documents."""
        if self._bm25 is None:
            return []
        vocab = self._bm25.vocab_dict
        ids = [vocab[t] for t in self.tokenizer.tokens(query) if t in vocab]
        if not ids:
            return []
        scores = self._bm25.get_scores_from_ids(ids)
        if sources is not None:
            scores = np.where(np.isin(self._source_arr, list(sources)), scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self._ids[i], float(scores[i])) for i in top if scores[i] > 0]

    # -- dense -------------------------------------------------------------------------------
    @property
    def vectorstore(self) -> Any:
        """The LangChain vector store over this build's Chroma collection."""
        if self._vectorstore is None:
            from langchain_chroma import Chroma

            from corpus.embedders import ChromaEmbeddingFunction

            client = chroma_client(self.cfg, self.build)
            # Fetch the collection with our own embedding function: Chroma's default would download one.
            self._collection = client.get_collection(
                self.manifest["collection"], embedding_function=ChromaEmbeddingFunction(self.embedder)
            )
            self._vectorstore = Chroma(
                client=client,
                collection_name=self.manifest["collection"],
                embedding_function=self.embedder,
                create_collection_if_not_exists=False,
            )
        return self._vectorstore

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

    def _exact_dense(self, vec: list[float], sources: Sequence[str], k: int) -> list[tuple[str, float]]:
        """Exact cosine over the vectors of a few documents.

        Chroma's filtered HNSW query costs ~90 ms at 100k clauses however few clauses pass the
        filter; fetching those clauses' vectors by id costs ~2 ms, and they are kept per document.
        """
        parts = [self._source_vectors(s) for s in dict.fromkeys(sources)]
        ids = [cid for part_ids, _ in parts for cid in part_ids]
        if not ids:
            return []
        scores = np.vstack([m for _, m in parts if len(m)]) @ np.asarray(vec, dtype=np.float32)
        k = min(k, len(ids))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [(ids[i], float(scores[i])) for i in top]

    def _source_vectors(self, source: str) -> tuple[list[str], np.ndarray]:
        with self._vector_lock:
            hit = self._vectors_by_source.get(source)
            if hit is not None:
                self._vectors_by_source.move_to_end(source)
                return hit
        wanted = self._ids_by_source.get(source, []) if self._ids_by_source else []
        if not wanted:
            return [], np.zeros((0, 0), dtype=np.float32)
        self.vectorstore  # opens the collection
        got = self._collection.get(ids=wanted, include=["embeddings"])
        entry = (list(got["ids"]), np.asarray(got["embeddings"], dtype=np.float32))
        with self._vector_lock:
            self._vectors_by_source[source] = entry
            while len(self._vectors_by_source) > VECTOR_CACHE_DOCUMENTS:
                self._vectors_by_source.popitem(last=False)
        return entry
