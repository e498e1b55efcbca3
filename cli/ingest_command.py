"""``yiyang ingest``: (re)build the index from documents, with progress bars, and report what it read."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from cli.shared import _cfg, _fail, _print_json, app, console, err


@app.command()
def ingest(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="files or folders (default corpus/documents)")] = None,
    replace: Annotated[bool, typer.Option(help="index exactly these paths, dropping documents ingested earlier")] = False,
    force: Annotated[bool, typer.Option(help="rebuild even if nothing changed")] = False,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Parse documents into clauses and facts and (re)build the index."""
    from ingest.pipeline import IngestBusy, run_ingest

    try:
        cfg = _cfg()
    except ValueError as exc:
        _fail(str(exc))
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=err, transient=True,
    ) as bar:
        tasks: dict[str, Any] = {}

        def progress(stage: str, done: int, total: int) -> None:
            label = {"parse": "解析文件", "embed": "向量化条款", "model": "下载模型"}.get(stage, stage)
            if stage.startswith("ocr:"):  # one OCR row, naming the file whose pages it counts
                stage, label = "ocr", f"OCR 识别 {escape(stage[4:])} (页)"
            if stage not in tasks:
                tasks[stage] = bar.add_task(label, total=total)
            bar.update(tasks[stage], completed=done, total=total, description=label)

        try:
            report = run_ingest(paths, cfg, replace=replace, force=force, progress=progress)
        except IngestBusy as exc:
            _fail(str(exc), 3)
        except Exception as exc:  # noqa: BLE001 - the previous index keeps serving; say why this run failed
            _fail(f"ingest failed, the previous index is unchanged: {type(exc).__name__}: {exc}")
    if as_json:
        _print_json(report.to_dict())
        return
    head = "索引已是最新 (index up to date)" if report.up_to_date else "索引已更新 (index built)"
    console.print(
        f"[bold green]{head}[/]: {report.documents} 份文件, {report.clauses} 条条款, {report.table_rows} 行表格, "
        f"{report.tasks} 项任务, {report.targets} 个指标目标; 用时 {report.seconds:.1f}s"
        + (f"; 新向量 {report.embedded_now}" if report.embedded_now else "")
    )
    for r in report.removed:
        console.print(f"  已移除 (file gone): {r}")
    for s in report.skipped:
        console.print(f"  [yellow]跳过[/] {s.path}: {s.reason}")
    for n in report.notes:
        console.print(f"  [cyan]注意[/] {n.path}: {n.note}")
