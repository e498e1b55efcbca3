"""Fake OCR engines for the reader tests: pages know their number by their width.

A test page ``n`` is ``WIDTH_PT + 2n`` points wide (2 pt steps survive rendering's rounding),
so a fake can tell which page it was given from the image alone (as a real engine reads what
is on the page), whatever order pages come in and whether earlier ones came from the cache. Importable by name, so the time-limit test
can run :class:`SleepyRecognizer` in the real child process.
"""

from __future__ import annotations

import time

import numpy as np
from PIL import Image

from ingest.readers.ocr import RENDER_SCALE
from ingest.readers.ocr_engine import OcrLine

WIDTH_PT = 120
HEIGHT_PT = 60
SLOW_PAGE = 2


def tiny_page(n: int) -> Image.Image:
    """Page ``n`` as a blank image at 72 dpi (one pixel per point)."""
    return Image.new("L", (WIDTH_PT + 2 * n, HEIGHT_PT), 255)


def page_number(image: np.ndarray, px_per_pt: float = RENDER_SCALE) -> int:
    """The page number a :func:`tiny_page` encodes in its width."""
    return round((image.shape[1] / px_per_pt - WIDTH_PT) / 2)


def clause_line(n: int, image: np.ndarray) -> OcrLine:
    """One line across the page: ``第n条 ...``, a different clause on every page."""
    h, w = image.shape[:2]
    quad = ((4.0, h * 0.3), (w - 4.0, h * 0.3), (w - 4.0, h * 0.6), (4.0, h * 0.6))
    return OcrLine(text=f"第{n}条 本条规定第{n}项医养服务。", quad=quad, score=0.99)


class PagesByWidth:
    """In-process fake engine: each page reads as its own clause; remembers the pages it was asked."""

    settings = "fake-pages-by-width 1"

    def __init__(self, *, blank: bool = False) -> None:
        self.blank = blank
        self.calls: list[int] = []
        self.shapes: list[tuple[int, ...]] = []

    def recognize(self, image: np.ndarray, *, timeout: float | None = None) -> list[OcrLine]:
        n = page_number(image)
        self.calls.append(n)
        self.shapes.append(image.shape)
        return [] if self.blank else [clause_line(n, image)]


class QuickRecognizer:
    """Recognizer for the child process: every page reads at once as its clause."""

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        return [clause_line(page_number(image), image)]


class SleepyRecognizer:
    """Recognizer for the child process: page :data:`SLOW_PAGE` hangs far past any test's limit."""

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        n = page_number(image)
        if n == SLOW_PAGE:
            time.sleep(300)
        return [clause_line(n, image)]


class BrokenRecognizer:
    """Recognizer whose model cannot load (as when its files are missing)."""

    def __init__(self) -> None:
        raise RuntimeError("模型文件缺失")

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        raise AssertionError("never built")


class Forbidden:
    """An engine that must not be asked (every page should come from the cache)."""

    def __init__(self, settings: str) -> None:
        self.settings = settings

    def recognize(self, image: np.ndarray, *, timeout: float | None = None) -> list[OcrLine]:
        raise AssertionError("the engine was called although the page is cached")
