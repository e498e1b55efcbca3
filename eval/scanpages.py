"""Synthetic scans: policy text and ruled tables drawn like a scanned 公文 page.

What the OCR benchmark and the OCR tests read: paragraphs wrapped at the page width, tables
with drawn grid lines, then the whole page rotated slightly and speckled with noise, as a
flatbed scan of a printed page looks. Pages are PIL images; :func:`image_pdf` wraps them in an
image-only PDF (no text layer), as a scanner writes it.

Example:
    >>> page = scan_page([ScanText("一、总体要求", size_pt=16)], skew_deg=1.0)   # doctest: +SKIP
    >>> pdf = image_pdf([page])                                                 # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

CJK_FONTS = (
    Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)
A4_MM = (210.0, 297.0)
MARGIN_MM = (28.0, 37.0)  # left/right and top margins of a 公文 page (GB/T 9704)


@dataclass(frozen=True)
class ScanText:
    """A paragraph, wrapped at the text width; ``indent`` full-width spaces open its first line."""

    text: str
    size_pt: float = 16.0
    indent: int = 0


@dataclass(frozen=True)
class ScanTable:
    """A table drawn with grid lines; ``widths`` are the column widths as shares of the text width."""

    rows: Sequence[Sequence[str]]
    widths: Sequence[float]
    size_pt: float = 10.5


def cjk_font() -> Path:
    """The first CJK TrueType font installed (fonts-wqy-microhei on Debian).

    Raises:
        FileNotFoundError: none installed (``apt-get install -y fonts-wqy-microhei``).
    """
    for font in CJK_FONTS:
        if font.exists():
            return font
    raise FileNotFoundError("no CJK font found; install one: apt-get install -y fonts-wqy-microhei")


@dataclass(frozen=True)
class ScanPage:
    """A drawn page and the lines drawn on it (what a perfect OCR would read), top to bottom."""

    image: Image.Image
    lines: tuple[str, ...]


def scan_page(
    blocks: Sequence[ScanText | ScanTable], *, dpi: int = 200, skew_deg: float = 1.0, noise: float = 10.0, seed: int = 0
) -> ScanPage:
    """One A4 page drawn at ``dpi``, rotated by ``skew_deg`` and speckled, in grayscale.

    Lines that would run past the bottom margin are not drawn (nor listed in ``lines``).
    """
    px = dpi / 25.4
    width, height = int(A4_MM[0] * px), int(A4_MM[1] * px)
    img = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(img)
    left, top = MARGIN_MM[0] * px, MARGIN_MM[1] * px
    box = _Box(left, top, width - 2 * left, height - top - MARGIN_MM[0] * px, dpi)
    drawn: list[str] = []
    y = top
    for block in blocks:
        if isinstance(block, ScanTable):
            y = _draw_table(draw, block, box, y, drawn) + block.size_pt * dpi / 72
        else:
            y = _draw_text(draw, block, box, y, drawn)
    img = img.rotate(skew_deg, resample=Image.Resampling.BICUBIC, fillcolor=255)
    rng = np.random.default_rng(seed)
    pixels = np.asarray(img, dtype=np.int16) + rng.normal(0, noise, (height, width)).astype(np.int16)
    return ScanPage(Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8)), tuple(drawn))


def image_pdf(pages: Sequence[Image.Image], *, dpi: int = 200) -> bytes:
    """An image-only PDF of ``pages`` (one image per page, no text layer), as a scanner writes it."""
    out = io.BytesIO()
    pages[0].save(out, format="PDF", save_all=True, append_images=list(pages[1:]), resolution=dpi)
    return out.getvalue()


@dataclass(frozen=True)
class _Box:
    """The text area of a page, in pixels."""

    left: float
    top: float
    width: float
    bottom: float
    dpi: int


def _font(size_pt: float, dpi: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(cjk_font()), max(6, round(size_pt * dpi / 72)))


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: float) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if line and font.getlength(line + ch) > width:
            lines.append(line)
            line = ""
        line += ch
    return lines + [line] if line else lines


def _draw_text(draw: ImageDraw.ImageDraw, block: ScanText, box: _Box, y: float, drawn: list[str]) -> float:
    font = _font(block.size_pt, box.dpi)
    step = block.size_pt * box.dpi / 72 * 1.75  # 公文 line pitch: about 28 pt for 三号 (16 pt) text
    for line in _wrap("\u3000" * block.indent + block.text, font, box.width):
        if y + step > box.bottom:
            break
        draw.text((box.left, y), line, font=font, fill=0)
        drawn.append(line.strip("\u3000"))
        y += step
    return y


def _draw_table(draw: ImageDraw.ImageDraw, table: ScanTable, box: _Box, y: float, drawn: list[str]) -> float:
    font = _font(table.size_pt, box.dpi)
    size = table.size_pt * box.dpi / 72
    total = sum(table.widths)
    xs = [box.left]
    for share in table.widths:
        xs.append(xs[-1] + box.width * share / total)
    ys = [y]
    for row in table.rows:
        cells = [_wrap(cell, font, (xs[i + 1] - xs[i]) - size) for i, cell in enumerate(row)]
        height = max(len(c) for c in cells) * size * 1.5 + size
        if ys[-1] + height > box.bottom:
            break
        for i, lines in enumerate(cells):
            for k, line in enumerate(lines):
                draw.text((xs[i] + size / 2, ys[-1] + size / 2 + k * size * 1.5), line, font=font, fill=0)
        drawn.append("\t".join("".join(c) for c in cells))
        ys.append(ys[-1] + height)
    line_width = max(2, box.dpi // 100)
    for x in xs:
        draw.line([(x, ys[0]), (x, ys[-1])], fill=0, width=line_width)
    for yy in ys:
        draw.line([(xs[0], yy), (xs[-1], yy)], fill=0, width=line_width)
    return ys[-1]
