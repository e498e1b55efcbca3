"""``yiyang eval``: run systems over gold Q&A sets, print a table, write the Markdown report.

Example:
    >>> from eval.cli import main
    >>> reports = main(systems=["bm25"])            # doctest: +SKIP
    bm25 … strict 0.0% · refusal 0.0% · clause R@5 58.2% …
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from eval.metrics import Report
from eval.report import COLUMNS, _fmt, write_report
from eval.runner import SYSTEMS, load_items, make_ask_fn, run_batch

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = REPO_ROOT / "eval" / "reports"


def default_paths(repo_root: Path = REPO_ROOT) -> list[Path]:
    """The shared dev set (``../shared/qa/dev.jsonl``) if present, then ``eval/qa/*.jsonl``."""
    shared = repo_root.parent / "shared" / "qa" / "dev.jsonl"
    return ([shared] if shared.exists() else []) + sorted((repo_root / "eval" / "qa").glob("*.jsonl"))


def main(paths: Sequence[Path | str] | None = None, out_dir: Path | str | None = None,
         systems: Sequence[str] = SYSTEMS) -> list[Report]:
    """Evaluate ``systems`` on the gold items in ``paths``; print a rich table; write the report.

    A system that cannot be built (e.g. the assistant before its index exists) is skipped with
    a warning; the rest still run. Raises ``ValueError`` for an unknown system name or when no
    gold file is given or found.
    """
    from rich.console import Console

    console = Console()
    if not console.is_terminal:  # piped output: do not squeeze the table into 80 columns
        console = Console(width=160)
    paths = [Path(p) for p in paths] if paths else default_paths()
    if not paths:
        raise ValueError("no gold Q&A files given and none found in ../shared/qa or eval/qa")
    unknown = [s for s in systems if s not in SYSTEMS]
    if unknown:
        raise ValueError(f"unknown system(s) {', '.join(unknown)}; expected some of {', '.join(SYSTEMS)}")
    items = load_items(paths)
    reports = []
    for system in systems:
        try:
            ask_fn = make_ask_fn(system)
        except Exception as exc:  # noqa: BLE001 - report and go on with the other systems
            console.print(f"[yellow]skipping {system}: {type(exc).__name__}: {exc}[/yellow]")
            continue
        with console.status(f"{system}: answering {len(items)} questions"):
            rows = run_batch(items, ask_fn)
        reports.append(Report.from_rows(system, items, rows))
    if not reports:
        raise RuntimeError("no system could be evaluated")
    md = write_report(reports, out_dir or DEFAULT_OUT, sources=[str(p) for p in paths])
    console.print(summary_table(reports))
    console.print(tag_table(reports[0]))
    console.print(f"report: {md}")
    return reports


def summary_table(reports: Sequence[Report]):  # -> rich.table.Table
    """The overall metrics of each system as a rich table."""
    from rich.table import Table

    table = Table(title=f"yiyang eval ({reports[0].overall.n} items)")
    table.add_column("system")
    table.add_column("n", justify="right")
    for label, _, _ in COLUMNS:
        table.add_column(label, justify="right")
    for r in reports:
        table.add_row(r.system, str(r.overall.n),
                      *(_fmt(getattr(r.overall, attr), rate) for _, attr, rate in COLUMNS))
    return table


def tag_table(report: Report):  # -> rich.table.Table
    """Strict and refusal accuracy of one system per set and per document format."""
    from rich.table import Table

    table = Table(title=f"{report.system} by set and format")
    for col in ("set / format", "n", "strict acc", "refusal acc", "clause R@5"):
        table.add_column(col, justify="left" if col == "set / format" else "right")
    for tag, s in report.by_tag.items():
        table.add_row(tag, str(s.n), _fmt(s.strict_accuracy, True), _fmt(s.refusal_accuracy, True),
                      _fmt(s.clause_recall_at_5, True))
    return table
