"""LLM mode: normalisation, the guard's checks, and the writer against a scripted local endpoint.

The endpoint is ``tests/fake_openai.py`` (uvicorn on 127.0.0.1): a faithful answer is shown, one
with a number, department or [n] that the cited clauses do not have is replaced by the extractive
answer with a flag, a time-out falls back, refusals are never sent, and the key stays secret.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import logging
import time
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.llm.config import LLMConfig
from assistant.llm.guard import Source, check_answer, lead_verdict, organisation_names
from assistant.llm.normalize import cn_to_int, fold_numbers
from fake_openai import Delay, FakeOpenAI, Fail

SECRET = "sk-test-9f8e7d6c5b4a"
OWNER_Q = "涪陵区加强医养结合信息化支撑这项任务由哪些部门负责？"
TARGET_Q = "巫溪县2027年安宁疗护床位目标是多少？"
APPROVAL_Q = "养老机构内设医务室需要审批吗？"
REFUSED_Q = "北京市医养结合机构的床位补贴标准是多少？"

CLAUSE = Source(1, "《巫溪县行动方案》(巫溪府办发〔2023〕12号) 二、（一）5.",
                "到2027年，全县安宁疗护床位20张以上，护理型床位占比达到60%，由县卫生健康委牵头、县民政局配合。")
TABLE = Source(2, "《巫溪县行动方案》(巫溪府办发〔2023〕12号) 一、主要指标 6", "安宁疗护床位（张）；2025年 10；2027年 20")


# -- normalisation ---------------------------------------------------------------------------
@pytest.mark.parametrize("variant", ["闽卫老龄〔２０２２〕１３５号", "闽卫老龄[2022]135号", "闽卫老龄【2022】135号",
                                     "闽卫老龄（2022）135号", "闽卫老龄 ［2022］ 135号"])
def test_doc_number_bracket_and_width_variants_fold_to_one_form(variant: str) -> None:
    assert fold_numbers(variant) == "闽卫老龄〔2022〕135号"


@pytest.mark.parametrize("numeral, value", [("六十", 60), ("十五", 15), ("十", 10), ("一百二十", 120),
                                            ("二〇二七", 2027), ("两千", 2000), ("三百零五", 305)])
def test_chinese_numerals_read_as_numbers(numeral: str, value: int) -> None:
    assert cn_to_int(numeral) == value


def test_numbers_percentages_and_dates_have_one_spelling() -> None:
    assert fold_numbers("到二〇二七年床位二十张") == fold_numbers("到２０２７年床位20张") == "到2027年床位20张"
    assert fold_numbers("百分之六十") == fold_numbers("６０％") == fold_numbers("60%") == "60%"
    assert fold_numbers("2025-03-01") == fold_numbers("二〇二五年三月一日") == fold_numbers("2025年03月01日") == "2025年3月1日"
    # words made of numerals are not quantities; section labels stay labels
    assert fold_numbers("统一规划、一体化推进，十四五时期，二、（七）") == "统一规划、一体化推进,十四五时期,二、(七)"


# -- the guard -------------------------------------------------------------------------------
def test_faithful_answer_passes_in_any_spelling_of_its_numbers() -> None:
    text = "到二〇二七年，全县安宁疗护床位二十张以上[1]，护理型床位占比达到百分之六十[1]；2025年为10张[2]。"
    result = check_answer(text, [CLAUSE, TABLE])
    assert result.passed and result.cited == (1, 2)
    assert check_answer("到２０２７年，床位２０张以上［1］。", [CLAUSE]).passed


@pytest.mark.parametrize("text, reason", [
    ("到2027年，全县安宁疗护床位35张以上[1]。", "number_not_in_sources: 35"),
    ("护理型床位占比达到70%[1]。", "percent_not_in_sources: 70%"),
    ("由县医保局牵头[1]。", "organisation_not_in_sources: 县医保局"),
    ("由重庆市卫生健康委牵头[1]。", "organisation_not_in_sources: 重庆市卫生健康委"),
    ("到2027年床位20张以上[3]。", "unknown_source: [3]"),
    ("到2027年床位20张以上。", "no_citation"),
    ("依据巫溪府办发〔2023〕13号[1]。", "doc_number_not_in_sources: 巫溪府办发〔2023〕13号"),
    ("自2024年3月1日起施行[1]。", "date_not_in_sources: 2024年3月1日"),
    ("未在已收录文件中找到相关规定。[1]", "model_not_found"),
])
def test_claims_the_sources_do_not_make_are_rejected(text: str, reason: str) -> None:
    result = check_answer(text, [CLAUSE, TABLE])
    assert not result.passed and reason in result.reasons


def test_a_statement_is_checked_against_the_source_it_cites() -> None:
    # 60% is in [1] only: attributing it to the table [2] is a wrong citation, not a paraphrase
    assert "percent_not_in_sources: 60%" in check_answer("护理型床位占比60%[2]。", [CLAUSE, TABLE]).reasons
    assert check_answer("护理型床位占比60%。安宁疗护床位20张以上[1]。", [CLAUSE, TABLE]).passed


def test_doc_number_written_with_other_brackets_passes() -> None:
    assert check_answer("该方案文号为巫溪府办发[2023]12号[1]。", [CLAUSE]).passed
    assert check_answer("该方案文号为巫溪府办发（２０２３）１２号[1]。", [CLAUSE]).passed


def test_verdict_must_be_the_extractive_one() -> None:
    src = [Source(1, "《方案》 三、（十一）", "对养老机构内设医务室，取消行政审批，实行备案管理。")]
    extractive = "涪陵区：不需要。对养老机构内设医务室，取消行政审批，实行备案管理。"
    assert check_answer("不需要。内设医务室取消行政审批，实行备案管理[1]。", src, extractive).passed
    assert "verdict_differs: 需要 vs 不需要" in check_answer("需要。应当先取得审批[1]。", src, extractive).reasons
    assert "verdict_unsupported: 可以" in check_answer("可以。实行备案管理[1]。", src, "实行备案管理。", "eligibility").reasons
    assert lead_verdict(fold_numbers("能力建设方面……")) == ""


def test_evidence_includes_the_extractive_answer_table_units_and_local_names() -> None:
    tasks = Source(1, "《方案》 三、（十一）", "落实税费优惠政策。（区税务局、区财政局按职责分工负责）", place="涪陵区")
    # a count the fact tables gave the extractive answer is evidence; an invented one is not
    assert check_answer("涪陵区税务局共负责2项任务[1]。", [tasks], "涪陵区税务局负责2项任务：……").passed
    assert "number_not_in_sources: 3" in check_answer("区税务局负责3项任务[1]。", [tasks], "负责2项任务").reasons
    # 区税务局 in a 涪陵区 document is 涪陵区税务局; 涪陵区医保局 is still not in it
    assert check_answer("由涪陵区税务局、区财政局负责[1]。", [tasks]).passed
    assert "organisation_not_in_sources: 涪陵区医保局" in check_answer("由涪陵区医保局负责[1]。", [tasks]).reasons
    table = Source(1, "《方案》 一、主要指标 3", "指标名称 老年人健康管理率（%）；2022年 50；2027年 70")
    assert check_answer("到2027年健康管理率达到70%[1]。", [table]).passed
    assert not check_answer("到2027年健康管理率达到75%[1]。", [table]).passed
    partial = "到2027年床位20张以上。另：未在已收录文件中找到2030年的目标。"
    assert check_answer("到2027年床位20张以上[1]；2030年的目标未在已收录文件中找到。", [CLAUSE], partial).passed


def test_organisation_names_skip_ordinary_words() -> None:
    text = fold_numbers("统筹全部工作，优化布局，办理备案，由区卫生健康委牵头，区民政局、区大数据发展局配合，各乡镇人民政府负责")
    assert organisation_names(text) == ["区卫生健康委", "区民政局", "区大数据发展局", "各乡镇人民政府"]


# -- configuration ---------------------------------------------------------------------------
def test_config_needs_both_url_and_model_and_never_shows_the_key() -> None:
    assert LLMConfig.from_env({"YIYANG_LLM_API_KEY": SECRET}) is None
    with pytest.raises(ValueError, match="YIYANG_LLM_MODEL") as err:
        LLMConfig.from_env({"YIYANG_LLM_BASE_URL": "http://127.0.0.1:1/v1", "YIYANG_LLM_API_KEY": SECRET})
    assert SECRET not in str(err.value)
    with pytest.raises(ValueError, match="YIYANG_LLM_TIMEOUT"):
        LLMConfig.from_env({"YIYANG_LLM_BASE_URL": "http://x/v1", "YIYANG_LLM_MODEL": "m", "YIYANG_LLM_TIMEOUT": "soon"})
    cfg = LLMConfig.from_env({"YIYANG_LLM_BASE_URL": "http://x/v1/", "YIYANG_LLM_MODEL": "m",
                              "YIYANG_LLM_API_KEY": SECRET, "YIYANG_LLM_TIMEOUT": "2.5"})
    assert cfg is not None and cfg.base_url == "http://x/v1" and cfg.timeout == 2.5 and SECRET not in repr(cfg)


def test_llm_mode_is_off_unless_configured(bot: Any) -> None:
    from assistant.config import AssistantConfig

    assert AssistantConfig.from_env({}).llm is None and bot.writer is None
    out = bot.ask(TARGET_Q).to_batch_dict()
    assert "llm" not in out and not any("模型" in f for f in out["flags"])
    on = AssistantConfig.from_env({"YIYANG_LLM_BASE_URL": "http://127.0.0.1:9/v1", "YIYANG_LLM_MODEL": "m",
                                   "YIYANG_LLM_API_KEY": SECRET})
    assert on.llm is not None and on.llm.model == "m" and SECRET not in repr(on)


# -- the writer against a scripted endpoint --------------------------------------------------
@pytest.fixture(scope="module")
def fake() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as server:
        yield server


@pytest.fixture(scope="module")
def llm_bot(bot: Any, fake: FakeOpenAI) -> Any:
    from assistant.config import AssistantConfig
    from assistant.core import Assistant

    llm = LLMConfig(base_url=fake.url, model="fake-chat", api_key=SECRET, timeout=1.5)
    return Assistant(bot.index, AssistantConfig(today=dt.date(2026, 11, 23), llm=llm))


def number_of(answer: Any, needle: str) -> int:
    """The [n] of the citation whose clause says ``needle``."""
    return next(i for i, c in enumerate(answer.citations, 1) if needle in c.clause.text)


def test_faithful_answer_is_shown_with_the_same_citations(bot: Any, llm_bot: Any, fake: FakeOpenAI) -> None:
    extractive = bot.ask(OWNER_Q)
    n = number_of(extractive, "区大数据发展局")
    reply = f"这项任务由区卫生健康委、区民政局、区大数据发展局按职责分工负责[{n}]。"
    fake.script([reply])
    answer = llm_bot.ask(OWNER_Q)
    assert answer.text == reply and answer.llm["mode"] == "llm" and answer.llm["passed"] is True
    assert [c.clause.id for c in answer.citations] == [c.clause.id for c in extractive.citations]
    out = answer.to_batch_dict()
    assert out["llm"]["model"] == "fake-chat" and out["llm"]["cited"] == [n]
    sent = fake.requests[-1]
    assert sent["headers"]["authorization"] == f"Bearer {SECRET}" and sent["body"]["model"] == "fake-chat"
    prompt = sent["body"]["messages"][-1]["content"]
    assert f"[{n}] 《" in prompt and extractive.text in prompt and "未在已收录文件中找到" in sent["body"]["messages"][0]["content"]


@pytest.mark.parametrize("reply, reason", [
    ("到2027年，全县安宁疗护床位35张以上[{n}]。", "number_not_in_sources: 35"),
    ("到2027年，由县医保局负责建设安宁疗护床位20张以上[{n}]。", "organisation_not_in_sources: 县医保局"),
    ("到2027年，全县安宁疗护床位20张以上[9]。", "unknown_source: [9]"),
])
def test_unfaithful_answer_is_replaced_by_the_extractive_one(
    bot: Any, llm_bot: Any, fake: FakeOpenAI, reply: str, reason: str
) -> None:
    extractive = bot.ask(TARGET_Q)
    fake.script([reply.format(n=number_of(extractive, "20张以上"))])
    answer = llm_bot.ask(TARGET_Q)
    assert answer.text == extractive.text and "35张" not in answer.text
    assert answer.llm["mode"] == "extractive" and answer.llm["passed"] is False and reason in answer.llm["reasons"]
    assert "模型答案未通过核对，显示原文答案" in answer.to_batch_dict()["flags"]


def test_verdict_against_the_extractive_one_is_rejected(bot: Any, llm_bot: Any, fake: FakeOpenAI) -> None:
    extractive = bot.ask(APPROVAL_Q)
    assert extractive.found and lead_verdict(fold_numbers(extractive.text)) == "不需要"
    n = number_of(extractive, "备案管理")
    fake.script([f"需要。养老机构内设医务室应当经过行政审批[{n}]。", f"不需要。内设医务室取消行政审批，实行备案管理[{n}]。"])
    assert llm_bot.ask(APPROVAL_Q).llm["reasons"] == ["verdict_differs: 需要 vs 不需要"]
    assert llm_bot.ask(APPROVAL_Q).llm["mode"] == "llm"


def test_time_out_falls_back_to_the_extractive_answer(bot: Any, llm_bot: Any, fake: FakeOpenAI) -> None:
    fake.script([Delay(4.0)])
    t0 = time.perf_counter()
    answer = llm_bot.ask(TARGET_Q)
    assert time.perf_counter() - t0 < 4.0
    assert answer.text == bot.ask(TARGET_Q).text and answer.llm["reasons"] == ["timeout"]
    assert answer.flags[-1] == "llm_timeout"


def test_refusals_are_not_sent_to_the_model(llm_bot: Any, fake: FakeOpenAI) -> None:
    before = len(fake.requests)
    answer = llm_bot.ask(REFUSED_Q)
    assert answer.found is False and len(fake.requests) == before
    assert answer.llm["mode"] == "extractive" and answer.llm["passed"] is None
    assert not any(f.startswith("llm_") for f in answer.flags)


def test_the_key_never_reaches_logs_errors_or_output(
    bot: Any, llm_bot: Any, fake: FakeOpenAI, caplog: pytest.LogCaptureFixture
) -> None:
    n = number_of(bot.ask(TARGET_Q), "20张以上")
    fake.script([f"到2027年，全县安宁疗护床位20张以上[{n}]。", "床位35张[1]。", Fail(500), Fail(401), Delay(4.0)])
    with caplog.at_level(logging.DEBUG):
        answers = [llm_bot.ask(TARGET_Q) for _ in range(5)]
    assert [a.llm["mode"] for a in answers] == ["llm", "extractive", "extractive", "extractive", "extractive"]
    assert answers[2].llm["reasons"][0].endswith("(HTTP 500)") and answers[4].llm["reasons"] == ["timeout"]
    assert "HTTP 401" in answers[3].llm["reasons"][0] and answers[3].flags[-1] == "llm_error"
    assert caplog.records, "the calls should have logged something (else this check proves nothing)"
    assert SECRET not in caplog.text
    for a in answers:
        assert SECRET not in json.dumps(a.to_batch_dict(), ensure_ascii=False)
    assert SECRET not in repr(llm_bot.config) and SECRET not in repr(dataclasses.replace(llm_bot.config.llm))


# Scripted replies a model might give for real answers: True = must pass, False = must be rejected.
SCRIPTED = [
    (OWNER_Q, "区大数据发展局", "由区卫生健康委、区民政局、区大数据发展局按职责分工负责[{n}]。", True),
    (OWNER_Q, "区大数据发展局", "各乡镇人民政府、街道办事处负责落实[{n}]，区卫生健康委等部门按职责分工负责[{n}]。", True),
    (OWNER_Q, "区大数据发展局", "由区卫生健康委牵头，区医保局配合[{n}]。", False),
    (OWNER_Q, "区大数据发展局", "由区卫生健康委、区民政局负责，2025年底前完成[{n}]。", False),
    (TARGET_Q, "20张以上", "到二〇二七年，全县安宁疗护床位二十张以上[{n}]。", True),
    (TARGET_Q, "20张以上", "巫溪县计划到2027年建成安宁疗护床位20张以上[{n}]。", True),
    (TARGET_Q, "20张以上", "到2027年安宁疗护床位达到30张[{n}]。", False),
    (TARGET_Q, "20张以上", "到2027年安宁疗护床位占比达到百分之二十[{n}]。", False),
    (APPROVAL_Q, "备案管理", "不需要。对养老机构内设医务室取消行政审批，实行备案管理[{n}]。", True),
    (APPROVAL_Q, "备案管理", "可以直接开展诊疗，无需任何手续[{n}]。", False),
]


@pytest.mark.parametrize("question, needle, reply, passes", SCRIPTED)
def test_scripted_replies(bot: Any, llm_bot: Any, fake: FakeOpenAI, question: str, needle: str, reply: str,
                          passes: bool) -> None:
    fake.script([reply.format(n=number_of(bot.ask(question), needle))])
    assert llm_bot.ask(question).llm["passed"] is passes
