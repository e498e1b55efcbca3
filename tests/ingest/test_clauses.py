"""The clause tree: section paths, headings, parts and offsets, on the seeds and invented texts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.schema import Clause
from ingest.clauses import format_tree, parse_clauses, parse_marker
from ingest.layout import reflow

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
SEEDS = sorted(DOCS.glob("*.txt"))


def _parse(prefix: str, max_chars: int = 400) -> tuple[str, list[Clause]]:
    path = next(p for p in SEEDS if p.name.startswith(prefix))
    original = path.read_text(encoding="utf-8")
    return original, parse_clauses(path.name, "方案", reflow(original), max_chars=max_chars)


def _whole(clauses: list[Clause], section: str) -> str:
    """All parts of a section's clause(s), rejoined."""
    parts = [c for c in clauses if c.section == section and c.kind != "table_row"]
    assert parts, f"no clause {section!r}; have {sorted({c.section for c in clauses})}"
    return "\n".join(c.text for c in sorted(parts, key=lambda c: c.part))


def _one(clauses: list[Clause], section: str) -> Clause:
    found = [c for c in clauses if c.section == section]
    assert found, f"no clause {section!r}"
    return found[0]


def _is_subsequence(needle: str, hay: str) -> bool:
    it = iter(hay)
    return all(ch in it for ch in needle)


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_offsets_cover_every_clause_of_every_seed(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    clauses = parse_clauses(path.name, "方案", reflow(original))
    assert clauses
    for c in clauses:
        assert 0 <= c.start < c.end <= len(original), c.section
        span = original[c.start : c.end]
        if c.kind == "table_row":
            own = {k: v for k, v in c.columns.items() if k != "分类"}  # 分类 is carried down from the group's first row
            assert all(_squash(v) in _squash(span) for v in own.values()), c.section
        else:
            assert _is_subsequence(_squash(c.text), _squash(span)), c.section
            assert span[0] == c.text[0] and span[-1] == c.text[-1], c.section


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_no_part_exceeds_max_chars_except_one_sentence_or_its_note(path: Path) -> None:
    _, clauses = _parse(path.name[:3], max_chars=200)
    for c in clauses:
        body = re.sub(r"[（(〔][^（(〔]*[）)〕]$", "", c.text)  # a responsibility note stays with its sentence
        if c.kind != "table_row" and len(body) > 200:
            assert "\n" not in body and not re.search(r"[。；;]", body[:-1]), (c.section, c.part)


def test_ids_are_unique_and_stable() -> None:
    _, a = _parse("000")
    _, b = _parse("000")
    assert [c.id for c in a] == [c.id for c in b]
    assert len({c.id for c in a}) == len(a)


# -- 002 巫溪县 -------------------------------------------------------------------------------
def test_002_item_5_under_its_parents() -> None:
    _, clauses = _parse("002")
    c = _one(clauses, "二、（一）5.")
    assert c.headings == ("二、主要任务", "（一）优化老年医疗服务体系。", "5. 推广安宁疗护服务。")
    assert "到2027年，全县安宁疗护床位20张以上" in c.text
    assert c.kind == "clause"


def test_002_full_width_and_spaced_dots_are_one_level() -> None:
    _, clauses = _parse("002")
    sections = [c.section for c in clauses]
    assert "二、（一）1." in sections and "二、（一）4." in sections
    assert "二、（五）15." in sections
    assert "三、（四）" in sections and _one(clauses, "二、（一）").kind == "heading"


# -- 001 武鸣区 -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "item,parent",
    [(1, "三、（一）"), (2, "三、（一）"), (3, "三、（二）"), (7, "三、（二）"), (8, "三、（三）"), (13, "三、（三）"),
     (14, "三、（四）"), (16, "三、（四）"), (17, "三、（五）"), (18, "三、（五）"), (19, "三、（五）"), (20, "三、（五）")],
)
def test_001_items_keep_their_parents_across_the_run(item: int, parent: str) -> None:
    _, clauses = _parse("001")
    c = _one(clauses, f"{parent}{item}.")
    assert c.text.startswith(f"{item}.")
    assert c.headings[0] == "三、重点任务" and c.headings[1].startswith(parent.replace("三、（", "(").replace("）", ")"))


def test_001_heading_alone_then_body_paragraph() -> None:
    _, clauses = _parse("001")
    assert "城区财政局要落实相关投入政策" in _whole(clauses, "四、（二）")
    first = _one(clauses, "四、（一）")
    assert first.text.startswith("(一)提高认识,加强组织领导\n为加强对医疗卫生与养老服务相结合工作的领导")
    assert first.headings == ("四、工作要求", "(一)提高认识,加强组织领导")
    assert _one(clauses, "三、（一）").kind == "heading"


def test_001_responsibility_note_not_split_at_its_semicolon() -> None:
    _, clauses = _parse("001")
    assert all(not c.text.startswith("配合单位") for c in clauses)
    assert "(牵头单位:城区人社局;配合单位:城区卫计局、民政局)" in _whole(clauses, "三、（五）17.")


def test_001_attachment_line_and_closing_furniture() -> None:
    _, clauses = _parse("001")
    att = [c for c in clauses if c.kind == "attachment"]
    assert [c.section for c in att] == ["附件"] and att[0].text.startswith("附件:南宁市武鸣区医养结合工作重点任务分工表")
    trailer = clauses[-1]
    assert trailer.kind == "preamble" and trailer.headings == ("版记",) and "20171013印发" in trailer.text
    assert clauses[0].kind == "preamble" and clauses[0].section == ""


# -- 000 涪陵 ---------------------------------------------------------------------------------
def test_000_clause_7_with_its_responsibility_note() -> None:
    _, clauses = _parse("000")
    text = _whole(clauses, "二、（七）")
    assert text.startswith("（七）加强医养结合信息化支撑。利用现有")
    assert text.endswith("（区卫生健康委、区民政局、区大数据发展局按职责分工负责，各乡镇人民政府、街道办事处负责）")
    assert _one(clauses, "二、（七）").headings == ("二、主要任务", "（七）加强医养结合信息化支撑。")


def test_000_numbering_that_runs_on_across_top_level_headings() -> None:
    _, clauses = _parse("000")
    assert "取消行政审批，实行备案管理" in _whole(clauses, "三、（十一）")
    assert _one(clauses, "三、（十一）").headings[0] == "三、保障措施"
    assert _one(clauses, "四、（二十二）").headings[0] == "四、组织实施"
    assert not any(c.section.startswith("二、（十一）") for c in clauses)


def test_000_unnumbered_paragraphs_continue_the_clause_above() -> None:
    _, clauses = _parse("000")
    sixteen = _whole(clauses, "三、（十六）")
    assert "扩大基本医疗保险定点范围" in sixteen and "支持商业保险机构大力发展医养保险" in sixteen
    eighteen = _whole(clauses, "三、（十八）")
    assert "支持开展上门服务。完善家庭医生签约服务保障激励机制" in eighteen
    assert eighteen.count("按职责分工负责") == 2


def test_000_preamble_and_goal_section() -> None:
    _, clauses = _parse("000")
    pre = [c for c in clauses if c.kind == "preamble" and c.headings == ()]
    assert "请遵照执行" in "".join(c.text for c in pre)
    assert all(c.section == "" for c in pre)
    assert "人均预期寿命达 78.5 岁" in _whole(clauses, "一、")


# -- 003 四川 ---------------------------------------------------------------------------------
def test_003_nursing_home_clause_and_target_bullet() -> None:
    _, clauses = _parse("003")
    c = _one(clauses, "四、（三）")
    assert c.text.startswith("（三）鼓励养老机构开展医疗卫生服务。")
    bullets = [c for c in clauses if c.section.startswith("二、（三）——")]
    hit = [b for b in bullets if "护理型床位" in b.text and "40%" in b.text]
    assert len(hit) == 1 and hit[0].section == "二、（三）——3"
    assert hit[0].headings[:2] == ("二、指导思想和发展目标", "（三）发展目标")
    assert "总体目标：到2020年" in _whole(clauses, "二、（三）")


def test_003_heading_line_alone_and_project_blocks() -> None:
    _, clauses = _parse("003")
    assert _one(clauses, "二、（一）").text.startswith("（一）指导思想\n全省医养结合工作要深入贯彻")
    block = _one(clauses, "四、（七）重点项目")
    assert block.kind == "clause" and block.headings[-1] == "重点项目"
    assert block.text.split("\n")[:2] == ["重点项目", "项目类型：中医药健康养老标准化建设，中医药健康养老信息化与大数据应用"]
    assert "重点项目" not in _whole(clauses, "四、（七）")
    assert len([c for c in clauses if c.section.endswith("重点项目")]) == 5
    assert [c.section for c in clauses if c.section.startswith("三、——")] == ["三、——1", "三、——2", "三、——3"]


# -- 004 福建 ---------------------------------------------------------------------------------
def test_004_first_clause_joined_across_pdf_lines() -> None:
    _, clauses = _parse("004")
    c = _one(clauses, "一、（一）")
    assert "\n" not in c.text
    assert "〔责任单位:省卫健委、民政厅牵头" in c.text
    assert c.headings == ("一、大力发展居家社区医养结合服务", "(一)推进居家社区医养结合设施建设.")


def test_004_last_clause_and_closing_line() -> None:
    _, clauses = _parse("004")
    body = [c for c in clauses if c.kind == "clause"]
    assert body[-1].section == "六、（十五）"
    assert _whole(clauses, "六、（十五）").endswith("消防救援总队按职责分工落实)")
    assert clauses[-1].kind == "preamble" and "印发" in clauses[-1].text
    assert len([c for c in clauses if c.kind == "heading"]) == 6


# -- invented documents -----------------------------------------------------------------------
ARTICLES = """某市养老服务条例
第一章 总则
第一条 为了规范养老服务，制定本条例。
第二条 本条例适用于本市行政区域内的养老服务活动。
（一）居家养老服务；
（二）社区养老服务。
第二章 服务供给
第三条 市民政部门负责统筹。
"""

COUNTY = """关于印发某县康养行动计划的通知
各乡镇：现将计划印发给你们。
某县康养行动计划
一、总体目标
到2030年，护理型床位占比达到60%。
二、重点工作
（一）完善服务网络
1、建设县级康养中心。由县民政局牵头。
（1）2026年完成选址；
（2）2028年建成运营。
2、推进村级服务点建设。
（二）加强人才保障
3、培训护理员500人次。
三、保障措施
加强资金保障。
"""


def test_invented_article_style_document() -> None:
    clauses = parse_clauses("x.txt", "条例", reflow(ARTICLES))
    sections = [c.section for c in clauses]
    assert sections == ["", "第一章", "第一章第一条", "第一章第二条", "第一章第二条（一）", "第一章第二条（二）", "第二章", "第二章第三条"]
    assert _one(clauses, "第一章第二条").kind == "clause"
    assert _one(clauses, "第二章").kind == "heading"


def test_invented_county_plan_with_four_levels() -> None:
    clauses = parse_clauses("y.txt", "计划", reflow(COUNTY))
    by = {c.section: c for c in clauses}
    assert by["二、（一）1."].headings == ("二、重点工作", "（一）完善服务网络", "1、建设县级康养中心。")
    assert by["二、（一）1.（2）"].text == "（2）2028年建成运营。"
    assert "二、（一）2." in by and "二、（二）3." in by
    assert by["三、"].text == "三、保障措施\n加强资金保障。"
    assert by[""].kind == "preamble" and "某县康养行动计划" in by[""].text


def test_unstructured_text_becomes_paragraphs() -> None:
    text = "关于做好老年人健康服务的通知\n各单位要高度重视。\n请于月底前报送情况。"
    clauses = parse_clauses("z.txt", "通知", reflow(text))
    assert [(c.section, c.kind) for c in clauses] == [("第1段", "paragraph"), ("第2段", "paragraph"), ("第3段", "paragraph")]


def test_long_clause_split_into_parts_with_same_path() -> None:
    text = "一、任务\n（一）加强保障。" + "各地要落实责任。" * 30 + "（市民政局负责）"
    clauses = parse_clauses("w.txt", "方案", reflow(text), max_chars=60)
    parts = [c for c in clauses if c.section == "一、（一）"]
    assert [c.part for c in parts] == list(range(1, len(parts) + 1)) and len(parts) > 3
    assert all(len(c.text) <= 60 for c in parts[:-1])
    assert parts[-1].text.endswith("各地要落实责任。（市民政局负责）")
    assert {c.headings for c in parts} == {("一、任务", "（一）加强保障。")}
    with pytest.raises(ValueError, match="max_chars"):
        parse_clauses("w.txt", "方案", reflow(text), max_chars=0)


def test_parse_marker_forms() -> None:
    assert [parse_marker(s).label for s in ["一、总", "(十二)x", "（二十）x", "1．x", "4. x", "12、x", "(3)x", "第十条 x", "——x"]] == [
        "一、", "（十二）", "（二十）", "1.", "4.", "12.", "（3）", "第十条", "——"]
    assert parse_marker("1.8万名护理员") is None and parse_marker("2020年提高到") is None and parse_marker("———") is None


def test_format_tree_indents_by_depth() -> None:
    _, clauses = _parse("002")
    tree = format_tree(clauses).split("\n")
    assert "二、  二、主要任务" in tree
    assert any(line.startswith("    二、（一）5.  5. 推广安宁疗护服务。") for line in tree)
    assert any(line.startswith("  一、主要指标 6  序号 6；") for line in tree)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["一、", "（一）", "(二)", "1.", "２．", "（1）", "第三条", "——", "\t", "\t1", "\n", "\n\n", " ", "。", ".",
             "；", "附件：", "附件", "重点项目", "项目类型：", "(牵头单位:甲;配合单位:乙)", "2022年12月13日印发",
             "送：", "卫生", "健康", "序号", "分类", "《", "h"]
        )
        | st.text(max_size=6)
    ).map("".join),
    st.integers(min_value=1, max_value=50),
)
def test_parse_never_raises_and_offsets_index_the_original(original: str, max_chars: int) -> None:
    clauses = parse_clauses("p.txt", "p", reflow(original), max_chars=max_chars)
    for c in clauses:
        assert 0 <= c.start < c.end <= len(original)
        assert c.text
