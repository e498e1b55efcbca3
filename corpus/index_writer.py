"""Writing a build: every part of the index into a fresh folder, then publishing it by replacing ``CURRENT``."""

from __future__ import annotations

import json
import os
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from corpus.chroma_store import _collection_name, chroma_client, clause_metadata, embedding_text
from corpus.config import IndexConfig
from corpus.embedcache import EmbeddingCache
from corpus.facts_store import FactsStore
from corpus.index_paths import MANIFEST, IndexPaths
from corpus.keyword_index import _write_keyword_index
from corpus.layout_store import write_layouts
from corpus.schema import Clause, DocumentMeta
from corpus.sentence_vectors import write_sentence_vectors
from corpus.tokenize import PolicyTokenizer

KEEP_BUILDS = 2


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
