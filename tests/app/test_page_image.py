"""The PDF page image of a citation: the page rendered, the quote's boxes outlined, offsets of the quote."""

from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from PIL import Image

from pdfmaker import PdfBook
from web.page_image import BOX, SCALE, original_path, page_png, quote_span


def red(pixel: tuple[int, int, int]) -> bool:
    r, g, b = pixel
    return abs(r - BOX[0]) < 30 and g < 90 and b < 90


def test_the_box_is_drawn_on_its_page_only(tmp_path: Path) -> None:
    book = PdfBook()
    book.para("（一）建设医养结合信息平台。")
    book.page_break()
    book.para("（二）发展安宁疗护。")
    pdf = tmp_path / "plan.pdf"
    pdf.write_bytes(book.save())
    box = (1, 100.0, 200.0, 300.0, 214.0)
    one = Image.open(io.BytesIO(page_png(pdf, 1, [box]))).convert("RGB")
    assert one.size == (round(595.28 * SCALE), round(841.89 * SCALE))
    left = round((box[1] - 2) * SCALE)
    assert any(red(one.getpixel((x, round(207 * SCALE)))) for x in range(left - 2, left + 3))
    assert not red(one.getpixel((round(200 * SCALE), round(400 * SCALE))))
    two = Image.open(io.BytesIO(page_png(pdf, 2, [box]))).convert("RGB")
    assert not any(red(two.getpixel((x, round(207 * SCALE)))) for x in range(left - 2, left + 3))
    with pytest.raises(ValueError, match="page 3"):
        page_png(pdf, 3, [])


def test_quote_offsets_follow_the_clause_and_fall_back_to_it() -> None:
    clause = SimpleNamespace(text="（一）建设平台。（牵头单位：县卫生健康委）", start=100, end=122, source="a.pdf")
    assert quote_span(clause, "（牵头单位：县卫生健康委）") == (108, 122)
    assert quote_span(clause, "没有这句") == (100, 122)
    longer = SimpleNamespace(text="甲乙丙丁", start=0, end=8, source="a.pdf")  # line breaks joined: twice as long
    assert quote_span(longer, "丙丁") == (4, 8)


def test_the_original_file_comes_from_the_manifest(tmp_path: Path) -> None:
    pdf = tmp_path / "a.pdf"
    pdf.write_bytes(b"%PDF-1.4")
    index = SimpleNamespace(manifest={"files": {"a.pdf": {"path": str(pdf)}, "gone.pdf": {"path": str(tmp_path / "x.pdf")}}})
    assert original_path(index, "a.pdf") == pdf
    assert original_path(index, "gone.pdf") is None and original_path(index, "b.pdf") is None
