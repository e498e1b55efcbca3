"""OCR once: recognized lines per page, kept as JSON under the data dir.

The key is a hash of the rendered page pixels and the engine's settings, not of the file:
the same page scanned into two files is read once, a re-ingest reads no page again, and an
interrupted run (Ctrl+C, a killed process) resumes at the first page it had not finished,
because every page is written the moment it is read. Changing the model, its options or the
render scale changes the key, so stale results are never served.

Writes are atomic (a temp file renamed into place), so a run killed mid-write leaves either
the whole entry or none; an unreadable entry counts as missing.

Example:
    >>> cache = OcrCache(Path("data/ocr-cache"))                      # doctest: +SKIP
    >>> key = OcrCache.key(page_pixels, engine.settings)               # doctest: +SKIP
    >>> cache.get(key) is None                                         # doctest: +SKIP
    True
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np

from ingest.readers.ocr_engine import OcrLine

FORMAT = 1  # bump when the stored shape of a line changes


class OcrCache:
    """Recognized lines by page key in ``folder`` (``<key[:2]>/<key>.json``), created on first write."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)

    @staticmethod
    def key(image: np.ndarray, settings: str) -> str:
        """sha256 of the pixels (with their shape) and the engine settings."""
        h = hashlib.sha256(f"ocr-cache {FORMAT}\n{settings}\n{image.shape} {image.dtype}\n".encode())
        h.update(np.ascontiguousarray(image).data)
        return h.hexdigest()

    def get(self, key: str) -> list[OcrLine] | None:
        """The lines stored under ``key``, or ``None`` when there are none (or the entry is unreadable)."""
        try:
            doc = json.loads(self._path(key).read_text(encoding="utf-8"))
            return [OcrLine.from_json(d) for d in doc["lines"]]
        except (OSError, ValueError, KeyError, TypeError, IndexError):
            return None

    def put(self, key: str, lines: list[OcrLine]) -> bool:
        """Store ``lines`` under ``key``; ``False`` when the folder cannot be written (the cache is optional)."""
        path = self._path(key)
        doc = {"format": FORMAT, "lines": [line.to_json() for line in lines]}
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        except OSError:
            return False
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh, ensure_ascii=False, separators=(",", ":"))
            os.replace(tmp, path)
        except OSError:
            Path(tmp).unlink(missing_ok=True)
            return False
        return True

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"
