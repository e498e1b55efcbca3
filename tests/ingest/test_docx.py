"""Word files as Word shows them: auto-numbered headings, heading styles, merged table cells,
text boxes, headers and footers, tracked changes, fields; and old .doc files by conversion."""

from __future__ import annotations

from pathlib import Path

import pytest

from wordfiles import WordFile

from ingest.loaders import load_document
from ingest.pipeline import parse_document

pytest.importorskip("docx")


def by_section(path: Path) -> dict[str, object]:
    return {c.section: c for c in parse_document(path, {}).clauses}


def heading_list(w: WordFile) -> str:
    """一、/（一）/1. as OA templates do it: levels 0-1 linked to Heading 1/2, level 2 used directly."""
    num = w.numbering(
        [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3."), ("decimal", "（%4）")],
        styles={0: "Heading1", 1: "Heading2"},
    )
    w.style_numbering("Heading 1", num)  # no ilvl: the level comes from the w:lvl linked to the style
    w.style_numbering("Heading 2", num, ilvl=1)
    return num


def test_auto_numbered_headings_become_the_clause_tree(tmp_path: Path) -> None:
    w = WordFile()
    num = heading_list(w)
    w.para("关于印发《某县医养结合工作方案》的通知")
    w.para("各乡镇人民政府：现将方案印发给你们，请认真贯彻执行。")
    w.para("总体要求", style="Heading 1")
    w.para("坚持以人民为中心。")
    w.para("工作目标", style="Heading 2")
    w.para("推广安宁疗护服务。到2027年，全县安宁疗护床位20张以上。", num=num, ilvl=2)
    w.para("建设医养结合机构。到2025年，建成3家。", num=num, ilvl=2)
    w.para("主要任务", style="Heading 1")
    w.para("优化服务体系", style="Heading 2")
    w.para("推进签约服务。", num=num, ilvl=2)
    w.para("保障措施", style="Heading 2", num="0")  # numId 0: the style's numbering switched off
    w.para("各部门要加强组织领导，压实工作责任。")
    path = w.save(tmp_path / "plan.docx")

    text = load_document(path).text.split("\n")
    assert text[2:6] == ["一、总体要求", "坚持以人民为中心。", "（一）工作目标", "1. 推广安宁疗护服务。到2027年，全县安宁疗护床位20张以上。"]
    sections = by_section(path)
    assert list(sections) == ["", "一、", "一、（一）", "一、（一）1.", "一、（一）2.", "二、", "二、（一）",
                              "二、（一）1.", "二、保障措施"]  # fmt: skip
    assert sections["一、（一）2."].headings == ("一、总体要求", "（一）工作目标", "2. 建设医养结合机构。")
    assert sections["二、（一）1."].text == "1. 推进签约服务。"  # 1. restarts under the new 二、
    guarantee = sections["二、保障措施"]
    assert guarantee.headings == ("二、主要任务", "保障措施") and "压实工作责任" in guarantee.text
    assert "关于印发" in sections[""].text


def test_heading_styles_without_numbers_open_sections_and_the_styled_title_stays_in_the_preamble(tmp_path: Path) -> None:
    w = WordFile()
    w.para("关于推进医养结合发展的实施意见", style="Heading 1")  # the title, styled as a heading
    w.para("为贯彻落实国家部署，制定本意见。")
    w.para("总体要求", style="Heading 2")
    w.para("到2025年，医养结合服务网络基本建立。")
    w.para("重点任务", style="Heading 2")
    w.para("发展居家社区医养结合服务", outline=2)  # w:outlineLvl 2 = level 3, on the paragraph itself
    w.para("支持医疗机构开展上门服务。")
    w.para("保障措施", style="Heading 2")
    w.para("加强组织领导。")
    sections = by_section(w.save(tmp_path / "opinion.docx"))
    assert list(sections) == ["", "总体要求", "重点任务", "重点任务 发展居家社区医养结合服务", "保障措施"]
    assert "实施意见" in sections[""].text and "加强组织领导" in sections["保障措施"].text
    assert sections["重点任务"].kind == "heading"
    assert "上门服务" in sections["重点任务 发展居家社区医养结合服务"].text


def test_numbering_counts_like_word(tmp_path: Path) -> None:
    w = WordFile()
    cn = w.numbering([("chineseCounting", "%1、")])
    for i in range(11):
        w.para(f"任务{i + 1}", num=cn)
    same_list = w.numbering([], abstract=w.abstract_of(cn))  # a second numId of the same list continues
    w.para("任务12", num=same_list)
    restarted = w.numbering([], abstract=w.abstract_of(cn), start_override={0: 1})
    w.para("新的一组", num=restarted)
    legal = w.numbering([("chineseCounting", "%1、"), ("decimal", "%1.%2"), ("decimal", "%1.%2.%3")], legal=(2,))
    w.para("顶层", num=legal)
    w.para("两级编号", num=legal, ilvl=1)
    w.para("法律式编号", num=legal, ilvl=2)
    w.para("圈码", num=w.numbering([("decimalEnclosedCircle", "%1")], starts={0: 3}))
    w.para("天干", num=w.numbering([("ideographTraditional", "%1、")], starts={0: 2}))
    w.para("紧排", num=w.numbering([("decimal", "（%1）")], suffix="nothing"))
    w.para("项目符号", num=w.numbering([("bullet", "\uf0b7")]))
    w.para("不编号", num=w.numbering([("none", "")]))
    lines = load_document(w.save(tmp_path / "n.docx")).text.split("\n")
    assert lines[9:12] == ["十、任务10", "十一、任务11", "十二、任务12"]
    assert lines[12:] == ["一、新的一组", "一、顶层", "一.1 两级编号", "1.1.1 法律式编号", "③ 圈码", "乙、天干", "（1）紧排", "• 项目符号", "不编号"]


def task_table(w: WordFile) -> None:
    """序号 auto-numbered, 类别 merged down, 责任单位 over 牵头单位 / 配合单位, header merged down."""
    serial = w.numbering([("decimal", "%1")])
    table = w.doc.add_table(rows=5, cols=6)
    for c, name in enumerate(("序号", "类别", "工作任务", "责任单位", None, "完成时限")):
        if name:
            table.cell(0, c).text = name
    table.cell(1, 3).text, table.cell(1, 4).text = "牵头单位", "配合单位"
    rows = [
        ("服务体系", "建设县级医养结合服务指导中心", "县卫生健康局", "县民政局", "2025年底"),
        (None, "推进医疗机构与养老机构签约合作", "县民政局", "县卫生健康局\n县医保局", "2026年6月"),
        ("服务能力", "开展老年医学人才培训", "县人力社保局", "", "长期坚持"),
    ]
    for r, values in enumerate(rows, 2):
        w.para(cell=table.cell(r, 0), num=serial)
        for c, value in enumerate(values, 1):
            for k, line in enumerate((value or "").split("\n")):
                w.para(line, cell=table.cell(r, c)) if k else setattr(table.cell(r, c), "text", line)
    for c in (0, 1, 2, 5):
        table.cell(0, c).merge(table.cell(1, c))
    table.cell(0, 3).merge(table.cell(0, 4))
    table.cell(2, 1).merge(table.cell(3, 1))


def test_task_table_rows_read_with_merged_header_and_category(tmp_path: Path) -> None:
    w = WordFile()
    w.para("三、重点任务")
    w.para("重点任务清单")
    task_table(w)
    w.para("四、保障措施")
    rows = [c for c in parse_document(w.save(tmp_path / "tasks.docx"), {}).clauses if c.kind == "table_row"]
    assert [r.section for r in rows] == ["三、重点任务清单 1", "三、重点任务清单 2", "三、重点任务清单 3"]
    second = rows[1].columns
    assert second == {
        "序号": "2",
        "类别": "服务体系",  # carried down from the merged cell above
        "工作任务": "推进医疗机构与养老机构签约合作",
        "责任单位·牵头单位": "县民政局",
        "责任单位·配合单位": "县卫生健康局\n县医保局",
        "完成时限": "2026年6月",
    }
    assert rows[2].columns["类别"] == "服务能力" and rows[0].columns["责任单位·牵头单位"] == "县卫生健康局"


def test_target_table_with_a_two_row_year_header(tmp_path: Path) -> None:
    w = WordFile()
    w.para("一、主要指标")
    table = w.doc.add_table(rows=3, cols=4)
    for (r, c), value in {(0, 0): "指标名称", (0, 1): "目标值", (1, 1): "2025年", (1, 2): "2027年", (0, 3): "属性",
                          (2, 0): "安宁疗护床位（张）", (2, 1): "10", (2, 2): "20", (2, 3): "预期性"}.items():  # fmt: skip
        table.cell(r, c).text = value
    table.cell(0, 1).merge(table.cell(0, 2))
    table.cell(0, 0).merge(table.cell(1, 0))
    table.cell(0, 3).merge(table.cell(1, 3))
    w.para("二、保障措施")
    rows = [c for c in parse_document(w.save(tmp_path / "targets.docx"), {}).clauses if c.kind == "table_row"]
    assert len(rows) == 1
    assert rows[0].columns == {"指标名称": "安宁疗护床位（张）", "目标值·2025年": "10", "目标值·2027年": "20", "属性": "预期性"}


def test_headers_footers_are_left_out_and_a_text_box_is_read_once(tmp_path: Path) -> None:
    w = WordFile()
    section = w.doc.sections[0]
    section.header.paragraphs[0].text = "某县人民政府办公室文件  某府办发〔2024〕12号"
    section.footer.paragraphs[0].text = "第 1 页 共 3 页 内部资料"
    anchor = w.para()
    w.text_box(anchor, ["某县卫生健康局", "2024年3月1日"])
    w.para("一、总体要求")
    w.para("坚持医养结合。")
    path = w.save(tmp_path / "boxed.docx")
    loaded = load_document(path)
    assert loaded.text.count("某县卫生健康局") == 1 and loaded.meta == {"doc_number": "某府办发〔2024〕12号"}
    parsed = parse_document(path, {})
    assert parsed.meta.doc_number == "某府办发〔2024〕12号"  # only the page header carries it
    everything = "\n".join(c.text for c in parsed.clauses)
    assert "内部资料" not in everything and "某府办发" not in everything
    assert everything.count("2024年3月1日") == 1


def test_tracked_changes_fields_and_soft_breaks_read_as_displayed(tmp_path: Path) -> None:
    w = WordFile()
    title = w.para("关于印发《某县医养结合")
    w.raw(title, "<w:r><w:br/><w:t>工作方案》的通知</w:t></w:r>")
    p = w.para("到2025年，床位")
    w.raw(p, '<w:del w:id="1" w:author="a"><w:r><w:delText>15</w:delText></w:r></w:del>'
             '<w:ins w:id="2" w:author="a"><w:r><w:t>20</w:t></w:r></w:ins><w:r><w:t>张</w:t></w:r>')  # fmt: skip
    f = w.para("见第")
    w.raw(f, '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGEREF _Toc1 \\h </w:instrText></w:r>'
             '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>'
             '<w:r><w:fldChar w:fldCharType="end"/></w:r><w:r><w:t>页</w:t></w:r>')  # fmt: skip
    hidden = w.para("公开")
    w.raw(hidden, '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（内部备注）</w:t></w:r>'
                  "<w:r><w:ruby><w:rt><w:r><w:t>yǎng</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>养</w:t></w:r></w:rubyBase>"
                  "</w:ruby></w:r>")  # fmt: skip
    signature = w.para("某县卫生健康局")
    w.raw(signature, "<w:r><w:br/><w:t>某县民政局</w:t><w:br/><w:t>2025年2月26日</w:t></w:r>")
    assert load_document(w.save(tmp_path / "tracked.docx")).text.split("\n") == [
        "关于印发《某县医养结合工作方案》的通知", "到2025年，床位20张", "见第3页", "公开养",
        "某县卫生健康局", "某县民政局", "2025年2月26日"]  # fmt: skip


def test_nested_table_and_caption_rows(tmp_path: Path) -> None:
    w = WordFile()
    table = w.doc.add_table(rows=4, cols=2)
    table.cell(0, 0).merge(table.cell(0, 1)).text = "附表 重点项目"
    table.cell(1, 0).text, table.cell(1, 1).text = "项目", "内容"
    table.cell(2, 0).text = "医养中心"
    inner = table.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "床位", "200张"
    table.cell(3, 0).merge(table.cell(3, 1)).text = "注：以上项目由县发展改革局统筹。"
    frame = w.doc.add_table(rows=1, cols=1).cell(0, 0)  # a boxed notice: text, not data
    frame.text = "温馨提示"
    frame.add_paragraph("咨询电话：12345")
    layout = w.doc.add_table(rows=1, cols=2)
    layout.cell(0, 0).text, layout.cell(0, 1).text = "某府办发〔2024〕12号", "签发人：张三"
    lines = load_document(w.save(tmp_path / "nested.docx")).text.split("\n")
    assert lines == ["附表 重点项目", "\t项目", "\t内容", "", "\t医养中心", "\t床位 200张", "",
                     "注：以上项目由县发展改革局统筹。", "温馨提示", "咨询电话：12345", "某府办发〔2024〕12号", "签发人：张三"]  # fmt: skip


def test_number_formats_and_level_restarts_follow_word() -> None:
    from ingest.readers.docx_numbering import Level, ListNumbering, format_number

    assert [format_number(n, "chineseCounting") for n in (10, 11, 20, 99, 100)] == ["十", "十一", "二十", "九十九", "一〇〇"]
    assert [format_number(n, "chineseCountingThousand") for n in (100, 101, 110)] == ["一百", "一百〇一", "一百一十"]
    assert [format_number(n, "upperLetter") for n in (2, 27)] == ["B", "AA"] and format_number(21, "decimalEnclosedCircle") == "21"
    levels = {0: Level(fmt="chineseCounting", text="%1、"), 1: Level(text="%2.", restart=0)}  # level 2 never restarts
    numbering = ListNumbering(abstract={"a": levels}, nums={"1": ("a", {})})
    assert [numbering.marker("1", lvl) for lvl in (0, 1, 1, 0, 1)] == ["一、", "1.", "2.", "二、", "3."]


def test_body_embedded_as_a_web_page_chunk_is_read(tmp_path: Path) -> None:
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = WordFile()
    w.para("关于印发某县医养结合方案的通知")
    html = ("<html><body><p>一、总体要求</p><p>到2025年，建成医养结合机构3家，床位数达到500张以上。</p>"
            "<table><tr><td>序号</td><td>任务</td></tr><tr><td>1</td><td>建设服务中心</td></tr></table>"
            "</body></html>").encode("utf-8")  # fmt: skip
    part = Part(PackURI("/word/chunk1.html"), "text/html", html, w.doc.part.package)
    rid = w.doc.part.relate_to(part, RT.A_F_CHUNK)
    w.doc.element.body.insert(1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    doc = parse_document(w.save(tmp_path / "chunk.docx"), {})
    assert [c.section for c in doc.clauses if c.kind != "table_row"] == ["", "一、"]
    assert "床位数达到500张" in doc.clauses[1].text
    assert [c.columns for c in doc.clauses if c.kind == "table_row"] == [{"序号": "1", "任务": "建设服务中心"}]


def test_strict_open_xml_is_refused_with_what_to_do(tmp_path: Path) -> None:
    import zipfile

    from ingest.loaders import LoadError

    w = WordFile()
    w.para("一、总体要求")
    plain = w.save(tmp_path / "plain.docx")
    strict = tmp_path / "strict.docx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(strict, "w") as dst:
        for item in src.infolist():  # the namespaces ISO 29500 Strict uses instead
            data = src.read(item).replace(b"schemas.openxmlformats.org/wordprocessingml/2006/main",
                                          b"purl.oclc.org/ooxml/wordprocessingml/main")
            dst.writestr(item, data.replace(b"schemas.openxmlformats.org/officeDocument/2006/relationships",
                                            b"purl.oclc.org/ooxml/officeDocument/relationships"))  # fmt: skip
    with pytest.raises(LoadError, match="Strict Open XML.*另存为"):
        load_document(strict)


def test_localized_heading_style_names_give_the_level(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    w = WordFile()
    w.doc.styles.add_style("标题 3", WD_STYLE_TYPE.PARAGRAPH)  # a WPS-style name, no w:outlineLvl
    w.doc.styles.add_style("正文缩进", WD_STYLE_TYPE.PARAGRAPH).base_style = w.doc.styles["标题 3"]
    w.para("一、主要任务", style="Heading 1")
    w.para("医疗服务", style="标题 3")
    w.para("开展上门服务。")
    w.para("康复护理", style="正文缩进")  # inherits the heading level through basedOn
    w.para("建设康复中心。")
    loaded = load_document(w.save(tmp_path / "styles.docx"))
    assert [lvl for _, lvl in loaded.outline] == [1, 3, 3]
    assert list(by_section(tmp_path / "styles.docx")) == ["一、", "一、医疗服务", "一、康复护理"]


def test_a_style_that_sets_only_the_level_inherits_the_list_of_its_base_style(tmp_path: Path) -> None:
    from docx.enum.style import WD_STYLE_TYPE

    w = WordFile()
    num = w.numbering([("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    w.doc.styles.add_style("标题 1", WD_STYLE_TYPE.PARAGRAPH)
    w.doc.styles.add_style("标题 2", WD_STYLE_TYPE.PARAGRAPH).base_style = w.doc.styles["标题 1"]
    w.style_numbering("标题 1", num, ilvl=0)
    w.style_numbering("标题 2", None, ilvl=1)  # numId comes from 标题 1, the level from 标题 2
    for text, style in (("总体要求", "标题 1"), ("指导思想", "标题 2"), ("工作目标", "标题 2"), ("主要任务", "标题 1")):
        w.para(text, style=style)
    assert load_document(w.save(tmp_path / "based.docx")).text.split("\n") == [
        "一、总体要求", "（一）指导思想", "（二）工作目标", "二、主要任务"]  # fmt: skip


def test_a_nested_table_with_a_header_row_names_each_cell(tmp_path: Path) -> None:
    w = WordFile()
    table = w.doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "重点任务", "具体内容"
    table.cell(1, 0).text = "两院一体建设"
    cell = table.cell(1, 1)
    cell.text = "合计新增医养床位32张（分镇任务见下表）"
    inner = cell.add_table(rows=3, cols=3)
    for r, row in enumerate((("乡镇", "新增医养床位（张）", "实施主体"), ("中台镇", "20", "中台镇卫生院"),
                             ("什字镇", "12", "什字镇中心卫生院"))):
        for c, text in enumerate(row):
            inner.cell(r, c).text = text
    text = load_document(w.save(tmp_path / "nested_header.docx")).text
    assert "乡镇 什字镇，新增医养床位（张） 12，实施主体 什字镇中心卫生院" in text


def form_guide(w: WordFile) -> None:
    """A 办事指南 laid out as one form table: label | content (| label | content) rows, section rows
    across the table, and a materials list inside it with its own header row."""
    w.para("莒南县养老机构内设护理站备案办事指南")
    rows = [["一、基本信息"], ["事项名称", "养老机构内设护理站备案"], ["实施主体", "莒南县卫生健康局", "是否收费", "☐是　☑否"],
            ["法定办结时限", "5个工作日", "承诺办结时限", "当场办结"], ["二、申请材料"], ["序号", "材料名称", "数量", "说明"],
            ["1", "护理站备案表", "原件1份", "必要"], ["2", "护士执业证书", "复印件2份", "必要；至少2名"],
            ["三、办理地点"], ["办理地点", "莒南县政务服务中心三楼卫健窗口"], ["咨询电话", "0539-7211234"]]
    table = w.doc.add_table(rows=len(rows), cols=4)
    for r, cells in enumerate(rows):
        if len(cells) == 1:
            table.cell(r, 0).merge(table.cell(r, 3))
            table.cell(r, 0).text = cells[0]
        elif len(cells) == 2:
            table.cell(r, 1).merge(table.cell(r, 3))
            table.cell(r, 0).text, table.cell(r, 1).text = cells
        else:
            for c, text in enumerate(cells):
                table.cell(r, c).text = text


def test_a_form_table_is_read_as_labelled_paragraphs_under_its_section_rows(tmp_path: Path) -> None:
    w = WordFile()
    form_guide(w)
    path = w.save(tmp_path / "junan_guide.docx")
    lines = load_document(path).text.split("\n")
    assert "是否收费：☐是　☑否" in lines and "承诺办结时限：当场办结" in lines
    assert "办理地点：莒南县政务服务中心三楼卫健窗口" in lines
    assert lines.count("事项名称：养老机构内设护理站备案") == 1  # a spanned cell is read once
    parsed = parse_document(path, {})
    rows = [c for c in parsed.clauses if c.kind == "table_row"]
    assert [r.columns.get("材料名称") for r in rows] == ["护理站备案表", "护士执业证书"]  # the list inside stays a table
    where = next(c for c in parsed.clauses if "政务服务中心" in c.text)
    assert where.section.startswith("三、") and where.kind != "table_row"
