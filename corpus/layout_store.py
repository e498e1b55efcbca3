"""Where each character of a paged document was drawn, so a citation can box its span on the page.

Readers of PDFs and scans give a box per character of the file's text (``ingest.readers.base.CharBox``);
the index keeps them per document (``layout/<n>.npz``: page and box per character, float32) and
:func:`span_boxes` merges the boxes of a cited span into one rectangle per line.

Example:
    >>> write_layouts(folder, {"a.pdf": [(1, 10.0, 20.0, 22.0, 32.0), None]})   # doctest: +SKIP
    >>> LayoutStore(folder).span_boxes("a.pdf", 0, 1)                         # doctest: +SKIP
    [(1, 10.0, 20.0, 22.0, 32.0)]
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

FOLDER = "layout"
Box = tuple[int, float, float, float, float]


def write_layouts(build: Path, boxes_by_source: Mapping[str, Sequence[Any]]) -> None:
    """Write each document's per-character boxes (``None`` entries: characters with no box)."""
    folder = build / FOLDER
    folder.mkdir(exist_ok=True)
    names: dict[str, str] = {}
    for i, (source, boxes) in enumerate(sorted(boxes_by_source.items())):
        if not boxes:
            continue
        arr = np.full((len(boxes), 5), np.nan, dtype=np.float32)
        for j, b in enumerate(boxes):
            if b is not None:
                arr[j] = (b.page, b.x0, b.top, b.x1, b.bottom) if hasattr(b, "page") else b
        names[source] = f"{i}.npy"
        np.save(folder / names[source], arr)
    (folder / "index.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")


class LayoutStore:
    """Read side: the boxes of a span of a document's text."""

    def __init__(self, build: Path) -> None:
        self.folder = build / FOLDER
        index = self.folder / "index.json"
        self._names: dict[str, str] = json.loads(index.read_text(encoding="utf-8")) if index.exists() else {}
        self._loaded: dict[str, np.ndarray] = {}

    def has(self, source: str) -> bool:
        return source in self._names

    def span_boxes(self, source: str, start: int, end: int) -> list[Box]:
        """One rectangle per line (same page, overlapping vertically) over ``text[start:end]``."""
        if source not in self._names:
            return []
        if source not in self._loaded:
            self._loaded[source] = np.load(self.folder / self._names[source])
        rows = self._loaded[source][max(0, start):max(start, end)]
        out: list[list[float]] = []
        for page, x0, top, x1, bottom in rows[~np.isnan(rows[:, 0])]:
            last = out[-1] if out else None
            if last and last[0] == page and top < last[4] and bottom > last[2]:
                last[1], last[2], last[3], last[4] = min(last[1], x0), min(last[2], top), max(last[3], x1), max(last[4], bottom)
            else:
                out.append([page, x0, top, x1, bottom])
        return [(int(p), float(a), float(b), float(c), float(d)) for p, a, b, c, d in out]
