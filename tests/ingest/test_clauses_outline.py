"""Headings a file marks by style alone (``outline``) open sections in the clause tree."""

from __future__ import annotations

from ingest.clauses import parse_clauses
from ingest.layout import reflow


def tree(lines: list[tuple[str, int | None]]) -> list[tuple[str, str, str]]:
    """Parse lines, each with its outline level or None; -> (section, kind, first line) per clause."""
    text = "\n".join(t for t, _ in lines)
    outline, pos = [], 0
    for t, level in lines:
        if level:
            outline.append((pos, level))
        pos += len(t) + 1
    clauses = parse_clauses("a.docx", "方案", reflow(text, paragraphed=True), outline=outline)
    return [(c.section, c.kind, c.text.split("\n")[0]) for c in clauses]


def test_unnumbered_heading_is_a_sibling_of_the_numbered_ones_at_its_level() -> None:
    got = tree([
        ("一、主要任务", 1), ("（一）优化服务体系", 2), ("1. 推进签约服务。", None),
        ("强化保障", 2), ("各部门要加强组织领导。", None), ("二、工作要求", 1), ("按时报送进展。", None),
    ])  # fmt: skip
    assert [s for s, _, _ in got] == ["一、", "一、（一）", "一、（一）1.", "一、强化保障", "二、"]
    assert ("一、强化保障", "clause", "强化保障") in got


def test_with_typed_numbers_only_the_level_says_how_deep() -> None:
    got = tree([("一、主要任务", None), ("（一）优化服务体系。", None), ("专项行动", 2), ("开展上门服务。", None)])
    assert [s for s, _, _ in got] == ["一、", "一、（一）", "一、专项行动"]


def test_styled_number_closes_an_unnumbered_heading_of_its_level() -> None:
    got = tree([
        ("总体要求", 1), ("坚持以人民为中心。", None), ("一、指导思想", None), ("保障措施", 1),
        ("加强组织领导。", None), ("三、附则", 1), ("本方案自印发之日起施行。", None),
    ])  # fmt: skip
    assert [s for s, _, _ in got] == ["总体要求", "总体要求 一、", "保障措施", "三、"]


def test_a_lone_styled_title_stays_in_the_preamble_but_two_top_headings_do_not() -> None:
    titled = tree([("关于推进医养结合的实施意见", 1), ("为贯彻落实……制定本意见。", None), ("总体要求", 2), ("到2025年基本建立。", None)])
    assert [(s, k) for s, k, _ in titled] == [("", "preamble"), ("总体要求", "clause")]
    two = tree([("总体要求", 1), ("到2025年基本建立。", None), ("保障措施", 1), ("加强领导。", None)])
    assert [s for s, _, _ in two] == ["总体要求", "保障措施"]


def test_heading_inside_an_attachment_stays_in_it_and_indented_lines_still_match() -> None:
    got = tree([("一、总则", 1), ("附件1", None), ("　　服务内容", 1), ("上门巡诊每月一次。", None)])
    assert got[-1] == ("附件1 服务内容", "clause", "服务内容")


def test_plain_text_without_outline_is_unchanged() -> None:
    text = "一、主要任务\n（一）优化体系。\n"
    assert [c.section for c in parse_clauses("a.txt", "方案", reflow(text))] == ["一、", "一、（一）"]


def test_body_text_styled_as_a_heading_is_body_text() -> None:
    got = tree([("一、主要任务", 1), ("重点工作", 2),
                ("各地要加强组织领导。要把医养结合纳入经济社会发展规划，统筹推进。", 2), ("按时报送。", None)])  # fmt: skip
    assert [s for s, _, _ in got] == ["一、", "一、重点工作"]  # the styled sentence stays in 重点工作's body


def test_a_document_styled_heading_throughout_is_read_by_its_numbers() -> None:
    lines = [("一、总体要求", 1)] + [(f"第{i}项工作安排", 1) for i in range(12)] + [("二、保障措施", 1)]
    assert [s for s, _, _ in tree(lines)] == ["一、", "二、"]
