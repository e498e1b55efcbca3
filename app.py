"""``yiyang serve``: the chat and the HTTP API on one local server.

Thin by design: builds the Assistant from the environment and wires the Gradio UI (``webui``) and
the JSON API (``webapi``) onto one FastAPI app. No retrieval logic lives here.

Example:
    >>> serve()                      # doctest: +SKIP
    医养政策助手已就绪: http://127.0.0.1:7860/
"""

from __future__ import annotations

import os

# Before gradio is imported: no usage reports or version checks from a closed network.
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import threading
import webbrowser
from typing import Any

from fastapi import FastAPI
from starlette.routing import Mount

from web.document_page import document_router
from web.export_api import export_router
from web.openai_api import openai_router
from webapi import AssistantHolder, ServerConfig, api_router, install_error_handlers, install_login

DESCRIPTION = """医养结合政策条款检索与问答的 HTTP 接口。

* `POST /api/ask` — 问答，返回批量评测的 OUT 格式（answer, found, citations, contexts, ...）
* `GET /api/tasks`、`/api/targets`、`/api/conflicts`、`/api/documents` — 任务台账、指标目标、表文不一致、文件
* `POST /v1/chat/completions`、`GET /v1/models` — OpenAI 兼容接口（模型 `yiyang`；设置 `YIYANG_API_KEYS` 时需 Bearer key）

错误一律为 JSON `{"error", "message"}`；设置 `YIYANG_AUTH` 时需 HTTP Basic 登录。
"""


def build_app(assistant: Any, config: ServerConfig | None = None) -> FastAPI:
    """The FastAPI app serving ``/api/*``, ``/doc/*``, ``/docs`` and the Gradio UI at ``/``.

    Args:
        assistant: an ``assistant.core.Assistant`` (tests pass one over a small index).
        config: listen address, logins and limits; default from the environment.
    """
    import gradio as gr

    from web.chat_ui import COPY_SCRIPT
    from webui import CSS, build_blocks

    cfg = config or ServerConfig.from_env()
    holder = AssistantHolder(assistant)
    app = FastAPI(title="医养政策助手 API", description=DESCRIPTION, version="1")
    install_error_handlers(app)
    app.include_router(document_router(holder))  # before api_router: its /doc/{source} and /api/{rest} catch-all
    app.include_router(export_router())
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
        head=COPY_SCRIPT,
        css=CSS, show_error=False, max_file_size="20mb", ssr_mode=False, mcp_server=False,
    )


def serve(host: str = "127.0.0.1", port: int = 7860, open_browser: bool = False) -> None:
    """Build the Assistant from the environment and serve until interrupted.

    ``host`` / ``port`` are the defaults; ``YIYANG_HOST`` / ``YIYANG_PORT`` win only when the
    arguments are left at those defaults (so ``yiyang serve --host 0.0.0.0`` is explicit).
    """
    import uvicorn

    from assistant.core import Assistant

    overrides = {k: v for k, v in (("host", host), ("port", port))
                 if v != ServerConfig.__dataclass_fields__[k].default}
    cfg = ServerConfig.from_env(**overrides)
    app = build_app(Assistant.from_env(), cfg)
    url = f"http://{'127.0.0.1' if cfg.host in ('0.0.0.0', '::') else cfg.host}:{cfg.port}/"
    server = uvicorn.Server(uvicorn.Config(app, host=cfg.host, port=cfg.port, log_level="warning"))

    def announce() -> None:
        while not server.started:
            threading.Event().wait(0.1)
        print(f"医养政策助手已就绪: {url}  (Ctrl+C 退出)", flush=True)
        if cfg.host not in ("127.0.0.1", "localhost", "::1"):
            print(f"注意: 监听 {cfg.host}，局域网内其他机器也能访问" + ("" if cfg.auth else "；建议设置 YIYANG_AUTH"), flush=True)
        if open_browser:
            webbrowser.open(url)

    threading.Thread(target=announce, daemon=True).start()
    server.run()
