"""One app server per session over the seed index (see tests/conftest.py), and headless Chromium.

``running(bot)`` serves any Assistant (the PDF test brings its own index). The browser is Debian's
``chromium`` driven by Playwright's Python client; nothing is downloaded. Without ``/usr/bin/chromium`` the browser tests skip (``scripts/test.sh`` installs it as root).
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path(os.environ.get("YIYANG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Screenshots go to a temporary folder; YIYANG_SCREENSHOTS=docs/screenshots refreshes the published ones.
SCREENSHOTS_ENV = "YIYANG_SCREENSHOTS"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running(bot: Any) -> Iterator[str]:
    """``http://127.0.0.1:<port>`` of the app over ``bot``, served from a thread while the block runs."""
    import uvicorn

    from app import build_app
    from web.server_config import ServerConfig

    cfg = ServerConfig(port=free_port(), concurrency=2)
    srv = uvicorn.Server(uvicorn.Config(build_app(bot, cfg), host="127.0.0.1", port=cfg.port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the app server did not start")
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{cfg.port}"
    finally:
        srv.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def serve() -> Any:
    """:func:`running`, for a test that serves its own Assistant (``with serve(bot) as url:``)."""
    return running


@pytest.fixture(scope="session")
def server(bot: Any) -> Iterator[str]:
    """The app over the seed index, started once per session."""
    with running(bot) as url:
        yield url


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless Chromium context with a fresh profile."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (scripts/test.sh does, as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        ctx = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=str(CHROMIUM), headless=True,
            args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 900}, locale="zh-CN",
        )
        ctx.set_default_timeout(30_000)
        yield ctx
        ctx.close()


@pytest.fixture
def page(browser_context: Any, server: str) -> Iterator[Any]:
    """The app's page, loaded and ready for a question."""
    pg = browser_context.new_page()
    pg.goto(server + "/")
    pg.wait_for_selector("#question textarea")
    yield pg
    pg.close()


@pytest.fixture(scope="session")
def screenshot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """``screenshot(page, name)`` saves a full-page PNG as <folder>/<name>.png and returns its path.

    The folder is a session temp dir, or ``$YIYANG_SCREENSHOTS`` when set (``scripts/screenshots.sh``).
    """
    folder = Path(os.environ[SCREENSHOTS_ENV]) if os.environ.get(SCREENSHOTS_ENV) else tmp_path_factory.mktemp("screenshots")

    def take(page: Any, name: str) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
