"""Run a system over Q&A items and produce batch OUT rows, then score them.

A system is any ``ask_fn(question, history) -> dict`` returning an OUT row (the runner adds
``id`` and measures ``latency_ms`` itself, so every system is timed the same way). Three are
built in: ``"yiyang"`` (the assistant, imported only when asked for), ``"bm25"`` and ``"dense"``
(:mod:`eval.baselines`).

Example:
    >>> report = evaluate([Path("eval/qa/yiyang_gold.jsonl")], system="bm25")   # doctest: +SKIP
    >>> round(report.overall.clause_recall_at_5, 2)                              # doctest: +SKIP
    0.61
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.metrics import Report

AskFn = Callable[..., Mapping[str, Any]]  # (question, history, *, today=None) -> OUT row
SYSTEMS = ("yiyang", "bm25", "dense")


def load_jsonl(path: Path | str) -> list[dict[str, Any]]:
    """Read a JSON-lines file, skipping blank lines; errors name the file and line."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    return rows


def write_jsonl(path: Path | str, rows: Iterable[Mapping[str, Any]]) -> Path:
    """Write rows as UTF-8 JSON lines (Chinese kept readable), creating parent folders."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def load_items(paths: Sequence[Path | str]) -> list[dict[str, Any]]:
    """Gold items from several files, in order; a repeated id is an error (it would be scored twice)."""
    items: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for path in paths:
        for item in load_jsonl(path):
            key = str(item["id"])
            if key in seen:
                raise ValueError(f"duplicate item id {key!r} in {path} (first seen in {seen[key]})")
            seen[key] = str(path)
            items.append(with_tags(item, Path(path)))
    return items


def with_tags(item: dict[str, Any], path: Path) -> dict[str, Any]:
    """Tag an item with its set (the file it came from) and the format of its document, so the
    report shows accuracy per set (dev vs test) and per format (docx, pdf, scan, html, ofd, txt)."""
    tags = list(item.get("tags") or ())
    tags.append(f"set:{path.stem}")
    fmt = item.get("format")
    if not fmt:
        docs = str(item.get("doc") or "").split(",")[0].strip()
        fmt = Path(docs).suffix.lstrip(".").lower() if "." in docs else "txt"
    tags.append(f"format:{fmt}")
    return {**item, "tags": list(dict.fromkeys(tags))}


def run_batch(items: Sequence[Mapping[str, Any]], ask_fn: AskFn) -> list[dict[str, Any]]:
    """Ask every item's question (with its history) and return OUT rows in item order.

    A failing question does not stop the batch: its row has ``found=false``, an empty answer
    and an ``error`` message, and it is scored as a failure.
    """
    rows = []
    for item in items:
        start = time.perf_counter()
        try:
            extra = {"today": item["today"]} if item.get("today") else {}
            row = dict(ask_fn(str(item["question"]), item.get("history"), **extra))
        except Exception as exc:  # noqa: BLE001 - one bad question must not hide the others
            row = {"answer": "", "found": False, "citations": [], "contexts": [],
                   "error": f"{type(exc).__name__}: {exc}"}
        elapsed = (time.perf_counter() - start) * 1000
        row["id"] = item["id"]
        row["latency_ms"] = round(elapsed, 1)
        rows.append(_ordered(row))
    return rows


def _ordered(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("id", "answer", "found", "citations", "contexts", "latency_ms")
    return {**{k: row[k] for k in keys if k in row}, **{k: v for k, v in row.items() if k not in keys}}


def make_ask_fn(system: str) -> AskFn:
    """Build the ``ask_fn`` for a named system; the heavy imports happen here, not at import time."""
    if system not in SYSTEMS:
        raise ValueError(f"unknown system {system!r}; expected one of {', '.join(SYSTEMS)}")
    if system == "bm25":
        from eval.baselines import BM25Baseline

        return BM25Baseline().ask
    if system == "dense":
        from eval.baselines import DenseBaseline

        return DenseBaseline().ask
    return _assistant_ask_fn()


def _assistant_ask_fn() -> AskFn:
    # lazily: eval must import without a built index
    try:
        from assistant import Assistant
    except ImportError:
        from assistant.core import Assistant

    factory = getattr(Assistant, "from_env", None)
    assistant = factory() if callable(factory) else Assistant()

    from assistant.core import parse_day

    def ask(question: str, history: list[dict[str, str]] | None, today: str | None = None) -> Mapping[str, Any]:
        return assistant.ask(question, history=history, today=parse_day(today)).to_batch_dict()

    return ask


def evaluate(paths: Sequence[Path | str], system: str = "yiyang", ask_fn: AskFn | None = None) -> Report:
    """Run ``system`` (or the given ``ask_fn``) over the gold items in ``paths`` and score it."""
    items = load_items(paths)
    rows = run_batch(items, ask_fn or make_ask_fn(system))
    return Report.from_rows(system, items, rows)
