"""Tasks from numbered clauses, paragraphs with their own owners, prose duties and task tables."""

from __future__ import annotations

from corpus.schema import Clause, DocumentMeta
from ingest.facts.tasks import TaskBuilder, find_deadline, section_depth

DOC = DocumentMeta(source="p.txt", title="某省方案", jurisdiction="江南省")


def clause(text, section, kind="clause", columns=None, start=0, part=0, headings=()):
    return Clause.create(source="p.txt", doc_title=DOC.title, section=section, text=text, start=start,
                         end=start + len(text), kind=kind, columns=columns or {}, part=part, headings=headings)


def owners(task):
    return [(o.name, o.role) for o in task.owners]


def test_parts_are_read_together_and_owner_sits_in_the_last_part():
    a = clause("（一）建设平台。推进互通。", "一、（一）", start=0, part=1)
    b = clause("完善档案。（省卫健委牵头，省大数据局、医保局配合）", "一、（一）", start=20, part=2)
    [task] = TaskBuilder().build(DOC, [a, b])
    assert (task.title, task.clause_id) == ("建设平台", b.id)
    assert owners(task) == [("省卫生健康委", "lead"), ("省大数据发展局", "co"), ("省医保局", "co")]


def test_unnumbered_paragraph_with_own_owners_is_its_own_task():
    text = ("（八）完善制度。制定价格政策。（区卫健委、区发改委按职责分工负责）\n"
            "支持开展上门服务。完善激励机制。（区卫健委、区财政局按职责分工负责）")
    tasks = TaskBuilder().build(DOC, [clause(text, "三、（八）")])
    assert [(t.title, [o.name for o in t.owners]) for t in tasks] == [
        ("完善制度", ["区卫生健康委", "区发展改革委"]), ("支持开展上门服务", ["区卫生健康委", "区财政局"])]


def test_standing_note_applies_to_later_clauses_only():
    first = clause("(一)甲.做甲事.(责任单位:省民政厅牵头.以下均需各设区市人民政府落实,不再列出)", "一、（一）", start=0)
    second = clause("(二)乙.做乙事.(责任单位:省医保局)", "一、（二）", start=50)
    t1, t2 = TaskBuilder().build(DOC, [first, second])
    assert owners(t2) == [("省医保局", "lead"), ("各设区市人民政府", "territorial")]
    assert ("省民政厅", "lead") in owners(t1)


def test_prose_duties_become_tasks():
    c = clause("（二）明确分工。市卫健委、市民政局要加强协作;市财政局要落实相关投入政策,加大投入。", "四、（二）")
    tasks = TaskBuilder().build(DOC, [c])
    assert [(t.title, owners(t)) for t in tasks] == [
        ("加强协作", [("市卫生健康委", "lead"), ("市民政局", "lead")]),
        ("落实相关投入政策", [("市财政局", "lead")]),
    ]


def test_task_table_row_with_deadline_and_owner_columns():
    row = clause("", "附件 4", kind="table_row",
                 columns={"序号": "4", "重点任务": "建成县级医养结合指导中心", "牵头单位": "县卫健委",
                          "配合单位": "县民政局、县财政局", "完成时限": "2024年12月"})
    [task] = TaskBuilder().build(DOC, [row])
    assert (task.title, task.deadline) == ("建成县级医养结合指导中心", "2024年12月")
    assert owners(task) == [("县卫生健康委", "lead"), ("县民政局", "co"), ("县财政局", "co")]


def test_indicator_rows_and_bullets_are_not_tasks():
    row = clause("", "附表 1", kind="table_row", columns={"指标名称": "床位（张）", "2025年": "10"})
    bullet = clause("——政府主导、社会参与。", "二、（二）——1")
    assert TaskBuilder().build(DOC, [row, bullet]) == []


def test_helpers():
    assert section_depth("三、（一）1.") == 3
    assert find_deadline("到2018年底,完成平台对接") == "2018年底"
    assert find_deadline("推进平台对接") == ""
