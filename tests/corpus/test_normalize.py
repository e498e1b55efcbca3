"""Match-normalization: documents and questions written differently meet in one form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.normalize import normalize_doc_number, normalize_for_match, normalize_question, to_simplified

# Characters the corpus and questions actually mix: CJK, full-width forms, dashes, brackets,
# spaces of every kind, combining marks.
_TRICKY = st.sampled_from(
    list("〔〕［］[]【】()（）«»‹›《》〈〉﹝﹞—–―－-~～ 　\t\n\u200b\ufeff\u0301\u0308¨０１２９0129号年发卫")
)
tricky_text = st.lists(st.one_of(_TRICKY, st.characters()), max_size=40).map("".join)


@given(st.text())
def test_never_raises_on_arbitrary_unicode(s: str) -> None:
    assert isinstance(normalize_for_match(s), str)


@given(st.one_of(st.text(), tricky_text))
@settings(max_examples=400)
def test_normalize_for_match_is_idempotent(s: str) -> None:
    once = normalize_for_match(s)
    assert normalize_for_match(once) == once


@given(st.one_of(st.text(), tricky_text))
def test_result_has_no_whitespace(s: str) -> None:
    assert not any(ch.isspace() for ch in normalize_for_match(s))


@given(st.text(alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF), max_size=30))
def test_normalize_question_is_idempotent_on_cjk(s: str) -> None:
    once = normalize_question(s)
    assert normalize_question(once) == once


@given(st.one_of(st.text(), tricky_text))
def test_normalize_doc_number_never_raises_and_is_idempotent(s: str) -> None:
    once = normalize_doc_number(s)
    assert normalize_doc_number(once) == once


@pytest.mark.parametrize(
    ("written", "matched"),
    [
        ("闽卫老龄 〔２０２２〕１３５号", "闽卫老龄〔2022〕135号"),
        ("闽卫老龄[2022]135号", "闽卫老龄〔2022〕135号"),
        ("闽卫老龄【2022】135号", "闽卫老龄〔2022〕135号"),
        ("闽卫老龄（2022）135号", "闽卫老龄〔2022〕135号"),
        ("国卫老龄发﹝2019﹞60 号", "国卫老龄发〔2019〕60号"),
        ("«关于进一步推进医养结合发展的实施方案»", "《关于进一步推进医养结合发展的实施方案》"),
        ("‹意见›", "〈意见〉"),
        ("（2023—2027年）", "(2023-2027年)"),
        ("2023 – 2027年", "2023-2027年"),
        ("2023～2027年", "2023-2027年"),
        ("——政府主导、社会参与", "——政府主导、社会参与"),
        ("福 建 省 教 育 厅", "福建省教育厅"),
        ("“互联网＋”", '"互联网+"'),
        ("PPP 模式", "ppp模式"),
        ("６５岁以上", "65岁以上"),
    ],
)
def test_variants_meet_in_one_form(written: str, matched: str) -> None:
    assert normalize_for_match(written) == matched


def test_brackets_outside_a_doc_number_keep_their_meaning() -> None:
    assert normalize_for_match("(一)加强组织领导") == "(一)加强组织领导"
    assert normalize_for_match("见[附件1]") == "见[附件1]"


def test_question_in_traditional_characters_matches_the_simplified_document() -> None:
    assert normalize_question("巫溪縣安寧療護床位（２０２７年）") == normalize_for_match("巫溪县安宁疗护床位(2027年)")
    assert to_simplified("醫養結合") == "医养结合"
    assert to_simplified("plain ascii") == "plain ascii"


def test_doc_number_keeps_letter_case_and_display_brackets() -> None:
    assert normalize_doc_number(" 南武政办 〔2017〕 153 号") == "南武政办〔2017〕153号"
    assert normalize_doc_number("XX发(2015)84号") == "XX发〔2015〕84号"
