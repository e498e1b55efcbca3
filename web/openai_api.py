"""yiyang as an OpenAI-compatible model: ``POST /v1/chat/completions`` and ``GET /v1/models``.

Any client that speaks the OpenAI chat API can use the assistant: base URL
``http://127.0.0.1:7860/v1``, model ``yiyang``, and a key from ``YIYANG_API_KEYS`` when that is set.

* The **last user message** is the question; the user and assistant messages before it are the
  history (follow-ups such as 那2025年呢？ are read against it; an earlier answer's 来源 list is
  dropped first). **System messages are ignored**: clients fill them with their own persona
  prompts, which say nothing about the documents. ``region`` in the body (an extra field, e.g.
  ``extra_body={"region": "巫溪县"}``) restricts the answer to one jurisdiction.
* The reply's text carries ``[n]`` markers and a 来源 section; the response has ``citations`` (the
  batch format's citation objects, ``[n]`` = ``citations[n-1]``) and ``yiyang`` (found, kind, flags,
  and ``llm``: the guard's verdict in LLM mode). ``usage`` is estimated, not counted by a tokenizer.
* ``stream: true`` answers in server-sent events ``data: {chunk}`` ending with ``data: [DONE]``; the
  role arrives at once, the text in pieces once the answer is ready (a model-written answer is
  only sent after the guard has passed it), ``citations`` with the last chunk.
* With ``YIYANG_API_KEYS`` set, ``Authorization: Bearer <key>`` is required. Without keys but with
  ``YIYANG_AUTH``, the app's users log in with HTTP Basic (``/v1`` is never more open than the
  rest of the app). Errors are OpenAI's ``{"error": {"message", "type", "param", "code"}}``.
"""

from __future__ import annotations

import hmac
import json
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from web.openai_config import MODEL_ID, OpenAIAPIConfig
from web.openai_render import approx_tokens, chat_text, pieces, strip_sources

if TYPE_CHECKING:
    from web.server_config import ServerConfig
    from web.uploads import AssistantHolder

log = logging.getLogger(__name__)

MAX_HISTORY_TURNS = 40
MAX_TURN_CHARS = 4000
BUSY_WAIT_S = 30
CREATED = 1_764_547_200  # when the model "yiyang" was first listed (2025-12-01); clients only display it


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: str
    content: str | list[dict[str, Any]] | None = None


class ChatBody(BaseModel):
    """The parts of an OpenAI chat request yiyang uses; sampling options are accepted and ignored."""

    model_config = ConfigDict(extra="allow")
    model: str = MODEL_ID
    messages: list[ChatMessage] = Field(min_length=1, max_length=200)
    stream: bool = False
    stream_options: dict[str, Any] | None = None
    region: str | None = Field(default=None, max_length=40)


class ApiError(Exception):
    """An error answered in OpenAI's format."""

    def __init__(self, status: int, message: str, kind: str = "invalid_request_error", code: str | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.kind, self.code = status, message, kind, code

    def body(self) -> dict[str, Any]:
        return {"error": {"message": self.message, "type": self.kind, "param": None, "code": self.code}}

    def response(self) -> JSONResponse:
        headers = {"WWW-Authenticate": 'Bearer realm="yiyang"'} if self.status == 401 else None
        return JSONResponse(self.body(), status_code=self.status, headers=headers)


def text_of(content: str | list[dict[str, Any]] | None) -> str:
    """A message's text: a string, or the ``text`` parts of a content list (images are ignored)."""
    if isinstance(content, str):
        return content
    return "".join(str(p.get("text", "")) for p in content or [] if p.get("type") == "text")


def conversation(messages: list[ChatMessage]) -> tuple[str, list[dict[str, str]]]:
    """(question, history): the last user message, and the user/assistant turns before it."""
    last = max((i for i, m in enumerate(messages) if m.role == "user"), default=-1)
    if last < 0:
        raise ApiError(400, "messages 中没有 user 消息 (no user message to answer)")
    history = [{"role": m.role, "content": strip_sources(text_of(m.content))[:MAX_TURN_CHARS]}
               for m in messages[:last] if m.role in ("user", "assistant")]
    return text_of(messages[last].content).strip(), history[-MAX_HISTORY_TURNS:]


def openai_router(holder: "AssistantHolder", cfg: "ServerConfig", api: OpenAIAPIConfig | None = None) -> APIRouter:
    """The ``/v1`` routes over whatever Assistant ``holder`` serves now.

    Args:
        holder: ``web.uploads.AssistantHolder`` (``holder.current`` is the Assistant).
        cfg: ``web.server_config.ServerConfig``: concurrency, and the app's logins used when no keys are set.
        api: the keys; default from ``YIYANG_API_KEYS``.
    """
    api = api or OpenAIAPIConfig.from_env()
    router = APIRouter(prefix="/v1", tags=["OpenAI 兼容"])
    answering = threading.BoundedSemaphore(cfg.concurrency)

    def check_access(request: Request) -> None:
        header = request.headers.get("authorization", "")
        if api.api_keys:
            scheme, _, token = header.partition(" ")
            token = token.strip().encode("utf-8")
            if scheme.lower() != "bearer" or not any(hmac.compare_digest(token, k.encode("utf-8")) for k in api.api_keys):
                raise ApiError(401, "需要有效的 API key：Authorization: Bearer <key>（YIYANG_API_KEYS）",
                               code="invalid_api_key")
        elif cfg.auth:
            from web.access import _basic_credentials

            user, password = _basic_credentials(request)
            if not (cfg.is_user(user, password) or cfg.is_admin(user, password)):
                raise ApiError(401, "需要登录：HTTP Basic（YIYANG_AUTH），或设置 YIYANG_API_KEYS 后使用 Bearer key",
                               code="invalid_api_key")

    def ask(question: str, history: list[dict[str, str]], region: str | None) -> Any:
        if not answering.acquire(timeout=BUSY_WAIT_S):
            raise ApiError(503, "服务繁忙，请稍后再试 (too many questions at once)", "server_error", "busy")
        try:
            return holder.current.ask(question, history=history, region=region)
        except Exception as exc:  # noqa: BLE001 - answered as an OpenAI error; the trace is logged
            log.exception("chat completion failed")
            raise ApiError(500, f"回答失败 ({type(exc).__name__})", "server_error") from None
        finally:
            answering.release()

    @router.get("/models", summary="The one model: yiyang")
    def models(request: Request) -> Any:
        try:
            check_access(request)
        except ApiError as exc:
            return exc.response()
        return {"object": "list", "data": [model_card()]}

    @router.get("/models/{model_id}", summary="One model", include_in_schema=False)
    def model(request: Request, model_id: str) -> Any:
        try:
            check_access(request)
            if model_id != MODEL_ID:
                raise ApiError(404, f"没有这个模型，可用：{MODEL_ID} (model not found)", code="model_not_found")
        except ApiError as exc:
            return exc.response()
        return model_card()

    @router.post("/chat/completions", summary="Answer the last user message (OpenAI chat format, stream or not)")
    async def chat_completions(request: Request) -> Any:
        try:
            check_access(request)
            body = parse_body(await request.body())
            question, history = conversation(body.messages)
            if not question:
                raise ApiError(400, "问题不能为空 (the last user message is empty)")
        except ApiError as exc:
            return exc.response()
        prompt_tokens = sum(approx_tokens(text_of(m.content)) for m in body.messages)
        reply = Reply(prompt_tokens=prompt_tokens)
        if body.stream:
            usage = bool((body.stream_options or {}).get("include_usage"))
            events = stream_events(reply, lambda: ask(question, history, body.region or None), usage)
            return StreamingResponse(events, media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        try:
            answer = await run_in_threadpool(ask, question, history, body.region or None)
        except ApiError as exc:
            return exc.response()
        return reply.completion(answer)

    return router


def model_card() -> dict[str, Any]:
    return {"id": MODEL_ID, "object": "model", "created": CREATED, "owned_by": "yiyang"}


def parse_body(raw: bytes) -> ChatBody:
    """The request body, or an ``ApiError`` in OpenAI's format (not the app's own error shape)."""
    try:
        body = ChatBody.model_validate(json.loads(raw or b"null"))
    except json.JSONDecodeError:
        raise ApiError(400, "请求体不是合法的 JSON (body is not valid JSON)") from None
    except ValidationError as exc:
        where = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'body'}: {e['msg']}" for e in exc.errors()[:5])
        raise ApiError(400, f"请求格式不对 (invalid request): {where}") from None
    if body.model != MODEL_ID:
        raise ApiError(404, f"没有模型 {body.model[:60]!r}，可用：{MODEL_ID} (model not found)", code="model_not_found")
    return body


class Reply:
    """One completion's id, timestamps and token estimates, in both response shapes."""

    def __init__(self, prompt_tokens: int) -> None:
        self.id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
        self.created = int(time.time())
        self.prompt_tokens = prompt_tokens

    def usage(self, text: str) -> dict[str, int]:
        completion = approx_tokens(text)
        return {"prompt_tokens": self.prompt_tokens, "completion_tokens": completion,
                "total_tokens": self.prompt_tokens + completion}

    def completion(self, answer: Any) -> dict[str, Any]:
        text = chat_text(answer)
        return {"id": self.id, "object": "chat.completion", "created": self.created, "model": MODEL_ID,
                "choices": [{"index": 0, "message": {"role": "assistant", "content": text},
                             "finish_reason": "stop", "logprobs": None}],
                "usage": self.usage(text), **extras(answer)}

    def chunk(self, delta: dict[str, Any], finish: str | None = None, **extra: Any) -> str:
        payload = {"id": self.id, "object": "chat.completion.chunk", "created": self.created, "model": MODEL_ID,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}], **extra}
        return sse(payload)


def extras(answer: Any) -> dict[str, Any]:
    """What yiyang adds to OpenAI's shape: the citations and how the answer came about."""
    out = answer.to_batch_dict()
    meta = {k: out[k] for k in ("found", "kind", "flags", "resolved_question")}
    if "llm" in out:
        meta["llm"] = out["llm"]
    return {"citations": out["citations"], "yiyang": meta}


def stream_events(reply: Reply, answer_fn: Callable[[], Any], include_usage: bool) -> Iterator[str]:
    """SSE: the role at once, the text in pieces, then finish with the citations, then ``[DONE]``."""
    yield reply.chunk({"role": "assistant", "content": ""})
    try:
        answer = answer_fn()
    except ApiError as exc:
        yield sse(exc.body())
        yield "data: [DONE]\n\n"
        return
    text = chat_text(answer)
    for piece in pieces(text):
        yield reply.chunk({"content": piece})
    yield reply.chunk({}, "stop", **extras(answer))
    if include_usage:
        yield sse({"id": reply.id, "object": "chat.completion.chunk", "created": reply.created, "model": MODEL_ID,
                   "choices": [], "usage": reply.usage(text)})
    yield "data: [DONE]\n\n"


def sse(payload: dict[str, Any]) -> str:
    return f"data: {json.dumps(payload, ensure_ascii=False)}\n\n"
