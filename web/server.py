"""The one local server of ``yiyang serve``: the JSON API, the document view, ``/v1`` and the chat.

``build_app`` wires the routers of this package and the Gradio blocks onto one FastAPI app over an
Assistant it is given; it builds nothing itself (``app.py`` builds the Assistant).

Example:
    >>> app = build_app(Assistant.from_env(), ServerConfig())      # doctest: +SKIP
    >>> TestClient(app).get("/api/documents").status_code           # doctest: +SKIP
    200
"""

from __future__ import annotations

import os

# Before gradio is imported: no usage reports or version checks from a closed network.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from typing import Any

from fastapi import FastAPI
from starlette.routing import Mount

from web.access import install_error_handlers, install_login
from web.api import api_router
from web.document_page import document_router
from web.export_api import export_router
from web.openai_api import openai_router
from web.server_config import ServerConfig
from web.uploads import AssistantHolder

DESCRIPTION = """医养结合政策条款检索与问答的 HTTP 接口。

* `POST /api/ask` — 问答，返回批量评测的 OUT 格式（answer, found, citations, contexts, ...）
* `POST /api/export?format=md|docx` — 把对话（问题与回答）导出为 Markdown 或 Word
* `GET /api/tasks`、`/api/targets`、`/api/conflicts`、`/api/documents` — 任务台账、指标目标、表文不一致、文件
* `POST /v1/chat/completions`、`GET /v1/models` — OpenAI 兼容接口（模型 `yiyang`；设置 `YIYANG_API_KEYS` 时需 Bearer key）

错误一律为 JSON `{"error", "message"}`；设置 `YIYANG_AUTH` 时需 HTTP Basic 登录。
"""


def build_app(assistant: Any, config: ServerConfig | None = None) -> FastAPI:
    """The FastAPI app serving ``/api/*``, ``/doc/*``, ``/v1/*``, ``/docs`` and the Gradio UI at ``/``.

    Args:
        assistant: an ``assistant.core.Assistant`` (tests pass one over a small index).
        config: listen address, logins and limits; default from the environment.
    """
    import gradio as gr

    from web.blocks import build_blocks
    from web.chat_tab import CHAT_CSS, COPY_SCRIPT
    from web.tab_parts import CSS

    cfg = config or ServerConfig.from_env()
    holder = AssistantHolder(assistant)
    app = FastAPI(title="医养政策助手 API", description=DESCRIPTION, version="1")
    install_error_handlers(app)
    app.include_router(document_router(holder))
    app.include_router(export_router())  # before api_router, whose /api/{rest} answers 404
    app.include_router(api_router(holder, cfg))
    app.include_router(openai_router(holder, cfg))
    app.state.holder = holder

    def gradio_app() -> Any:
        return next((r.app for r in app.routes if isinstance(r, Mount) and r.path == ""), None)

    install_login(app, cfg, gradio_app)
    blocks = build_blocks(holder, cfg)
    return gr.mount_gradio_app(
        app, blocks, path="/", server_name=cfg.host, server_port=cfg.port, auth=list(cfg.auth) or None,
        auth_message="请输入账号和密码（YIYANG_AUTH）", footer_links=["api"], run_history=False,
        head=COPY_SCRIPT, css=CSS + CHAT_CSS, show_error=False, max_file_size="20mb", ssr_mode=False, mcp_server=False,
    )
