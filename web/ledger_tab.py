"""The 任务台账 tab: every task with its lead, co-owners and deadline, filtered; CSV; the clause of a row."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import gradio as gr
import pandas as pd

from web.tab_parts import ALL, clause_card, opt, regions, write_csv

ROLES = {"全部": None, "牵头": "lead", "配合": "co", "属地落实": "territorial"}
TASK_COLUMNS = ["地区", "条款", "任务", "牵头单位", "配合单位", "属地落实", "时限", "文件"]


def task_rows(holder: Any, region: str, dept: str, role: str, deadline: str, text: str) -> list[Any]:
    """The ledger rows for the filters (department aliases are matched by the facts store)."""
    rows = holder.current.index.facts.tasks(dept=(dept or "").strip() or None, region=opt(region),
                                             role=ROLES.get(role), text=(text or "").strip() or None)
    if deadline and deadline != ALL:
        rows = [r for r in rows if (r.deadline or "未写明") == deadline]
    return rows


def task_frame(rows: Sequence[Any]) -> pd.DataFrame:
    def names(r: Any, role: str) -> str:
        return "、".join(o.name for o in r.owners if o.role == role)

    return pd.DataFrame([[r.jurisdiction, r.section, r.title, names(r, "lead"), names(r, "co"),
                          names(r, "territorial"), r.deadline, r.doc_title] for r in rows], columns=TASK_COLUMNS)




def ledger_tab(holder: Any) -> tuple:
    """Filters, table, CSV and the clause of a clicked row; returns the page-load (fn, inputs, outputs)."""
    facts = holder.current.index.facts
    depts = sorted({d.name for d in facts.departments()})
    deadlines = [ALL] + sorted({r.deadline or "未写明" for r in facts.tasks()})
    with gr.Row():
        region = gr.Dropdown(regions(holder), value=ALL, label="地区", elem_id="ledger-region")
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
        return clause_card(holder, clause_ids[evt.index[0]]) if evt.index and evt.index[0] < len(clause_ids) else ""

    table.select(show, [ids], clause_view, api_visibility="private")
    return refresh, filters, [table, count, export, ids, clause_view]
