"""Pages of one file read side by side: one OCR child process per core, answers in page order.

RapidOCR runs best single-threaded (two ONNX threads spent twice the CPU on a busy 2-core
machine), so a second core is put to work by a second child reading the next page.
:meth:`EnginePool.recognize_pages` keeps every child busy, hands results back strictly in page
order (so progress, the cache and the layout see pages 1, 2, 3...), gives each page its own
time limit from the moment it was sent, and passes pages the caller already has (cached) through
in their place without sending them. When the caller stops early (Ctrl+C in the progress
callback), pages still being read are abandoned and their children stopped.

Example:
    >>> pool = EnginePool(RapidOcr, RapidOcr.settings, workers=2)                  # doctest: +SKIP
    >>> for tag, result in pool.recognize_pages([(1, page1), (2, None)], 60): ...  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np

from ingest.readers.ocr_engine import OcrFailed, OcrLine, OcrTimeout, OcrUnavailable, Recognizer
from ingest.readers.ocr_worker import IsolatedEngine

PageResult = list[OcrLine] | OcrFailed | OcrTimeout | None


class EnginePool:
    """``workers`` :class:`IsolatedEngine` children of one recognizer; an :class:`OcrEngine` too.

    Args:
        factory: importable recognizer class (see :class:`IsolatedEngine`).
        settings: the recognizer's settings (the cache key part).
        workers: pages read at once (children started as pages need them).
    """

    def __init__(self, factory: Callable[[], Recognizer], settings: str, *, workers: int = 2) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, got {workers}")
        self.settings = settings
        self.workers = workers
        self._engines = [IsolatedEngine(factory, settings) for _ in range(workers)]

    def recognize(self, image: np.ndarray, *, timeout: float | None = None) -> list[OcrLine]:
        """One page on the first child (the :class:`OcrEngine` protocol)."""
        return self._engines[0].recognize(image, timeout=timeout)

    def recognize_pages(
        self, items: Iterable[tuple[Any, np.ndarray | None]], timeout: float | None
    ) -> Iterator[tuple[Any, PageResult]]:
        """``(tag, image)`` in, ``(tag, lines | OcrTimeout | OcrFailed | None)`` out, in the same order.

        An item whose image is ``None`` is passed through with ``None``. :class:`OcrUnavailable`
        (no child can start) is raised, not yielded.
        """
        source = iter(items)
        free = list(self._engines)
        pending: deque[tuple[Any, IsolatedEngine | PageResult, float | None]] = deque()
        exhausted = False
        try:
            while True:
                # read ahead only while a child is free, and never more than a few pages (they hold images)
                while not exhausted and free and len(pending) <= self.workers:
                    item = next(source, None)
                    if item is None:
                        exhausted = True
                    else:
                        pending.append(self._send(item, free, timeout))
                if not pending:
                    return
                tag, job, deadline = pending.popleft()
                yield tag, self._collect(job, deadline, free) if isinstance(job, IsolatedEngine) else job
        finally:
            for _, job, _ in pending:  # abandoned mid-page: their answers would be stale
                if isinstance(job, IsolatedEngine):
                    job.close()

    def warm_up(self) -> None:
        """Start every child and load its models now (children otherwise start with their first page)."""
        blank = np.full((32, 32), 255, np.uint8)
        for engine in self._engines:
            engine.submit(blank)
        for engine in self._engines:
            engine.collect(None)

    def close(self) -> None:
        """Stop every child."""
        for engine in self._engines:
            engine.close()

    @staticmethod
    def _send(
        item: tuple[Any, np.ndarray | None], free: list[IsolatedEngine], timeout: float | None
    ) -> tuple[Any, IsolatedEngine | PageResult, float | None]:
        """A pending entry: the child reading the page, or the result already known (``None``: cached)."""
        tag, image = item
        if image is None:
            return tag, None, None
        engine = free.pop()
        try:
            engine.submit(image)
        except OcrUnavailable:
            raise
        except OcrFailed as exc:  # the child died as the page went out
            free.append(engine)
            return tag, exc, None
        return tag, engine, None if timeout is None else time.monotonic() + timeout

    @staticmethod
    def _collect(engine: IsolatedEngine, deadline: float | None, free: list[IsolatedEngine]) -> PageResult:
        try:
            return engine.collect(deadline)
        except (OcrTimeout, OcrFailed) as exc:
            return exc
        finally:
            free.append(engine)
