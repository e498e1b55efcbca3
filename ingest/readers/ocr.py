"""Scanned PDFs and page images (.png .jpg .jpeg .tif .tiff) read by OCR, on the PDF layout path.

Each page is rendered (pypdfium2) or decoded (Pillow; a multi-page TIFF is one page per
frame) into grayscale at :data:`RENDER_SCALE` pixels per point, recognized by the process's
OCR engine (:mod:`ingest.readers.ocr_engine`), straightened and split into per-character
glyphs with the page's drawn table lines (:mod:`ingest.readers.ocr_layout`), and all pages go
through the same :func:`ingest.readers.geometry.compose` as a PDF's text layer: paragraphs,
running headers dropped, table rows, page starts, a box per character.

The run's :class:`ingest.readers.base.ReadContext` supplies the OCR cache folder (every page
is read once: re-ingests and interrupted runs take done pages from it), the progress callback
(``progress("ocr:<file name>", page, pages)`` after every page) and the per-page time limit (a
page past it is skipped with a note in :attr:`Extracted.notes`; the others go on).

Example:
    >>> e = read_image(Path("notice.png"), Path("notice.png").read_bytes())    # doctest: +SKIP
    >>> e.encoding, e.text.splitlines()[0]                                   # doctest: +SKIP
    ('ocr', '关于推进医养结合发展的实施意见')
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator, Sequence
from contextlib import closing
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from ingest.readers.base import Extracted, LoadError, read_context
from ingest.readers.geometry import PageLayout, compose
from ingest.readers.ocr_cache import OcrCache
from ingest.readers.ocr_engine import OcrEngine, OcrFailed, OcrLine, OcrTimeout, OcrUnavailable, default_engine
from ingest.readers.ocr_layout import Straighten, page_layout
from ingest.readers.ocr_orientation import suspect, upright

__all__ = ["IMAGE_SUFFIXES", "RENDER_SCALE", "PageImage", "at_render_scale", "ocr_layouts", "ocr_pages", "ocr_pdf_pages", "read_image",
           "read_scanned_pdf", "unstraightened"]

# Pixels per point (1.25 = 90 dpi). Measured by eval/bench_ocr.py on scans of 16 pt body text,
# 12 pt pages and 10.5 pt ruled tables, and on pages of 9 and 7.5 pt print: the same text as at
# 1.5 and 2.0 for about 12% less CPU than 1.5 (detection runs on every pixel; recognition scales each
# line to 48 px high whatever the scale).
RENDER_SCALE = 1.25
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff")
_A4_SHORT_PT = 595.28  # an image without a usable dpi is taken for an A4 page


@dataclass(frozen=True)
class PageImage:
    """One page to recognize: 2-D uint8 grayscale pixels and the size of a pixel in points."""

    gray: np.ndarray
    pt_per_px: float


def read_scanned_pdf(
    path: Path, data: bytes, *, engine: OcrEngine | None = None, scale: float = RENDER_SCALE
) -> Extracted:
    """Read a PDF without a usable text layer by OCR, page by page, rendered at ``scale`` px/pt.

    Raises:
        LoadError: the PDF cannot be opened, or OCR found no text on any page.

    Example:
        >>> read_scanned_pdf(Path("scan.pdf"), data).notes    # doctest: +SKIP
        ('第7页 OCR 超时（>60s），已跳过',)
    """
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise LoadError(path, f"PDF 文件已损坏或有密码保护，无法做 OCR（{exc}）") from exc
    try:
        return ocr_pages(path, len(pdf), _rendered(pdf, scale), engine=engine)
    finally:
        pdf.close()


def read_image(path: Path, data: bytes, *, engine: OcrEngine | None = None) -> Extracted:
    """Read a page image (.png .jpg .jpeg .tif .tiff; each TIFF frame a page) by OCR.

    Raises:
        LoadError: not a readable image, or OCR found no text.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        img = Image.open(io.BytesIO(data))
        count = getattr(img, "n_frames", 1)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise LoadError(path, f"图片无法打开（{type(exc).__name__}），文件可能已损坏") from exc
    return ocr_pages(path, count, _frames(path, img, count), engine=engine)


def ocr_pages(path: Path, count: int, pages: Iterable[PageImage], *, engine: OcrEngine | None = None) -> Extracted:
    """Recognize ``count`` pages of ``path`` (a lazy iterable: only pages being read are in memory).

    Raises:
        LoadError: no page gave any text, or the OCR engine cannot start.
    """
    layouts, frames, notes = ocr_layouts(path, count, enumerate(pages, 1), engine=engine)
    if not any(p.glyphs for p in layouts):
        raise LoadError(path, "扫描件 OCR 未识别出文字" + (f"（{'；'.join(notes)}）" if notes else ""))
    return unstraightened(compose(layouts, encoding="ocr", notes=notes), frames)


def unstraightened(extracted: Extracted, frames: dict[int, Straighten]) -> Extracted:
    """compose read the straightened pages; boxes go back to where the characters stand on the scan."""
    boxes = tuple(b and (frames[b.page].unstraighten(b) if b.page in frames else b) for b in extracted.boxes)
    return replace(extracted, boxes=boxes)


def ocr_pdf_pages(path: Path, data: bytes, numbers: Sequence[int], *, engine: OcrEngine | None = None,
                  scale: float = RENDER_SCALE) -> tuple[list[PageLayout], dict[int, Straighten], list[str]]:
    """The layouts of some pages of a PDF (1-based ``numbers``) read by OCR: the scanned pages of a
    PDF whose other pages have a text layer."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise LoadError(path, f"PDF 文件已损坏或有密码保护，无法做 OCR（{exc}）") from exc
    try:
        chosen = ((n, image) for n, image in enumerate(_rendered(pdf, scale, set(numbers)), 1) if image)
        return ocr_layouts(path, len(numbers), chosen, engine=engine)
    finally:
        pdf.close()


def ocr_layouts(
    path: Path, count: int, pages: Iterable[tuple[int, PageImage]], *, engine: OcrEngine | None = None
) -> tuple[list[PageLayout], dict[int, Straighten], list[str]]:
    """Recognize numbered pages: their layouts (straightened), the straightening per page, notes.

    Raises:
        LoadError: the OCR engine cannot start.
    """
    ctx = read_context()
    engine = engine or default_engine()
    cache = OcrCache(ctx.cache_dir) if ctx.cache_dir else None
    limit = ctx.ocr_page_seconds if ctx.ocr_page_seconds and ctx.ocr_page_seconds > 0 else None
    stage = f"ocr:{path.name}"
    if ctx.progress:
        ctx.progress(stage, 0, count)  # the bar shows while the first page (and the engine) start
    layouts: list[PageLayout] = []
    frames: dict[int, Straighten] = {}
    notes: list[str] = []
    pending: dict[int, tuple[PageImage, list[OcrLine]]] = {}
    done = 0
    try:
        with closing(_recognized(pages, engine, cache, limit)) as recognized:
            for number, page, lines, note in recognized:
                notes.extend([note] if note else [])
                if note is None and suspect(page.gray, lines):
                    # perhaps scanned sideways: read again turned, once the engines are idle
                    pending[number] = (page, lines)
                else:
                    frames[number] = Straighten.measure(lines, page.gray.shape, page.pt_per_px)
                    layouts.append(page_layout(number, page.gray, lines, frames[number]))
                done += 1
                if ctx.progress:
                    ctx.progress(stage, done, count)
        for number, (page, lines) in pending.items():
            gray, lines = upright(page.gray, lines, partial(_read_turned, engine, cache, limit))
            page = replace(page, gray=gray)
            frames[number] = Straighten.measure(lines, page.gray.shape, page.pt_per_px)
            layouts.append(page_layout(number, page.gray, lines, frames[number]))
    except OcrUnavailable as exc:  # no page can be read: say so once, not once per page
        raise LoadError(path, f"无法做 OCR：{exc}") from exc
    layouts.sort(key=lambda p: p.number)
    return layouts, frames, notes


def _recognized(
    pages: Iterable[tuple[int, PageImage]], engine: OcrEngine, cache: OcrCache | None, limit: float | None
) -> Iterator[tuple[int, PageImage, list[OcrLine], str | None]]:
    """``(number, page, lines, note)`` in page order: cached pages as stored, the others read and stored.

    A pool (``engine.recognize_pages``) reads several pages at once; any other engine reads one
    page at a time. A page that could not be read has no lines and a note saying why.
    """
    items = (_cached(n, page, engine, cache) for n, page in pages)
    read_pages = getattr(engine, "recognize_pages", None) or partial(_one_by_one, engine)
    with closing(read_pages(items, limit)) as results:
        for (number, page, key, hit), result in results:
            if isinstance(result, OcrTimeout):
                yield number, page, [], f"第{number}页 OCR 超时（>{limit:g}s），已跳过"
            elif isinstance(result, OcrFailed):
                yield number, page, [], f"第{number}页 OCR 失败（{result}），已跳过"
            else:
                if result is not None and cache:
                    cache.put(key, result)  # before the page is reported: a Ctrl+C after it keeps it
                yield number, page, hit if result is None else result, None


def _read_turned(engine: OcrEngine, cache: OcrCache | None, limit: float | None, gray: np.ndarray) -> list[OcrLine]:
    """A turned page read once (cached like any page); ``[]`` when it cannot be read in time."""
    key = OcrCache.key(gray, engine.settings) if cache else ""
    hit = cache.get(key) if cache else None
    if hit is not None:
        return hit
    try:
        lines = engine.recognize(gray, timeout=limit)
    except (OcrTimeout, OcrFailed) as exc:
        if isinstance(exc, OcrUnavailable):
            raise
        return []
    if cache:
        cache.put(key, lines)
    return lines


def _cached(
    number: int, page: PageImage, engine: OcrEngine, cache: OcrCache | None
) -> tuple[tuple[int, PageImage, str, list[OcrLine]], np.ndarray | None]:
    """A page tagged with its cache key and stored lines; its image to read only when nothing is stored."""
    key = OcrCache.key(page.gray, engine.settings) if cache else ""
    hit = cache.get(key) if cache else None
    return (number, page, key, hit or []), None if hit is not None else page.gray


def _one_by_one(
    engine: OcrEngine, items: Iterable[tuple[Any, np.ndarray | None]], limit: float | None
) -> Iterator[tuple[Any, list[OcrLine] | OcrFailed | OcrTimeout | None]]:
    """What a pool's ``recognize_pages`` does, for an engine that reads one page at a time."""
    for tag, image in items:
        if image is None:
            yield tag, None
            continue
        try:
            yield tag, engine.recognize(image, timeout=limit)
        except OcrUnavailable:
            raise
        except (OcrTimeout, OcrFailed) as exc:
            yield tag, exc


def _rendered(pdf: object, scale: float, only: set[int] | None = None) -> Iterator[PageImage | None]:
    """Each page rendered in turn; ``None`` for a page not in ``only`` (1-based numbers)."""
    for i in range(len(pdf)):  # type: ignore[arg-type]
        if only is not None and i + 1 not in only:
            yield None
            continue
        page = pdf[i]  # type: ignore[index]
        try:
            bitmap = page.render(scale=scale, grayscale=True)
            gray = bitmap.to_numpy()
        finally:
            page.close()
        yield PageImage(np.ascontiguousarray(gray if gray.ndim == 2 else gray[..., 0]), 1 / scale)


def _frames(path: Path, img: object, count: int) -> Iterator[PageImage]:
    for i in range(count):
        try:
            img.seek(i)  # type: ignore[attr-defined]
            gray, pt_per_px = _grayscale(img)
        except (OSError, ValueError) as exc:
            raise LoadError(path, f"图片第{i + 1}页无法解码（{type(exc).__name__}）") from exc
        yield at_render_scale(gray, pt_per_px)


def _grayscale(img: object) -> tuple[np.ndarray, float]:
    """Pixels on white (transparent parts are paper, not ink) and the pixel size from the dpi."""
    from PIL import Image

    frame = img.convert("RGBA") if "A" in img.mode or "transparency" in img.info else img  # type: ignore[attr-defined]
    if frame.mode == "RGBA":
        paper = Image.new("RGBA", frame.size, "white")
        frame = Image.alpha_composite(paper, frame)
    gray = np.asarray(frame.convert("L"))
    dpi = img.info.get("dpi", (0, 0))  # type: ignore[attr-defined]
    x_dpi = float(dpi[0]) if isinstance(dpi, tuple) and dpi else 0.0
    pt_per_px = 72 / x_dpi if 50 <= x_dpi <= 2400 else _A4_SHORT_PT / min(gray.shape)
    return gray, pt_per_px


def at_render_scale(gray: np.ndarray, pt_per_px: float) -> PageImage:
    """Shrink a finer image to :data:`RENDER_SCALE` (as PDF pages are rendered); never enlarge."""
    import cv2

    factor = RENDER_SCALE * pt_per_px
    if factor >= 0.8:
        return PageImage(np.ascontiguousarray(gray), pt_per_px)
    height, width = gray.shape
    size = (max(1, round(width * factor)), max(1, round(height * factor)))
    small = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    return PageImage(small, pt_per_px * width / size[0])
