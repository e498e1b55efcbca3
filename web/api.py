"""The JSON API of ``yiyang serve``: questions, the task ledger, targets, documents, uploads.

``/api/ask`` answers in the batch OUT format (``Answer.to_batch_dict()``); ``/api/tasks``,
``/api/targets``, ``/api/conflicts`` and ``/api/documents`` read the facts store. Errors are JSON
``{"error", "message"}`` (``web.access``); the document view is ``web.document_page``.

Example:
    >>> client.post("/api/ask", json={"question": "巫溪县2027年安宁疗护床位目标是多少？"}).json()["found"]  # doctest: +SKIP
    True
"""

from __future__ import annotations

import threading
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field, field_validator

from web.access import _basic_credentials
from web.server_config import MAX_QUESTION_CHARS, ServerConfig
from web.uploads import MAX_UPLOAD_BYTES, AssistantHolder, UploadBusy


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


    @router.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "DELETE", "PATCH"], include_in_schema=False)
    def no_such_route(rest: str) -> None:
        raise HTTPException(404, f"没有这个接口 (no API route /api/{rest}); see /docs")

    return router
