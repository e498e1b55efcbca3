"""A page scanned sideways (a wide table turned 90° to fit the portrait sheet) is read upright.

The recognizer reads lines of horizontal text; on a page turned a quarter, it finds a few
stray characters. A page that has ink but yields few characters is therefore read again
turned 90° each way, and the turn that yields clearly more text (characters weighted by
recognition confidence) is kept, pixels and lines together, for the layout that follows.
Upside-down lines need no turn: the recognizer's own direction classifier handles them.

Example:
    >>> text_yield([])
    0.0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import cv2
import numpy as np

from ingest.readers.ocr_engine import OcrLine

__all__ = ["suspect", "upright", "text_yield"]

SPARSE = 60.0  # confidence-weighted characters below which a page with ink is suspect
INK = 0.003  # share of dark pixels that says a page is not blank (a small table has under 1%)
GAIN = 2.0  # a turn must yield this many times the text to be kept
_DARK = 128
_TURNS = (cv2.ROTATE_90_CLOCKWISE, cv2.ROTATE_90_COUNTERCLOCKWISE)


def text_yield(lines: Sequence[OcrLine]) -> float:
    """Characters recognized, each counted by the confidence of its line."""
    return float(sum(line.score * len(line.text.strip()) for line in lines))


def suspect(gray: np.ndarray, lines: Sequence[OcrLine]) -> bool:
    """A page with ink on it that yields little text: perhaps turned a quarter."""
    return text_yield(lines) < SPARSE and float(np.mean(gray < _DARK)) >= INK


def upright(
    gray: np.ndarray, lines: list[OcrLine], read: Callable[[np.ndarray], list[OcrLine]]
) -> tuple[np.ndarray, list[OcrLine]]:
    """``(pixels, lines)`` of the page as it reads best: as scanned, or turned a quarter.

    Args:
        gray: the page as scanned; ``lines`` what the recognizer read on it.
        read: reads a turned page (cached and time-limited by the caller; ``[]`` when it fails).
    """
    best, best_lines, score = gray, lines, text_yield(lines)
    if not suspect(gray, lines):
        return gray, lines
    for turn in _TURNS:
        turned = np.ascontiguousarray(cv2.rotate(gray, turn))
        found = read(turned)
        if text_yield(found) > GAIN * max(score, 1.0):
            best, best_lines, score = turned, found, text_yield(found)
    return best, best_lines
