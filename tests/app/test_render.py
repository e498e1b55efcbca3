"""The chat renderer: structure (list, fold, table, groups), markers bound to citations, escaping."""

from __future__ import annotations

import re
from typing import Any

from web.answer_view import answer_view
from web.chat_markdown import answer_markdown, markdown_frames, render
from web.plain_text import answer_text


def cite(section: str, quote: str, source: str = "a.txt", pages: list[int] | None = None) -> dict[str, Any]:
    return {"source": source, "title": "测试县医养结合方案", "doc_number": "测政办〔2024〕1号", "section": section,
            "text": f"{section}{quote}", "quote": quote, "clause_id": f"id{section}", "pages": pages or []}


def list_answer(n: int, groups: tuple[str, ...] = ("测试县",)) -> dict[str, Any]:
    citations = [cite(f"二、（{i}）", f"任务{i}的原文。") for i in range(1, n + 1)]
    items = [{"text": f"任务{i}", "citation": i - 1, "group": groups[(i - 1) * len(groups) // n]} for i in range(1, n + 1)]
    return {"answer": "…", "found": True, "lead": f"县卫生健康委牵头的任务共{n}项：", "items": items, "citations": citations}


def shown(markdown: str) -> str:
    """The text as the Markdown renderer shows it (backslash escapes resolved)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def markers(markdown: str) -> list[tuple[str, int]]:
    """(what the marker follows, marker number) for each ``[n]`` link, in order."""
    return [(m.group(1).strip(), int(m.group(2)))
            for m in re.finditer(r"([^>\n]*)<a class=\"yy-mark\"[^>]*>\[(\d+)\]</a>", markdown)]


def test_markup_in_a_clause_stays_text() -> None:
    evil = "<script>alert(1)</script> **加粗** [链接](http://x) | 竖线"
    answer = {"answer": evil, "found": True, "citations": [cite("一、", evil)],
              "items": [{"text": evil, "citation": 0, "group": ""}], "lead": "共1项：",
              "table": {"header": ["年份", "目标值"], "rows": [["2025年", evil]], "row_citations": [0]}}
    md = answer_markdown(answer)
    assert "<script" not in md and "&lt;script&gt;" in md
    assert "**加粗**" not in md and r"\*\*加粗\*\*" in md
    assert "](http://x)" not in md
    table_row = next(line for line in md.splitlines() if line.startswith("| 2025年"))
    assert table_row.count(" | ") == 1  # the clause's own | does not open a cell


def test_list_answer_has_every_item_numbered_with_its_own_marker() -> None:
    md = answer_markdown(list_answer(5))
    assert md.startswith("县卫生健康委牵头的任务共5项：")
    assert [m for m in markers(md)] == [(f"{i}. 任务{i}", i) for i in range(1, 6)]
    assert "yy-more" not in md  # nothing folded


def test_more_than_ten_items_fold_the_rest_under_expand_all() -> None:
    md = answer_markdown(list_answer(13))
    shown, _, folded = md.partition("<details class=\"yy-more\"")
    assert all(f"{i}. 任务{i}<" in shown for i in range(1, 11)) and "任务11" not in shown
    assert "展开全部（另 3 项）" in folded and all(f"{i}. 任务{i}<" in folded for i in (11, 12, 13))


def test_items_are_grouped_by_jurisdiction_when_there_are_several() -> None:
    md = answer_markdown(list_answer(4, groups=("巫溪县", "涪陵区")))
    assert md.index("**巫溪县**（2项）") < md.index("1. 任务1") < md.index("**涪陵区**（2项）") < md.index("3. 任务3")
    assert "**测试县**" not in answer_markdown(list_answer(4))  # one group: no heading


def test_values_by_year_are_a_table_with_each_row_bound_to_its_clause() -> None:
    answer = {"answer": "测试县安宁疗护床位：到2027年20张以上；表中逐年：2022年0张，2027年20张。", "found": True,
              "citations": [cite("二、（一）5.", "到2027年，全县安宁疗护床位20张以上。"), cite("一、主要指标 6", "2022年 0；")],
              "table": {"header": ["年份", "目标值", "出处"], "rows": [["2022年", "0张", "主要指标表"], ["2027年", "20张以上", "正文"]],
                        "row_citations": [1, 0]}}
    md = answer_markdown(answer)
    assert "| 年份 | 目标值 | 出处 |" in md and "表中逐年" not in md
    rows = [line for line in md.splitlines() if line.startswith("| 20")]
    assert [markers(r)[0][1] for r in rows] == [2, 1]
    assert "2022年" in rows[0] and "20张以上" in rows[1]


def test_plain_answer_gets_the_markers_of_the_lines_that_quote_them() -> None:
    answer = {"answer": "由县卫生健康委负责。\n县民政局配合做好养老机构备案。", "found": True,
              "citations": [cite("二、（二）", "县民政局配合做好养老机构备案。"), cite("二、（一）", "由县卫生健康委负责。")]}
    found = markers(answer_markdown(answer))
    assert [n for _, n in found] == [2, 1]
    assert found[0][0].startswith("由县卫生健康委负责") and found[1][0].startswith("县民政局配合")


def test_sources_give_document_section_page_quote_and_a_copy_button() -> None:
    answer = {"answer": "到2027年20张以上。", "found": True, "citations": [cite("二、（一）5.", "到2027年20张以上。", "b.pdf", [3, 4])]}
    md = answer_markdown(answer)
    sources = shown(md[md.index("yy-sources"):])
    assert "《测试县医养结合方案》(测政办〔2024〕1号) 二、（一）5." in sources
    assert "第3-4页" in sources and "> 到2027年20张以上。" in sources
    assert 'class="yy-copy"' in sources
    link = re.search(r'class="yy-mark" href="([^"]+)"', md).group(1)
    assert link.startswith("/doc/b.pdf?clause=id") and "&amp;q=%E5%88%B02027" in link and "#c-id" in link


def test_refusal_says_so_and_lists_related_clauses_without_markers() -> None:
    answer = {"answer": "未在已收录文件中找到上海的相关规定。", "found": False, "citations": [],
              "related": [cite("三、", "养老机构内设医务室。")]}
    md = answer_markdown(answer)
    assert "yy-none" in md and "相关条文" in md and "养老机构内设医务室" in md and "yy-mark" not in md


def test_stream_frames_grow_to_the_whole_answer() -> None:
    view = answer_view(list_answer(6))
    frames = list(markdown_frames(view))
    assert frames[-1] == render(view)
    assert frames[0].startswith("县卫生健康委牵头") and "任务1" not in frames[0]
    with_items = [f.count("yy-mark") for f in frames if "任务" in f and "yy-sources" not in f]
    assert with_items == sorted(with_items) and len(set(with_items)) > 3  # item by item
    assert all("yy-sources" not in f for f in frames[:-1])  # citations come when complete


def test_cli_text_lists_items_and_numbered_sources() -> None:
    text = answer_text(list_answer(3))
    assert "  1. 任务1 [1]" in text and "  3. 任务3 [3]" in text
    assert "  [2] 《测试县医养结合方案》(测政办〔2024〕1号) 二、（2）" in text
    assert "“任务2的原文。”" in text


def test_a_few_sources_are_open_and_many_are_folded_under_their_count() -> None:
    assert '<details class="yy-sources" open><summary>来源（3 条）</summary>' in answer_markdown(list_answer(3))
    assert '<details class="yy-sources"><summary>来源（12 条）</summary>' in answer_markdown(list_answer(12))


def test_a_model_written_answer_keeps_its_own_markers_as_links() -> None:
    answer = {"answer": "由县卫生健康委牵头[2]，县民政局配合[1]。", "found": True, "llm": {"mode": "llm"},
              "citations": [cite("二、（二）", "县民政局配合。"), cite("二、（一）", "县卫生健康委牵头。")]}
    md = answer_markdown(answer)
    assert markers(md) == [("由县卫生健康委牵头", 2), ("，县民政局配合", 1)] and "[1]</a>。" in md
    assert answer_text(answer).startswith("由县卫生健康委牵头 [2]，县民政局配合 [1]。")


def test_a_malformed_answer_from_outside_renders_what_it_can() -> None:
    odd = {"answer": "部分内容", "citations": ["not a citation", cite("一、", "原文。")], "items": [5, {"text": "甲", "citation": "x"}],
           "table": {"header": ["年份"], "rows": ["2025年"]}, "related": None}
    md = answer_markdown(odd)
    assert md.startswith("部分内容") and "1. 甲" in md and "| 2025年 |" in md and "来源（1 条）" in md
