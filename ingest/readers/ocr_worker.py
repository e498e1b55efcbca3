"""A recognizer in a child process, so one slow page can be stopped without stopping the run.

:class:`IsolatedEngine` (parent side) starts ``python -m ingest.readers.ocr_worker
<module:Recognizer>`` once, sends it one page at a time over its stdin (an 8-byte shape header,
then the grayscale pixels) and reads one JSON line per page from its stdout. A page without an
answer within its time limit kills the child (:class:`OcrTimeout`); the next page starts a new
one. A plain ``subprocess`` rather than ``multiprocessing``: the child never re-imports the
caller's ``__main__`` (scripts without a main guard, notebooks work), and it runs in its own
session, so Ctrl+C reaches only the parent, which then stops the child. When the parent
exits, the child reads end-of-file and exits too.

Example:
    >>> engine = IsolatedEngine(RapidOcr, RapidOcr.settings)           # doctest: +SKIP
    >>> engine.recognize(gray_page, timeout=60)[0].text                # doctest: +SKIP
    '关于推进医养结合发展的实施意见'
"""

from __future__ import annotations

import importlib
import json
import os
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, Any

import numpy as np

from ingest.readers.ocr_engine import OcrFailed, OcrLine, OcrTimeout, OcrUnavailable, Recognizer

_HEADER = struct.Struct("<II")  # height, width of the uint8 page that follows


class IsolatedEngine:
    """Runs a recognizer class in a child process; :meth:`recognize` enforces a time limit.

    Args:
        factory: an importable, argument-free callable (a class) that builds the recognizer.
        settings: the recognizer's settings (part of the OCR cache key).
        start_seconds: how long the child may take to start and load its model.

    Raises:
        ValueError: ``factory`` lives in ``__main__`` or inside a function (the child could not import it).
    """

    def __init__(self, factory: Callable[[], Recognizer], settings: str, *, start_seconds: float = 120.0) -> None:
        if factory.__module__ == "__main__" or "<locals>" in factory.__qualname__:
            raise ValueError(f"IsolatedEngine needs a factory the child can import, not {factory.__qualname__!r}")
        self.target = f"{factory.__module__}:{factory.__qualname__}"
        self.settings = settings
        self.start_seconds = start_seconds
        self._proc: subprocess.Popen[bytes] | None = None
        self._lock = threading.Lock()

    def recognize(self, image: np.ndarray, *, timeout: float | None = None) -> list[OcrLine]:
        """Lines of ``image``; :class:`OcrTimeout` past ``timeout`` s, :class:`OcrFailed` if the child fails.

        Raises :class:`OcrUnavailable` when the child cannot start or load its models.
        """
        with self._lock:
            self.submit(image)
            return self.collect(None if timeout is None else time.monotonic() + timeout)

    def submit(self, image: np.ndarray) -> None:
        """Send a page to the child (started if need be); :meth:`collect` reads its lines.

        ``submit``/``collect`` pairs let a caller keep several engines busy at once
        (:class:`ingest.readers.ocr_pool.EnginePool`); one engine holds one page at a time.
        """
        gray = np.ascontiguousarray(image, dtype=np.uint8)
        if gray.ndim != 2:
            raise ValueError(f"expected a 2-D grayscale page, got shape {gray.shape}")
        proc = self._started()
        with self._resetting_on_error():
            assert proc.stdin is not None
            proc.stdin.write(_HEADER.pack(*gray.shape) + gray.tobytes())
            proc.stdin.flush()

    def collect(self, deadline: float | None) -> list[OcrLine]:
        """The submitted page's lines; :class:`OcrTimeout` when none came by ``deadline`` (``time.monotonic()``)."""
        assert self._proc is not None and self._proc.stdout is not None, "collect() without submit()"
        with self._resetting_on_error():
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            reply = _read_line(self._proc.stdout, left)
        if "error" in reply:
            raise OcrFailed(reply["error"])
        return [OcrLine.from_json(d) for d in reply["lines"]]

    @contextmanager
    def _resetting_on_error(self) -> Iterator[None]:
        """Any failure mid-page stops the child: its late answer would be read as the next page's."""
        try:
            yield
        except OcrTimeout:
            self.close()
            raise OcrTimeout("no result in time") from None
        except (OSError, ValueError) as exc:  # the child died (broken pipe, closed output) or garbled
            self.close()
            raise OcrFailed(f"OCR 进程意外退出（{type(exc).__name__}）") from exc
        except BaseException:  # Ctrl+C
            self.close()
            raise

    def close(self) -> None:
        """Stop the child; the next page starts a new one."""
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait(5)
        for stream in (proc.stdin, proc.stdout) if proc is not None else ():
            if stream is not None:
                stream.close()

    def _started(self) -> subprocess.Popen[bytes]:
        if self._proc is not None and self._proc.poll() is None:
            return self._proc
        self.close()
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))  # the child imports what we can
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "ingest.readers.ocr_worker", self.target],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            env=env, start_new_session=True,
        )
        try:
            assert self._proc.stdout is not None
            reply = _read_line(self._proc.stdout, self.start_seconds)
        except (OcrTimeout, OSError):
            reply = {}
        if not reply.get("ready"):
            self.close()
            raise OcrUnavailable(reply.get("error") or f"OCR 引擎未能在 {self.start_seconds:g}s 内启动")
        return self._proc


def _read_line(stream: IO[bytes], timeout: float | None) -> dict[str, Any]:
    """One JSON line from the child; :class:`OcrTimeout` when none arrives in time, OSError on EOF."""
    deadline = None if timeout is None else time.monotonic() + timeout
    fd, buf = stream.fileno(), bytearray()
    while not buf.endswith(b"\n"):
        left = None if deadline is None else max(0.0, deadline - time.monotonic())
        if not select.select([fd], [], [], left)[0]:
            raise OcrTimeout()
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            raise OSError("OCR worker closed its output")
        buf += chunk
    return json.loads(buf)


def serve(target: str, inp: IO[bytes], out: IO[bytes]) -> None:
    """Child side: build the recognizer, say ready, then answer one page per request until EOF."""
    module, _, name = target.partition(":")
    try:
        factory: Any = importlib.import_module(module)
        for part in name.split("."):
            factory = getattr(factory, part)
        recognizer = factory()
        getattr(recognizer, "warm_up", lambda: None)()  # load models before the first page's clock starts
    except Exception as exc:  # noqa: BLE001 - tell the parent why the engine cannot start
        _send(out, {"error": f"OCR 引擎无法启动：{type(exc).__name__}: {exc}"})
        return
    _send(out, {"ready": True})
    while header := inp.read(_HEADER.size):
        height, width = _HEADER.unpack(header)
        image = np.frombuffer(inp.read(height * width), dtype=np.uint8).reshape(height, width)
        try:
            _send(out, {"lines": [line.to_json() for line in recognizer.recognize(image)]})
        except Exception as exc:  # noqa: BLE001 - one bad page is reported, the worker lives on
            _send(out, {"error": f"{type(exc).__name__}: {exc}"})


def _send(out: IO[bytes], message: dict[str, Any]) -> None:
    out.write(json.dumps(message, ensure_ascii=False).encode() + b"\n")
    out.flush()


def main() -> None:
    """``python -m ingest.readers.ocr_worker module:Recognizer``; the protocol owns the real stdout."""
    protocol = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # a library printing to stdout must not corrupt the replies
    serve(sys.argv[1], sys.stdin.buffer, protocol)


if __name__ == "__main__":
    main()
