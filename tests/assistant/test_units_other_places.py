"""The answer units on documents of other places, in other formats (the format corpus): structure,
table rows counted, owners from a PDF task table (lead vs co), validity against today, refusals for
places that are not collected, verdicts, a web page's publication date, comparisons, department
tasks listed in full."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

FORMATS = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "docs"
TODAY = dt.date(2026, 12, 1)
FILES = ("changshou_yiyang_xingdong_2024_2026.pdf", "tianshui_shehui_liliang_ruogan_cuoshi.pdf",
         "zhanggong_yiyang_2024_2026.docx", "lixian_yiyang_gongzuo_yaodian_2025.docx",
         "wuxing_yiyang_jigou_banshi_zhinan.html", "luan_yiyang_shifan_chuangjian_2025_2027.ofd")


@pytest.fixture(scope="module")
def bot(seeds_with):
    return seeds_with("formats-index", [FORMATS / f for f in FILES], TODAY)


def test_parts_of_a_word_document(bot) -> None:
    a = bot.ask("章贡区推进医养结合高质量发展实施方案分哪几部分？")
    assert a.found and [i.text for i in a.items] == ["一、总体目标", "二、重点任务", "三、保障措施"]
    assert {c.clause.source for c in a.citations} == {"zhanggong_yiyang_2024_2026.docx"}


def test_rows_of_a_pdf_task_table_are_counted_and_cite_their_pages(bot) -> None:
    a = bot.ask("天水市支持社会力量发展医养结合服务若干措施的分工表一共有几项？")
    assert a.found and all(c.clause.kind == "table_row" for c in a.citations)
    assert f"共{len(a.items)}项" in a.text and len(a.items) == len(a.citations) >= 5
    assert any("随报随审" in i.text for i in a.items)
    assert all(c.clause.pages and "页" in c.label for c in a.citations)


def test_owner_of_a_pdf_table_row_keeps_lead_and_co(bot) -> None:
    a = bot.ask("天水市医养结合机构内设医疗机构医保定点随报随审由哪个部门牵头？")
    assert "牵头：市医保局" in a.text and "配合：市卫生健康委" in a.text and "2024年12月底前" in a.text


def test_plan_period_against_today(bot) -> None:
    a = bot.ask("长寿区医养结合服务能力提升行动计划现在还在执行期内吗？", today=TODAY)
    assert a.kind == "time" and "2024—2026" in a.text and "仍在执行期内" in a.text


def test_another_district_of_a_collected_city_is_refused(bot) -> None:
    a = bot.ask("重庆市南岸区医养结合机构床位目标是多少？")
    assert not a.found and "南岸" in a.text


def test_verdict_leads_when_filing_replaces_approval(bot) -> None:
    a = bot.ask("长寿区养老机构内设医务室需要审批吗？")
    assert a.text.startswith("不需要") and "备案" in a.text


def test_publication_date_of_a_web_page(bot) -> None:
    a = bot.ask("吴兴区医养结合机构设立办事指南是哪天发布的？")
    assert a.found and "2024年7月25日" in a.text


def test_comparison_answers_each_place_from_its_own_document(bot) -> None:
    a = bot.ask("长寿区和天水市的医养结合机构床位数目标分别是多少？")
    assert a.kind == "comparison" and "2300张" in a.text and "4500张" in a.text
    assert {c.clause.source for c in a.citations} == {FILES[0], FILES[1]}


def test_department_tasks_of_a_word_task_table_are_listed_in_full(bot) -> None:
    a = bot.ask("澧县县卫健局牵头的任务有哪些？")
    assert a.found and len(a.items) == len(a.citations) and f"共{len(a.items)}项" in a.text
    assert all(c.clause.source == "lixian_yiyang_gongzuo_yaodian_2025.docx" for c in a.citations)


def test_the_cell_under_the_column_a_question_names(bot) -> None:
    a = bot.ask("吴兴设置康复医院的审批，受理部门是哪个？")
    assert a.found and "受理部门：区卫生健康局" in a.text and a.citations[0].quote == "受理部门 区卫生健康局"
    fee = bot.ask("吴兴养老机构内设诊所备案收不收费？")
    assert "是否收费：否" in fee.text


def test_an_attribute_asked_after_a_thing_is_read_from_the_same_row(bot) -> None:
    a = bot.ask("吴兴医疗卫生机构开展养老服务在哪个部门备案？承诺多长时间办好？")
    assert "区民政局" in a.text and "承诺时限：5个工作日" in a.text


def test_a_county_under_a_collected_city_is_outside_the_documents(bot) -> None:
    a = bot.ask("六安霍邱县2026年省级示范机构目标是几个？")
    assert not a.found and "霍邱县" in a.text


def test_the_rule_sentence_answers_before_a_ledger_row_and_a_listing_runs_to_its_period(bot) -> None:
    a = bot.ask("天水新建医养结合机构每张护理型床位补多少钱？")
    assert a.found and "5000元" in a.text and not a.text.startswith("序号")
    b = bot.ask("吴兴医院开展养老服务备案要交哪些材料？")
    assert "养老机构备案书" in b.text and "消防安全" in b.text  # "需提交：A；B；C。" is one statement


def test_a_masked_phone_number_is_not_given_as_an_answer(bot) -> None:
    a = bot.ask("吴兴一件事窗口的咨询电话全号是多少？")
    assert not a.found and "未完整公开" in a.text
    b = bot.ask("章贡这个方案抄送给了谁？")
    assert b.found and "区人大常委会办公室" in b.text


def test_how_long_ago_a_document_was_published_is_counted_to_today(bot) -> None:
    a = bot.ask("六安示范创建方案印发多久了？", today=TODAY)
    assert a.found and "2025年3月20日" in a.text and "1年8个月" in a.text


def test_the_index_number_of_a_web_page_comes_from_its_disclosure_table(bot) -> None:
    # the 信息公开 table is page furniture, left out of the text, but its 索引号 is kept with the document
    a = bot.ask("吴兴那个办事指南的索引号是多少？")
    assert a.found and "11330502MB1C96142R/2024-215863" in a.text


def test_a_county_whose_name_holds_a_collected_one_is_refused(bot) -> None:
    a = bot.ask("临澧县县医保局牵头的工作有哪些？")
    assert not a.found and "临澧县" in a.text


def test_a_neighbouring_city_named_without_its_suffix_is_refused(bot) -> None:
    a = bot.ask("平凉社会办医养结合机构到2027年要多少个？")
    assert not a.found and "平凉" in a.text
    kept = bot.ask("天水社会办医养结合机构到2027年要多少个？")
    assert kept.found and "35个" in kept.text


def test_a_count_for_a_year_no_document_covers_is_refused(bot) -> None:
    a = bot.ask("长寿区到2031年医养结合机构要几个？")
    assert not a.found and "2031" in a.text
