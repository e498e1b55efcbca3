"""The 文件 tab: the documents, one read as its clause tree, and the admin upload."""

from __future__ import annotations

import html
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from web.document_page import doc_url, render_document
from web.escape import md_text
from web.uploads import UPLOAD_SUFFIXES

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
        upload = gr.File(label="政策文件", file_types=list(UPLOAD_SUFFIXES),
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
