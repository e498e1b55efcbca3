"""The HTTP side of ``yiyang serve``: settings, login, the JSON API and the document page.

``/api/ask`` answers in the batch OUT format (``Answer.to_batch_dict()``); ``/api/tasks``,
``/api/targets``, ``/api/conflicts`` and ``/api/documents`` read the facts store; ``/doc/{source}``
is a readable, escaped view of one document with an anchor per clause. Errors are JSON
``{"error", "message"}`` with a fitting status code. With ``YIYANG_AUTH`` set, every route here
wants HTTP Basic credentials or the login cookie of the chat page.

Example:
    >>> cfg = ServerConfig.from_env({"YIYANG_AUTH": "ann:pw1,bob:pw2"})
    >>> [u for u, _ in cfg.auth]
    ['ann', 'bob']
"""

from __future__ import annotations

import base64
import hmac
import os
import re
import threading
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import APIRouter, FastAPI, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, Field, field_validator

from webui import render_document_page

MAX_QUESTION_CHARS = 500
UPLOAD_SUFFIXES = (".txt", ".md", ".pdf", ".docx", ".html", ".htm")
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def _credentials(var: str, text: str) -> tuple[tuple[str, str], ...]:
    pairs = []
    for item in filter(None, (p.strip() for p in text.split(","))):
        user, sep, password = item.partition(":")
        if not sep or not user or not password:
            # Never echo the value: it holds passwords.
            raise ValueError(f"{var} must be user:password pairs separated by commas (a pair is malformed)")
        pairs.append((user, password))
    return tuple(pairs)


@dataclass(frozen=True, kw_only=True)
class ServerConfig:
    """How ``yiyang serve`` listens and who may use it (secrets come only from the environment)."""

    host: str = field(default="127.0.0.1", metadata={"doc": "bind address; 0.0.0.0 exposes the app (YIYANG_HOST)"})
    port: int = field(default=7860, metadata={"doc": "port (YIYANG_PORT)"})
    auth: tuple[tuple[str, str], ...] = field(
        default=(), repr=False, metadata={"doc": "login for the whole app, user:password[,user:password] (YIYANG_AUTH)"}
    )
    admin: tuple[str, str] | None = field(
        default=None, repr=False, metadata={"doc": "who may upload documents, user:password; unset = upload off (YIYANG_ADMIN)"}
    )
    upload_dir: Path | None = field(
        default=None, metadata={"doc": "where uploads are saved before ingest; default the corpus folder (YIYANG_UPLOAD_DIR)"}
    )
    max_question_chars: int = field(default=MAX_QUESTION_CHARS, metadata={"doc": "longer questions are refused"})
    concurrency: int = field(default=4, metadata={"doc": "answers computed at once, chat and API each (YIYANG_CONCURRENCY)"})

    def __post_init__(self) -> None:
        if not 0 < self.port < 65536:
            raise ValueError(f"YIYANG_PORT={self.port} is not a port number (1-65535)")
        if self.concurrency < 1:
            raise ValueError(f"YIYANG_CONCURRENCY={self.concurrency} must be at least 1")

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: Any) -> "ServerConfig":
        """Build from ``YIYANG_*`` variables; keyword overrides win (e.g. from CLI flags)."""
        env = os.environ if env is None else env
        kw: dict[str, Any] = {}
        if env.get("YIYANG_HOST"):
            kw["host"] = env["YIYANG_HOST"]
        for var, key in (("YIYANG_PORT", "port"), ("YIYANG_CONCURRENCY", "concurrency")):
            if env.get(var):
                try:
                    kw[key] = int(env[var])
                except ValueError:
                    raise ValueError(f"{var}={env[var]!r} is not a whole number") from None
        if env.get("YIYANG_AUTH"):
            kw["auth"] = _credentials("YIYANG_AUTH", env["YIYANG_AUTH"])
        if env.get("YIYANG_ADMIN"):
            admin = _credentials("YIYANG_ADMIN", env["YIYANG_ADMIN"])
            if len(admin) != 1:
                raise ValueError("YIYANG_ADMIN must be one user:password pair")
            kw["admin"] = admin[0]
        if env.get("YIYANG_UPLOAD_DIR"):
            kw["upload_dir"] = Path(env["YIYANG_UPLOAD_DIR"])
        kw.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**kw)

    @property
    def upload_folder(self) -> Path:
        """Where uploads are saved: ``upload_dir`` or the corpus folder that ``yiyang ingest`` reads."""
        from ingest.pipeline import DEFAULT_CORPUS

        return self.upload_dir or DEFAULT_CORPUS

    def is_user(self, user: str, password: str) -> bool:
        return any(_same(user, u) & _same(password, p) for u, p in self.auth)

    def is_admin(self, user: str, password: str) -> bool:
        return self.admin is not None and _same(user, self.admin[0]) & _same(password, self.admin[1])


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


class UploadBusy(RuntimeError):
    """Another upload or ingest is running; try again later."""


class AssistantHolder:
    """The serving Assistant, swapped for a fresh one after an upload is ingested.

    Args:
        assistant: the Assistant to serve now.
        reload: builds a new Assistant over the newly published index (default: reopen the same
            data dir with the same embedder, so no model is loaded twice).
    """

    def __init__(self, assistant: Any, reload: Callable[[], Any] | None = None) -> None:
        self._assistant = assistant
        self._reload = reload or self._reopen
        self._ingesting = threading.Lock()

    @property
    def current(self) -> Any:
        return self._assistant

    def _reopen(self) -> Any:
        from corpus.index import Index

        old = self._assistant
        return type(old)(Index.open(old.index.cfg, embedder=old.index.embedder), old.config)

    def ingest_upload(self, filename: str, data: bytes, folder: Path) -> Any:
        """Save ``data`` as ``folder/<sanitized filename>``, ingest it and serve the new index.

        Raises:
            ValueError: bad name, type or size, or a file the parser cannot read (nothing kept).
            UploadBusy: another upload or ingest is running.
            Exception: whatever the ingest raised; the previous index keeps serving.
        """
        from ingest.pipeline import IngestBusy, run_ingest

        name = safe_upload_name(filename)
        if not data:
            raise ValueError("文件是空的 (empty file)")
        if len(data) > MAX_UPLOAD_BYTES:
            raise ValueError(f"文件超过 {MAX_UPLOAD_BYTES // 2**20} MB (file too large)")
        if not self._ingesting.acquire(blocking=False):
            raise UploadBusy("另一份文件正在入库，请稍后再试 (an upload is being ingested)")
        try:
            folder.mkdir(parents=True, exist_ok=True)
            path = (folder / name).resolve()
            if path.parent != folder.resolve():
                raise ValueError("文件名不合法 (bad file name)")
            if path.exists():
                raise ValueError(f"已有同名文件 {name} (a file of that name exists; rename it)")
            path.write_bytes(data)
            old = self._assistant
            try:
                report = run_ingest([path], old.index.cfg, embedder=old.index.embedder)
            except IngestBusy as exc:
                path.unlink(missing_ok=True)
                raise UploadBusy(str(exc)) from exc
            except Exception:
                path.unlink(missing_ok=True)
                raise
            refused = [s.reason for s in report.skipped if Path(s.path).resolve() == path]
            if refused:
                path.unlink(missing_ok=True)
                raise ValueError(f"无法读取该文件：{refused[0]}")
            self._assistant = self._reload()
            return report
        finally:
            self._ingesting.release()


def safe_upload_name(filename: str) -> str:
    """The base name of an upload, kept to letters, digits, CJK, ``-_.``; refuses anything else.

    >>> safe_upload_name("../../etc/关于印发 方案.pdf")
    '关于印发_方案.pdf'
    """
    base = unicodedata.normalize("NFKC", filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, suffix = base.rpartition(".")
    if not dot or f".{suffix.lower()}" not in UPLOAD_SUFFIXES:
        raise ValueError(f"只接受 {' '.join(UPLOAD_SUFFIXES)} 文件 (unsupported file type)")
    stem = re.sub(r"[^\w\-.]+", "_", stem).strip("._")[:120]
    if not stem:
        raise ValueError("文件名不合法 (bad file name)")
    return f"{stem}.{suffix.lower()}"


# -- request bodies ------------------------------------------------------------------------------
class Turn(BaseModel):
    role: str = Field(pattern="^(user|assistant)$")
    content: str = Field(max_length=4000)


class AskBody(BaseModel):
    """``POST /api/ask`` body: the batch IN format minus ``id``."""

    question: str = Field(description="the question, 1-500 characters", examples=["巫溪县2027年安宁疗护床位目标是多少？"])
    history: list[Turn] | None = Field(default=None, max_length=40, description="earlier turns, oldest first")
    region: str | None = Field(default=None, max_length=40, description="restrict to one jurisdiction, e.g. 巫溪县")
    id: Any = Field(default=None, description="echoed back as `id`")

    @field_validator("question")
    @classmethod
    def _question_fits(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("问题不能为空 (empty question)")
        if len(v) > MAX_QUESTION_CHARS:
            raise ValueError(f"问题不能超过 {MAX_QUESTION_CHARS} 个字 (question over {MAX_QUESTION_CHARS} characters)")
        return v


def api_router(holder: AssistantHolder, cfg: ServerConfig) -> APIRouter:
    """The JSON API and the document page, over whatever Assistant ``holder`` serves now."""
    router = APIRouter()
    answering = threading.BoundedSemaphore(cfg.concurrency)

    @router.post("/api/ask", tags=["问答"], summary="Answer a question (batch OUT format)")
    def ask(body: AskBody) -> dict[str, Any]:
        if not answering.acquire(timeout=30):
            raise HTTPException(503, "服务繁忙，请稍后再试 (too many questions at once)")
        try:
            history = [t.model_dump() for t in body.history or []]
            return holder.current.ask(body.question, history=history, region=body.region or None).to_batch_dict(body.id)
        finally:
            answering.release()

    @router.get("/api/tasks", tags=["台账"], summary="The task ledger, filtered")
    def tasks(dept: str | None = Query(None, max_length=60, description="department; aliases match"),
              region: str | None = Query(None, max_length=40), role: str | None = Query(None, pattern="^(lead|co|territorial)$"),
              text: str | None = Query(None, max_length=100)) -> list[dict[str, Any]]:
        return [r.to_dict() for r in holder.current.index.facts.tasks(dept=dept, region=region, role=role, text=text)]

    @router.get("/api/targets", tags=["指标"], summary="Quantitative targets, filtered")
    def targets(indicator: str | None = Query(None, max_length=60), region: str | None = Query(None, max_length=40),
                year: int | None = Query(None, ge=1990, le=2100)) -> list[dict[str, Any]]:
        return [r.to_dict() for r in holder.current.index.facts.targets(indicator=indicator, region=region, year=year)]

    @router.get("/api/conflicts", tags=["指标"], summary="Same indicator and year, two values in one document")
    def conflicts() -> list[dict[str, Any]]:
        return [r.to_dict() for r in holder.current.index.facts.conflicts()]

    @router.get("/api/documents", tags=["文件"], summary="The indexed documents with their metadata")
    def documents() -> list[dict[str, Any]]:
        return [d.to_dict() for d in holder.current.index.documents()]

    @router.post("/api/documents", tags=["文件"], status_code=201,
                 summary="Upload and ingest a document (admin, HTTP Basic with YIYANG_ADMIN)")
    async def upload(request: Request, file: UploadFile) -> dict[str, Any]:
        if cfg.admin is None:
            raise HTTPException(403, "上传已关闭：未配置管理员账号 (set YIYANG_ADMIN to enable uploads)")
        if not cfg.is_admin(*_basic_credentials(request)):
            raise HTTPException(401, "需要管理员账号 (admin login required)",
                                headers={"WWW-Authenticate": 'Basic realm="yiyang-admin", charset="UTF-8"'})
        data = await file.read(MAX_UPLOAD_BYTES + 1)
        try:
            report = await run_in_threadpool(holder.ingest_upload, file.filename or "", data, cfg.upload_folder)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from None
        except UploadBusy as exc:
            raise HTTPException(409, str(exc)) from None
        except Exception as exc:  # noqa: BLE001 - the previous index keeps serving; say why
            raise HTTPException(500, f"入库失败，原索引继续使用：{type(exc).__name__}: {exc}") from None
        return report.to_dict()

    @router.get("/api/clauses/{clause_id}", tags=["文件"], summary="One clause by id")
    def clause(clause_id: str) -> dict[str, Any]:
        c = holder.current.index.clause(clause_id)
        if c is None:
            raise HTTPException(404, f"没有这个条款 (no clause {clause_id!r})")
        return c.to_dict()

    @router.get("/doc/{source}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(source: str, clause: str = "", q: str = Query("", max_length=300)) -> HTMLResponse:
        bot = holder.current
        meta = bot.docs.get(source)
        if meta is None:
            raise HTTPException(404, f"没有这份文件 (no document {source!r})")
        clauses = bot.index.facts.clauses(source=source)
        return HTMLResponse(render_document_page(meta, clauses, highlight=clause, quote=q))

    @router.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
    def no_such_route(rest: str) -> None:
        raise HTTPException(404, f"没有这个接口 (no API route /api/{rest}); see /docs")

    return router


# -- errors and login ----------------------------------------------------------------------------
def install_error_handlers(app: FastAPI) -> None:
    """Every error from our routes as JSON ``{"error", "message"}`` with its status code."""

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'body'}: "
                    + str(e.get("msg", "")).removeprefix("Value error, ") for e in exc.errors()]
        return JSONResponse({"error": "invalid_request", "message": "; ".join(problems)}, status_code=422)

    @app.exception_handler(HTTPException)
    async def _http(request: Request, exc: HTTPException) -> JSONResponse:
        return JSONResponse({"error": _ERROR_NAMES.get(exc.status_code, "error"), "message": str(exc.detail)},
                            status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _crash(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"error": "internal_error", "message": f"服务器内部错误 ({type(exc).__name__})"},
                            status_code=500)


_ERROR_NAMES = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                409: "conflict", 413: "too_large", 503: "busy"}
PROTECTED_PREFIXES = ("/api/", "/doc/", "/docs", "/redoc", "/openapi.json")


def install_login(app: FastAPI, cfg: ServerConfig, gradio_app: Callable[[], Any]) -> None:
    """With ``cfg.auth``, our routes want HTTP Basic credentials or the chat page's login cookie.

    ``gradio_app`` returns the mounted Gradio app, whose login tokens the cookie is checked against.
    """
    if not cfg.auth:
        return

    @app.middleware("http")
    async def _login(request: Request, call_next: Callable[..., Any]) -> Any:
        if request.url.path.startswith(PROTECTED_PREFIXES) and not _logged_in(request, cfg, gradio_app()):
            return JSONResponse({"error": "unauthorized", "message": "需要登录 (login required)"}, status_code=401,
                                headers={"WWW-Authenticate": 'Basic realm="yiyang", charset="UTF-8"'})
        return await call_next(request)


def _basic_credentials(request: Request) -> tuple[str, str]:
    """(user, password) from an HTTP Basic header, or two empty strings."""
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        user, _, password = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
    except ValueError:
        return "", ""
    return user, password


def _logged_in(request: Request, cfg: ServerConfig, gradio_app: Any) -> bool:
    user, password = _basic_credentials(request)
    if user:
        return cfg.is_user(user, password) or cfg.is_admin(user, password)
    if gradio_app is None:
        return False
    cookie_id = getattr(gradio_app, "cookie_id", "")
    token = request.cookies.get(f"access-token-{cookie_id}") or request.cookies.get(f"access-token-unsecure-{cookie_id}")
    return bool(token) and token in getattr(gradio_app, "tokens", {})
