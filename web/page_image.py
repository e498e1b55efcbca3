"""A PDF page as a PNG with the cited span boxed, for the document view.

The page is rendered with pypdfium2 and the boxes drawn with Pillow. Boxes come from
``Index.span_boxes(source, start, end)``: ``(page, x0, top, x1, bottom)`` in PDF points with the
origin at the page's top left, one per line of the span.

Example:
    >>> png = page_png(Path("方案.pdf"), 2, [(2, 72.0, 100.0, 300.0, 114.0)])   # doctest: +SKIP
    >>> png[:4]
    b'\\x89PNG'
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SCALE = 1.5  # 108 dpi: the text stays readable, a page stays under ~200 KB
BOX = (214, 40, 40)
FILL = (255, 214, 0, 70)
PAD = 2.0  # points around each line so the box does not touch the glyphs


def quote_span(clause: Any, quote: str) -> tuple[int, int]:
    """File offsets of ``quote`` inside ``clause`` (the whole clause when the quote is not found).

    The clause text is the reflowed display text (line breaks joined) and its ``start``/``end``
    are offsets in the file's text, so the quote's position is carried over in proportion: exact
    when the two have the same length, within a character or two per joined line otherwise.
    """
    at = clause.text.find(quote) if quote else -1
    if at < 0:
        return clause.start, clause.end
    ratio = (clause.end - clause.start) / max(1, len(clause.text))
    start = clause.start + int(at * ratio)
    return start, min(clause.end, max(start + 1, clause.start + round((at + len(quote)) * ratio)))


def span_boxes(index: Any, clause: Any, quote: str) -> list[tuple[int, float, float, float, float]]:
    """The boxes of ``quote`` in ``clause`` from the index; empty for documents without layout."""
    find = getattr(index, "span_boxes", None)
    if find is None:
        return []
    start, end = quote_span(clause, quote)
    return list(find(clause.source, start, end))


def original_path(index: Any, source: str) -> Path | None:
    """The file the document was ingested from, as the index manifest records it (if it still exists)."""
    entry = (getattr(index, "manifest", None) or {}).get("files", {}).get(source) or {}
    path = Path(entry["path"]) if entry.get("path") else None
    return path if path is not None and path.is_file() else None


def page_png(pdf: Path, page: int, boxes: Sequence[tuple[int, float, float, float, float]], scale: float = SCALE) -> bytes:
    """Page ``page`` (1-based) of ``pdf`` as PNG bytes, with the boxes on that page drawn.

    Raises:
        ValueError: the page does not exist in the file.
    """
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    doc = pdfium.PdfDocument(str(pdf))
    try:
        if not 1 <= page <= len(doc):
            raise ValueError(f"page {page} is not in {pdf.name} (1-{len(doc)})")
        image = doc[page - 1].render(scale=scale).to_pil().convert("RGBA")
    finally:
        doc.close()
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    for p, x0, top, x1, bottom in boxes:
        if p != page:
            continue
        rect = [(x0 - PAD) * scale, (top - PAD) * scale, (x1 + PAD) * scale, (bottom + PAD) * scale]
        draw.rectangle(rect, fill=FILL, outline=BOX + (255,), width=max(2, round(scale * 1.5)))
    out = io.BytesIO()
    Image.alpha_composite(image, overlay).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()
