"""The answer units on the seeds: lists and counts from the clause tree, owners of a passage,
validity against today's date, results questions, eligibility verdicts, references back in a
conversation, refusals of what the documents do not carry."""

from __future__ import annotations

import datetime as dt
import re

FULING = "000_ae185cc4bb8e5259.txt"
WUXI = "002_eed4c881353c92d0.txt"
SICHUAN = "003_efb1033aae774365.txt"
FUJIAN = "004_2bc7bae2e3a5e661.txt"


def test_parts_of_a_document_are_counted_and_listed(bot) -> None:
    a = bot.ask("涪陵区这个实施方案分哪几部分？")
    assert a.found and a.kind == "structure"
    assert a.lead.startswith("深入推进医养结合发展的实施方案共") or "共" in a.lead
    texts = [i.text for i in a.items]
    assert any("目标要求" in t for t in texts) and any("主要任务" in t for t in texts)
    assert any("保障措施" in t for t in texts)
    assert all(c.clause.source == FULING for c in a.citations)
    assert len(a.items) == len(a.citations)


def test_items_of_a_section_are_all_listed_with_the_count_first(bot) -> None:
    a = bot.ask("涪陵区方案的主要任务一共有几条？")
    assert a.found
    sections = [c.clause.section for c in a.citations]
    assert sections[0] == "二、（一）" and sections[-1] == "二、（十）"
    assert "共10条" in a.text and len(a.items) == 10  # counted in the unit asked (几条)


def test_rows_of_a_table_are_counted(bot) -> None:
    a = bot.ask("巫溪县主要指标表里一共有多少项指标？")
    assert a.found
    assert all(c.clause.kind == "table_row" for c in a.citations)
    assert f"共{len(a.citations)}项" in a.text


def test_department_tasks_are_listed_exhaustively(bot) -> None:
    a = bot.ask("涪陵区民政局牵头的任务有几项，分别是哪些？")
    assert a.found
    assert a.items and len(a.items) == len(a.citations)
    # the tasks are counted first; duties under the closing part (组织实施) are counted apart
    main, closing = re.search(r"共(\d+)项", a.text), re.search(r"另在四、组织实施中牵头(\d+)项", a.text)
    assert main and closing and int(main.group(1)) + int(closing.group(1)) == len(a.items)


def test_validity_compares_the_plan_period_with_today(bot) -> None:
    a = bot.ask("巫溪县这个行动方案现在还在执行期内吗？", today=dt.date(2026, 12, 1))
    assert a.found and a.kind == "time"
    assert "2023—2027" in a.text and "仍在执行期内" in a.text
    b = bot.ask("四川省的医养结合规划过期了吗？", today=dt.date(2026, 12, 1))
    assert "已于2025年底结束" in b.text and "征求意见稿" in b.text


def test_actual_results_are_answered_with_the_target_and_what_documents_do_not_report(bot) -> None:
    a = bot.ask("巫溪县安宁疗护床位实际建成了多少张？")
    assert a.found
    assert "没有报告实际完成情况" in a.text and "20" in a.text


def test_eligibility_leads_with_the_verdict_the_clause_states(bot) -> None:
    a = bot.ask("涪陵区养老机构内设医务室还需要审批吗？")
    assert a.text.startswith("不需要")


def test_reference_to_the_previous_answer_keeps_its_task(bot) -> None:
    first = bot.ask("涪陵区医养结合信息化支撑有什么要求？")
    history = [{"role": "user", "content": "涪陵区医养结合信息化支撑有什么要求？"},
               {"role": "assistant", "content": first.text}]
    a = bot.ask("这项任务由哪些部门负责？", history=history)
    assert a.found
    assert "区大数据发展局" in a.text
    assert a.citations[0].clause.section == "二、（七）"


def test_a_missing_doc_number_is_a_refusal_not_an_answer(bot) -> None:
    a = bot.ask("涪陵区深入推进医养结合发展的实施方案的文号是多少？")
    assert not a.found
    assert "未标注文号" in a.text and a.related


def test_national_figures_are_refused_when_only_local_documents_are_loaded(bot) -> None:
    a = bot.ask("全国护理型床位占比要达到多少？")
    assert not a.found and "全国" in a.text


def test_two_asks_sharing_one_frame_get_both_values(bot) -> None:
    # "每床配多少医师、多少护士": the second ask borrows the first one's frame
    a = bot.ask("巫溪2027年老年医学科每床要配多少医师、多少护士？")
    assert a.found and "0.27" in a.text and "0.45" in a.text


def test_a_departments_leads_say_sole_and_shared_and_keep_closing_duties_apart(bot) -> None:
    a = bot.ask("武鸣城区民政局牵头的任务有几项？")
    assert a.found and a.text.startswith("武鸣城区民政局牵头的任务共5项（其中单独牵头1项，与其他单位共同牵头4项）")
    assert "另在四、工作要求中牵头2项" in a.text  # duties under 工作要求 are not tasks of the list
    sole = bot.ask("武鸣城区民政局单独牵头哪些任务？")
    assert "单独牵头的任务共1项" in sole.text and "支持养老服务机构设置医疗机构" in sole.text


def test_a_department_that_leads_nothing_is_told_what_it_joins(bot) -> None:
    a = bot.ask("福建省医保局牵头负责哪些事？")
    assert a.found and "没有牵头的任务" in a.text and "完善价格政策" in a.text and "加大保险支持" in a.text


def test_a_field_the_documents_never_mention_is_refused(bot) -> None:
    a = bot.ask("涪陵方案的联系人邮箱是什么？")
    assert not a.found


def test_a_city_asked_as_a_whole_is_not_answered_from_a_county_plan(bot) -> None:
    a = bot.ask("重庆全市2027年老年友善医疗机构比例要达到多少？")
    assert not a.found and "重庆" in a.text


def test_labelled_lines_of_a_document_answer_contact_and_publicity_questions(bot) -> None:
    a = bot.ask("四川规划征求意见稿的联系电话是多少？")
    assert a.found and "028-86135079" in a.text and a.citations[0].quote.startswith("联系电话")
    b = bot.ask("巫溪行动方案的成文日期和公开属性？")
    assert "2024年1月12日" in b.text and "此件公开发布" in b.text


def test_a_duty_sentence_is_answered_by_the_bodies_it_opens_with(bot) -> None:
    a = bot.ask("四川规划里推广中医药适宜技术是哪个部门的事？")
    assert a.found and a.text.startswith("由中医药管理部门负责")
    b = bot.ask("武鸣方案中医养结合的宣传由哪些部门负责？")  # "各相关部门……开展宣传" is not an answer
    assert "城区党委宣传部" in b.text and "城区文新广体局" in b.text


def test_a_follow_up_asking_two_years_answers_both_about_the_same_indicator(bot) -> None:
    history = [{"role": "user", "content": "巫溪县到2027年安宁疗护床位要多少张？"},
               {"role": "assistant", "content": "巫溪县安宁疗护床位：到2027年20张以上。"}]
    a = bot.ask("2022年是多少？2025年呢？", history=history)
    assert a.found and "2022年0张" in a.text.replace(" ", "") and "10张" in a.text


def test_how_many_counts_the_names_a_sentence_lists(bot) -> None:
    a = bot.ask("四川开展国家级医养结合试点的是几个市？")
    assert a.found and "共4个" in a.text and "攀枝花" in a.text
    b = bot.ask("四川省级医养结合首批试点有几个市？")
    assert "列举了5个（原文有“等”）" in b.text  # "乐山等市（州）" is an open list


def test_the_rule_whose_threshold_the_users_number_meets_answers(bot) -> None:
    # 武鸣: 150张以下 -> 医务室, 150张以上 -> 门诊部或护理站
    small = bot.ask("武鸣一家90张床位的养老院应该开设什么医疗机构？")
    assert small.found and "150张以下床位的中小型养老服务机构开设医务室" in small.text
    big = bot.ask("四川一家养老机构有200张床，要内设医疗机构吗？")
    assert "100张以上床位的养老机构" in big.text


def test_the_printing_date_of_the_colophon_is_given_beside_the_signing_date(bot) -> None:
    a = bot.ask("福建省的医养结合实施方案是哪天印发的？")
    assert "成文日期为2022年12月12日" in a.text and "印发日期为2022年12月13日" in a.text
    signed = bot.ask("福建那个实施方案成文日期是哪天？")
    assert "成文日期为2022年12月12日" in signed.text and "印发日期" not in signed.text


def test_the_parts_of_a_document_and_its_attachment_when_both_are_asked(bot) -> None:
    a = bot.ask("涪陵的实施方案分哪几部分？附件是什么？")
    assert "共4部分" in a.text and a.text.endswith("附件：推进医养结合发展重点任务清单。")
    assert "附件" not in bot.ask("涪陵的实施方案分哪几部分？").text


def test_a_body_the_place_never_names_is_refused_however_its_work_is_asked(bot) -> None:
    a = bot.ask("武鸣区气象局要做哪些工作？")
    assert not a.found and "气象局" in a.text
    assert bot.ask("武鸣区民政局要做哪些工作？").found
