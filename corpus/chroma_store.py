"""The clause vectors in Chroma: the client (embedded or a server), what each clause stores there, and
reading vectors back (the LangChain store, and exact cosine over a few documents' vectors)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np

from corpus.config import IndexConfig
from corpus.index_errors import IndexUnavailable
from corpus.schema import Clause, DocumentMeta

VECTOR_CACHE_DOCUMENTS = 512  # documents whose clause vectors stay in memory for the exact search


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


class ChromaVectors:
    """Dense vectors of a build's Chroma collection; mixed into :class:`corpus.index.Index`."""

    cfg: IndexConfig
    build: Path
    manifest: dict[str, Any]
    embedder: Any
    _vectorstore: Any
    _collection: Any
    _ids_by_source: dict[str, list[str]] | None
    _vectors_by_source: OrderedDict[str, tuple[list[str], np.ndarray]]
    _vector_lock: threading.Lock

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
