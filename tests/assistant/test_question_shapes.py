"""Shapes of questions people write that the cue words once missed: "是X牵头还是Y牵头", "定的啥时候
完成", "每张床配几个护士" (people, not pieces), "主要任务分成几块" (the section named, not the document),
"流程怎么走" (a table of steps), "要交啥材料" (the sentence opening that list, not a list of 条件),
"哪几家发的", "什么时候开始执行，管多久". On the seeds and a made-up 办事指南 (tests/fixtures/rules)."""

from __future__ import annotations

import datetime as dt

from assistant.answering.base import asked_units


def test_either_or_owner_question_names_the_lead(bot) -> None:
    a = bot.ask("武鸣文件里支持养老院设医疗机构那一条，是民政牵头还是卫计牵头？")
    assert a.found and "牵头：城区民政局" in a.text and "配合：城区卫计局" in a.text


def test_when_must_it_be_done_reads_the_deadline(bot) -> None:
    a = bot.ask("涪陵清单里养老机构跟医疗卫生机构签约全覆盖，定的啥时候完成？")
    assert a.found and "2022年底" in a.text


def test_how_many_nurses_is_a_number_of_people(bot) -> None:
    assert "人" in asked_units("老年医学科每张床要配几个护士？")
    assert "个" in asked_units("要建几个医养中心？")
    a = bot.ask("巫溪的老年医学科每张床要配几个护士？到2027年。")
    assert a.found and "0.45人" in a.text


def test_parts_of_a_named_section_not_of_the_document(bot) -> None:
    a = bot.ask("巫溪那个方案的主要任务分成几块？")
    assert a.found and "共5项" in a.text and "创新老年健康服务模式" in a.text
    assert "工作目标" not in a.text


def test_a_count_of_a_table_sorted_into_kinds_names_the_kinds(bot) -> None:
    a = bot.ask("巫溪那个方案的主要指标表里有多少个指标？")
    assert a.found and "共15个" in a.text and "分3类" in a.text
    assert "惠民有感（4个）" in a.text and len(a.items) == 15


def test_the_steps_of_a_procedure_are_listed_with_their_time_limits(rules_bot) -> None:
    a = rules_bot.ask("岚皋设医养结合机构的办理流程是怎么走的？")
    assert a.found and "共4项" in a.text
    assert [i.text for i in a.items] == ["申请（每周一至周五）", "受理（2个工作日）", "核查（10个工作日）", "办结（3个工作日）"]
    plain = rules_bot.ask("岚皋设医养结合机构要交哪些材料？")  # the section of materials, not the document's parts
    assert "共4项" in plain.text and "房屋租赁合同" in plain.text and "适用范围" not in plain.text


def test_where_to_hand_in_reads_the_office_it_goes_to(rules_bot) -> None:
    a = rules_bot.ask("城阳的运营补贴申报材料交到哪里？")
    assert a.found and a.text.startswith("申报机构于2026年4月30日前向所在街道办事处提交申报材料")


def test_issuers_and_number_together(bot) -> None:
    a = bot.ask("巫溪那个行动方案是哪几家发的？文号多少？")  # it has no 文号 of its own: said, not refused
    assert a.found and "巫溪县医疗保障局" in a.text and "巫溪县民政局" in a.text and "未标注文号" in a.text
    assert not bot.ask("巫溪那个行动方案的文号是多少？").found


def test_when_it_takes_effect_and_for_how_long(rules_bot) -> None:
    a = rules_bot.ask("乐都的管理办法从什么时候开始执行，管多久？")
    assert a.found and a.kind == "time" and "2025年6月1日" in a.text and "2027年12月31日" in a.text


def test_a_followup_asking_in_its_own_words_replaces_what_was_asked(bot) -> None:
    history = [{"role": "user", "content": "武鸣养老机构设置医疗机构找哪个部门审批？"},
               {"role": "assistant", "content": "城区卫计局负责审批。"}]
    q = bot.parser.parse("那要多久给批复？", history=history)
    assert q.followup and "哪个部门" not in q.text and q.text.startswith("武鸣养老机构设置医疗机构")
    a = bot.ask("那要多久给批复？", history=history)
    assert a.found and "10个工作日" in a.text
    same = bot.parser.parse("那护士呢？", history=[{"role": "user", "content": "巫溪老年医学科每床配备医师数是多少？"}])
    assert "是多少" in same.text  # no question of its own: what was asked stays


def test_two_places_set_side_by_side_are_compared(bot) -> None:
    q = bot.parser.parse("安宁疗护床位，涪陵跟巫溪一样吗？")
    assert q.kind == "comparison"
    a = bot.ask("安宁疗护床位，涪陵跟巫溪一样吗？")
    assert a.kind == "comparison" and "巫溪县：到2027年，全县安宁疗护床位20张以上" in a.text


def test_this_year_and_next_year_are_the_years_they_are(bot) -> None:
    q = bot.parser.parse("今年要做到多少？明年呢？", today=dt.date(2026, 12, 1))
    assert q.years == [2026, 2027] and "今年" not in q.text
    a = bot.ask("巫溪明年老年医学科每床配备护士数要到多少？", today=dt.date(2026, 12, 1))
    assert a.found and "到2027年0.45人" in a.text
    history = [{"role": "user", "content": "巫溪今年老年医学科每床配备护士数是多少？"}]
    assert 2026 in bot.parser.parse("那医师呢？", history=history, today=dt.date(2026, 3, 1)).years


def test_how_long_is_not_answered_by_a_deadline_cell(rules_bot) -> None:
    when = rules_bot.ask("汝城县福利院内设医务室纳入医保定点的完成时限是什么时候？")
    assert when.found and "2026年6月底前" in when.text
    long = rules_bot.ask("汝城县福利院内设医务室纳入医保定点要多长时间？")
    assert "完成时限：2026年6月底前" not in long.text  # a deadline says by when, not how long


def test_the_attachments_of_a_notice_are_counted_and_named(rules_bot, bot) -> None:
    a = rules_bot.ask("汝城的工作要点带了几个附件？分别是什么？")
    assert a.found and "共3个附件" in a.text
    assert [i.text for i in a.items] == ["1.汝城县医养结合服务机构一览表", "2.汝城县医养结合服务项目分类表",
                                         "3.汝城县2026年医养结合重点任务清单"]
    one = bot.ask("涪陵方案有几个附件？")
    assert one.found and "共1个附件" in one.text and "重点任务清单" in one.text


def test_a_question_the_document_asks_itself_is_answered_by_its_answer(rules_bot) -> None:
    a = rules_bot.ask("我们养老院早就在民政那边备过案了，岚皋这边设医务室还用交备案回执吗？")
    assert a.found and a.text.startswith("需要。") and "文件问答" in a.text
    assert a.citations[0].quote.startswith("需要。养老机构备案回执复印件1份是必交材料")
    other = rules_bot.ask("岚皋设医务室，养老机构备案回执要交几份？")  # an amount: no yes-or-no question's answer
    assert other.found and "文件问答" not in other.text and "复印件1份" in other.text
