"""Sentence splitting: what a quote can be."""

from __future__ import annotations

from corpus.sentences import clause_sentences, split_sentences


def test_a_line_cut_inside_a_sentence_is_one_sentence() -> None:
    text = "（四）开展履约评价。县卫生健康局会同县民政局对签约服务开展季度评\n价，评价结果分为优秀、合格、不合格三个等次。"
    assert split_sentences(text)[-1] == "县卫生健康局会同县民政局对签约服务开展季度评价，评价结果分为优秀、合格、不合格三个等次。"


def test_heading_and_title_lines_stay_apart_from_the_body() -> None:
    assert split_sentences("一、目标要求\n以健康中国涪陵行动为引领，加快建设。") == ["一、目标要求", "以健康中国涪陵行动为引领，加快建设。"]
    assert split_sentences("关于印发《实施方案》的通知\n各乡镇人民政府：")[0] == "关于印发《实施方案》的通知"


def test_decimal_points_do_not_end_sentences_and_a_table_row_is_one_statement() -> None:
    assert split_sentences("人均预期寿命达78.5岁。床位20张。") == ["人均预期寿命达78.5岁。", "床位20张。"]
    assert clause_sentences("序号 1；指标 床位（张）；2025年 10", "table_row") == ["序号 1；指标 床位（张）；2025年 10"]
