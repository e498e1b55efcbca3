"""A dense search restricted to a few documents is done exactly in numpy; it must rank as Chroma does."""

from __future__ import annotations

from pathlib import Path

import pytest

import corpus.index as index_module
from corpus.config import IndexConfig
from corpus.index import Index
from ingest.pipeline import DEFAULT_CORPUS, run_ingest

QUESTIONS = ("养老机构内设医务室实行备案管理", "安宁疗护床位目标", "医养结合信息化支撑由哪些部门负责")


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    cfg = IndexConfig(data_dir=tmp_path_factory.mktemp("data"), backend="fake")
    run_ingest([DEFAULT_CORPUS], cfg)
    return Index.open(cfg)


def _via_chroma(idx: Index, query: str, sources: list[str], k: int, monkeypatch: pytest.MonkeyPatch) -> list:
    with monkeypatch.context() as m:
        m.setattr(index_module, "EXACT_DENSE_LIMIT", -1)
        return idx.dense_search(query, k=k, sources=sources)


@pytest.mark.parametrize("query", QUESTIONS)
def test_filtered_search_matches_chromas_ranking_and_scores(index: Index, query: str, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = sorted({s for s in index._source_arr})[:2]
    exact = index.dense_search(query, k=20, sources=sources)
    chroma = _via_chroma(index, query, sources, 20, monkeypatch)
    assert [cid for cid, _ in exact][:10] == [cid for cid, _ in chroma][:10]
    assert all(abs(a - b) < 1e-4 for (_, a), (_, b) in zip(exact, chroma))
    assert {index.clause(cid).source for cid, _ in exact} <= set(sources)


def test_unknown_or_empty_sources_give_no_hits(index: Index) -> None:
    assert index.dense_search("安宁疗护", k=5, sources=["nope.txt"]) == []
    assert index.dense_search("安宁疗护", k=5, sources=[]) == []


def test_vectors_of_a_document_are_fetched_once(index: Index, monkeypatch: pytest.MonkeyPatch) -> None:
    source = str(index._source_arr[0])
    index.dense_search("安宁疗护", k=5, sources=[source])
    calls: list[object] = []
    real_get = index._collection.get
    monkeypatch.setattr(index._collection, "get", lambda *a, **kw: calls.append(1) or real_get(*a, **kw))
    index.dense_search("床位目标", k=5, sources=[source])
    assert calls == []
