"""compose() on synthetic glyph pages: the contract the PDF and OCR readers both rely on."""

from __future__ import annotations

import pytest

from ingest.readers.furniture import is_page_number
from ingest.readers.geometry import Glyph, PageLayout, compose

W, H = 595.0, 842.0
LEFT, RIGHT = 72.0, 528.0  # a 38-character CJK text block at 12 pt


def line(text: str, x: float, y: float, size: float = 12.0) -> list[Glyph]:
    """Glyphs of ``text`` drawn from ``x`` at top ``y``: CJK one em wide, ASCII half."""
    out = []
    for ch in text:
        w = size / 2 if ch.isascii() else size
        out.append(Glyph(ch, x, y, x + w, y + size))
        x += w
    return out


def body(paragraphs: list[str], y: float = 100.0) -> tuple[list[Glyph], float]:
    """Paragraphs wrapped at 38 characters, first lines indented by two full-width spaces."""
    glyphs: list[Glyph] = []
    for p in paragraphs:
        text = "\u3000\u3000" + p
        for i in range(0, len(text), 38):
            glyphs += line(text[i : i + 38], LEFT, y)
            y += 20
    return glyphs, y


def test_paragraphs_indented_with_full_width_spaces_are_told_apart() -> None:
    first = "医养结合机构应当与周边医疗卫生机构签订合作协议，协议有效期一般不少于三年，明确巡诊、急诊急救和转诊服务内容。"
    second = "养老机构可以内设医务室或者护理站，内设医务室、护理站的，向区卫生健康委备案，不再办理设置审批手续。"
    glyphs, _ = body([first, second, first])
    assert compose([PageLayout(1, W, H, glyphs)]).text.split("\n") == [first, second, first]


def test_latin_words_across_a_line_break_get_one_space() -> None:
    words = "The plan covers home visits, day care, rehabilitation and nursing for older people in every town".split()
    first = " ".join(words[:12])  # 75 half-width characters: the 456 pt text block less one
    glyphs = line(first, LEFT, 100) + line(" ".join(words[12:]) + ".", LEFT, 120)
    filler, _ = body(["医养结合机构应当与周边医疗卫生机构签订合作协议，协议有效期一般不少于三年，明确巡诊、急诊急救和转诊服务内容。" * 2], 160)
    e = compose([PageLayout(1, W, H, glyphs + filler)])
    assert len(first) == 75 and e.text.split("\n")[0] == " ".join(words) + "."
    joint = len(first)
    assert e.boxes[joint] is None and e.boxes[joint - 1] is not None


def test_running_header_goes_but_attachment_labels_at_the_top_of_pages_stay() -> None:
    pages = []
    for n in range(1, 5):
        glyphs = line("某县卫生健康委员会文件", 230, 40, 10.5) + line(f"— {n} —", 280, 800, 10.5)
        if n in (2, 4):
            glyphs += line(f"附件{n // 2}", LEFT, 72)
        glyphs += line(f"第{n}页的正文。", LEFT + 24, 100)
        pages.append(PageLayout(n, W, H, glyphs))
    assert compose(pages).text.split("\n") == ["第1页的正文。", "附件1", "第2页的正文。", "第3页的正文。", "附件2", "第4页的正文。"]


@pytest.mark.parametrize("text", ["— 3 —", "-3-", "- 3 -", "3", "第3页 共9页", "第 3 页", "3/9", "－１２－", "Page 3 of 9"])
def test_page_number_forms(text: str) -> None:
    assert is_page_number(text)


@pytest.mark.parametrize("text", ["一、总则", "2025年", "3.5", "附件1", "第三条"])
def test_not_page_numbers(text: str) -> None:
    assert not is_page_number(text)


def test_an_ocr_line_given_as_one_glyph_is_split_evenly_into_character_boxes() -> None:
    e = compose([PageLayout(1, W, H, [Glyph("医养结合", 100, 100, 148, 112)])], encoding="ocr")
    assert e.text == "医养结合" and e.encoding == "ocr"
    assert [(b.x0, b.x1) for b in e.boxes] == [(100, 112), (112, 124), (124, 136), (136, 148)]


def grid(xs: list[float], ys: list[float]) -> list[tuple[float, float, float, float]]:
    return [(xs[0], y, xs[-1], y) for y in ys] + [(x, ys[0], x, ys[-1]) for x in xs]


def cell_glyphs(rows: list[list[str]], xs: list[float], ys: list[float]) -> list[Glyph]:
    return [g for r, row in enumerate(rows) for c, text in enumerate(row) for g in line(text, xs[c] + 4, ys[r] + 4)]


def test_a_row_cut_by_the_page_break_is_joined_back_and_the_repeated_header_dropped() -> None:
    xs = [LEFT, 122, 400, RIGHT]
    ys1 = [700, 720, 740, 760, 780]
    page1 = [["序号", "工作任务", "责任单位"], ["1", "建立签约服务机制", "县卫生健康委"], ["2", "开展上门巡诊服务", "县卫生健康委"], ["3", "建设区级医养结合", "县民政局"]]
    ys2 = [72, 92, 112, 132]
    page2 = [["序号", "工作任务", "责任单位"], ["", "信息平台", ""], ["4", "开展护理员培训", "县人力社保局"]]
    pages = [
        PageLayout(1, W, H, cell_glyphs(page1, xs, ys1), grid(xs, ys1)),
        PageLayout(2, W, H, cell_glyphs(page2, xs, ys2), grid(xs, ys2)),
    ]
    e = compose(pages)
    rows = [r.split("\n") for r in e.text.split("\n\n")]
    assert rows == [
        ["\t序号", "\t工作任务", "\t责任单位"],
        ["\t1", "\t建立签约服务机制", "\t县卫生健康委"],
        ["\t2", "\t开展上门巡诊服务", "\t县卫生健康委"],
        ["\t3", "\t建设区级医养结合信息平台", "\t县民政局"],
        ["\t4", "\t开展护理员培训", "\t县人力社保局"],
    ]
    assert e.page_of(e.text.index("信息平台")) == 2 and e.page_of(e.text.index("建设区级")) == 1


def centred(text: str, y: float, size: float = 12.0) -> list[Glyph]:
    width = sum(size / 2 if ch.isascii() else size for ch in text)
    return line(text, (LEFT + RIGHT - width) / 2, y, size)


def test_a_wrapped_title_joins_but_centred_signature_lines_stay_apart() -> None:
    glyphs = centred("关于印发《某县推进医养结合高质量发展", 72) + centred("三年行动方案》的通知", 92)
    filler, y = body(["医养结合机构应当与周边医疗卫生机构签订合作协议，协议有效期一般不少于三年，明确巡诊、急诊急救和转诊服务内容。"], 130)
    glyphs += filler + centred("某县卫生健康委员会", y + 20) + centred("2024年6月7日", y + 40)
    lines = compose([PageLayout(1, W, H, glyphs)]).text.split("\n")
    assert lines[0] == "关于印发《某县推进医养结合高质量发展三年行动方案》的通知"
    assert lines[-2:] == ["某县卫生健康委员会", "2024年6月7日"]


def test_unindented_paragraphs_are_told_apart_by_the_space_between_them() -> None:
    glyphs: list[Glyph] = []
    y = 100.0
    texts = ["医养结合机构应当与周边医疗卫生机构签订合作协议，协议有效期一般不少于三年，明确巡诊、急诊急救和转诊服务内容。" * 2, "养老机构可以内设医务室或者护理站，向区卫生健康委备案，不再办理设置审批手续，并接受卫生健康部门的监督管理。"]
    for text in texts:
        text = text[: len(text) // 38 * 38]  # whole lines only: every line reaches the margin
        for i in range(0, len(text), 38):
            glyphs += line(text[i : i + 38], LEFT, y)
            y += 20
        y += 6  # 段后 0.5 行
    assert compose([PageLayout(1, W, H, glyphs)]).text.split("\n") == [t[: len(t) // 38 * 38] for t in texts]


def test_a_one_row_grid_lays_text_out_and_is_read_as_plain_lines() -> None:
    xs, ys = [LEFT, 300, RIGHT], [100, 124]
    glyphs = cell_glyphs([["长寿卫发〔2024〕52号", "签发人：张三"]], xs, ys) + line("一、总体要求", LEFT, 150)
    assert compose([PageLayout(1, W, H, glyphs, grid(xs, ys))]).text.split("\n") == ["长寿卫发〔2024〕52号", "签发人：张三", "一、总体要求"]


def test_a_two_row_header_repeated_on_the_next_page_is_dropped_whole() -> None:
    xs = [LEFT, 122, 400, RIGHT]
    header = [["序号", "指标", "目标值"], ["", "", "2025年"]]
    ys1, ys2 = [700, 720, 740, 760, 780], [72, 92, 112, 132]
    pages = [
        PageLayout(1, W, H, cell_glyphs(header + [["1", "护理型床位占比（%）", "55"], ["2", "家庭病床（张）", "300"]], xs, ys1), grid(xs, ys1)),
        PageLayout(2, W, H, cell_glyphs(header + [["3", "安宁疗护床位（张）", "20"]], xs, ys2), grid(xs, ys2)),
    ]
    rows = [r.split("\n") for r in compose(pages).text.split("\n\n")]
    assert [r[0] for r in rows] == ["\t序号", "\t", "\t1", "\t2", "\t3"]


def test_title_row_is_a_line_above_and_a_cell_across_columns_repeats_under_each() -> None:
    xs, ys = [LEFT, 122, 400, RIGHT], [100, 124, 148, 172, 196]
    rules = [(xs[0], y, xs[-1], y) for y in ys]
    rules += [(xs[0], ys[0], xs[0], ys[-1]), (xs[-1], ys[0], xs[-1], ys[-1])]
    rules += [(xs[1], ys[1], xs[1], ys[3]), (xs[2], ys[1], xs[2], ys[-1])]  # no inner rules in the title row; 合计 spans 2 columns
    glyphs = line("主要指标", 260, ys[0] + 4) + cell_glyphs([[], ["序号", "指标", "2025年"], ["1", "护理型床位占比（%）", "55"]], xs, ys)
    glyphs += line("合计", LEFT + 4, ys[3] + 4) + line("55", xs[2] + 4, ys[3] + 4)
    e = compose([PageLayout(1, W, H, glyphs, rules)])
    assert e.text.split("\n") == [
        "主要指标",
        "\t序号", "\t指标", "\t2025年", "",
        "\t1", "\t护理型床位占比（%）", "\t55", "",
        "\t合计", "\t合计", "\t55",
    ]  # fmt: skip


def test_two_lines_set_close_are_not_read_as_one() -> None:
    """Stacked issuer names of a joint 红头 (左权县民政局 over 左权县财政局), tilted on a phone photo so
    that they overlap vertically: characters at the same place belong to different lines."""
    from ingest.readers.geometry import Glyph
    from ingest.readers.glyph_lines import group_lines

    upper = [Glyph(ch, 10 + 20 * i, 10 + 0.8 * i, 30 + 20 * i, 30 + 0.8 * i) for i, ch in enumerate("左权县民政局")]
    lower = [Glyph(ch, 10 + 20 * i, 22 + 0.8 * i, 30 + 20 * i, 42 + 0.8 * i) for i, ch in enumerate("左权县财政局")]
    assert [ln.text for ln in group_lines(upper + lower, page=1)] == ["左权县民政局", "左权县财政局"]
    side_by_side = [Glyph(ch, 10 + 20 * i, 10, 30 + 20 * i, 30) for i, ch in enumerate("医养结合")]
    assert [ln.text for ln in group_lines(side_by_side, page=1)] == ["医养结合"]


def test_a_curved_scan_line_of_a_taller_box_continues_its_paragraph_but_a_larger_heading_does_not() -> None:
    """A line photographed on a curved page has a taller box than its neighbours (an OCR line's box
    is its height); its characters are as wide as theirs, so the font is the same."""
    text = "医养结合机构应当与周边医疗卫生机构签订合作协议，协议有效期一般不少于三年，明确巡诊急救"
    first = [Glyph(g.text, g.x0, g.top - 3, g.x1, g.bottom + 3) for g in line(text[:38], LEFT, 100)]  # 18 high
    second = line(text[38:], LEFT, 124)
    heading = line("二、保障措施", LEFT, 150, size=16)
    after = line("各单位要加强组织领导。", LEFT, 178)
    lines = compose([PageLayout(1, W, H, first + second + heading + after)]).text.split("\n")
    assert lines == [text, "二、保障措施", "各单位要加强组织领导。"]


def test_a_long_running_header_is_dropped_on_landscape_pages_where_it_sits_elsewhere() -> None:
    from ingest.readers.furniture import strip_furniture
    from ingest.readers.glyph_lines import TextLine

    def text_line(text: str, y: float, page: int) -> TextLine:
        return TextLine(line(text, LEFT, y), page)

    header = "罗田县人民政府办公室 罗政办发〔2025〕19号"
    pages = [[text_line(header, 40, 1), text_line("一、总体要求", 100, 1), text_line("坚持政府引导。", 130, 1)],
             [text_line(header, 40, 2), text_line("二、主要指标", 100, 2)],
             [text_line(header, 22, 3), text_line("附件", 60, 3)]]  # landscape: 595 high, header higher up
    kept = strip_furniture(pages, [842, 842, 595])
    assert [[ln.text for ln in p] for p in kept] == [["一、总体要求", "坚持政府引导。"], ["二、主要指标"], ["附件"]]
    short = strip_furniture([[text_line("总则", 40, 1)], [text_line("总则", 22, 2)], [text_line("附则", 40, 3)]],
                            [842, 595, 842])
    assert [ln.text for p in short for ln in p] == ["总则", "总则", "附则"]  # a short line must sit at the same height
