"""Moved into ``web/``; these names stay importable from here for callers not yet updated
(``web/openai_api.py`` reads ``AssistantHolder``, ``ServerConfig`` and ``_basic_credentials`` from here).

New code imports from ``web.server_config``, ``web.uploads``, ``web.access`` and ``web.api``.
"""

from __future__ import annotations

from web.access import _basic_credentials, install_error_handlers, install_login
from web.api import AskBody, api_router
from web.server_config import MAX_QUESTION_CHARS, ServerConfig
from web.uploads import MAX_UPLOAD_BYTES, UPLOAD_SUFFIXES, AssistantHolder, UploadBusy, safe_upload_name

__all__ = ["AskBody", "AssistantHolder", "MAX_QUESTION_CHARS", "MAX_UPLOAD_BYTES", "ServerConfig", "UPLOAD_SUFFIXES",
           "UploadBusy", "_basic_credentials", "api_router", "install_error_handlers", "install_login",
           "safe_upload_name"]
