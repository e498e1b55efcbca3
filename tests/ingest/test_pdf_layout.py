"""Text PDFs read by layout: what a user would see wrong if paragraphs, furniture or tables broke.

The test document is a 4-page 行动方案 drawn with reportlab (STSong-Light), with a running
header, ``— N —`` page numbers, a sentence across the first page break, numbered items, a
ruled table with a vertical merge, a ruled table across a page with its header repeated,
one across a page without, and an unruled table.
"""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import pdfplumber
import pytest

from pdfmaker import PdfBook, embedded_font, helvetica_pdf
from reportlab.lib.pdfencrypt import StandardEncryption

from ingest.pipeline import parse_document
from ingest.readers.base import Extracted, LoadError
from ingest.readers.furniture import is_page_number
from ingest.readers.pdf import NO_TEXT_LAYER, read_pdf
from ingest.readers.text_layer import garbled

HEADER = "某县人民政府办公室 2023年第5期"
CROSSING = (
    "（二）基本原则。坚持政府引导、市场驱动、社会参与，统筹城乡医疗卫生和养老服务资源，推动医养结合服务"
    "向居家社区延伸，让老年人就近享受便捷服务，逐步形成覆盖城乡、规模适宜、功能合理、综合连续的医养结合服务体系。"
)
TASK = "建立健全医养结合机构与医疗卫生机构的签约服务机制，明确双方责任"


def plan_pdf(footer: str = "— {n} —") -> bytes:
    b = PdfBook(header=HEADER, footer=footer)
    b.para("关于印发《某县医养结合行动方案》的通知", size=16, centre=True)
    b.space(10)
    b.para("各乡镇人民政府，县级有关部门：", indent=False)
    b.para("为深入推进医养结合发展，更好满足老年人健康养老服务需求，经县政府同意，现将本方案印发给你们，请认真贯彻落实。")
    b.para("一、总体要求", indent=False, bold=True)
    b.para("（一）工作目标。到2025年，全县医养结合服务网络基本建立，每个乡镇至少有一所医养结合机构。")
    b.para("1.健全服务网络。推动医疗卫生机构与养老机构签约合作，为入住老年人提供基本医疗、康复护理和安宁疗护服务。")
    b.para("2.提升服务能力。")
    b.fill_to(2)
    b.para(CROSSING)
    b.para("二、主要指标", indent=False)
    b.table(
        [
            ("序号", "分类", "指标名称", "2025年"),
            ("1", "服务体系", "医养结合机构数（个）", "12"),
            ("2", None, "二级以上综合医院设老年医学科比例（%）", "60"),
            ("3", "服务能力", "安宁疗护床位（张）", "20"),
        ],
        [50, 100, 221, 80],
    )
    b.para("三、重点任务", indent=False)
    b.fill_to(9)
    b.table([("序号", "工作任务", "完成时限", "责任单位")] + [(str(i), f"第{i}项任务：{TASK}", "2025年底", "县卫生健康委") for i in range(1, 7)], [50, 231, 80, 90])
    b.para("四、资金保障", indent=False)
    b.fill_to(6)
    b.table([("序号", "项目", "金额（万元）")] + [(str(i), f"项目{i}", str(100 * i)) for i in range(1, 5)], [50, 300, 101], repeat_header=False)
    b.para("五、服务资源", indent=False)
    b.table([("类别", "数量", "说明"), ("医养结合机构", "12", "含乡镇卫生院"), ("护理院", "3", "民营"), ("康复医院", "2", "公立")], [150, 100, 150], ruled=False)
    b.para("六、保障措施", indent=False)
    b.para("各部门要加强组织领导，落实工作责任，确保各项任务按时完成。")
    return b.save()


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Extracted]:
    path = tmp_path_factory.mktemp("pdf") / "plan.pdf"
    path.write_bytes(plan_pdf())
    return path, read_pdf(path, path.read_bytes())


def block(text: str, first: str, stop: str) -> list[str]:
    lines = text.split("\n")
    i = lines.index(first)
    return lines[i + 1 : lines.index(stop, i)]


# ------------------------------------------------------------------ paragraphs and furniture


@pytest.mark.parametrize("footer", ["— {n} —", "-{n}-", "第 {n} 页", "{n}/4"])
def test_running_header_and_page_numbers_are_not_text(tmp_path: Path, footer: str) -> None:
    path = tmp_path / "plan.pdf"
    path.write_bytes(plan_pdf(footer))
    text = read_pdf(path, path.read_bytes()).text
    assert "办公室" not in text and "第5期" not in text
    assert not [ln for ln in text.split("\n") if not ln.startswith("\t") and is_page_number(ln)]
    assert "—" not in text and "/4" not in text


def test_sentence_across_a_page_break_is_one_line(plan: tuple[Path, Extracted]) -> None:
    _, e = plan
    start = e.text.index(CROSSING)
    assert start < e.page_starts[1] < start + len(CROSSING)  # it really is split between pages 1 and 2
    assert CROSSING in e.text.split("\n")


def test_each_numbered_item_starts_its_own_line_and_wrapped_lines_join(plan: tuple[Path, Extracted]) -> None:
    lines = plan[1].text.split("\n")
    assert lines[:4] == [
        "关于印发《某县医养结合行动方案》的通知",
        "各乡镇人民政府，县级有关部门：",
        "为深入推进医养结合发展，更好满足老年人健康养老服务需求，经县政府同意，现将本方案印发给你们，请认真贯彻落实。",
        "一、总体要求",  # drawn twice over itself (fake bold), read once
    ]
    assert "1.健全服务网络。推动医疗卫生机构与养老机构签约合作，为入住老年人提供基本医疗、康复护理和安宁疗护服务。" in lines
    assert lines[lines.index("2.提升服务能力。") + 1] == CROSSING


# ------------------------------------------------------------------ tables


def test_ruled_table_cells_follow_the_shared_layout_with_a_lone_tab_for_a_merge(plan: tuple[Path, Extracted]) -> None:
    assert block(plan[1].text, "二、主要指标", "三、重点任务") == [
        "\t序号", "\t分类", "\t指标名称", "\t2025年", "",
        "\t1", "\t服务体系", "\t医养结合机构数（个）", "\t12", "",
        "\t2", "\t", "\t二级以上综合医院设老年医学科比例（%）", "\t60", "",  # multi-line cell on one line
        "\t3", "\t服务能力", "\t安宁疗护床位（张）", "\t20", "",
    ]  # fmt: skip


def test_table_across_a_page_is_one_table_with_its_repeated_header_dropped(plan: tuple[Path, Extracted]) -> None:
    rows = block(plan[1].text, "三、重点任务", "四、资金保障")
    assert rows.count("\t序号") == 1
    assert [ln for ln in rows if ln.startswith("\t第")] == [f"\t第{i}项任务：{TASK}" for i in range(1, 7)]
    unrepeated = block(plan[1].text, "四、资金保障", "五、服务资源")
    assert unrepeated[:4] == ["\t序号", "\t项目", "\t金额（万元）", ""]
    assert [ln for ln in unrepeated if ln.startswith("\t项目")] == ["\t项目", "\t项目1", "\t项目2", "\t项目3", "\t项目4"]


def test_table_without_rules_is_read_from_aligned_text(plan: tuple[Path, Extracted]) -> None:
    assert block(plan[1].text, "五、服务资源", "六、保障措施") == [
        "\t类别", "\t数量", "\t说明", "",
        "\t医养结合机构", "\t12", "\t含乡镇卫生院", "",
        "\t护理院", "\t3", "\t民营", "",
        "\t康复医院", "\t2", "\t公立", "",
    ]  # fmt: skip


def test_tables_become_row_clauses_with_columns_and_pages(plan: tuple[Path, Extracted]) -> None:
    doc = parse_document(plan[0], {})
    rows = [c for c in doc.clauses if c.kind == "table_row"]
    indicators = [c for c in rows if c.section.startswith("二、")]
    assert [c.columns for c in indicators][1] == {"序号": "2", "分类": "服务体系", "指标名称": "二级以上综合医院设老年医学科比例（%）", "2025年": "60"}
    tasks = [c for c in rows if c.section.startswith("三、")]
    assert [c.columns["序号"] for c in tasks] == ["1", "2", "3", "4", "5", "6"]
    assert {c.columns["责任单位"] for c in tasks} == {"县卫生健康委"}
    assert [c.pages for c in tasks][0] == (2,) and [c.pages for c in tasks][-1] == (3,)
    assert [c.columns["数量"] for c in rows if c.section.startswith("五、")] == ["12", "3", "2"]
    crossing = next(c for c in doc.clauses if c.text.startswith("（二）基本原则"))
    assert crossing.pages == (1, 2)
    assert not any(HEADER in c.text or re.search(r"—\s*\d+\s*—", c.text) for c in doc.clauses)


# ------------------------------------------------------------------ boxes and pages


def test_every_character_box_is_where_that_character_was_drawn(plan: tuple[Path, Extracted]) -> None:
    path, e = plan
    assert len(e.boxes) == len(e.text)
    with pdfplumber.open(path) as pdf:
        drawn = {(p.page_number, c["text"], round(c["x0"]), round(c["top"])) for p in pdf.pages for c in p.chars}
    for ch, box in zip(e.text, e.boxes):
        if box is None:
            assert ch in "\n\t "
        else:
            assert (box.page, ch, round(box.x0), round(box.top)) in drawn
    assert all(box is None for ch, box in zip(e.text, e.boxes) if ch in "\n\t")


def test_page_starts_point_at_the_first_character_of_each_page(plan: tuple[Path, Extracted]) -> None:
    _, e = plan
    assert len(e.page_starts) == 4 and e.page_starts[0] == 0
    for number, start in enumerate(e.page_starts, start=1):
        before = [b.page for b in e.boxes[:start] if b is not None]
        after = next(b.page for b in e.boxes[start:] if b is not None)
        assert after == number and all(p < number for p in before)


# ------------------------------------------------------------------ unusable text layers


def test_garbage_text_layer_is_refused_as_needing_ocr_when_ocr_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", None)  # import fails as if not installed
    path = tmp_path / "garbled.pdf"
    path.write_bytes(helvetica_pdf([["Elderly care plan", "Article 1 home visits"]], private_use=[1]))
    with pytest.raises(LoadError) as err:
        read_pdf(path, path.read_bytes())
    assert err.value.reason == NO_TEXT_LAYER


def test_unmapped_cid_text_layer_counts_as_no_text_layer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Encrypted, STSong-Light (no ToUnicode): pdfminer cannot read the CID ordering and yields (cid:N)
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", None)
    book = PdfBook(encrypt=StandardEncryption("", ownerPassword="owner"))
    book.para("一、总体要求。推动医疗卫生机构与养老机构签约合作。")
    path = tmp_path / "cid.pdf"
    path.write_bytes(book.save())
    with pdfplumber.open(path) as pdf:
        assert pdf.pages[0].chars[0]["text"].startswith("(cid:")
    with pytest.raises(LoadError, match="OCR"):
        read_pdf(path, path.read_bytes())


@pytest.mark.parametrize(
    ("texts", "bad"),
    [
        (list("关于推进医养结合发展的实施意见（2024年）"), False),
        (list("Elderly care plan, Article 1."), False),
        (list("ÄÖÜ¤¥§©®±µ¶"), True),  # glyphs mapped to arbitrary symbols
        (["(cid:12)", "(cid:40)", "(cid:7)", "医"], True),
        (["\ufffd"] * 3 + list("医养"), True),
    ],
)
def test_text_layer_garbage_check(texts: list[str], bad: bool) -> None:
    assert garbled(texts) is bad


def test_garbage_text_layer_goes_to_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []

    def read_scanned_pdf(path: Path, data: bytes) -> Extracted:
        calls.append(path)
        return Extracted(text="一、总则", encoding="ocr", paragraphed=True, page_starts=(0,))

    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", types.SimpleNamespace(read_scanned_pdf=read_scanned_pdf))
    path = tmp_path / "garbled.pdf"
    path.write_bytes(helvetica_pdf([["Elderly care plan"]], private_use=[1]))
    assert read_pdf(path, path.read_bytes()).encoding == "ocr" and calls == [path]


def test_one_garbled_page_is_read_by_ocr_in_its_place_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "mixed.pdf"
    path.write_bytes(helvetica_pdf([["Article 1 home visits"], ["Article 2 beds"], ["Article 3 staff"]], private_use=[2]))
    e = read_pdf(path, path.read_bytes())
    assert e.text.split("\n") == ["Article 1 home visits", "Article 2 beds", "Article 3 staff"]
    assert e.page_of(e.text.index("Article 2")) == 2 and e.page_of(e.text.index("Article 3")) == 3
    assert len(e.notes) == 1 and "第2页" in e.notes[0] and "OCR" in e.notes[0]


def test_password_protected_pdf_is_refused_but_an_empty_user_password_opens(tmp_path: Path) -> None:
    font = embedded_font()
    if font is None:
        pytest.skip("needs an embedded CJK font (fonts-wqy-microhei)")
    locked = PdfBook(encrypt=StandardEncryption("secret", ownerPassword="owner"), font=font)
    locked.para("一、总体要求", indent=False)
    path = tmp_path / "locked.pdf"
    path.write_bytes(locked.save())
    with pytest.raises(LoadError, match="密码"):
        read_pdf(path, path.read_bytes())
    open_ = PdfBook(encrypt=StandardEncryption("", ownerPassword="owner"), font=font)
    open_.para("一、总体要求", indent=False)
    path.write_bytes(open_.save())
    assert read_pdf(path, path.read_bytes()).text == "一、总体要求"


def test_corrupt_pdf_says_so(tmp_path: Path) -> None:
    path = tmp_path / "cut.pdf"
    path.write_bytes(plan_pdf()[:3000])
    with pytest.raises(LoadError, match="损坏"):
        read_pdf(path, path.read_bytes())


# ------------------------------------------------------------------ the format corpus

FORMATS = Path(__file__).resolve().parents[1] / "fixtures" / "formats"


def as_rows(text: str) -> list[str]:
    """The shared layout read back as ``cell | cell`` rows and paragraph lines (blank lines dropped)."""
    out: list[str] = []
    row: list[str] | None = None
    for ln in text.split("\n") + [""]:
        if ln.startswith("\t"):
            row = (row or []) + [ln[1:]]
            continue
        if row is not None:
            out.append(" | ".join(row))
            row = None
        if ln.strip():
            out.append(ln)
    return out


@pytest.mark.parametrize(
    ("name", "module"),
    [
        ("changshou_yiyang_xingdong_2024_2026", "changshou"),  # STSong-Light, — N —, header repeated
        ("tianshui_shehui_liliang_ruogan_cuoshi", "tianshui"),  # embedded TrueType, 第N页 共M页, unruled tables
    ],
)
def test_format_corpus_pdf_reads_back_as_written(name: str, module: str) -> None:
    pdf = FORMATS / "docs" / f"{name}.pdf"
    if not pdf.exists():
        pytest.skip("format corpus not generated")
    import importlib

    from fixtures.formats.content import plain_text

    document = importlib.import_module(f"fixtures.formats.texts.{module}").DOCUMENT
    written = [ln for ln in plain_text(document).split("\n") if ln.strip()]
    assert as_rows(read_pdf(pdf, pdf.read_bytes()).text) == written


def test_format_corpus_pdf_tables_become_rows_on_their_pages() -> None:
    pdf = FORMATS / "docs" / "changshou_yiyang_xingdong_2024_2026.pdf"
    if not pdf.exists():
        pytest.skip("format corpus not generated")
    rows = [c for c in parse_document(pdf, {}).clauses if c.kind == "table_row"]
    beds = next(c for c in rows if c.columns.get("指标") == "安宁疗护床位数（张）")
    assert beds.columns["2026年"] == "30" and beds.pages == (2,)
    tasks = [c for c in rows if "进度安排" in c.columns]
    assert [c.columns["序号"] for c in tasks] == [str(i) for i in range(1, 13)]  # one table over pages 3-4
    assert tasks[0].pages == (3,) and tasks[-1].pages == (4,)


def test_mostly_garbled_pdf_goes_to_ocr_and_without_ocr_keeps_its_readable_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "mostly.pdf"
    path.write_bytes(helvetica_pdf([["Article 1 home visits"], ["Article 2 beds"], ["Article 3 staff"]], private_use=[2, 3]))
    ocr = types.SimpleNamespace(read_scanned_pdf=lambda p, d: Extracted(text="第一条 上门服务", encoding="ocr"))
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", ocr)
    assert read_pdf(path, path.read_bytes()).text == "第一条 上门服务"
    monkeypatch.setitem(sys.modules, "ingest.readers.ocr", None)
    e = read_pdf(path, path.read_bytes())
    assert e.text == "Article 1 home visits" and [n[:3] for n in e.notes] == ["第2页", "第3页"]


def test_info_title_and_author_are_offered_as_container_metadata(tmp_path: Path) -> None:
    book = PdfBook()
    book.c.setTitle("Microsoft Word - 某县医养结合行动方案.docx")
    book.c.setAuthor("某县卫生健康委员会")
    book.para("一、总体要求", indent=False)
    path = tmp_path / "info.pdf"
    path.write_bytes(book.save())
    assert read_pdf(path, path.read_bytes()).meta == {"title": "某县医养结合行动方案", "issuer": "某县卫生健康委员会"}


def test_a_table_row_cut_by_the_page_end_is_closed_where_its_column_rules_end() -> None:
    """The last row of a page has no bottom rule (the row goes on over the page): its cells are
    still cells, not loose text."""
    from ingest.readers.geometry import Glyph, PageLayout
    from ingest.readers.ruled_tables import find_ruled_tables

    xs = (0, 40, 140)
    rules = [(0, y, 140, y) for y in (0, 20, 40)] + [(x, 0, x, 70) for x in xs]  # verticals run to 70
    cells = [("序", 5, 5), ("任务", 45, 5), ("1", 5, 25), ("建病区", 45, 25), ("2", 5, 50), ("开展上门", 45, 50)]
    glyphs = [Glyph(ch, x + 8 * i, y, x + 8 * i + 8, y + 10) for text, x, y in cells for i, ch in enumerate(text)]
    tables = find_ruled_tables(PageLayout(1, 200, 200, glyphs, rules))
    assert len(tables) == 1
    rows = [["".join(c for c, _ in cell) for cell in row] for _, row in tables[0].rows]
    assert rows[-1] == ["2", "开展上门"] and len(rows) == 3
    stray = [(0, 0, 0, 30), (6, 0, 6, 30), (12, 0, 12, 30)]  # strokes of a big character, not a grid
    assert find_ruled_tables(PageLayout(1, 200, 200, [], stray + [(0, 10, 12, 10)])) == []


def test_a_text_layer_of_real_characters_in_no_words_is_nonsense() -> None:
    """A font whose map to Unicode is shuffled gives real characters that form no words: OCR reads such a page."""
    import random

    from ingest.readers.text_layer import nonsense

    real = "为加快推进医养结合发展，进一步调动社会力量参与医养结合服务的积极性，现就开展2026年度医养结合机构补贴申报工作通知如下。" * 2
    shuffled = list(real)
    random.Random(3).shuffle(shuffled)
    table = list("序号补贴类型补贴对象补贴标准一次性建设补贴新建护理型床位每张5000元运营补贴失能老年人每人每月200元")
    assert not nonsense(list(real)) and nonsense(shuffled) and not nonsense(table)


def test_a_diagonal_watermark_is_not_read_into_the_body(tmp_path: Path) -> None:
    """内部资料 drawn large at 45° over the body: its characters would join the lines they cross."""
    font = embedded_font()
    if font is None:
        pytest.skip("needs an embedded CJK font (fonts-wqy-microhei)")
    book = PdfBook(font=font)
    lines = ["第一条 为规范医养结合机构服务行为，保障入住老年人合法权益，制定本办法。",
             "第二条 医养结合机构应当在老年人入住后7日内完成健康评估。",
             "第三条 内设医疗机构每日至少巡诊1次。"]
    for line in lines:
        book.para(line, indent=False)
    c = book.c
    c.saveState()
    c.setFillGray(0.8)
    c.setFont(font, 60)
    c.translate(150, 560)
    c.rotate(45)
    c.drawString(0, 0, "内部资料注意保存")
    c.restoreState()
    path = tmp_path / "watermarked.pdf"
    path.write_bytes(book.save())
    text = read_pdf(path, path.read_bytes()).text
    assert text.split("\n") == lines


def test_footnotes_at_the_foot_of_a_page_do_not_cut_the_paragraph_going_on_over_the_page(tmp_path: Path) -> None:
    book = PdfBook(header="平江县人民政府办公室")
    book.para("一、主要任务", indent=False)
    book.fill_to(4)
    text = ("推进家庭病床②服务，县人民医院和各乡镇卫生院全部开展家庭病床服务，上门服务项目和收费按省统一规定执行，"
            "符合规定的诊疗费用按市医保政策纳入支付范围，2026年底前家庭病床总数达到350张。")
    book.para(text)
    # the foot of page 1: two footnotes in a smaller font under the body, where the paragraph breaks
    note = "②家庭病床指对需要连续治疗、但因行动不便到医疗机构就诊确有困难的患者，在其居住场所设立的病床。"
    book.c.setFont(book.font, 8.5)
    book.c.drawString(book.margin, book.margin + 10, note)
    book.para("二、保障措施", indent=False)
    path = tmp_path / "pingjiang.pdf"
    path.write_bytes(book.save())
    lines = read_pdf(path, path.read_bytes()).text.split("\n")
    assert text in lines  # one paragraph across the page break, the note not inside it
    assert lines[-1] == note and lines.count(note) == 1  # the note is read once, after the text
