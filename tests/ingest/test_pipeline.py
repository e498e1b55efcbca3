"""The ingest run: counts, incremental re-ingest, bad files skipped, failed runs change nothing."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from corpus.config import IndexConfig
from corpus.embedders import FakeEmbedder
from corpus.index import Index, read_manifest
from ingest.pipeline import IngestBusy, NoDocuments, ingest_lock, run_ingest


@pytest.fixture
def cfg(tmp_path: Path) -> IndexConfig:
    return IndexConfig(data_dir=tmp_path / "data", backend="fake")


def test_ingest_counts_the_five_seeds(corpus_copy: Path, cfg: IndexConfig) -> None:
    report = run_ingest([corpus_copy], cfg)
    assert report.documents == 5 and not report.skipped
    assert report.clauses > 150 and report.table_rows >= 27  # 12 task-list rows + 15 indicator rows
    assert report.tasks > 50 and report.targets > 50
    idx = Index.open(cfg)
    assert {d.jurisdiction for d in idx.documents()} == {"涪陵区", "南宁市武鸣区", "巫溪县", "四川省", "福建省"}


def test_second_run_is_up_to_date_and_fast(corpus_copy: Path, cfg: IndexConfig) -> None:
    t0 = time.perf_counter()
    first = run_ingest([corpus_copy], cfg)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    again = run_ingest([corpus_copy], cfg)
    warm = time.perf_counter() - t0
    assert again.up_to_date and again.build == first.build
    assert warm < cold  # printed numbers live in the benchmarks; here only "not rebuilt"


def test_changed_file_reembeds_only_new_text(corpus_copy: Path, cfg: IndexConfig) -> None:
    first = run_ingest([corpus_copy], cfg)
    doc = corpus_copy / "002_eed4c881353c92d0.txt"
    doc.write_text(doc.read_text(encoding="utf-8").replace("20张以上", "30张以上"), encoding="utf-8")
    second = run_ingest([corpus_copy], cfg)
    assert not second.up_to_date and second.build != first.build
    assert 0 < second.embedded_now <= 3  # only the changed clause (and its split part) is embedded again
    idx = Index.open(cfg)
    texts = [c.text for c in idx.facts.clauses(source=doc.name)]
    assert any("30张以上" in t for t in texts) and not any("20张以上" in t for t in texts)


def test_deleted_file_leaves_the_index(corpus_copy: Path, cfg: IndexConfig) -> None:
    run_ingest([corpus_copy], cfg)
    (corpus_copy / "003_efb1033aae774365.txt").unlink()
    report = run_ingest([corpus_copy], cfg)
    assert report.documents == 4
    assert "四川省" not in {d.jurisdiction for d in Index.open(cfg).documents()}


def test_bad_file_is_skipped_and_the_rest_indexed(corpus_copy: Path, cfg: IndexConfig) -> None:
    (corpus_copy / "broken.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (corpus_copy / "empty.txt").write_bytes(b"")
    report = run_ingest([corpus_copy], cfg)
    assert report.documents == 5
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    assert set(skipped) == {"broken.txt", "empty.txt"}
    assert all(reason for reason in skipped.values())


def test_new_file_is_added_to_the_existing_index(corpus_copy: Path, cfg: IndexConfig, tmp_path: Path) -> None:
    run_ingest([corpus_copy], cfg)
    extra = tmp_path / "新县方案.txt"
    extra.write_text(
        "某某县医养结合实施方案\n一、主要任务\n（一）建设康复中心。到2026年建成1个康复中心。（县卫生健康委牵头，县民政局配合）\n",
        encoding="utf-8",
    )
    report = run_ingest([extra], cfg)
    assert report.documents == 6
    assert "新县方案.txt" in {d.source for d in Index.open(cfg).documents()}


class ExplodingEmbedder(FakeEmbedder):
    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        raise RuntimeError("embedding service died")


def test_failed_run_keeps_the_previous_index_serving(corpus_copy: Path, cfg: IndexConfig) -> None:
    first = run_ingest([corpus_copy], cfg)
    doc = corpus_copy / "000_ae185cc4bb8e5259.txt"
    doc.write_text(doc.read_text(encoding="utf-8") + "\n新增一段文字。\n", encoding="utf-8")
    with pytest.raises(RuntimeError, match="embedding service died"):
        run_ingest([corpus_copy], cfg, embedder=ExplodingEmbedder())
    assert read_manifest(cfg)["name"] == first.build
    idx = Index.open(cfg)
    assert idx.keyword_search("安宁疗护床位", k=3)
    builds = [p for p in (cfg.data_dir / "index" / "builds").iterdir() if p.name.endswith(".partial")]
    assert not builds  # the half-written build was removed


def test_all_bad_files_do_not_replace_the_index(corpus_copy: Path, cfg: IndexConfig, tmp_path: Path) -> None:
    first = run_ingest([corpus_copy], cfg)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"")
    with pytest.raises(NoDocuments):
        run_ingest([bad], cfg, replace=True)
    assert read_manifest(cfg)["name"] == first.build


def test_second_ingest_waits_for_the_lock(cfg: IndexConfig, corpus_copy: Path) -> None:
    with ingest_lock(cfg):
        with pytest.raises(IngestBusy):
            run_ingest([corpus_copy], cfg)


def test_cli_ingest_docs_and_show(corpus_copy: Path, tmp_path: Path) -> None:
    from cli import app

    runner = CliRunner()
    args = ["--data-dir", str(tmp_path / "d"), "--backend", "fake"]
    out = runner.invoke(app, [*args, "ingest", str(corpus_copy)])
    assert out.exit_code == 0, out.output
    assert "5 份文件" in out.output
    docs = runner.invoke(app, [*args, "docs", "--json"])
    assert docs.exit_code == 0
    import json

    rows = {r["source"]: r for r in json.loads(docs.output)}
    assert rows["003_efb1033aae774365.txt"]["status"] == "征求意见稿"
    assert rows["004_2bc7bae2e3a5e661.txt"]["doc_number"] == "闽卫老龄〔2022〕135号"
    show = runner.invoke(app, [*args, "show", "002_eed4c881353c92d0.txt", "二、（一）5."])
    assert show.exit_code == 0
    assert "推广安宁疗护服务" in show.output
    tree = runner.invoke(app, [*args, "show", "002_eed4c881353c92d0.txt"])
    assert "主要指标 6" in tree.output and "二、（一）5." in tree.output
