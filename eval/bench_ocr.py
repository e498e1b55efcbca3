"""OCR throughput and accuracy on a synthetic 10-page scan: ``python -m eval.bench_ocr``.

The scan is policy text from the seed corpus drawn as a 公文 would be printed (16 pt body,
one page of 12 pt, one ruled table page of 10.5 pt), each page rotated 1° and speckled
(:mod:`eval.scanpages`), saved as an image-only PDF and read by the real reader
(:func:`ingest.readers.ocr.read_scanned_pdf`: render, RapidOCR in its child process, layout).
Reported, as one flat dict:

* ``workers``: OCR child processes reading pages side by side (one per core by default);
* ``engine_start_s``: starting the OCR children and loading their models (once per process);
* ``seconds``, ``pages_per_min``, ``page_s_p50`` / ``page_s_max``: the cold read, engine warm;
* ``ocr_cpu_s_per_page``: CPU seconds the OCR children spent per page (meaningful on a busy machine,
  where wall time mostly measures the neighbours);
* ``cached_seconds``: the same file again, every page from the OCR cache;
* ``char_accuracy``: mean per-page similarity of the text read to the text drawn (difflib ratio,
  whitespace ignored);
* ``cpu_count``, ``load_1m``: the machine it ran on.

Example:
    $ python -m eval.bench_ocr --pages 10 --workers 2,1      # 2 cores shared with other jobs (load ~5)
    {"pages": 10, "scale": 1.25, "workers": 2, "engine_start_s": 1.63, "seconds": 26.3, "pages_per_min": 22.8, ...}
    {"pages": 10, "scale": 1.25, "workers": 1, "engine_start_s": 2.58, "seconds": 36.5, "pages_per_min": 16.5, ...}
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import resource
import statistics
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from eval.scanpages import ScanPage, ScanTable, ScanText, image_pdf, scan_page
from ingest.readers.base import Extracted, ReadContext, reading_with
from ingest.readers.ocr import RENDER_SCALE, read_scanned_pdf
from ingest.readers.ocr_engine import RapidOcr
from ingest.readers.ocr_pool import EnginePool

SOURCE = Path(__file__).resolve().parent.parent / "corpus" / "documents" / "003_efb1033aae774365.txt"


def synthetic_scan(pages: int = 10) -> list[ScanPage]:
    """``pages`` scanned pages of seed-corpus text: 16 pt body, a 12 pt page and a 10.5 pt table page."""
    paras = [p.strip() for p in SOURCE.read_text(encoding="utf-8").splitlines() if len(p.strip()) > 20]
    table = ScanTable(
        [["序号", "指标名称", "2025年目标", "责任单位"]]
        + [[str(i), f"养老机构护理型床位占比第{i}项", f"{50 + i}%", "市民政局、市卫生健康委"] for i in range(1, 13)],
        widths=[1, 4, 2, 4],
        size_pt=10.5,
    )
    out = []
    for n in range(pages):
        if n % 10 == 8:
            blocks: list[ScanText | ScanTable] = [ScanText("附件：主要指标", size_pt=16), table]
        else:
            size = 12.0 if n % 10 == 9 else 16.0
            blocks = [ScanText(p, size_pt=size, indent=2) for p in paras[(n * 5) % len(paras):][:14]]
        out.append(scan_page(blocks, skew_deg=1.0, noise=10, seed=n))
    return out


def bench_ocr(pages: int = 10, scale: float = RENDER_SCALE, workers: int | None = None) -> dict[str, float]:
    """Read a ``pages``-page synthetic scan cold, then from the cache; throughput and accuracy numbers.

    ``workers``: OCR children reading pages side by side (default: one per core, as ingest does).
    """
    drawn = synthetic_scan(pages)
    workers = workers or max(1, min(4, os.cpu_count() or 1))
    engine = EnginePool(RapidOcr, RapidOcr.settings, workers=workers)
    cpu_before = _children_cpu()
    with tempfile.TemporaryDirectory(prefix="yiyang-bench-ocr-") as tmp:
        path = Path(tmp) / "bench_scan.pdf"
        path.write_bytes(image_pdf([p.image for p in drawn]))
        t0 = time.perf_counter()
        engine.warm_up()  # start the children: their cost is once per process
        start_s = time.perf_counter() - t0
        cold, stamps, _ = _timed_read(path, Path(tmp) / "cache", engine, scale)
        engine.close()  # the child's CPU time is counted once it has exited
        cpu = _children_cpu() - cpu_before
        _, _, cached = _timed_read(path, Path(tmp) / "cache", engine, scale)
    seconds = stamps[-1] - stamps[0]
    per_page = [b - a for a, b in zip(stamps, stamps[1:])]
    return {
        "pages": pages,
        "scale": scale,
        "workers": workers,
        "engine_start_s": round(start_s, 2),
        "seconds": round(seconds, 1),
        "pages_per_min": round(pages / seconds * 60, 1),
        "page_s_p50": round(statistics.median(per_page), 2),
        "page_s_max": round(max(per_page), 2),
        "ocr_cpu_s_per_page": round(cpu / pages, 2),
        "cached_seconds": round(cached, 1),
        "char_accuracy": round(char_accuracy(cold, drawn), 4),
        "cpu_count": os.cpu_count() or 0,
        "load_1m": round(os.getloadavg()[0], 2),
    }


def _timed_read(
    path: Path, cache: Path, engine: EnginePool, scale: float
) -> tuple[Extracted, list[float], float]:
    """The read, the time of each progress call (page 0 = start) and the whole read's wall time."""
    stamps: list[float] = []
    t0 = time.perf_counter()
    with reading_with(ReadContext(cache_dir=cache, progress=lambda s, d, t: stamps.append(time.perf_counter()))):
        extracted = read_scanned_pdf(path, path.read_bytes(), engine=engine, scale=scale)
    return extracted, stamps, time.perf_counter() - t0


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def char_accuracy(extracted: Extracted, drawn: Sequence[ScanPage]) -> float:
    """Mean over pages of the similarity of the text read to the lines drawn (whitespace ignored)."""
    starts = [*extracted.page_starts, len(extracted.text)]
    scores = []
    for i, page in enumerate(drawn):
        read = re.sub(r"\s", "", extracted.text[starts[i]:starts[i + 1]])
        truth = re.sub(r"\s", "", "".join(page.lines))
        scores.append(difflib.SequenceMatcher(None, truth, read, autojunk=False).ratio())
    return statistics.mean(scores)


def main(argv: Sequence[str] | None = None) -> None:
    """Print one JSON line of :func:`bench_ocr` numbers per scale asked."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=10)
    parser.add_argument("--scale", default=str(RENDER_SCALE), help="render scale(s), comma-separated, e.g. 1.25,1.5,2")
    parser.add_argument("--workers", default="0", help="OCR children, comma-separated (0: one per core)")
    args = parser.parse_args(argv)
    for scale in (float(s) for s in args.scale.split(",")):
        for workers in (int(w) for w in args.workers.split(",")):
            print(json.dumps(bench_ocr(args.pages, scale, workers or None)), flush=True)


if __name__ == "__main__":
    main()
