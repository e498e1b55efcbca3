"""Targets from tables, bullets and sentences; conflicts within one document."""

from __future__ import annotations

from corpus.schema import Clause, DocumentMeta
from ingest.facts import extract_facts
from ingest.facts.conflicts import same_indicator
from ingest.facts.targets import TargetExtractor

DOC = DocumentMeta(source="plan.txt", title="某县行动方案", jurisdiction="青山县", date="2023-03-01")


def clause(text: str, section: str = "二、（一）1.", kind: str = "clause", columns=None, start: int = 0) -> Clause:
    return Clause.create(source="plan.txt", doc_title=DOC.title, section=section, text=text, start=start,
                         end=start + len(text), kind=kind, columns=columns or {})


def rows(targets):
    return [(t.indicator, t.year, t.value, t.unit, t.comparator) for t in targets]


def test_sentence_subject_unit_and_comparator():
    c = clause("5. 推广安宁疗护服务。到2027年，全县安宁疗护床位20张以上，65岁以上老年人健康管理率达到75%。")
    assert rows(TargetExtractor().extract(DOC, [c])) == [("安宁疗护床位", 2027, "20", "张", "以上"),
                                                         ("65岁以上老年人健康管理率", 2027, "75", "%", "达到")]


def test_sub_indicator_and_inherited_subject():
    c = clause("——护理型床位占全市养老床位数比例，2025年达到40%，其中中医医养护理型床位占20%；"
               "2030年达到55%。", section="二、（三）——3")
    assert rows(TargetExtractor().extract(DOC, [c])) == [
        ("护理型床位占全市养老床位数比例", 2025, "40", "%", "达到"),
        ("中医医养护理型床位", 2025, "20", "%", ""),
        ("护理型床位占全市养老床位数比例", 2030, "55", "%", "达到"),
    ]


def test_year_carries_and_subject_after_a_creation_verb():
    c = clause("到2024年底，签订合作协议的比例达到60%，到2026年底达到80%以上。力争累计培养30名全科医生。"
               "在受理后10个工作日内办结。")
    assert rows(TargetExtractor().extract(DOC, [c])) == [
        ("签订合作协议的比例", 2024, "60", "%", "达到"),
        ("签订合作协议的比例", 2026, "80", "%", "以上"),
        ("全科医生", 2026, "30", "名", ""),
    ]


def test_history_and_projections_are_not_targets():
    c = clause("2021年末，全县共有养老机构35个。据预测，2025年老年人口将达到12万人。", section="一、")
    assert TargetExtractor().extract(DOC, [c]) == []


def test_indicator_table_with_baseline_column():
    row = clause("", section="附表 1", kind="table_row",
                 columns={"序号": "1", "指标": "护理型床位占比（%）", "基线值": "45", "2025年": "≥55", "2027年": "60"})
    got = TargetExtractor().extract(DOC, [row])
    assert [(t.indicator, t.year, t.value, t.unit, t.comparator, t.baseline, t.origin) for t in got] == [
        ("护理型床位占比", 2025, "55", "%", "不低于", "45", "table"),
        ("护理型床位占比", 2027, "60", "%", "", "45", "table"),
    ]


def test_task_table_row_takes_its_year_from_the_deadline():
    row = clause("", section="附件 3", kind="table_row",
                 columns={"序号": "3", "工作任务": "全市二级以上医院设立老年医学科比例不低于90%", "完成时限": "2025年6月底"})
    assert rows(TargetExtractor().extract(DOC, [row])) == [("二级以上医院设立老年医学科比例", 2025, "90", "%", "不低于")]


def test_conflict_between_table_and_text():
    table = clause("", section="一、指标 9", kind="table_row", start=0,
                   columns={"指标名称": "全科医生培养（人）", "2023年": "5", "2027年": "20"})
    text = clause("12. 加强培养。到2027年，累计培养50名全科医生。", section="二、（四）12.", start=100)
    same = clause("到2027年，全县全科医生培养20人。", section="二、（四）13.", start=200)
    facts = extract_facts(DOC, [table, text, same])
    assert [(c.year, c.a.value, c.a.origin, c.b.value, c.b.section) for c in facts.conflicts] == [
        (2027, "20", "table", "50", "二、（四）12."),
        (2027, "50", "text", "20", "二、（四）13."),  # two sentences disagreeing is a conflict too
    ]


def test_indicator_matching_ignores_only_counting_words():
    assert same_indicator("老年医学人才培养（人）", "老年医学人才")
    assert same_indicator("老年医院数量（个）", "全县老年医院")
    assert not same_indicator("养老服务中心内设医务室", "乡镇养老服务中心内设医务室")
    assert not same_indicator("65岁以上老年人健康管理率", "65岁以上老年人中医药健康管理率")


def test_a_footnote_mark_is_not_part_of_the_indicator():
    row = clause("", section="表1 主要指标", kind="table_row",
                 columns={"序号": "5", "指标名称": "家庭病床数②（张）", "2024年基期值": "120", "2027年": "350"})
    got = TargetExtractor().extract(DOC, [row])
    assert [(t.indicator, t.year, t.value, t.unit) for t in got] == [("家庭病床数", 2027, "350", "张")]
    text = clause("到2027年，全县医养结合机构①达到14家以上。")
    assert [t.indicator for t in TargetExtractor().extract(DOC, [text])] == ["医养结合机构"]


def test_each_line_of_a_graphic_names_its_own_indicator():
    text = ("发展目标\n2026年 2027年\n医养结合机构：2026年 10家，2027年 12家\n"
            "家庭病床：2026年 150张，2027年 220张\n到2026年底和2027年底分别实现上述目标。")
    got = TargetExtractor().extract(DOC, [clause(text, section="三、")])
    assert rows(got) == [("医养结合机构", 2026, "10", "家", ""), ("医养结合机构", 2027, "12", "家", ""),
                         ("家庭病床", 2026, "150", "张", ""), ("家庭病床", 2027, "220", "张", "")]


def test_an_annual_plan_dates_its_targets_and_a_total_names_what_it_counts():
    plan = DocumentMeta(source="plan.txt", title="青山县2026年医养结合工作要点", jurisdiction="青山县", date="2026-02-01")
    c = clause("3.扩大家庭病床服务。年内新增家庭病床90张，总数达到300张。")
    assert rows(TargetExtractor().extract(plan, [c])) == [("年内新增家庭病床", 2026, "90", "张", ""),
                                                          ("家庭病床总数", 2026, "300", "张", "达到")]
    # a plan for a period, or any other document, gives no year to a sentence without one
    period = DocumentMeta(source="plan.txt", title="青山县医养结合三年行动方案（2025—2027年）",
                          jurisdiction="青山县", date="2025-02-01")
    assert TargetExtractor().extract(period, [c]) == []
