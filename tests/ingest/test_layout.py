"""Reflow: PDF breaks joined, furniture dropped, every display character traced to the file."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.layout import reflow

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
SEEDS = sorted(DOCS.glob("*.txt"))


def _seed(prefix: str) -> str:
    return next(p for p in SEEDS if p.name.startswith(prefix)).read_text(encoding="utf-8")


def _line_with(text: str, needle: str) -> str:
    return next(line for line in text.split("\n") if needle in line)


def _assert_origin(original: str, r) -> None:
    assert len(r.text) == len(r.origin)
    assert all(a < b for a, b in zip(r.origin, r.origin[1:]))
    for ch, o in zip(r.text, r.origin):
        assert 0 <= o < len(original)
        assert ch == original[o] or (ch in " \n" and original[o] == "\n")


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.name[:3])
def test_origin_map_is_exact_on_every_seed(path: Path) -> None:
    original = path.read_text(encoding="utf-8")
    _assert_origin(original, reflow(original))


def test_pdf_lines_joined_inside_sentences_and_responsibility_notes() -> None:
    text = reflow(_seed("004")).text
    line = _line_with(text, "(一)推进居家社区医养结合设施建设")
    assert "〔责任单位:省卫健委、民政厅牵头" in line
    assert line.endswith("不再列出〕")
    assert "服务机构 (敬老院)" in line
    # a sentence that ends at the right margin does not end the paragraph
    assert "五年内继续按原用途和权利类型使用土地.完善土地支持政策" in _line_with(text, "(十)盘活土地资源")
    # a responsibility note on its own line joins the clause it closes
    assert _line_with(text, "(六)开展养老服务机构").endswith("(责任单位:省卫健委、民政厅按职责分工落实)")


def test_pdf_titles_in_guillemets_joined_and_headings_kept_apart() -> None:
    lines = reflow(_seed("004")).text.split("\n")
    assert "福建省卫生健康委员会等十一部门印发«关于进一步推进医养结合发展的实施方案»的通知" in lines
    assert "一、大力发展居家社区医养结合服务" in lines
    assert lines[-1] == "福建省卫生健康委员会办公室 ２０２２年１２月１３日印发"


def test_spaced_out_issuer_names_collapsed() -> None:
    assert "福建省教育厅" in reflow(_seed("004")).text.split("\n")
    assert "巫溪县民政局 巫溪县财政局" in reflow(_seed("002")).text.split("\n")
    assert "联系人：吴刚、张志强" in reflow(_seed("003")).text


def test_word_broken_across_blank_line_is_joined() -> None:
    text = reflow(_seed("000")).text
    assert "监管由卫生健康行政部门牵头负责" in text


def test_full_width_digits_kept() -> None:
    assert "闽卫老龄 〔２０２２〕１３５号" in reflow(_seed("004")).text


def test_web_furniture_dropped() -> None:
    text = reflow(_seed("001")).text
    assert "当前位置" not in text
    assert not text.endswith("h")
    assert text.split("\n")[0] == "关于印发南宁市武鸣区推进医疗卫生和养老服务相结合工作实施方案的通知"
    assert "南宁市武鸣区推进医疗卫生和养老服务相结合工作实施方案" in text.split("\n")


def test_wrapped_title_with_unclosed_book_mark_stops_at_prose() -> None:
    lines = reflow(_seed("002")).text.split("\n")
    assert "关于印发《巫溪县提升医养结合和老年健康服务能力行动方案（2023—2027年）的通知" in lines
    assert lines[lines.index("关于印发《巫溪县提升医养结合和老年健康服务能力行动方案（2023—2027年）的通知") + 1].startswith("各乡镇")


def test_heading_line_alone_keeps_its_break() -> None:
    lines = reflow(_seed("001")).text.split("\n")
    assert "(一)提高认识,加强组织领导" in lines
    assert "(一)加强规划布局,健全医养结合网络" in lines


def test_bullet_wrapped_mid_sentence_is_joined() -> None:
    assert "人均期望寿命2020年提高到77.3岁以上" in reflow(_seed("003")).text


def test_key_value_lines_stay_apart() -> None:
    lines = reflow(_seed("003")).text.split("\n")
    assert any(l.startswith("项目方向：") for l in lines)
    assert any(l.startswith("支撑项目：") for l in lines)


def test_table_cells_keep_their_lines() -> None:
    lines = reflow(_seed("002")).text.split("\n")
    i = lines.index("\t安宁疗护床位（张）")
    assert lines[i + 1 : i + 4] == ["\t0", "\t10", "\t20"]
    assert "\t" in lines  # an empty cell survives as a lone TAB


def test_page_numbers_dropped() -> None:
    original = "（一）加强组织领导。各地要把工作\n\n—3—\n\n落到实处。\n- 4 -\n12\n（二）加强督导。"
    r = reflow(original)
    assert r.text == "（一）加强组织领导。各地要把工作落到实处。\n（二）加强督导。"
    _assert_origin(original, r)


def test_span_maps_a_joined_range_back() -> None:
    original = "一、总则\n\n本办法自印发之日起施行，由卫生\n\n健康部门负责解释。"
    r = reflow(original)
    i = r.text.index("卫生健康")
    s, e = r.span(i, i + 4)
    assert original[s:e] == "卫生\n\n健康"
    assert r.span(0, 0) == (0, 0)
    assert r.span(len(r.text), len(r.text)) == (len(original), len(original))


def test_empty_and_blank_input() -> None:
    assert reflow("").text == ""
    assert reflow(" \n\n\xa0\n").text == ""


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["一、", "（一）", "(二)", "1.", "２．", "——", "\t", "\n", "\n\n", " ", "　", "。", ".", "，", ",",
             "《", "»", "附件：", "—3—", "责任单位:", "卫生", "健康", "福 建 省", "h", "\xa0", "：", "印发"]
        )
        | st.text(max_size=8)
    ).map("".join)
)
def test_reflow_never_raises_and_origin_indexes_the_original(original: str) -> None:
    r = reflow(original)
    _assert_origin(original, r)
    if r.text:
        s, e = r.span(0, len(r.text))
        assert 0 <= s < e <= len(original)
