"""OCR lines of one page image -> a :class:`PageLayout` of per-character glyphs and ruling lines.

* **Skew**: a scan is rarely square to the glass. The median slope of the long text lines is
  the page's skew; every point is rotated back by it about the image centre, so lines group
  by vertical overlap and paragraphs by indent as on a straight page.
* **Glyphs**: each character gets its own box, in PDF points from the top-left: the engine's
  word boxes when they cover the line's text (RapidOCR gives one per Chinese character), else
  the line box shared out by character width (full-width CJK 1, Latin and digits 1/2).
* **Rules**: table grid lines, found by morphological opening of the straightened page with
  long thin kernels (text strokes are shorter than the kernels), become ``rules`` segments, so
  :func:`ingest.readers.geometry.compose` reads the cells as table rows.

:class:`Straighten` also maps boxes back onto the page as scanned, so a citation highlights
the characters where they stand on the rendered page.

Example:
    >>> frame = Straighten.measure(lines, image.shape, pt_per_px=1 / 1.5)        # doctest: +SKIP
    >>> page = page_layout(1, image, lines, frame)                              # doctest: +SKIP
"""

from __future__ import annotations

import math
import statistics
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ingest.readers.base import CharBox
from ingest.readers.geometry import Glyph, PageLayout
from ingest.readers.ocr_correct import corrected
from ingest.readers.ocr_engine import OcrLine, Quad

MAX_SKEW_DEG = 10.0  # beyond this the page is turned, not skewed: leave it to the recogniser
_RULE_H_PT = 36.0  # longer than a 16 pt "——" or a 22 pt "一": only drawn lines survive
_RULE_V_PT = 18.0  # longer than the vertical stroke of 16 pt text, shorter than a table row


@dataclass(frozen=True)
class Straighten:
    """The rotation that levels a page's text lines, and the pixel-to-point scale.

    Attributes:
        angle: skew in degrees (image coordinates, y down; negative: lines rise to the right).
        cx, cy: rotation centre in pixels (the image centre).
        pt_per_px: points per image pixel.
    """

    angle: float
    cx: float
    cy: float
    pt_per_px: float

    @classmethod
    def measure(cls, lines: Sequence[OcrLine], shape: tuple[int, ...], pt_per_px: float) -> Straighten:
        """The median slope of lines at least 4 times as wide as high (short lines' slopes are noise)."""
        angles = []
        for line in lines:
            (x0, y0), (x1, y1), _, (x3, y3) = line.quad
            width, height = math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)
            if width >= 4 * height and width > 0:
                angles.append(math.degrees(math.atan2(y1 - y0, x1 - x0)))
        angle = statistics.median(angles) if angles else 0.0
        if abs(angle) > MAX_SKEW_DEG:
            angle = 0.0
        return cls(angle, shape[1] / 2, shape[0] / 2, pt_per_px)

    def point(self, x: float, y: float) -> tuple[float, float]:
        """A pixel of the scan -> its place on the straightened page, in points."""
        a = math.radians(self.angle)
        dx, dy = x - self.cx, y - self.cy
        sx = self.cx + dx * math.cos(a) + dy * math.sin(a)
        sy = self.cy - dx * math.sin(a) + dy * math.cos(a)
        return sx * self.pt_per_px, sy * self.pt_per_px

    def box(self, quad: Quad) -> tuple[float, float, float, float]:
        """A quad of the scan -> ``(x0, top, x1, bottom)`` on the straightened page, in points."""
        pts = [self.point(x, y) for x, y in quad]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        return min(xs), min(ys), max(xs), max(ys)

    def unstraighten(self, box: CharBox) -> CharBox:
        """A box on the straightened page -> the same-size box where it stands on the scan (points)."""
        a = math.radians(self.angle)
        mx, my = (box.x0 + box.x1) / 2 / self.pt_per_px, (box.top + box.bottom) / 2 / self.pt_per_px
        dx, dy = mx - self.cx, my - self.cy
        ox = (self.cx + dx * math.cos(a) - dy * math.sin(a)) * self.pt_per_px
        oy = (self.cy + dx * math.sin(a) + dy * math.cos(a)) * self.pt_per_px
        hw, hh = (box.x1 - box.x0) / 2, (box.bottom - box.top) / 2
        return CharBox(box.page, ox - hw, oy - hh, ox + hw, oy + hh)

    def image(self, gray: np.ndarray) -> np.ndarray:
        """The page image rotated level (white where the rotation uncovers the corners)."""
        import cv2

        if abs(self.angle) < 0.05:
            return gray
        m = cv2.getRotationMatrix2D((self.cx, self.cy), self.angle, 1.0)
        return cv2.warpAffine(gray, m, (gray.shape[1], gray.shape[0]), flags=cv2.INTER_LINEAR, borderValue=255)


def page_layout(number: int, gray: np.ndarray, lines: Sequence[OcrLine], frame: Straighten) -> PageLayout:
    """One page's glyphs and ruling lines in points on the straightened page (unsure characters
    corrected by the words they make, :func:`ingest.readers.ocr_correct.corrected`)."""
    glyphs = [g for line in lines for g in line_glyphs(corrected(line), frame)]
    height, width = gray.shape[:2]
    return PageLayout(
        number=number,
        width=width * frame.pt_per_px,
        height=height * frame.pt_per_px,
        glyphs=glyphs,
        rules=find_rules(frame.image(gray), frame.pt_per_px) if glyphs else (),
    )


def line_glyphs(line: OcrLine, frame: Straighten) -> list[Glyph]:
    """One glyph per visible character of ``line``: word boxes when they fit the text, else an even split."""
    return _word_glyphs(line, frame) or _split_glyphs(line.text, frame.box(line.quad))


def char_weight(ch: str) -> float:
    """Width of ``ch`` in ems: 1 for full-width (CJK, full-width punctuation), 1/2 otherwise."""
    return 1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.5


def _split_glyphs(text: str, box: tuple[float, float, float, float]) -> list[Glyph]:
    x0, top, x1, bottom = box
    weights = [char_weight(c) for c in text]
    total = sum(weights) or 1.0
    out, x = [], x0
    for ch, w in zip(text, weights):
        step = (x1 - x0) * w / total
        if not ch.isspace():
            out.append(Glyph(ch, x, top, x + step, bottom))
        x += step
    return out


def _word_glyphs(line: OcrLine, frame: Straighten) -> list[Glyph]:
    """Glyphs from the engine's word boxes, or ``[]`` when the words do not spell the line's text."""
    if not line.words or "".join(w for w, _ in line.words) != "".join(line.text.split()):
        return []
    _, top, _, bottom = frame.box(line.quad)  # the line's height: word boxes can be cropped short
    out = []
    for word, quad in line.words:
        x0, _, x1, _ = frame.box(quad)
        out.extend(_split_glyphs(word, (x0, top, x1, bottom)))
    return out


def find_rules(gray: np.ndarray, pt_per_px: float) -> list[tuple[float, float, float, float]]:
    """Horizontal and vertical drawn lines as ``(x0, top, x1, bottom)`` segments in points."""
    import cv2

    ink = cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, 25, 15)
    out = []
    for horizontal, length_pt in ((True, _RULE_H_PT), (False, _RULE_V_PT)):
        n = max(8, round(length_pt / pt_per_px))
        kernel = cv2.getStructuringElement(cv2.MORPH_RECT, (n, 1) if horizontal else (1, n))
        mask = cv2.morphologyEx(ink, cv2.MORPH_OPEN, kernel)
        # a 1-2 px break (noise, a faint scan) must not cut a grid line in two
        mask = cv2.dilate(mask, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 1) if horizontal else (1, 3)))
        count, _, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
        for x, y, w, h, _ in stats[1:count]:
            if horizontal and w >= n:
                mid = (y + h / 2) * pt_per_px
                out.append((x * pt_per_px, mid, (x + w) * pt_per_px, mid))
            elif not horizontal and h >= n:
                mid = (x + w / 2) * pt_per_px
                out.append((mid, y * pt_per_px, mid, (y + h) * pt_per_px))
    return out
