"""Errors as JSON and the login in front of the routes (HTTP Basic or the chat page's login cookie).

With ``YIYANG_AUTH`` set, ``/api/*``, ``/doc/*`` and the API docs want credentials; every error from
our routes is ``{"error", "message"}`` with its status code.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from web.server_config import ServerConfig


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
