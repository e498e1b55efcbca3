"""``POST /api/export?format=md|docx``: a conversation (questions and their batch answers) as a file.

Example:
    >>> client.post("/api/export?format=docx", json={"turns": [{"question": q, "answer": out}]})  # doctest: +SKIP
    <Response [200]>   (an attachment 对话记录.docx)
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as urlquote

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from web.export import DOCX_TYPE, conversation_docx, conversation_markdown


class ExportTurn(BaseModel):
    question: str = Field(max_length=4000)
    answer: dict[str, Any] = Field(description="the answer as /api/ask returned it (batch OUT format)")


class Conversation(BaseModel):
    """The body of ``POST /api/export``."""

    title: str | None = Field(default=None, max_length=200)
    turns: list[ExportTurn] = Field(max_length=200, description="oldest first")


def export_router() -> APIRouter:
    """The export route (include it before any ``/api/{rest}`` catch-all)."""
    router = APIRouter()

    @router.post("/api/export", tags=["问答"], summary="Export a conversation as Markdown or Word (.docx)")
    def export(body: Conversation, format: str = Query("md", pattern="^(md|docx)$")) -> Response:
        conversation = body.model_dump()
        if format == "docx":
            data, media, name = conversation_docx(conversation), DOCX_TYPE, "对话记录.docx"
        else:
            data, media, name = conversation_markdown(conversation).encode("utf-8"), "text/markdown; charset=utf-8", "对话记录.md"
        return Response(data, media_type=media,
                        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{urlquote(name)}"})

    return router
