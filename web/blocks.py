"""The Gradio app: 问答 (chat with citations), 任务台账, 指标目标, 文件.

Every handler asks the Assistant (or its facts store) and only formats the result. Document text
is always escaped here before it reaches the page: it is shown, never rendered as HTML.

Example:
    >>> blocks = build_blocks(AssistantHolder(Assistant.from_env()), ServerConfig())   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import html
import re
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from web.chat_ui import CHAT_CSS, chat_tab
from web.document_page import DOC_CSS, render_document, render_document_page  # noqa: F401 - webapi imports it
from web.document_page import doc_url
from web.escape import highlight, md_text

ALL = "全部"
ROLES = {"全部": None, "牵头": "lead", "配合": "co", "属地落实": "territorial"}
CSS = """
.yy-badge{display:inline-block;padding:1px 8px;margin:0 6px 4px 0;border-radius:10px;font-size:.85em;
  font-weight:600;background:#fff4d6;color:#7a4b00;border:1px solid #f0c36d}
.yy-badge.yy-none{background:#fde2e1;color:#8a1c1c;border-color:#f3a5a2}
.yy-clause{white-space:pre-wrap;line-height:1.7}
.yy-clause mark,.yy-doc mark{background:#ffe58a;padding:0 2px}
.yy-meta{color:#666;font-size:.9em}
.yy-doc .c{padding:4px 8px;border-left:3px solid transparent;white-space:pre-wrap;line-height:1.7}
.yy-doc .c.hit{border-left-color:#e0a800;background:#fffbe6}
.yy-doc .sec{color:#1f5fa8;font-weight:600;margin-right:.5em}
""" + DOC_CSS + CHAT_CSS


def badges(labels: Sequence[str], css: str = "") -> str:
    return "".join(f'<span class="yy-badge {css}">{html.escape(b)}</span>' for b in labels)


def render_clause_card(meta: Any, clause: Any, quote: str = "") -> str:
    """A clause with its document head and a link to it in the document view (escaped)."""
    if clause is None:
        return ""
    head = meta.citation_head() if meta else f"《{clause.doc_title}》"
    return (f'<div class="yy-card"><p class="yy-meta">{html.escape(head)} {html.escape(clause.section or "前言")}'
            f' · <a href="{html.escape(doc_url(clause.source, clause.id, quote))}" target="_blank">在文件中查看 ↗</a></p>'
            f'<div class="yy-clause">{highlight(clause.text, quote)}</div></div>')


def _regions(holder: Any) -> list[str]:
    return [ALL] + sorted({d.jurisdiction for d in holder.current.docs.values() if d.jurisdiction})


# -- 任务台账 ------------------------------------------------------------------------------------
TASK_COLUMNS = ["地区", "条款", "任务", "牵头单位", "配合单位", "属地落实", "时限", "文件"]


def task_rows(holder: Any, region: str, dept: str, role: str, deadline: str, text: str) -> list[Any]:
    """The ledger rows for the filters (department aliases are matched by the facts store)."""
    rows = holder.current.index.facts.tasks(dept=(dept or "").strip() or None, region=_opt(region),
                                             role=ROLES.get(role), text=(text or "").strip() or None)
    if deadline and deadline != ALL:
        rows = [r for r in rows if (r.deadline or "未写明") == deadline]
    return rows


def task_frame(rows: Sequence[Any]) -> pd.DataFrame:
    def names(r: Any, role: str) -> str:
        return "、".join(o.name for o in r.owners if o.role == role)

    return pd.DataFrame([[r.jurisdiction, r.section, r.title, names(r, "lead"), names(r, "co"),
                          names(r, "territorial"), r.deadline, r.doc_title] for r in rows], columns=TASK_COLUMNS)


def write_csv(frame: pd.DataFrame, stem: str) -> str:
    """``frame`` as a UTF-8 CSV with a BOM (so spreadsheet programs read the Chinese right)."""
    folder = Path(tempfile.gettempdir()) / "yiyang-export"
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return str(path)


def ledger_tab(holder: Any) -> tuple:
    """Filters, table, CSV and the clause of a clicked row; returns the page-load (fn, inputs, outputs)."""
    facts = holder.current.index.facts
    depts = sorted({d.name for d in facts.departments()})
    deadlines = [ALL] + sorted({r.deadline or "未写明" for r in facts.tasks()})
    with gr.Row():
        region = gr.Dropdown(_regions(holder), value=ALL, label="地区", elem_id="ledger-region")
        dept = gr.Dropdown([""] + depts, value="", label="部门（简称、别称也可）", allow_custom_value=True,
                           elem_id="ledger-dept")
        role = gr.Radio(list(ROLES), value=ALL, label="角色")
        deadline = gr.Dropdown(deadlines, value=ALL, label="时限")
        text = gr.Textbox(label="关键词", placeholder="任务或条文中的字词", elem_id="ledger-text")
    count = gr.Markdown(elem_id="ledger-count")
    table = gr.Dataframe(task_frame(facts.tasks()), interactive=False, wrap=True, max_height=460,
                         column_widths=["8%", "9%", "25%", "16%", "16%", "10%", "8%", "8%"], elem_id="ledger")
    export = gr.DownloadButton("导出 CSV", size="sm", elem_id="ledger-csv")
    gr.Markdown("点击表格中的一行，查看该任务所在条款。", elem_classes="yy-meta")
    clause_view = gr.HTML(elem_id="ledger-clause")
    ids = gr.State([r.clause_id for r in facts.tasks()])

    def refresh(*filters: str) -> tuple:
        rows = task_rows(holder, *filters)
        frame = task_frame(rows)
        return frame, f"共 **{len(rows)}** 项任务", write_csv(frame, "任务台账"), [r.clause_id for r in rows], ""

    filters = [region, dept, role, deadline, text]
    gr.on([f.change for f in (region, dept, role, deadline)] + [text.submit], refresh, filters,
          [table, count, export, ids, clause_view], api_visibility="private")

    def show(clause_ids: list[str], evt: gr.SelectData) -> str:
        return _clause_card(holder, clause_ids[evt.index[0]]) if evt.index and evt.index[0] < len(clause_ids) else ""

    table.select(show, [ids], clause_view, api_visibility="private")
    return refresh, filters, [table, count, export, ids, clause_view]


def _clause_card(holder: Any, clause_id: str, quote: str = "") -> str:
    bot = holder.current
    clause = bot.index.clause(clause_id)
    return render_clause_card(bot.docs.get(clause.source) if clause else None, clause, quote)


def _opt(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value


# -- 指标目标 ------------------------------------------------------------------------------------
TARGET_COLUMNS = ["地区", "指标", "年份", "目标值", "基线", "出处", "条款", "文件"]
DEFAULT_INDICATOR = "65岁以上老年人健康管理率"


def target_frame(rows: Sequence[Any]) -> pd.DataFrame:
    return pd.DataFrame([[r.jurisdiction, r.indicator, r.year or "", f"{r.value}{r.unit}{r.comparator}",
                          f"{r.baseline}{r.unit}（{r.baseline_year}年）" if r.baseline else "",
                          "表格" if r.origin == "table" else "正文", r.section, r.doc_title] for r in rows],
                        columns=TARGET_COLUMNS)


def _number(text: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(m.group()) if m else None


def trend_frame(rows: Sequence[Any]) -> tuple[pd.DataFrame, str]:
    """Points (year, value) per place for one indicator: baseline, then each target year.

    Only rows in the most common unit are kept, so places are compared only where comparable;
    a table value wins over the same year's value in the text.
    """
    units = pd.Series([r.unit for r in rows if _number(r.value) is not None]).value_counts()
    unit = str(units.index[0]) if len(units) else ""
    points: dict[tuple[str, int], tuple[float, int]] = {}
    for r in rows:
        if r.unit != unit:
            continue
        series = r.jurisdiction if len({x.indicator for x in rows if x.jurisdiction == r.jurisdiction}) == 1 \
            else f"{r.jurisdiction}·{r.indicator}"
        rank = 0 if r.origin == "table" else 1
        for year, value in ((r.baseline_year, r.baseline), (r.year, r.value)):
            v = _number(value) if year else None
            if v is not None and points.get((series, year), (0, 9))[1] >= rank:
                points[(series, year)] = (v, rank)
    frame = pd.DataFrame([{"年份": y, "目标值": v, "地区": s} for (s, y), (v, _) in sorted(points.items())],
                         columns=["年份", "目标值", "地区"])
    return frame, unit


def compare_frame(trend: pd.DataFrame, year: int | None = None) -> tuple[pd.DataFrame, int | str]:
    """One bar per place for ``year`` (default: the year most places state a value for)."""
    if trend.empty:
        return trend.rename(columns={}), ""
    if year is None or year not in set(trend["年份"]):
        counts = trend.groupby("年份")["地区"].nunique()
        year = int(counts[counts == counts.max()].index.max())
    return trend[trend["年份"] == year][["地区", "目标值"]].reset_index(drop=True), year


def targets_tab(holder: Any) -> tuple:
    """Filters, chart, table and conflicts; returns the (fn, inputs, outputs) to run on page load."""
    facts = holder.current.index.facts
    everything = facts.targets()
    indicators = sorted({r.indicator for r in everything})
    years = [ALL] + [str(y) for y in sorted({r.year for r in everything if r.year})]
    with gr.Row():
        indicator = gr.Dropdown([""] + indicators, value=DEFAULT_INDICATOR, label="指标（可输入关键词）",
                                allow_custom_value=True, scale=3, elem_id="target-indicator")
        region = gr.Dropdown(_regions(holder), value=ALL, label="地区", scale=1)
        year = gr.Dropdown(years, value=ALL, label="目标年份", scale=1)
    with gr.Row():
        plot = gr.LinePlot(x="年份", y="目标值", color="地区", label="指标走势（基线 → 目标年份，按地区）",
                           x_axis_format="d", scale=3, elem_id="target-chart")
        bars = gr.BarPlot(x="地区", y="目标值", color="地区", label="各地区对比（同一年份）", scale=2,
                          x_label_angle=-30, y_lim=[0, None], elem_id="target-bars")
    note = gr.Markdown(elem_classes="yy-meta")
    table = gr.Dataframe(interactive=False, wrap=True, max_height=360, elem_id="targets")
    export = gr.DownloadButton("导出 CSV", size="sm")
    clause_view = gr.HTML()
    ids = gr.State([])
    gr.Markdown("### 表文不一致\n同一文件中同一指标、同一年份出现两个不同的数值：两处都列出，请以原文核对。")
    gr.Dataframe(conflict_frame(facts.conflicts()), interactive=False, wrap=True, elem_id="conflicts")

    def refresh(ind: str, reg: str, yr: str) -> tuple:
        rows = facts_now().targets(indicator=(ind or "").strip() or None, region=_opt(reg),
                                   year=int(yr) if yr and yr != ALL else None)
        chart_rows = facts_now().targets(indicator=(ind or "").strip() or None, region=_opt(reg)) if ind else []
        trend, unit = trend_frame(chart_rows)
        compare, when = compare_frame(trend, int(yr) if yr and yr != ALL else None)
        said = (f"图中数值单位：{unit or '无'}；只比较同一单位的数值。右图为 {when} 年各地区的目标值。" if len(trend) else
                "选择或输入一个指标，查看它在各年份、各地区的目标值。")
        frame = target_frame(rows)
        return trend, compare, said, frame, write_csv(frame, "指标目标"), [r.clause_id for r in rows], ""

    def facts_now() -> Any:
        return holder.current.index.facts

    outputs = [plot, bars, note, table, export, ids, clause_view]
    gr.on([indicator.change, region.change, year.change], refresh, [indicator, region, year], outputs,
          api_visibility="private")

    def show(clause_ids: list[str], evt: gr.SelectData) -> str:
        return _clause_card(holder, clause_ids[evt.index[0]]) if evt.index and evt.index[0] < len(clause_ids) else ""

    table.select(show, [ids], clause_view, api_visibility="private")
    return refresh, [indicator, region, year], outputs


def conflict_frame(rows: Sequence[Any]) -> pd.DataFrame:
    def side(t: Any) -> str:
        return f"{t.value}{t.unit}（{'表格' if t.origin == 'table' else '正文'} {t.section}）"

    return pd.DataFrame([[r.doc_title, r.indicator, r.year, side(r.a), side(r.b)] for r in rows],
                        columns=["文件", "指标", "年份", "一处", "另一处"])

# -- 文件 ---------------------------------------------------------------------------------------
DOC_COLUMNS = ["标题", "文号", "发文机关", "日期", "地区", "状态", "文件名"]


def document_frame(docs: Sequence[Any]) -> pd.DataFrame:
    return pd.DataFrame([[d.title, d.doc_number or "—", "、".join(d.issuers) or "—", d.date or "—", d.jurisdiction,
                          d.status, d.source] for d in docs], columns=DOC_COLUMNS)


def documents_tab(holder: Any, admin: tuple[str, str] | None, upload_dir: Path, is_admin: Any) -> None:
    def choices() -> list[tuple[str, str]]:
        return [(f"{d.jurisdiction}｜{d.title}", d.source) for d in holder.current.docs.values()]

    docs_table = gr.Dataframe(document_frame(list(holder.current.docs.values())), interactive=False, wrap=True,
                              elem_id="documents")
    first = next(iter(holder.current.docs), None)
    pick = gr.Dropdown(choices(), value=first, label="阅读文件（条款树）", elem_id="doc-pick")
    view = gr.HTML(_document_html(holder, first), elem_id="doc-view", max_height=640)
    pick.change(lambda s: _document_html(holder, s), pick, view, api_visibility="private")
    def open_row(evt: gr.SelectData) -> Any:
        sources = list(holder.current.docs)
        return gr.update(value=sources[evt.index[0]]) if evt.index and evt.index[0] < len(sources) else gr.skip()

    docs_table.select(open_row, None, pick, api_visibility="private")
    with gr.Accordion("管理员：上传新文件", open=False):
        if admin is None:
            gr.Markdown("上传已关闭：未配置管理员账号（环境变量 `YIYANG_ADMIN=用户名:密码`）。")
            return
        gr.Markdown("上传 .txt .md .pdf .docx .html 文件，入库后立即可查。入库失败时继续使用原索引。")
        with gr.Row():
            user = gr.Textbox(label="管理员用户名", elem_id="admin-user")
            password = gr.Textbox(label="密码", type="password", elem_id="admin-password")
        upload = gr.File(label="政策文件", file_types=[".txt", ".md", ".pdf", ".docx", ".html", ".htm"],
                         elem_id="admin-file")
        go = gr.Button("上传并入库", variant="primary")
        status = gr.Markdown(elem_id="admin-status")

        def ingest(u: str, p: str, path: str | None) -> tuple:
            if not is_admin(u or "", p or ""):
                return "**未通过验证**：管理员用户名或密码不对。", gr.skip(), gr.skip()
            if not path:
                return "请先选择一个文件。", gr.skip(), gr.skip()
            try:
                report = holder.ingest_upload(Path(path).name, Path(path).read_bytes(), upload_dir)
            except Exception as exc:  # noqa: BLE001 - shown to the admin; the old index keeps serving
                return f"**入库失败**，继续使用原索引：{md_text(str(exc))}", gr.skip(), gr.skip()
            skipped = "；".join(f"{Path(s.path).name}: {s.reason}" for s in report.skipped)
            msg = (f"**已入库**：共 {report.documents} 份文件、{report.clauses} 条条款、{report.tasks} 项任务。"
                   + (f" 跳过：{md_text(skipped)}" if skipped else ""))
            return (msg, document_frame(list(holder.current.docs.values())),
                    gr.update(choices=choices()))

        go.click(ingest, [user, password, upload], [status, docs_table, pick], api_visibility="private")


def _document_html(holder: Any, source: str | None) -> str:
    bot = holder.current
    if not source or source not in bot.docs:
        return ""
    link = f'<p class="yy-meta"><a href="{html.escape(doc_url(source))}" target="_blank">在新页面打开 ↗</a></p>'
    return link + render_document(bot.docs[source], bot.index.facts.clauses(source=source))


# -- the whole app --------------------------------------------------------------------------------
def build_blocks(holder: Any, cfg: Any) -> gr.Blocks:
    """The four tabs over ``holder``'s Assistant; ``cfg`` is a ``webapi.ServerConfig``."""
    n = len(holder.current.docs)
    with gr.Blocks(title="医养政策助手", analytics_enabled=False) as blocks:
        gr.Markdown(f"# 医养政策助手\n医养结合政策条款检索与问答 · 已收录 {n} 份文件")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chat_tab(holder, cfg.max_question_chars, _regions(holder))
            with gr.Tab("任务台账", id="ledger"):
                ledger_load = ledger_tab(holder)
            with gr.Tab("指标目标", id="targets"):
                targets_load = targets_tab(holder)
            with gr.Tab("文件", id="documents"):
                documents_tab(holder, cfg.admin, cfg.upload_folder, cfg.is_admin)
        for fn, inputs, outputs in (ledger_load, targets_load):
            blocks.load(fn, inputs, outputs, api_visibility="private")
    blocks.queue(default_concurrency_limit=cfg.concurrency, max_size=64)
    return blocks
