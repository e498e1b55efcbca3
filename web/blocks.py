"""The Gradio app: 问答 (chat with citations), 任务台账, 指标目标, 文件, each tab its own module.

Every handler asks the Assistant (or its facts store) and only formats the result.

Example:
    >>> blocks = build_blocks(AssistantHolder(Assistant.from_env()), ServerConfig())   # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

import gradio as gr

from web.chat_tab import chat_tab
from web.documents_tab import documents_tab
from web.ledger_tab import ledger_tab
from web.tab_parts import regions
from web.targets_tab import targets_tab


def build_blocks(holder: Any, cfg: Any) -> gr.Blocks:
    """The four tabs over ``holder``'s Assistant; ``cfg`` is a ``web.server_config.ServerConfig``."""
    n = len(holder.current.docs)
    with gr.Blocks(title="医养政策助手", analytics_enabled=False) as blocks:
        gr.Markdown(f"# 医养政策助手\n医养结合政策条款检索与问答 · 已收录 {n} 份文件")
        with gr.Tabs():
            with gr.Tab("问答", id="chat"):
                chat_tab(holder, cfg.max_question_chars, regions(holder))
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
