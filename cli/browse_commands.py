"""``yiyang docs | show | tasks | targets | conflicts``: what the index holds, as tables or JSON."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer
from rich.table import Table

from cli.shared import _cfg, _fail, _print_json, app, console


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
