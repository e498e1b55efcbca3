"""A local OpenAI-compatible chat endpoint with scripted replies, for testing LLM mode offline.

``FakeOpenAI`` runs uvicorn on 127.0.0.1 on a free port in a thread. Each ``POST
/v1/chat/completions`` takes the next scripted reply: a string (the answer), ``Delay(s, text)``
(answer late, for time-outs), ``Fail(status)`` (an error whose body echoes the request's
Authorization header, as careless proxies do: the writer must not pass it on) or a function of
the request body (``responder`` answers when the script is used up). Requests are
recorded with their headers so tests can check the key was sent and what the prompt held.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


@dataclass(frozen=True)
class Delay:
    seconds: float
    text: str = "迟到的回答[1]。"


@dataclass(frozen=True)
class Fail:
    status: int = 500


class FakeOpenAI:
    """``with FakeOpenAI() as fake: fake.script(["答案[1]。"]); ... fake.url``"""

    def __init__(self, responder: Callable[[dict[str, Any]], str] | None = None) -> None:
        self.responder = responder
        self._replies: deque[Any] = deque()
        self.requests: list[dict[str, Any]] = []
        self.url = ""
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def script(self, replies: list[Any]) -> None:
        self._replies.clear()
        self._replies.extend(replies)

    def _app(self) -> FastAPI:
        app = FastAPI()

        @app.post("/v1/chat/completions")
        async def chat(request: Request) -> Any:
            body = await request.json()
            self.requests.append({"headers": dict(request.headers), "body": body})
            reply = self._replies.popleft() if self._replies else (self.responder or (lambda _: "（脚本已用完）"))
            if callable(reply):
                reply = reply(body)
            if isinstance(reply, Delay):
                await asyncio.sleep(reply.seconds)
                reply = reply.text
            if isinstance(reply, Fail):
                echo = request.headers.get("authorization", "")
                return JSONResponse({"error": {"message": f"upstream failed for {echo}", "type": "server_error"}},
                                    status_code=reply.status)
            return {"id": "chatcmpl-fake", "object": "chat.completion", "created": int(time.time()),
                    "model": body.get("model", ""), "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": reply}}],
                    "usage": {"prompt_tokens": 10, "completion_tokens": 10, "total_tokens": 20}}

        return app

    def __enter__(self) -> "FakeOpenAI":
        import uvicorn

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self._server = uvicorn.Server(uvicorn.Config(self._app(), host="127.0.0.1", port=port, log_level="warning",
                                                     timeout_graceful_shutdown=1))
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 30
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError("the fake OpenAI server did not start")
            time.sleep(0.05)
        self.url = f"http://127.0.0.1:{port}/v1"
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)
