"""PDF files, read by layout: pdfplumber's positioned characters and ruling lines -> :func:`compose`.

Characters come from pdfplumber (pdfminer.six) with their boxes; copies of a character
drawn over itself a fraction of a point away (fake bold) are dropped, as is rotated or slanted
text (watermarks, seals). Ruling segments are the edges of the page's lines, rectangles and
curves. :func:`ingest.readers.geometry.compose` turns both into paragraphs and table rows.

A PDF without a usable text layer (no characters, or a layer that decodes to garbage, see
:mod:`ingest.readers.text_layer`) is a scan: it goes to the OCR reader when that is
installed, else it is refused with a reason saying OCR is needed; so does a PDF where more
pages are scanned or garbled than readable. A few such pages in an otherwise good PDF are read
by OCR on their own and take their place among the text pages (without OCR they are left out);
either way ``Extracted.notes`` names them.

Example:
    >>> e = read_pdf(Path("plan.pdf"), Path("plan.pdf").read_bytes())   # doctest: +SKIP
    >>> e.text.splitlines()[0], e.page_starts, e.paragraphed
    ('关于印发《某县医养结合行动方案》的通知', (0, 1043), True)
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ingest.readers.base import Extracted, LoadError
from ingest.readers.geometry import Glyph, PageLayout, compose
from ingest.readers.text_layer import garbled, nonsense, unreadable

__all__ = ["read_pdf"]

NO_TEXT_LAYER = "PDF 没有可用的文字层（可能是扫描件），需要 OCR 才能导入"
_OUTLINED = 200  # curves on a page without characters: text drawn as glyph outlines, not a drawing
_SLANT = 0.1  # a glyph turned more than ~6° is no line of the body (italic fonts shear less than this)
_FAKE_BOLD = 0.25  # font sizes: a copy this close to a character is the same character re-drawn


def read_pdf(path: Path, data: bytes) -> Extracted:
    """Read a PDF's text layer by layout.

    Raises:
        LoadError: password-protected (a non-empty user password), corrupt, no pages, or no
            usable text layer while OCR is not available.
    """
    raw, info = _read_pages(path, data)
    if not raw:
        raise LoadError(path, "PDF 没有页面")
    status = [_status(page) for page in raw]
    usable = sum(1 for s, _ in status if s == "text")
    unusable = sum(1 for _, note in status if note)  # garbled, scanned or rotated pages
    if usable == 0 or unusable > usable:  # mostly a scan: OCR reads every page alike
        ocr = _ocr_reader()
        if ocr is None and usable == 0:
            raise LoadError(path, NO_TEXT_LAYER)
        if ocr is not None:
            return _ocr(path, data, ocr)
    scanned = [page["number"] for page, (state, note) in zip(raw, status) if note]
    read, frames, notes = _ocr_some(path, data, scanned)
    layouts = []
    for page, (state, note) in zip(raw, status):
        if page["number"] in read:
            layouts.append(read[page["number"]])
            notes.append(f"第{page['number']}页没有可用的文字层，已用 OCR 识别")
            continue
        if note:
            notes.append(note)
        glyphs = page["glyphs"] if state == "text" else []
        layouts.append(PageLayout(page["number"], page["width"], page["height"], glyphs, page["rules"]))
    extracted = compose(layouts, encoding="pdf", notes=notes)
    if frames:
        from ingest.readers.ocr import unstraightened

        extracted = unstraightened(extracted, frames)
    return replace(extracted, meta=_meta(info))


def _ocr_some(path: Path, data: bytes, numbers: Sequence[int]) -> tuple[dict[int, PageLayout], dict, list[str]]:
    """The scanned, garbled or sideways pages among text pages, read by OCR when it is installed."""
    if not numbers or _ocr_reader() is None:
        return {}, {}, []
    from ingest.readers.ocr import ocr_pdf_pages

    layouts, frames, notes = ocr_pdf_pages(path, data, numbers)
    return {p.number: p for p in layouts if p.glyphs}, frames, notes


def _read_pages(path: Path, data: bytes) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Each page's glyphs, texts, rules and image count, and the document's Info dictionary."""
    import pdfplumber
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(io.BytesIO(data), password="") as pdf:
            pages = []
            for p in pdf.pages:
                pages.append(_page(p))
                p.close()  # drop the page's parsed objects: long files would otherwise pile them up
            return pages, dict(pdf.metadata)
    except PdfminerException as exc:
        if _password_error(exc):
            raise LoadError(path, "PDF 有密码保护，无法读取") from exc
        raise LoadError(path, f"PDF 文件已损坏或格式不对（{_cause(exc)}）") from exc
    except Exception as exc:  # pdfminer raises many types (PSSyntaxError, KeyError, ...) on broken files
        raise LoadError(path, f"PDF 文件已损坏或格式不对（{type(exc).__name__}）") from exc


def _meta(info: dict[str, Any]) -> dict[str, str]:
    """Title and author from the Info dictionary, for a text without a printed title or issuer.

    Converters often leave the source file's name as the title (``Microsoft Word - 方案.docx``);
    a title without any Chinese is taken for such a leftover and dropped.
    """
    text = {k: v.strip() for k, v in info.items() if isinstance(v, str)}  # undecodable values stay bytes
    title = text.get("Title", "")
    title = re.sub(r"^(?:Microsoft\s+Word|WPS\s*文字|WPS)\s*-\s*", "", title, flags=re.I)
    title = re.sub(r"\.(?:docx?|wps|pdf|ofd|txt)$", "", title, flags=re.I).strip()
    meta = {"title": title if re.search(r"[\u4e00-\u9fff]{4}", title) else "", "issuer": text.get("Author", "")}
    return {k: v for k, v in meta.items() if v}


def _page(page: Any) -> dict[str, Any]:
    chars = page.chars
    return {
        "number": page.page_number,
        "width": float(page.width),
        "height": float(page.height),
        "glyphs": _glyphs(chars),
        "texts": [c["text"] for c in chars],
        "rotated": sum(1 for c in chars if not c.get("upright", True)),
        "rules": _rules(page.edges),
        "images": len(page.images),
        "curves": len(page.curves),
    }


def _glyphs(chars: Iterable[dict[str, Any]]) -> list[Glyph]:
    """Upright, readable characters, each drawn once (fake-bold copies dropped)."""
    seen: dict[str, list[Glyph]] = {}
    out = []
    for c in chars:
        text = c["text"]
        if not c.get("upright", True) or _slanted(c) or not (text.isprintable() or text.isspace()) or unreadable(text):
            continue
        g = Glyph(text, float(c["x0"]), float(c["top"]), float(c["x1"]), float(c["bottom"]))
        tol = _FAKE_BOLD * max(g.bottom - g.top, 1.0)
        copies = seen.setdefault(text, [])
        if any(abs(o.x0 - g.x0) <= tol and abs(o.top - g.top) <= tol for o in copies):
            continue
        copies.append(g)
        out.append(g)
    return out


def _slanted(char: dict[str, Any]) -> bool:
    """Text set at an angle (a diagonal watermark such as 内部资料 注意保存): pdfminer calls a 45° glyph
    upright, but its matrix turns it."""
    matrix = char.get("matrix") or (1, 0, 0, 1)
    a, b, c, d = (float(v) for v in matrix[:4])
    return abs(b) > _SLANT * max(abs(a), abs(d), 1e-6) or abs(c) > _SLANT * max(abs(a), abs(d), 1e-6)


def _rules(edges: Iterable[dict[str, Any]]) -> list[tuple[float, float, float, float]]:
    return [
        (float(e["x0"]), float(e["top"]), float(e["x1"]), float(e["bottom"]))
        for e in edges
        if e.get("orientation") in ("h", "v")
    ]


def _status(page: dict[str, Any]) -> tuple[str, str]:
    """``("text" | "garbled" | "empty", note)`` for one page."""
    n = page["number"]
    if garbled(page["texts"]) or nonsense(page["texts"]):
        return "garbled", f"第{n}页的文字层无法解码（乱码），该页未导入，需要 OCR"
    if not page["glyphs"]:
        note = ""
        if page["rotated"]:
            note = f"第{n}页的文字是旋转排版的（横排页面竖放），该页未导入"
        elif page["images"] or page["curves"] >= _OUTLINED:
            note = f"第{n}页没有文字层（可能是扫描页或文字转成了曲线），该页未导入，需要 OCR"
        return "empty", note
    return "text", ""


def _ocr_reader() -> Callable[[Path, bytes], Extracted] | None:
    """The OCR reader, imported only when needed (it loads the OCR engine); ``None`` if not installed."""
    try:
        from ingest.readers.ocr import read_scanned_pdf
    except ImportError:
        return None
    return read_scanned_pdf


def _ocr(path: Path, data: bytes, ocr: Callable[[Path, bytes], Extracted]) -> Extracted:
    extracted = ocr(path, data)
    if not extracted.text.strip():
        raise LoadError(path, "PDF 没有文字层，OCR 也没有识别出文字（可能是空白页或纯图片）")
    return extracted


def _password_error(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in _chain(exc)}
    return bool(names & {"PDFPasswordIncorrect", "PDFEncryptionError", "PDFEncryptionWarning"})


def _cause(exc: BaseException) -> str:
    inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    return type(inner).__name__


def _chain(exc: BaseException) -> Sequence[BaseException]:
    out: list[BaseException] = [exc]
    out += [a for a in exc.args if isinstance(a, BaseException)]
    if exc.__cause__ is not None:
        out.append(exc.__cause__)
    return out
