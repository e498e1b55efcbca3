"""Scanned pages inside an OFD: a page that is one image (a scanned attachment appended to an
electronic notice) read by OCR and placed where the image stands on the page.

The page's largest ``ImageObject`` names a ``MultiMedia`` resource (``DocumentRes.xml``,
``PublicRes.xml`` or the page's own ``PageRes``) whose ``MediaFile`` lies under the resource
file's ``BaseLoc``. The image is decoded (Pillow), recognized on the shared OCR path
(:func:`ingest.readers.ocr.ocr_layouts`, so the OCR cache and time limit apply) at the size the
page gives it, and its glyphs and rules are moved to the image's place on the page.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from ingest.readers.geometry import Glyph, PageLayout
from ingest.readers.ofd_content import PT_PER_MM, kids, local, numbers

__all__ = ["ScannedPage", "media_files", "read_scanned_pages"]


@dataclass(frozen=True)
class ScannedPage:
    """A page that draws images and no text: its number, its Content.xml and its page box (mm)."""

    number: int
    location: str
    box: tuple[float, float, float, float]


def media_files(package: Any, res_paths: Sequence[str | None]) -> dict[str, str]:
    """Package entries of the images by MultiMedia ID, from resource files."""
    found: dict[str, str] = {}
    for res_path in (p for p in res_paths if p is not None):
        root = package.read_xml(res_path)
        base = (root.get("BaseLoc") or "").strip().strip("/")
        for holder in kids(root, "MultiMedias"):
            for media in kids(holder, "MultiMedia"):
                name = (next((m.text for m in kids(media, "MediaFile")), None) or "").strip()
                if not name:
                    continue
                entry = (package.resolve(res_path, f"{base}/{name}") if base else None) or package.resolve(res_path, name)
                if entry is not None:
                    found[(media.get("ID") or "").strip()] = entry
    return found


def read_scanned_pages(path: Path, package: Any, pages: Sequence[ScannedPage],
                       media: dict[str, str]) -> tuple[dict[int, PageLayout], dict[int, Any], list[str]]:
    """The layouts of ``pages`` read by OCR (straightened frames and notes as ``ocr_layouts`` gives).

    Pages whose image cannot be found or decoded are left out (the reader names them as scans).
    """
    from ingest.readers.ocr import at_render_scale, ocr_layouts

    images: list[tuple[int, Any]] = []
    placed: dict[int, tuple[float, float]] = {}
    notes: list[str] = []
    for page in pages:
        found = _page_image(package, page, media)
        if found is None:
            continue
        image, (x, y, w, _h) = found
        gray = np.asarray(image.convert("L"))
        images.append((page.number, at_render_scale(np.ascontiguousarray(gray), w * PT_PER_MM / gray.shape[1])))
        placed[page.number] = ((x - page.box[0]) * PT_PER_MM, (y - page.box[1]) * PT_PER_MM)
    if not images:
        return {}, {}, notes
    layouts, frames, ocr_notes = ocr_layouts(path, len(images), iter(images))
    out = {}
    for layout in layouts:
        dx, dy = placed[layout.number]
        page = next(p for p in pages if p.number == layout.number)
        out[layout.number] = replace(
            layout, width=page.box[2] * PT_PER_MM, height=page.box[3] * PT_PER_MM,
            glyphs=[Glyph(g.text, g.x0 + dx, g.top + dy, g.x1 + dx, g.bottom + dy) for g in layout.glyphs],
            rules=[(a + dx, b + dy, c + dx, d + dy) for a, b, c, d in layout.rules],
        ) if (dx, dy) != (0.0, 0.0) else layout
    return out, frames, notes + ocr_notes


def _page_image(package: Any, page: ScannedPage, media: dict[str, str]) -> tuple[Any, tuple[float, ...]] | None:
    """The page's largest image, decoded, and its boundary (mm)."""
    from PIL import Image, UnidentifiedImageError

    root = package.read_xml(page.location)
    best: tuple[float, ET.Element, tuple[float, ...]] | None = None
    for el in root.iter():
        if local(el.tag) != "ImageObject":
            continue
        box = numbers(el.get("Boundary"), 4)
        if box and (best is None or box[2] * box[3] > best[0]):
            best = (box[2] * box[3], el, box)
    if best is None:
        return None
    entry = media.get((best[1].get("ResourceID") or "").strip())
    if entry is None:
        return None
    try:
        return Image.open(io.BytesIO(package.read(entry))), best[2]
    except (UnidentifiedImageError, OSError, KeyError):
        return None
