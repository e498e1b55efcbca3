"""Documents uploaded by the admin: a clean file name, then ingest, then the new index served.

:class:`AssistantHolder` is what every route and tab asks for the serving Assistant; an upload
swaps in a fresh one once the new index is published (a failed ingest keeps the old one).

Example:
    >>> safe_upload_name("../../etc/关于印发 方案.pdf")
    '关于印发_方案.pdf'
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.loaders import SUPPORTED_SUFFIXES

UPLOAD_SUFFIXES = SUPPORTED_SUFFIXES  # every format the readers take: Word, PDF, scans, images, web pages, OFD
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


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
