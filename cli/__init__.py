"""The ``yiyang`` command: ingest, inspect, ask, evaluate, serve.

An entry point like ``app.py``: it composes ingest, corpus, assistant and eval; nothing imports it.

One module per subcommand group (``ingest_command``, ``browse_commands``, ``ask_command``,
``feedback_commands``, ``run_commands``); :mod:`cli.shared` holds the Typer app and the global
options they all use.
"""

from __future__ import annotations

# Imported in the order `yiyang --help` lists the commands: each module registers its own on `app`.
# isort: off
from cli.shared import app, console, err, main_options
from cli.ingest_command import ingest
from cli.browse_commands import conflicts, docs, show, targets, tasks
from cli.ask_command import ask
from cli.feedback_commands import feedback_app, feedback_export
from cli.run_commands import bench, evaluate, serve
# isort: on

__all__ = [
    "app", "main", "console", "err", "main_options", "ingest", "docs", "show", "tasks", "targets", "conflicts",
    "ask", "feedback_app", "feedback_export", "evaluate", "serve", "bench",
]  # fmt: skip


def main() -> None:
    app()
