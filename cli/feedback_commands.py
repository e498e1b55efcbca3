"""``yiyang feedback export``: the chat's 👍/👎 ratings written out as eval items."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer

from cli.shared import _cfg, app, err

feedback_app = typer.Typer(no_args_is_help=True, help="👍/👎 given in the chat")
app.add_typer(feedback_app, name="feedback")


@feedback_app.command("export")
def feedback_export(
    out: Annotated[Optional[Path], typer.Option("--out", help="JSONL file to write (default stdout)")] = None,
) -> None:
    """Write the chat's ratings as eval items to fill in (question, answer, evidence, rating, comment)."""
    from web.feedback import FeedbackStore

    store = FeedbackStore.in_data_dir(_cfg().data_dir)
    if out:
        n = store.export_jsonl(out)
        err.print(f"{n} 条反馈 -> {out}")
        return
    for item in store.export_items():
        sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")
