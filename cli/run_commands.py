"""``yiyang eval | serve | bench``: hand over to the evaluation, the web app and the benchmarks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from cli.shared import _fail, app


@app.command("eval")
def evaluate(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="gold Q&A .jsonl files")] = None,
    out: Annotated[Optional[Path], typer.Option(help="report folder")] = None,
    systems: Annotated[str, typer.Option(help="comma-separated: yiyang,bm25,dense")] = "yiyang,bm25,dense",
) -> None:
    """Score the assistant (and two baselines) on gold Q&A sets; write a Markdown report."""
    from eval.cli import main as eval_main

    try:
        eval_main(paths, out, [s.strip() for s in systems.split(",") if s.strip()])
    except (ValueError, RuntimeError) as exc:
        _fail(str(exc))


@app.command()
def serve(
    host: Annotated[Optional[str], typer.Option(help="bind address (default 127.0.0.1, env YIYANG_HOST)")] = None,
    port: Annotated[Optional[int], typer.Option(help="port (default 7860, env YIYANG_PORT)")] = None,
    open_browser: Annotated[bool, typer.Option("--open", help="open the chat in a browser")] = False,
) -> None:
    """Start the chat and the HTTP API (127.0.0.1 unless told otherwise)."""
    import app as entry

    kwargs: dict[str, Any] = {"open_browser": open_browser}
    if host:
        kwargs["host"] = host
    if port:
        kwargs["port"] = port
    entry.serve(**kwargs)


@app.command(context_settings={"allow_extra_args": True, "ignore_unknown_options": True})
def bench(ctx: typer.Context) -> None:
    """Measure latency, ingest, scale and concurrency; writes docs/benchmarks.md (see --help of python -m eval.bench)."""
    from eval.bench import main as bench_main

    bench_main(list(ctx.args))
