"""The OCR engine seam: page image in, text lines with their quadrilaterals out.

Two layers, so the time limit works with any recognizer:

* a :class:`Recognizer` reads one page image in this process (:class:`RapidOcr`, or a fake in
  tests); it knows nothing of time limits;
* an :class:`OcrEngine` is what the readers call: ``recognize(image, timeout=...)`` either
  returns lines or raises :class:`OcrTimeout`. The default one
  (:class:`ingest.readers.ocr_pool.EnginePool`) runs RapidOCR in long-lived child processes
  (:class:`ingest.readers.ocr_worker.IsolatedEngine`), one page each, one per core, and kills a
  child whose page runs past its limit (a thread cannot be stopped mid-inference); the next
  page starts a fresh one. A page costs a pipe round trip, not a process.

Example:
    >>> engine = default_engine()                                  # doctest: +SKIP
    >>> lines = engine.recognize(gray_page, timeout=60)            # doctest: +SKIP
    >>> lines[0].text, lines[0].quad[0]                            # doctest: +SKIP
    ('关于推进医养结合发展的实施意见', (99.0, 116.0))
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Protocol

import numpy as np

Point = tuple[float, float]
Quad = tuple[Point, Point, Point, Point]  # top-left, top-right, bottom-right, bottom-left, in pixels

# Measured with eval/bench_ocr.py and single pages on the 2-core test machine (the scale is in ingest/readers/ocr.py):
# * no angle classifier: scanned pages are upright, and it costs a pass per line;
# * detection box threshold 0.3 (default 0.5), else a lone thin digit such as a table's 序号 "1" is
#   not found; recognition's own score threshold still drops specks;
# * one recognition line per batch: batches are padded to their widest line, and one at a time
#   took ~20% less CPU per page with the same text;
# * one ONNX thread: on a busy 2-core machine two threads spent twice the CPU per page (spinning)
#   and took no less wall time; further cores read further pages (ingest.readers.ocr_pool);
# * word boxes: one box per Chinese character at almost no cost, so citations highlight characters.
RAPIDOCR_OPTIONS: dict[str, Any] = {
    "use_cls": False,
    "det_box_thresh": 0.3,
    "text_score": 0.5,
    "rec_batch_num": 1,
    "intra_op_num_threads": 1,
    "inter_op_num_threads": 1,
}


class OcrTimeout(Exception):
    """A page took longer than its time limit; the engine has been reset."""


class OcrFailed(Exception):
    """The recognizer crashed or raised on a page; the message says how."""


class OcrUnavailable(OcrFailed):
    """The engine cannot start at all (model or library missing): no page of any file can be read."""


@dataclass(frozen=True)
class OcrLine:
    """One recognized text line.

    Attributes:
        text: the line's text.
        quad: the line's quadrilateral in image pixels (clockwise from top-left).
        score: recognition confidence 0..1.
        words: ``(word, quad)`` pieces covering ``text`` without its spaces, when the engine
            gives them (RapidOCR: one per Chinese character, one per Latin word); else empty.
        alternatives: for characters the engine was unsure of, ``(index in text, ((character,
            probability), …))``: what else the recognizer saw there, most likely first (read by
            :mod:`ingest.readers.ocr_correct`); empty when the engine gives none.
    """

    text: str
    quad: Quad
    score: float = 1.0
    words: tuple[tuple[str, Quad], ...] = ()
    alternatives: tuple[tuple[int, tuple[tuple[str, float], ...]], ...] = ()

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (the OCR cache stores these)."""
        return {"text": self.text, "quad": self.quad, "score": self.score, "words": self.words,
                "alternatives": self.alternatives}

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> OcrLine:
        """Inverse of :meth:`to_json`."""
        return cls(
            text=d["text"],
            quad=_quad(d["quad"]),
            score=float(d.get("score", 1.0)),
            words=tuple((w, _quad(q)) for w, q in d.get("words", ())),
            alternatives=tuple((int(i), tuple((str(c), float(pr)) for c, pr in alts))
                               for i, alts in d.get("alternatives", ())),
        )


class Recognizer(Protocol):
    """Reads one page image (2-D uint8 grayscale) in the calling process."""

    def recognize(self, image: np.ndarray) -> list[OcrLine]: ...


class OcrEngine(Protocol):
    """What readers call: a page in, lines out, or :class:`OcrTimeout` past ``timeout`` seconds.

    ``settings`` names the model and options; it is part of the OCR cache key, so changing
    either re-reads pages instead of serving stale results.
    """

    settings: str

    def recognize(self, image: np.ndarray, *, timeout: float | None = None) -> list[OcrLine]: ...


class RapidOcr:
    """RapidOCR (PP-OCRv4 det + rec, ONNX models inside its wheel), built on first use."""

    settings = (f"rapidocr_onnxruntime {version('rapidocr_onnxruntime')} {sorted(RAPIDOCR_OPTIONS.items())} "
                "word_box alternatives")

    def __init__(self) -> None:
        self._ocr: Any = None

    def warm_up(self) -> None:
        """Load the ONNX models (about a second), so the first page's time limit is the page's own."""
        if self._ocr is None:
            from rapidocr_onnxruntime import RapidOCR

            self._ocr = RapidOCR(**RAPIDOCR_OPTIONS)
            self._ocr.text_rec.postprocess_op = _Alternatives(self._ocr.text_rec.postprocess_op)

    def recognize(self, image: np.ndarray) -> list[OcrLine]:
        """Lines of ``image`` in reading order as RapidOCR sorts them, with the recognizer's alternatives."""
        self.warm_up()
        decoder = self._ocr.text_rec.postprocess_op
        decoder.seen.clear()
        result, _ = self._ocr(image, return_word_box=True)
        return [_line(row, decoder.seen.get(str(row[1]), ())) for row in result or ()]


class _Alternatives:
    """RapidOCR's CTC decoder, also keeping, for each character it emits with probability under
    ``SURE``, the other characters whose probability at that step is at least ``FLOOR`` (by line text)."""

    SURE, FLOOR, KEEP = 0.95, 0.02, 3

    def __init__(self, decoder: Any) -> None:
        self.decoder = decoder
        self.seen: dict[str, tuple[tuple[int, tuple[tuple[str, float], ...]], ...]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self.decoder, name)

    def __call__(self, preds: np.ndarray, return_word_box: bool = False, **kwargs: Any) -> Any:
        result = self.decoder(preds, return_word_box, **kwargs)
        chars = self.decoder.character
        ignored = set(self.decoder.get_ignored_tokens())
        for row, res in zip(preds, result):
            best = row.argmax(axis=1)
            keep = np.ones(len(best), dtype=bool)
            keep[1:] = best[1:] != best[:-1]
            keep &= ~np.isin(best, list(ignored))
            alts = []
            for i, t in enumerate(np.flatnonzero(keep)):
                if row[t, best[t]] >= self.SURE:
                    continue
                top = np.argsort(-row[t])[: self.KEEP + 1]
                alts.append((i, tuple((chars[j], round(float(row[t, j]), 3)) for j in top
                                      if row[t, j] >= self.FLOOR and j not in ignored)))
            self.seen[str(res[0])] = tuple(alts)
        return result


_DEFAULT: OcrEngine | None = None


def default_engine() -> OcrEngine:
    """The process's RapidOCR engine: one single-threaded child per core (at most 4), started as pages need them."""
    global _DEFAULT
    if _DEFAULT is None:
        from ingest.readers.ocr_pool import EnginePool

        _DEFAULT = EnginePool(RapidOcr, RapidOcr.settings, workers=max(1, min(4, os.cpu_count() or 1)))
    return _DEFAULT


def _quad(points: Any) -> Quad:
    p = [(float(x), float(y)) for x, y in points]
    return (p[0], p[1], p[2], p[3])


def _line(row: Any, alternatives: tuple[tuple[int, tuple[tuple[str, float], ...]], ...] = ()) -> OcrLine:
    """One RapidOCR result row: ``[quad, text, score]`` plus word quads and words with word boxes on."""
    quad, text, score = row[0], str(row[1]), float(row[2])
    words: tuple[tuple[str, Quad], ...] = ()
    if len(row) >= 5 and row[3] and len(row[3]) == len(row[4]):
        words = tuple((str(w), _quad(q)) for q, w in zip(row[3], row[4]))
    return OcrLine(text=text, quad=_quad(quad), score=score, words=words, alternatives=alternatives)
