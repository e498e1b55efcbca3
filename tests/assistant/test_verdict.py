"""Verdicts an eligibility question leads with, from the clause's own words."""

from __future__ import annotations

import pytest

from assistant.answering.verdict import verdict


@pytest.mark.parametrize(("question", "sentence", "lead"), [
    ("我们是非营利性医养结合机构，用地能不能走划拨？", "对非营利性医养结合机构可采取划拨方式供地。", "可以。"),
    ("我们新开了一家民办医养结合机构，办医保定点能不能走绿色通道？",
     "对新设立的民办医养结合机构，在审批备案、医保定点等方面开通“绿色通道”。", "可以。"),
    ("我们是政府全额出资、事业单位直接在管的敬老院，能报这个运营补贴吗？",
     "由政府全额出资并由事业单位直接运营的公办机构不在本次补贴范围。", "不可以。"),
    ("营利性的能用划拨土地吗？", "非营利性养老机构可以依法使用国有划拨土地，营利性养老机构不得使用划拨土地。", "不可以。"),
    ("营利性养老机构能用划拨土地吗？", "非营利性养老机构可以依法使用国有划拨土地。", ""),
])  # fmt: skip
def test_the_verdict_is_the_one_the_clause_states(question: str, sentence: str, lead: str) -> None:
    assert verdict(question, sentence) == lead
