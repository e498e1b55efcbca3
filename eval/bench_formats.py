"""Ingest time per format on the format corpus, and OCR throughput: the ``formats`` bench part.

Each fixture document (tests/fixtures/formats/docs: Word, text PDF, scan, web page, OFD) is read
and parsed cold (a fresh OCR cache) and again warm (every OCR page from the cache), timed per
file; the OCR throughput comes from :func:`eval.bench_ocr.bench_ocr` (a 10-page scan).

Example:
    >>> r = bench_formats()                                   # doctest: +SKIP
    >>> r["files"]["changshou_yiyang_xingdong_2024_2026.pdf"]["cold_s"]   # doctest: +SKIP
    0.9
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from ingest.pipeline import parse_document
from ingest.readers.base import ReadContext, reading_with

FORMATS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "formats" / "docs"
KIND = {".docx": "docx", ".html": "html", ".ofd": "ofd"}


def _kind(path: Path, encoding: str) -> str:
    if path.suffix == ".pdf":
        return "scan" if encoding == "ocr" else "pdf"
    return KIND.get(path.suffix, path.suffix.lstrip("."))


def _timed(path: Path, cache: Path) -> tuple[float, Any]:
    t0 = time.perf_counter()
    with reading_with(ReadContext(cache_dir=cache)):
        doc = parse_document(path, {})
    return time.perf_counter() - t0, doc


def bench_formats(folder: Path = FORMATS, ocr_pages: int = 10) -> dict[str, Any]:
    """Per file: format, pages, clauses, table rows, cold and warm seconds; per format totals; OCR."""
    files: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "ocr-cache"
        for path in sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")):
            cold, doc = _timed(path, cache)
            warm, _ = _timed(path, cache)
            pages = max((p for c in doc.clauses for p in c.pages), default=0)
            files[path.name] = {
                "format": _kind(path, doc.encoding), "pages": pages, "clauses": len(doc.clauses),
                "table_rows": sum(c.kind == "table_row" for c in doc.clauses),
                "cold_s": round(cold, 2), "warm_s": round(warm, 2),
            }
    per_format: dict[str, dict[str, float]] = {}
    for f in files.values():
        agg = per_format.setdefault(f["format"], {"files": 0, "pages": 0, "cold_s": 0.0, "warm_s": 0.0})
        agg["files"] += 1
        agg["pages"] += f["pages"]
        agg["cold_s"] = round(agg["cold_s"] + f["cold_s"], 2)
        agg["warm_s"] = round(agg["warm_s"] + f["warm_s"], 2)
    from eval.bench_ocr import bench_ocr

    return {"files": files, "per_format": per_format, "ocr": bench_ocr(pages=ocr_pages)}

