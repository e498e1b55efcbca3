"""``yiyang serve``: the chat and the HTTP API on one local server.

Thin by design: builds the Assistant from the environment and serves ``web.server.build_app`` (the
routes, the document view, ``/v1`` and the Gradio tabs, all in ``web/``). No retrieval logic lives here.

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

from web.server import build_app  # noqa: F401 - tests and tools build the app from here too
from web.server_config import ServerConfig


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
