"""Scans and page images through OCR: paragraphs, clauses and table rows from a skewed noisy scan;
pages read once (cache, resume after Ctrl+C); a page past its time limit skipped with a note;
progress page by page; no text -> a clear reason."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from ocr_fakes import BrokenRecognizer, Forbidden, PagesByWidth, QuickRecognizer, SleepyRecognizer, tiny_page
from PIL import Image

from corpus.config import IndexConfig
from eval.scanpages import ScanTable, ScanText, image_pdf, scan_page
from ingest.loaders import load_document
from ingest.pipeline import Note, parse_document, run_ingest
from ingest.readers.base import LoadError, ReadContext, reading_with
from ingest.readers.ocr import RENDER_SCALE, read_image, read_scanned_pdf
from ingest.readers.ocr_engine import RapidOcr
from ingest.readers.ocr_pool import EnginePool
from ingest.readers.ocr_worker import IsolatedEngine

TABLE = [
    ["序号", "任务", "牵头单位", "完成时限"],
    ["1", "建设安宁疗护病区", "市卫生健康委", "2025年底"],
    ["2", "开展家庭病床服务", "市医保局、市民政局", "2024年6月"],
]
NOTICE = [
    ScanText("某市推进医养结合发展实施方案", size_pt=22),
    ScanText("一、总体要求", size_pt=16),
    ScanText("（一）到2025年，全市养老机构护理型床位占比达到55%以上，二级及以上综合医院设立老年医学科的比例达到60%以上。", indent=2),
    ScanText("（二）各区卫生健康委牵头，市民政局配合，建立医养结合机构名录，每年更新一次。", indent=2),
    ScanText("二、主要任务", size_pt=16),
    ScanTable(TABLE, widths=[1, 4, 3, 2], size_pt=12),
]


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A one-page notice scanned 1° askew with noise, as an image-only PDF, and an OCR cache folder."""
    folder = tmp_path_factory.mktemp("scan")
    path = folder / "notice_scan.pdf"
    path.write_bytes(image_pdf([scan_page(NOTICE, skew_deg=1.0, noise=10, seed=3).image]))
    return path, folder / "ocr-cache"


@pytest.fixture(scope="module")
def scanned(scan: tuple[Path, Path]):  # noqa: ANN201 - LoadedText
    """The scan read once by the real RapidOCR, through the loader (the PDF reader hands it to OCR)."""
    path, cache = scan
    with reading_with(ReadContext(cache_dir=cache)):
        return load_document(path)


def _rows(text: str) -> list[list[str]]:
    rows = []
    for block in text.split("\n\n"):
        cells = [ln[1:] for ln in block.split("\n") if ln.startswith("\t")]
        if cells:
            rows.append(cells)
    return rows


def test_scan_reads_as_paragraphs_with_wrapped_lines_joined(scanned) -> None:  # noqa: ANN001
    lines = scanned.text.split("\n")
    assert scanned.encoding == "ocr" and scanned.paragraphed
    assert "一、总体要求" in lines and "二、主要任务" in lines
    first = next(ln for ln in lines if ln.startswith("（一）"))
    assert "护理型床位占比达到55%以上" in first and first.endswith("比例达到60%以上。")  # 3 scan lines, 1 paragraph


def test_scan_becomes_numbered_clauses(scan: tuple[Path, Path], scanned) -> None:  # noqa: ANN001
    path, cache = scan
    with reading_with(ReadContext(cache_dir=cache)):
        doc = parse_document(path, {})
    by_section = {c.section: c for c in doc.clauses}
    clause = next(c for s, c in by_section.items() if s.endswith("（一）"))
    assert clause.section.startswith("一、") and "老年医学科" in clause.text and clause.pages == (1,)


def test_drawn_table_becomes_rows(scanned) -> None:  # noqa: ANN001
    rows = _rows(scanned.text)
    assert TABLE[1] in rows and TABLE[2] in rows
    assert ["序号", "任务", "牵头单位", "完成时限"] in rows


def test_character_boxes_stand_on_the_page(scanned) -> None:  # noqa: ANN001
    text, boxes = scanned.text, scanned.boxes
    assert len(boxes) == len(text)
    i = text.index("一、总体要求")
    box = boxes[i]
    assert box is not None and box.page == 1
    assert 70 < box.x0 < 90 and 10 < box.bottom - box.top < 30  # 28 mm margin, 16 pt text
    assert all(b is None or (0 <= b.x0 < b.x1 <= 596 and 0 <= b.top < b.bottom <= 842) for b in boxes)


def test_second_read_comes_from_the_cache(scan: tuple[Path, Path], scanned) -> None:  # noqa: ANN001
    path, cache = scan
    with reading_with(ReadContext(cache_dir=cache)):
        again = read_scanned_pdf(path, path.read_bytes(), engine=Forbidden(RapidOcr.settings))
    assert again.text == scanned.text


def _tiny_pdf(pages: int) -> bytes:
    return image_pdf([tiny_page(n) for n in range(1, pages + 1)], dpi=72)


def test_slow_page_is_skipped_with_a_note_and_the_rest_go_on(tmp_path: Path) -> None:
    path = tmp_path / "slow.pdf"
    engine = IsolatedEngine(SleepyRecognizer, "sleepy 1")  # the real child process, killed on time-out
    try:
        with reading_with(ReadContext(cache_dir=tmp_path / "cache", ocr_page_seconds=2)):
            e = read_scanned_pdf(path, _tiny_pdf(3), engine=engine)
    finally:
        engine.close()
    assert e.notes == ("第2页 OCR 超时（>2s），已跳过",)
    assert "第1条" in e.text and "第3条" in e.text and "第2条" not in e.text
    assert len(e.page_starts) == 3


def test_interrupted_run_resumes_without_reading_done_pages_again(tmp_path: Path) -> None:
    path, cache = tmp_path / "five.pdf", tmp_path / "cache"
    data = _tiny_pdf(5)

    def ctrl_c_after_page_3(stage: str, done: int, total: int) -> None:
        if done == 3:
            raise KeyboardInterrupt

    first = PagesByWidth()
    with reading_with(ReadContext(cache_dir=cache, progress=ctrl_c_after_page_3)), pytest.raises(KeyboardInterrupt):
        read_scanned_pdf(path, data, engine=first)
    assert first.calls == [1, 2, 3]
    resumed = PagesByWidth()
    with reading_with(ReadContext(cache_dir=cache)):
        e = read_scanned_pdf(path, data, engine=resumed)
    assert resumed.calls == [4, 5]
    assert all(f"第{n}条" in e.text for n in range(1, 6))


def test_300_page_scan_reports_progress_page_by_page(tmp_path: Path) -> None:
    path = tmp_path / "long_scan.pdf"
    engine = PagesByWidth()
    seen: list[tuple[str, int, int, int]] = []
    with reading_with(ReadContext(progress=lambda s, d, t: seen.append((s, d, t, len(engine.calls))))):
        e = read_scanned_pdf(path, _tiny_pdf(300), engine=engine)
    assert seen == [("ocr:long_scan.pdf", n, 300, n) for n in range(301)]  # page n reported right after its OCR
    assert len(e.page_starts) == 300 and "第300条" in e.text


def test_no_text_anywhere_is_a_clear_load_error(tmp_path: Path) -> None:
    path = tmp_path / "blank.pdf"
    with pytest.raises(LoadError) as err:
        read_scanned_pdf(path, _tiny_pdf(2), engine=PagesByWidth(blank=True))
    assert err.value.reason == "扫描件 OCR 未识别出文字"


def test_engine_that_cannot_start_fails_the_file_once_with_the_reason(tmp_path: Path) -> None:
    engine = IsolatedEngine(BrokenRecognizer, "broken 1")
    with pytest.raises(LoadError) as err:
        read_scanned_pdf(tmp_path / "scan.pdf", _tiny_pdf(3), engine=engine)
    assert err.value.reason.startswith("无法做 OCR") and "模型文件缺失" in err.value.reason


def _tiff(pages: int, dpi: int) -> bytes:
    """A multi-page TIFF whose frames are tiny pages drawn at ``dpi``."""
    scale = dpi / 72
    frames = [p.resize((round(p.width * scale), round(p.height * scale))) for p in map(tiny_page, range(1, pages + 1))]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:], dpi=(dpi, dpi))
    return out.getvalue()


def test_multipage_tiff_is_one_page_per_frame_in_points(tmp_path: Path) -> None:
    engine = PagesByWidth()
    e = read_image(tmp_path / "scan.tif", _tiff(3, dpi=300), engine=engine)  # 300 dpi frames, read at 1.25 px/pt
    assert engine.calls == [1, 2, 3] and len(e.page_starts) == 3
    assert max(b.x1 for b in e.boxes if b is not None) <= 126  # page 3 is 126 pt wide, not 525 px


def test_ingest_report_carries_ocr_notes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    class TimesOutOnPage2(PagesByWidth):
        def recognize(self, image, *, timeout=None):  # noqa: ANN001, ANN202
            from ingest.readers.ocr_engine import OcrTimeout
            from ocr_fakes import page_number

            if page_number(image) == 2:
                raise OcrTimeout()
            return super().recognize(image, timeout=timeout)

    monkeypatch.setattr("ingest.readers.ocr.default_engine", TimesOutOnPage2)
    tif = tmp_path / "docs" / "scan.tif"
    tif.parent.mkdir()
    tif.write_bytes(_tiff(3, dpi=300))
    cfg = IndexConfig(data_dir=tmp_path / "data", backend="fake")
    report = run_ingest([tif.parent], cfg)
    assert report.documents == 1 and not report.skipped
    assert report.notes == [Note(str(tif), "第2页 OCR 超时（>60s），已跳过")]
    assert any((cfg.data_dir / "ocr-cache").rglob("*.json"))  # pages 1 and 3 kept for the next run


def test_unreadable_image_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="图片无法打开"):
        read_image(tmp_path / "broken.png", b"\x89PNG\r\n\x1a\n not really")


def test_image_without_dpi_is_taken_for_an_a4_page(tmp_path: Path) -> None:
    out = io.BytesIO()
    Image.new("L", (1240, 1754), 255).save(out, format="PNG")  # A4 at 150 dpi, no dpi recorded
    engine = PagesByWidth()
    e = read_image(tmp_path / "photo.png", out.getvalue(), engine=engine)
    assert engine.shapes[0][1] == round(595.28 * RENDER_SCALE)  # shrunk to the render scale of a 595 pt page
    assert max(b.x1 for b in e.boxes if b is not None) <= 595.3


def test_pool_reads_pages_side_by_side_in_order_and_skips_a_slow_one(tmp_path: Path) -> None:
    pool = EnginePool(SleepyRecognizer, "sleepy 1", workers=2)  # two real children
    seen: list[int] = []
    ctx = ReadContext(cache_dir=tmp_path / "cache", ocr_page_seconds=3, progress=lambda s, d, t: seen.append(d))
    try:
        with reading_with(ctx):
            e = read_scanned_pdf(tmp_path / "five.pdf", _tiny_pdf(5), engine=pool)
    finally:
        pool.close()
    assert seen == [0, 1, 2, 3, 4, 5]
    assert e.notes == ("第2页 OCR 超时（>3s），已跳过",)
    assert [n for n in range(1, 6) if f"第{n}条" in e.text] == [1, 3, 4, 5]


def test_pool_interrupted_keeps_reported_pages_only(tmp_path: Path) -> None:
    path, cache, data = tmp_path / "five.pdf", tmp_path / "cache", _tiny_pdf(5)

    def ctrl_c_after_page_2(stage: str, done: int, total: int) -> None:
        if done == 2:
            raise KeyboardInterrupt

    pool = EnginePool(QuickRecognizer, PagesByWidth.settings, workers=2)  # same settings: same cache keys
    try:
        with reading_with(ReadContext(cache_dir=cache, progress=ctrl_c_after_page_2)), pytest.raises(KeyboardInterrupt):
            read_scanned_pdf(path, data, engine=pool)
    finally:
        pool.close()
    resumed = PagesByWidth()
    with reading_with(ReadContext(cache_dir=cache)):
        e = read_scanned_pdf(path, data, engine=resumed)
    assert resumed.calls == [3, 4, 5]  # page 3 was being read at Ctrl+C: abandoned, not half-kept
    assert all(f"第{n}条" in e.text for n in range(1, 6))


def test_a_page_scanned_sideways_is_read_upright(tmp_path: Path) -> None:
    """A wide table turned a quarter to fit the sheet (page 2): its rows read as rows."""
    upright_page = scan_page(NOTICE[:3], seed=5).image
    sideways = scan_page([ScanTable(TABLE, widths=[1, 4, 3, 2], size_pt=12)], seed=6).image.rotate(90, expand=True)
    path = tmp_path / "sideways_scan.pdf"
    path.write_bytes(image_pdf([upright_page, sideways]))
    loaded = load_document(path)
    rows = [r[1:] for r in _rows(loaded.text)]  # (a lone 序号 digit is often lost to OCR either way)
    assert ["建设安宁疗护病区", "市卫生健康委", "2025年底"] in rows and ["牵头单位", "完成时限"] == rows[0][-2:]
    assert "到2025年，全市养老机构护理型床位占比达到55%以上" in loaded.text.replace("\n", "")


def test_a_scanned_page_among_text_pages_is_read_by_ocr_in_its_place(tmp_path: Path) -> None:
    """A text PDF whose page 2 is only an image (a page scanned into the file): OCR reads that page."""
    import pypdfium2 as pdfium
    from pdfmaker import PdfBook, embedded_font

    font = embedded_font()
    if font is None:
        pytest.skip("needs an embedded CJK font (fonts-wqy-microhei)")
    book = PdfBook(font=font)
    book.para("一、适用范围", indent=False)
    book.para("本指南适用于在本县行政区域内设立医养结合机构。")
    book.page_break()
    book.para("三、办理时限", indent=False)
    book.para("备案类事项当场办结。")
    text_pdf = pdfium.PdfDocument(book.save())
    scan_pdf = pdfium.PdfDocument(image_pdf([scan_page([ScanText("二、申请材料", size_pt=16), ScanTable(TABLE, widths=[1, 4, 3, 2], size_pt=12)], seed=9).image]))
    mixed = pdfium.PdfDocument.new()
    mixed.import_pages(text_pdf, [0])
    mixed.import_pages(scan_pdf, [0])
    mixed.import_pages(text_pdf, [1])
    out = io.BytesIO()
    mixed.save(out)
    path = tmp_path / "mixed_scan.pdf"
    path.write_bytes(out.getvalue())
    loaded = load_document(path)
    text = loaded.text
    assert text.index("适用范围") < text.index("申请材料") < text.index("办理时限")
    rows = [r[-3:] for r in _rows(text)]
    assert ["建设安宁疗护病区", "市卫生健康委", "2025年底"] in rows
    assert any("第2页" in n and "OCR" in n for n in loaded.notes)
