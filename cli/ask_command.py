"""``yiyang ask``: a question, or a batch file of them, answered from the documents with citations."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from cli.shared import _cfg, _fail, _print_json, app, console, err


def _assistant() -> Any:
    from assistant.core import Assistant
    from corpus.index import IndexUnavailable

    try:
        return Assistant.from_env(_cfg())
    except (IndexUnavailable, ValueError) as exc:
        _fail(str(exc))


def _print_answer(a: Any) -> None:
    from web.plain_text import answer_text

    # document text is printed as it is: no rich markup read into it
    console.print(answer_text(a), markup=False, highlight=False, soft_wrap=True)
    console.print(f"  [dim]{a.latency_ms:.0f} ms[/]")


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="the question")] = None,
    region: Annotated[Optional[str], typer.Option(help="restrict to one jurisdiction")] = None,
    batch: Annotated[Optional[Path], typer.Option(help="IN.jsonl: one {id, question, history?} per line")] = None,
    out: Annotated[Optional[Path], typer.Option(help="OUT.jsonl for --batch (default stdout)")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Answer a question (or a batch file) from the documents, citing clauses."""
    if not question and not batch:
        _fail("give a question or --batch IN.jsonl")
    from corpus.index import IndexUnavailable
    from corpus.model_fetch import ModelFetchError, ModelIntegrityError

    bot = _assistant()
    try:
        if batch:
            _run_batch(bot, batch, out)
            return
        a = bot.ask(question or "", region=region)
    except (IndexUnavailable, ModelFetchError, ModelIntegrityError, ImportError) as exc:
        # the vector store or the embedding model is not usable: say why, no traceback
        _fail(f"{type(exc).__name__}: {exc}")
    if as_json:
        _print_json(a.to_batch_dict())
    else:
        _print_answer(a)


def _run_batch(bot: Any, batch: Path, out: Optional[Path]) -> None:
    if not batch.exists():
        _fail(f"no such file: {batch}")
    sink = open(out, "w", encoding="utf-8") if out else sys.stdout
    n = bad = 0
    t0 = time.perf_counter()
    try:
        for lineno, line in enumerate(batch.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                _check_batch_row(row)
            except ValueError as exc:
                err.print(f"[yellow]line {lineno} skipped[/]: {exc}")
                bad += 1
                continue
            sink.write(json.dumps(bot.ask_batch_row(row), ensure_ascii=False) + "\n")
            n += 1
    finally:
        if out:
            sink.close()
    err.print(f"{n} answered, {bad} bad lines, {time.perf_counter() - t0:.1f}s" + (f" -> {out}" if out else ""))


def _check_batch_row(row: Any) -> None:
    """A batch IN row the assistant can take; raises ValueError saying what is wrong."""
    if not isinstance(row, dict) or not isinstance(row.get("question", ""), str):
        raise ValueError("expected an object with a string 'question'")
    history = row.get("history")
    if history is not None and not (
        isinstance(history, list)
        and all(isinstance(t, dict) and all(isinstance(t.get(k, ""), str) for k in ("role", "content")) for t in history)
    ):
        raise ValueError("'history' must be a list of {\"role\": str, \"content\": str}")
    if not isinstance(row.get("region") or "", str):
        raise ValueError("'region' must be a string")
