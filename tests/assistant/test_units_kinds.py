"""Answer kinds found on documents the project had never seen: a 管理办法 of 章 and 条, the 主送 line,
where a document says something, the columns of a table, a plan's time left, support and exclusion
verdicts, the asker's own situation, the words of a document's title. On the seeds and on a made-up
办法 of another place (tests/fixtures/rules)."""

from __future__ import annotations

import datetime as dt

from assistant.retrieval import spread_tables
from assistant.types import Context

LEDU = "乐都区医养结合机构服务管理办法.txt"
TODAY = dt.date(2026, 12, 1)


def test_chapters_and_articles_of_a_rules_document_are_counted(rules_bot) -> None:
    a = rules_bot.ask("乐都区医养结合机构服务管理办法一共几章几条？")
    assert a.found and "共3章9条" in a.text
    assert [i.text for i in a.items][0] == "第一章　总则（第一条至第三条）"
    chapters = rules_bot.ask("乐都的管理办法分几章？")
    assert "共3章" in chapters.text and len(chapters.items) == 3


def test_the_addressee_line_answers_who_a_notice_is_sent_to(rules_bot, bot) -> None:
    a = rules_bot.ask("乐都的办法主送哪些单位？")
    assert a.found and "各镇人民政府、街道办事处，区直有关单位，各医养结合机构" in a.text
    wuxi = bot.ask("巫溪这个行动方案的通知主送哪些单位？")
    assert "各乡镇人民政府、街道办事处，县政府各部门，有关单位" in wuxi.text
    draft = bot.ask("四川征求意见稿的通知主送谁？")  # it has no such line
    assert not draft.found and "未写明主送单位" in draft.text


def test_which_article_says_it(rules_bot) -> None:
    a = rules_bot.ask("乐都的办法里连锁经营是第几条规定的？")
    assert a.found and a.kind == "locate" and "第八条" in a.text
    assert a.citations[0].clause.section == "第三章第八条"


def test_a_followup_asks_where_the_previous_answer_came_from(bot) -> None:
    history = [{"role": "user", "content": "四川规划推广哪些中医传统运动？"},
               {"role": "assistant", "content": "太极拳、八段锦、五禽戏等。"}]
    a = bot.ask("这个是放在规划哪项任务里讲的？", history=history)
    assert a.found and "（七）" in a.text and "中医药健康养老服务" in a.text


def test_columns_of_a_table(bot) -> None:
    a = bot.ask("涪陵方案后面附的那个任务清单，表里分了哪几栏？")
    assert [i.text for i in a.items] == ["序号", "工作任务", "完成时限", "责任单位"] and "共12行" in a.text


def test_time_left_in_a_plan_period(bot) -> None:
    a = bot.ask("巫溪那个五年行动方案，离最后期限还剩多久？", today=TODAY)
    assert a.kind == "time" and "仍在执行期内" in a.text and "还有约13个月" in a.text


def test_a_rules_end_date_is_quoted(rules_bot) -> None:
    a = rules_bot.ask("乐都的管理办法什么时候到期？")
    assert a.kind == "time" and "有效期至2027年12月31日" in a.text


def test_support_and_exclusion_verdicts(rules_bot) -> None:
    a = rules_bot.ask("我们想在乐都开几家连锁医养结合机构，政策支不支持？")
    assert a.text.startswith("支持。") and "连锁化运营" in a.text  # 几家 is the user's plan, not asked
    b = rules_bot.ask("我们机构已经享受了其他床位补贴，还能领乐都的运营补贴吗？")
    assert b.text.startswith("不可以。") and "已享受其他同类床位补贴" in b.text


def test_the_askers_situation_does_not_decide_the_sentence(rules_bot) -> None:
    a = rules_bot.ask("我们是乐都区的定点服务机构，服务记录怎么结算？")
    assert "次月15日前" in a.text and "20个工作日" in a.text


def test_a_fee_question_in_spoken_words(rules_bot) -> None:
    a = rules_bot.ask("在乐都申请设立医养结合机构要交钱吗？")
    assert a.found and "不收取任何费用" in a.text


def test_a_word_of_another_places_document_is_not_said_here(bot) -> None:
    # 组长 is in the 四川 plan, never in 武鸣's: 武鸣's group has no 组长 on record
    a = bot.ask("武鸣统筹医养结合的那个领导小组，组长是谁？")
    assert not a.found and "组长" in a.text
    # a generic attribute (时间) absent from the document is not a missing thing
    assert bot.ask("四川省医养结合发展规划征求意见的反馈截止时间是什么时候？").found


def test_a_results_answer_keeps_the_date_its_target_was_set_for(bot) -> None:
    a = bot.ask("武鸣的东鸣社区卫生服务中心现在能做康复了吗？")
    assert a.kind == "results" and "没有报告实际完成情况" in a.text and "2017年底" in a.text


def test_rows_of_one_table_make_room_for_the_text(bot) -> None:
    clauses = bot.composer.kit.clauses_of("002_eed4c881353c92d0.txt")
    rows = [c for c in clauses if c.kind == "table_row"][:4]
    text = next(c for c in clauses if c.kind == "clause")
    ranked = spread_tables([Context(r, 0.033 - 0.0001 * i) for i, r in enumerate(rows)] + [Context(text, 0.030)])
    assert ranked[2].clause is text  # the third and fourth rows are scored down below it
    assert [c.score for c in ranked] == sorted((c.score for c in ranked), reverse=True)


def test_a_day_the_user_names_is_counted_from_not_refused(bot) -> None:
    # 2026 is not a year the 涪陵 plan covers, but here it is the user's opening day
    a = bot.ask("我们涪陵养老院的医务室是2026年9月1日正式开业的，最早哪天能提医保定点申请？")
    assert a.found and "3 个月后" in a.text and "2026年12月1日" in a.text
    assert not bot.ask("涪陵2026年的目标是多少？").found  # a year asked about still is


def test_a_body_the_place_never_names_is_not_given_tasks(bot) -> None:
    a = bot.ask("涪陵方案里区文化旅游委负责哪些医养结合任务？")
    assert not a.found and "区文化旅游委" in a.text
    assert bot.ask("涪陵区民政局负责哪些任务？").found  # a body it names still is answered


def test_a_long_that_question_swaps_the_subject_and_keeps_the_year(bot) -> None:
    history = [{"role": "user", "content": "巫溪县2027年安宁疗护床位目标是多少？"},
               {"role": "assistant", "content": "20张以上。"}]
    a = bot.ask("那二级以上综合性医院设立老年医学科的比例呢？", history=history)
    assert a.found and "老年医学科" in a.text and "100%" in a.text and "安宁疗护" not in a.text


def test_how_many_people_received_it_is_not_answered_with_a_year(rules_bot) -> None:
    a = rules_bot.ask("乐都2025年有多少失能老人领到了运营补贴？")
    assert not a.found  # the 办法 sets a subsidy; it reports no number of people


def test_leads_asked_of_a_document_that_names_none(bot) -> None:
    # 巫溪's plan says which bodies work together, never which one leads
    a = bot.ask("巫溪方案里县卫健委具体牵头哪几项任务？")
    assert not a.found and "没有按任务写明牵头单位" in a.text and "建立工作协同落实机制" in a.text
    assert bot.ask("涪陵卫健委牵头哪些任务？").found  # 涪陵 names its leads


def test_a_part_named_by_its_place_is_read_with_its_items(rules_bot, bot) -> None:
    fujian = bot.ask("福建方案第二部分叫啥，下面几条？")
    assert fujian.found and "推动医养结合机构提质扩面" in fujian.text and "下设3条" in fujian.text
    assert [i.text for i in fujian.items] == ["（三）加强医养结合机构建设", "（四）提升养老服务机构医养结合服务能力",
                                              "（五）提升医养结合服务质量"]
    inner = bot.ask("武鸣重点任务第二个板块包括哪几项？")  # the second part of a named section
    assert "强化资源利用" in inner.text and "下设5项" in inner.text
    chapter = rules_bot.ask("乐都的办法第三部分讲了什么？")
    assert "补贴与附则" in chapter.text and "第七条" in chapter.text


def test_kinds_of_a_table_are_its_category_values_counted(bot) -> None:
    a = bot.ask("巫溪主要指标分几类？")
    assert a.found and "共15项，分3类" in a.text
    assert [i.text for i in a.items] == ["服务体系（6项）", "服务能力（5项）", "惠民有感（4项）"]


def test_a_chapter_named_by_its_number_is_read_with_its_articles(rules_bot) -> None:
    a = rules_bot.ask("乐都的办法第二章讲什么？包括哪几条？")
    assert a.found and "服务与结算" in a.text and [i.text[:3] for i in a.items] == ["第四条", "第五条", "第六条"]


def test_the_signing_day_and_the_day_it_went_online_are_both_answered(bot) -> None:
    """A saved page as text carries its 发布时间 line; asked with the 落款 date, both are said."""
    a = bot.ask("武鸣这方案落款是哪天，网上哪天发布的？")
    assert a.found and "2017年10月13日" in a.text and "2017-10-20" in a.text


def test_an_item_named_by_its_number_is_the_task_asked_about(bot) -> None:
    a = bot.ask("福建方案第十三条谁配合？")
    assert a.found and "引导医务人员从事医养结合服务" in a.text and "省人社厅、民政厅" in a.text
    history = [{"role": "user", "content": "福建方案里省卫健委单独牵头的有哪几条？"},
               {"role": "assistant", "content": "有3条：（二）积极提供居家社区医疗服务、（五）提升医养结合服务质量、（十三）引导医务人员从事医养结合服务。"}]
    follow = bot.ask("那第十三条配合的呢？", history=history)
    assert follow.kind == "owner" and "配合：省人社厅、民政厅" in follow.text
    wuming = bot.ask("武鸣第11项谁配合？")  # a plan numbered 1. 2. 3.
    assert "建立老年人医养联动制度" in wuming.text


def test_each_side_of_a_comparison_is_found_in_its_own_words(bot) -> None:
    """中医院/老年科 are 中医医院/老年病科 in 四川's plan; "有啥不一样" asks of both sides, not of one."""
    a = bot.ask("中医院开老年科、康复科这块，涪陵和四川的要求有啥不一样？")
    lines = a.text.split("\n")
    assert lines[0].startswith("涪陵区：") and "康复科" in lines[0]
    assert lines[1].startswith("四川省：") and "老年病科" in lines[1] and "未在" not in lines[1]


def test_a_figure_for_another_age_group_does_not_answer(bot) -> None:
    a = bot.ask("涪陵区现在60岁以上的老人有多少？")
    assert not a.found and "60岁以上" in a.text
    assert bot.ask("涪陵65岁以上老年人健康管理率要多少？").found


def test_a_sentence_pointing_to_an_attachment_answers_with_its_rows(rules_bot) -> None:
    a = rules_bot.ask("城阳的运营补贴申报材料交到哪里？")
    assert a.found and "材料清单见附件2" in a.text and "共3项" in a.text
    assert [i.text for i in a.items] == ["运营补贴申请表", "养老机构备案回执", "收住老年人花名册"]
    listed = rules_bot.ask("城阳申报运营补贴要交哪些材料？")  # the list itself, from the table
    assert [i.text for i in listed.items] == ["运营补贴申请表", "养老机构备案回执", "收住老年人花名册"]


def test_a_quoted_section_without_items_is_read_as_a_passage(bot) -> None:
    a = bot.ask("巫溪“加强要素保障”说要在哪些方面给老年健康工作撑腰？")
    assert a.found and "项目支持、人才培养、政府购买服务" in a.text


def test_a_national_figure_a_local_plan_only_compares_with_is_not_made_up(bot) -> None:
    a = bot.ask("四川说2025年人均期望寿命超过全国平均，那全国平均是多少岁？")
    assert not a.found and "全国" in a.text
    assert bot.ask("四川2025年人均期望寿命目标是多少？").found


def test_the_askers_own_numbers_are_not_required_of_the_clause(bot) -> None:
    """"我们是一家120张床的养老院，…": 120 and 一家 describe the asker; the clause need not say them."""
    kit = bot.composer.kit
    question = "我们是涪陵一家120张床的养老院，是不是必须自己设医疗机构？"
    q = bot.parser.parse(question)
    pick = bot.picker.pick(kit.content_words(q), bot.retrieve(q), asked=q.text)[0]
    speaker = bot.picker._speaker_part(q.text)
    plain = kit.relevance(kit.content_words(q), pick)
    assert kit.relevance(kit.content_words(q), pick, speaker=speaker, asked=q.text) > plain


def test_a_table_without_a_caption_is_counted_by_its_section(rules_bot) -> None:
    a = rules_bot.ask("岚皋那份办事指南的申请材料清单一共几项？")
    assert a.found and "共4项" in a.text and "房屋租赁合同" in a.text
    assert all(c.clause.kind == "table_row" for c in a.citations)


def test_the_phone_of_the_body_asked_about(rules_bot) -> None:
    a = rules_bot.ask("岚皋那份办事指南里，县民政局的电话是多少？")
    assert a.found and "0915-2521002" in a.text and "0915-2521001" not in a.text
    none = rules_bot.ask("岚皋那份办事指南里，县医保局的电话是多少？")
    assert not none.found and "县医保局" in none.text


def test_rows_a_named_cell_value_picks_are_counted_and_listed(rules_bot) -> None:
    a = rules_bot.ask("汝城县有哪几家“两院一体”的机构？")
    assert a.found and "共2家" in a.text
    assert [i.text for i in a.items] == ["暖水镇中心卫生院", "土桥镇卫生院"]
    assert all(c.clause.kind == "table_row" and "两院一体" in c.clause.text for c in a.citations)
    due = rules_bot.ask("汝城的任务清单里完成时限是2026年9月底前的有哪几项？")
    assert "共2项" in due.text and [i.text for i in due.items] == ["新增“两院一体”机构2家", "开展医养结合机构服务质量检查"]


def test_each_named_value_of_a_column_is_counted_on_its_own(rules_bot) -> None:
    a = rules_bot.ask("汝城的服务项目分类表里，基本服务和拓展服务各有几项？")
    assert a.found and "“基本服务”共3项" in a.text and "“拓展服务”共2项" in a.text
    assert {i.group for i in a.items} == {"基本服务", "拓展服务"} and len(a.items) == 5
    whole = rules_bot.ask("汝城的服务项目分类表一共有几项？")  # no value named: the whole table
    assert "共5项" in whole.text


def test_a_follow_up_naming_another_row_reads_that_row(rules_bot) -> None:
    first = rules_bot.ask("汝城服务项目分类表里，日常巡诊怎么收费？")
    assert "纳入养老服务费" in first.text
    history = [{"role": "user", "content": "汝城服务项目分类表里，日常巡诊怎么收费？"},
               {"role": "assistant", "content": first.text}]
    a = rules_bot.ask("那康复训练呢？", history=history)
    assert "按医疗服务价格收费" in a.text and "纳入养老服务费" not in a.text
    assert "康复训练" in a.citations[0].clause.text


def test_the_date_beside_the_step_asked_is_the_one_weighed_against_today(rules_bot) -> None:
    a = rules_bot.ask("汝城的任务清单里，县福利院内设医务室纳入医保定点的时限过了没有？", today=TODAY)
    assert a.found and "2026年6月底前" in a.text and "已过期" in a.text
    both = rules_bot.ask("汝城工作要点的中期评估时间过了没有？", today=TODAY)
    assert "2026年6月底前已过期" in both.text
    final = rules_bot.ask("汝城工作要点的终期评估时间过了没有？", today=TODAY)
    assert "2027年6月底前尚未到期" in final.text


def test_a_question_about_what_happened_is_refused_when_no_target_or_state_answers_it(rules_bot) -> None:
    a = rules_bot.ask("汝城医养结合机构服务质量检查最后查出了几家不合格？")
    assert not a.found and a.kind == "results"
    planned = rules_bot.ask("汝城医养结合机构服务质量检查什么时候完成？")  # what the documents do say
    assert planned.found and "2026年9月底前" in planned.text


def test_the_ticked_box_of_a_form_line_leads_the_answer(rules_bot) -> None:
    a = rules_bot.ask("汝城养老机构内设医务室备案收不收费？")
    assert a.found and a.text.startswith("勾选的是“否”") and "☐是　☑否" in a.text
