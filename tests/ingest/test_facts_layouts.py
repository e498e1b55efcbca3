"""Facts from documents of other places, laid out their way, through the whole parse.

Each document is made up for the test and written in the readers' shared line layout (a table
cell per line starting with a TAB, a blank line after each row, a lone TAB for a cell that
continues a merge), saved as a .txt file and read by ``parse_document`` + ``extract_facts``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.facts import Facts, extract_facts
from ingest.pipeline import parse_document


def table(*rows: list[str]) -> str:
    """Rows in the shared line layout: a blank line after each row; a cell's own line breaks stay."""
    return "".join("\n".join("\t" + c for c in row) + "\n\n" for row in rows)


def facts_of(tmp_path: Path, name: str, text: str) -> Facts:
    path = tmp_path / f"{name}.txt"
    path.write_text(text, encoding="utf-8")
    parsed = parse_document(path, {})
    return extract_facts(parsed.meta, parsed.clauses)


def owners(task) -> list[tuple[str, str]]:
    return [(o.name, o.role) for o in task.owners]


def by_title(facts: Facts) -> dict[str, tuple[list[tuple[str, str]], str]]:
    return {t.title: (owners(t), t.deadline) for t in facts.tasks}


def targets(facts: Facts, origin: str | None = None) -> list[tuple]:
    return [(t.indicator, t.year, t.value, t.unit, t.comparator) for t in facts.targets
            if origin is None or t.origin == origin]


HUNAN = (
    "湖南省青山市人民政府办公室\n青山市医养结合提质行动方案\n\n一、工作目标\n"
    "到2025年，全市养老机构护理型床位占比达到50%以上。\n\n二、重点任务分工\n青山市医养结合重点任务分工表\n"
    + table(["序 号", "重 点 任 务", "责任单位", "", "时间\n节点"],
            ["", "", "牵 头 单 位", "配合单位", ""],
            ["1", "建设市级医养结合指导中心", "市卫生健康委", "市民政局、市财政局", "2024年底前"],
            ["2", "开展医养结合机构服务质量提升行动", "", "市市场监管局", "2025年6月"],
            ["3", "将符合条件的医养结合机构纳入医保定点", "市医保局", "", "2024年12月"])
    + "三、保障措施\n（一）加强组织领导。各地要建立工作机制。\n"
)


def test_two_row_owner_header_keeps_lead_and_co_apart(tmp_path):
    tasks = by_title(facts_of(tmp_path, "hunan", HUNAN))
    assert tasks["建设市级医养结合指导中心"] == (
        [("市卫生健康委", "lead"), ("市民政局", "co"), ("市财政局", "co")], "2024年底前")
    # the lead cell of row 2 continues the merge from row 1; its empty 配合单位 cell in row 3 stays empty
    assert tasks["开展医养结合机构服务质量提升行动"] == ([("市卫生健康委", "lead"), ("市市场监管局", "co")], "2025年6月")
    assert tasks["将符合条件的医养结合机构纳入医保定点"] == ([("市医保局", "lead")], "2024年12月")


def test_two_row_header_names_the_columns_for_citations(tmp_path):
    path = tmp_path / "hunan.txt"
    path.write_text(HUNAN, encoding="utf-8")
    rows = [c for c in parse_document(path, {}).clauses if c.kind == "table_row"]
    assert [c.section for c in rows] == [f"二、青山市医养结合重点任务分工表 {i}" for i in (1, 2, 3)]
    assert list(rows[0].columns) == ["序号", "重点任务", "责任单位·牵头单位", "责任单位·配合单位", "时间节点"]


GANSU = (
    "甘肃省临河县卫生健康局\n临河县推进医养结合发展实施方案\n\n一、主要指标\n"
    # Word writes 目标值 (spanning two columns) once, and a lone TAB under each cell merged down
    + table(["序号", "指标名称", "单位", "基期值（2022年）", "目标值"],
            ["", "", "", "", "2025年", "2027年"],
            ["1", "养老机构护理型床位占比", "%", "45", "≥55", "60以上"],
            ["2", "安宁疗护床位", "张", "—", "20", "/"],
            ["3", "医养结合机构数量", "家", "3", "≥ 5", "8"])
    + "二、重点任务\n"
    + table(["序号", "主要任务", "主要责任单位", "协同单位", "完成时限"],
            ["1", "建成县级康复护理中心", "县卫健局（牵头）、县民政局", "", "2025年"],
            ["2", "推进签约服务", "县卫生健康\n局", "县医保局\n县民政局", "2026年底"])
)


def test_indicator_table_with_merged_target_header_unit_column_and_baseline(tmp_path):
    facts = facts_of(tmp_path, "gansu", GANSU)
    got = [(t.indicator, t.year, t.value, t.unit, t.comparator, t.baseline, t.baseline_year) for t in facts.targets]
    assert got == [
        ("养老机构护理型床位占比", 2025, "55", "%", "不低于", "45", 2022),
        ("养老机构护理型床位占比", 2027, "60", "%", "以上", "45", 2022),
        ("安宁疗护床位", 2025, "20", "张", "", "", 0),  # — baseline and / target: no value
        ("医养结合机构数量", 2025, "5", "家", "不低于", "3", 2022),
        ("医养结合机构数量", 2027, "8", "家", "", "3", 2022),
    ]


def test_owner_cell_marks_and_names_broken_across_lines(tmp_path):
    tasks = by_title(facts_of(tmp_path, "gansu", GANSU))
    assert tasks["建成县级康复护理中心"] == ([("县卫生健康局", "lead"), ("县民政局", "co")], "2025年")
    assert tasks["推进签约服务"] == ([("县卫生健康局", "lead"), ("县医保局", "co"), ("县民政局", "co")], "2026年底")


HEADER_VARIANTS = [
    ("责任单位", "配合单位", "完成时限", "工作任务"),
    ("牵头单位", "协同单位", "时间节点", "重点任务"),
    ("主要责任单位", "参与单位", "进度安排", "主要任务"),
    ("责任部门", "协办单位", "完成时间", "任务内容"),
    ("牵头部门", "配合部门", "时限要求", "具体措施"),
    ("负责单位", "配合单位", "完成\n时限", "工作内容"),
    ("1.牵头单位", "2.配合单位", "３．完成时限", "工作任务"),
]


@pytest.mark.parametrize(("lead", "co", "deadline", "task"), HEADER_VARIANTS)
def test_task_table_header_variants(tmp_path, lead, co, deadline, task):
    text = ("江西省赣南市医养结合工作方案\n一、任务分工\n"
            + table(["序号", task, lead, co, deadline],
                    ["1", "建设医养结合信息平台", "市大数据局", "市卫健委、市医保局", "2025年底"]))
    [t] = facts_of(tmp_path, "variant", text).tasks
    assert (t.title, owners(t), t.deadline) == (
        "建设医养结合信息平台", [("市大数据发展局", "lead"), ("市卫生健康委", "co"), ("市医保局", "co")], "2025年底")


def test_one_owner_column_with_lead_marked_in_the_cell(tmp_path):
    text = ("江西省赣南市医养结合工作方案\n一、任务分工\n"
            + table(["序号", "工作任务", "责任单位", "完成时限"],
                    ["1", "开展老年健康促进行动", "市卫生健康委（牵头），市民政局、市医保局", "2024年"],
                    ["2", "推进长期护理保险", "市医保局、市财政局", "2025年"]))
    tasks = by_title(facts_of(tmp_path, "marked", text))
    assert tasks["开展老年健康促进行动"][0] == [("市卫生健康委", "lead"), ("市民政局", "co"), ("市医保局", "co")]
    assert tasks["推进长期护理保险"][0] == [("市医保局", "lead"), ("市财政局", "co")]  # unmarked: first named leads


HUBEI = (
    "湖北省江城市医养结合发展规划\n一、发展指标\n"
    # a web page leaves rowspan cells out of the second header row
    + table(["序号", "指标", "2022年基数", "目标值"],
            ["2025年（张）", "2027年（张）"],
            ["1", "医养结合机构床位", "1200", "1500", "≥2000"],
            ["2", "养老机构护理型床位占比（%）", "40", "55", "60—70"],
            ["3", "设立老年医学科的二级以上综合医院", "全覆盖", "全覆盖", "全覆盖"])
)


def test_web_table_units_in_headers_and_names_and_a_基数_column(tmp_path):
    got = [(t.indicator, t.year, t.value, t.unit, t.comparator, t.baseline, t.baseline_year)
           for t in facts_of(tmp_path, "hubei", HUBEI).targets]
    assert got == [
        ("医养结合机构床位", 2025, "1500", "张", "", "1200", 2022),
        ("医养结合机构床位", 2027, "2000", "张", "不低于", "1200", 2022),
        ("养老机构护理型床位占比", 2025, "55", "%", "", "40", 2022),  # the name's （%） beats the header's （张）
        ("养老机构护理型床位占比", 2027, "60—70", "%", "", "40", 2022),
        ("设立老年医学科的二级以上综合医院", 2025, "100", "%", "达到", "100", 2022),
        ("设立老年医学科的二级以上综合医院", 2027, "100", "%", "达到", "100", 2022),
    ]


JIANGXI = """江西省赣南市人民政府办公室关于印发赣南市深入推进医养结合发展实施方案的通知

赣南市深入推进医养结合发展实施方案

一、发展目标
到2025年，全市二级及以上综合医院设立老年医学科的比例达到60%以上，每千名老年人拥有养老床位数不低于35张，失能老年人长期照护费用负担控制在30%以内；乡镇卫生院与敬老院签约服务实现全覆盖。力争到2027年，养老机构护理型床位占比达到60%—70%，医养结合机构床位数翻一番，达到3000张，老年人健康管理率超过75%。城乡社区老年人健康服务站点数量翻一番。
全市医养结合机构数量力争达到40家（2026年）。

二、重点任务
（一）完善医养结合服务网络。推动二级以上综合医院开设老年医学科。（牵头单位：市卫生健康委；配合单位：市民政局、市医保局）
支持社会力量举办医养结合机构。完善激励机制。〔责任单位：市发展改革委、市财政局，各县（市、区）人民政府〕
（二）提升居家社区医养结合服务能力。开展家庭病床服务（市卫生健康委牵头，市民政局、市医保局等配合）。
（三）强化人才支撑。加强老年医学人才培养，由市人力资源社会保障局牵头，市教育局配合。
（四）加强信息化建设。建设市级医养结合信息平台，2025年底前完成与省级平台对接。（市大数据局、市卫生健康委按职责分工负责，各县（市、区）人民政府落实）
（五）加强监督管理。养老机构内设医疗机构的监管工作由市卫生健康委负责落实。
"""


def test_comparators_ranges_coverage_and_bracketed_year(tmp_path):
    got = targets(facts_of(tmp_path, "jiangxi", JIANGXI))
    assert got == [
        ("二级及以上综合医院设立老年医学科的比例", 2025, "60", "%", "以上"),
        ("每千名老年人拥有养老床位数", 2025, "35", "张", "不低于"),
        ("失能老年人长期照护费用负担", 2025, "30", "%", "不超过"),
        ("乡镇卫生院与敬老院签约服务", 2025, "100", "%", "达到"),
        ("养老机构护理型床位占比", 2027, "60—70", "%", "达到"),
        ("医养结合机构床位数", 2027, "3000", "张", "达到"),  # 翻一番 with the number stated
        ("老年人健康管理率", 2027, "75", "%", "以上"),
        ("医养结合机构数量", 2026, "40", "家", "达到"),
    ]
    assert all(not t.value.endswith(("达到", "%")) for t in facts_of(tmp_path, "jiangxi", JIANGXI).targets)


def test_owner_statements_in_every_form(tmp_path):
    tasks = by_title(facts_of(tmp_path, "jiangxi", JIANGXI))
    assert tasks["完善医养结合服务网络"][0] == [("市卫生健康委", "lead"), ("市民政局", "co"), ("市医保局", "co")]
    # an unnumbered paragraph with its own 〔责任单位：…〕 is a task of its own
    assert tasks["支持社会力量举办医养结合机构"][0] == [
        ("市发展改革委", "lead"), ("市财政局", "co"), ("各县(市、区)人民政府", "territorial")]
    # the parenthetical sits before the sentence's 。 and its list ends in 等
    assert tasks["提升居家社区医养结合服务能力"][0] == [("市卫生健康委", "lead"), ("市民政局", "co"), ("市医保局", "co")]
    assert tasks["强化人才支撑"][0] == [("市人力社保局", "lead"), ("市教育局", "co")]
    assert tasks["加强信息化建设"] == ([("市大数据发展局", "co"), ("市卫生健康委", "co"),
                                  ("各县(市、区)人民政府", "territorial")], "2025年底前")
    assert tasks["加强监督管理"][0] == [("市卫生健康委", "lead")]


def test_owner_parenthetical_split_over_two_lines(tmp_path):
    text = ("四川省锦城市医养结合实施方案\n一、重点任务\n（一）发展居家医养服务。为失能老年人提供上门服务。（牵头单位：市卫生健康\n"
            "委；配合单位：市民政局）\n（二）扩大供给。新建护理院2所。\n（市民政局负责）\n")
    tasks = by_title(facts_of(tmp_path, "sichuan", text))
    assert tasks["发展居家医养服务"][0] == [("市卫生健康委", "lead"), ("市民政局", "co")]
    assert tasks["扩大供给"][0] == [("市民政局", "lead")]


def test_unnumbered_document_paragraphs_with_owners(tmp_path):
    text = ("关于做好医养结合工作的通知\n\n各县区要推进医养签约服务全覆盖，2024年底前完成。（县卫健局牵头，县民政局配合）\n\n"
            "加快培养养老护理员。（责任单位：县人社局、县民政局）\n")
    tasks = facts_of(tmp_path, "plain", text).tasks
    assert [(owners(t), t.deadline) for t in tasks] == [
        ([("县卫生健康局", "lead"), ("县民政局", "co")], "2024年底前"),
        ([("县人力社保局", "lead"), ("县民政局", "co")], ""),
    ]


HUNAN_COUNTY = (
    "湖南省桃源县医养结合工作要点\n一、工作目标\n"
    "到2025年，全县二级及以上医院设立老年医学科的比例达到80%；到2026年，该比例达到90%以上，家庭医生签约服务率达到75%。\n"
    "县医养结合主要指标\n"
    # the rows are years, the columns indicators with their units in the header
    + table(["年度", "医养结合机构（个）", "护理型床位占比（%）"],
            ["2023年（实际）", "11", "48"],
            ["2024年（实际）", "14", "53"],
            ["2025年（目标）", "17", "58"])
    + "二、重点任务\n（一）编制布局规划。制定县域医养结合机构布局规划，2025年4月底前印发。由县卫健局牵头，县民政局、县自然资源局配合。\n"
    "（二）强化县级龙头。县人民医院新增老年病床30张。县卫健局（牵头）、县医保局按职责分工负责。\n"
    "三、办事指引\n"
    + table(["事项名称", "办理方式", "受理部门", "承诺时限"],
            ["养老机构内设医务室", "备案", "县卫生健康局", "当场办结"])
)


def test_year_by_row_table_with_actual_rows_as_baseline(tmp_path):
    got = [(t.indicator, t.year, t.value, t.unit, t.baseline, t.baseline_year)
           for t in facts_of(tmp_path, "taoyuan", HUNAN_COUNTY).targets if t.origin == "table"]
    assert ("医养结合机构", 2025, "17", "个", "14", 2024) in got
    assert ("护理型床位占比", 2025, "58", "%", "53", 2024) in got
    assert ("护理型床位占比", 2023, "48", "%", "", 0) in got  # an 实际 row is history, no baseline of its own


def test_该比例_and_签约_keep_their_indicator(tmp_path):
    got = targets(facts_of(tmp_path, "taoyuan", HUNAN_COUNTY), origin="text")
    assert ("二级及以上医院设立老年医学科的比例", 2026, "90", "%", "以上") in got
    assert ("家庭医生签约服务率", 2026, "75", "%", "达到") in got


def test_owner_sentences_without_brackets_and_受理部门(tmp_path):
    tasks = by_title(facts_of(tmp_path, "taoyuan", HUNAN_COUNTY))
    assert tasks["编制布局规划"] == (
        [("县卫生健康局", "lead"), ("县民政局", "co"), ("县自然资源局", "co")], "2025年4月底前")
    assert tasks["强化县级龙头"][0] == [("县卫生健康局", "lead"), ("县医保局", "co")]
    assert tasks["养老机构内设医务室"] == ([("县卫生健康局", "lead")], "当场办结")


def test_year_with_month_and_a_noun_after_a_creation_verb(tmp_path):
    text = ("重庆市长江区医养结合行动方案\n一、重点任务\n（一）加强专项培训。到2026年10月底前累计培训护理员不少于1500人次。\n"
            "（二）培育品牌。2025年底前培育2个以上医养结合服务品牌。\n")
    got = targets(facts_of(tmp_path, "changjiang", text))
    assert ("培训护理员", 2026, "1500", "人次", "不低于") in got  # 培训 says what is counted
    assert ("医养结合服务品牌", 2025, "2", "个", "以上") in got


def test_target_column_dated_by_its_deadline_cell_and_owned_by_its_责任单位(tmp_path):
    text = ("江西省赣南市医养结合目标责任书\n一、目标任务\n"
            + table(["序号", "主要指标", "指标值", "完成时限", "责任单位"],
                    ["1", "养老机构护理型床位占比（%）", "不低于55", "2025年底", "市民政局"],
                    ["2", "安宁疗护病区", "8个以上", "2026年", "市卫健委"]))
    facts = facts_of(tmp_path, "pledge", text)
    assert targets(facts) == [("养老机构护理型床位占比", 2025, "55", "%", "不低于"), ("安宁疗护病区", 2026, "8", "个", "以上")]
    assert by_title(facts)["安宁疗护病区"] == ([("市卫生健康委", "lead")], "2026年")


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        ("（牵头单位：市卫生健康委 配合单位：市民政局、市医保局）",  # the ； between the labels lost
         [("市卫生健康委", "lead"), ("市民政局", "co"), ("市医保局", "co")]),
        ("（主要责任单位：县卫健局；协同单位：县民政局）", [("县卫生健康局", "lead"), ("县民政局", "co")]),
        ("（责任单位：市卫健委（牵头）、市民政局、市医保局等）",
         [("市卫生健康委", "lead"), ("市民政局", "co"), ("市医保局", "co")]),
        ("（市卫健委、市医保局，各县（市、区）人民政府按职责分工负责，排在第一位的为牵头单位）",
         [("市卫生健康委", "lead"), ("市医保局", "co"), ("各县(市、区)人民政府", "territorial")]),
        ("（责任单位：市卫健委，配合单位：市民政局）", [("市卫生健康委", "lead"), ("市民政局", "co")]),
    ],
)
def test_labelled_statements_as_other_places_write_them(tmp_path, statement, expected):
    text = f"福建省闽江市医养结合方案\n一、重点任务\n（一）推进签约服务。实现签约服务全覆盖。{statement}\n"
    [task] = facts_of(tmp_path, "label", text).tasks
    assert owners(task) == expected


def test_one_column_with_both_roles_labelled(tmp_path):
    text = ("安徽省淮水市医养结合方案\n一、任务分工\n"
            + table(["序号", "工作任务", "责任分工", "完成时限"],
                    ["1", "建设医养结合信息平台", "牵头：市数据资源局\n配合：市卫健委、市民政局", "2025年底"]))
    [task] = facts_of(tmp_path, "split", text).tasks
    assert owners(task) == [("市数据资源局", "lead"), ("市卫生健康委", "co"), ("市民政局", "co")]


def test_one_sentence_giving_each_department_its_duty(tmp_path):
    text = ("四川省涪江区医养结合服务进家庭方案\n一、服务内容\n（一）家庭病床。开展家庭病床服务。\n四、组织实施\n"
            "区卫生健康局负责统筹协调和业务指导，区民政局负责困难老年人摸底，区医保局负责支付政策落实，"
            "各镇（街道）负责辖区内组织动员。\n")
    got = [(t.title, owners(t)) for t in facts_of(tmp_path, "fujiang", text).tasks if t.section == "四、"]
    assert got == [("统筹协调和业务指导", [("区卫生健康局", "lead")]), ("困难老年人摸底", [("区民政局", "lead")]),
                   ("支付政策落实", [("区医保局", "lead")]), ("辖区内组织动员", [("各镇(街道)", "territorial")])]


def test_bullets_signs_and_a_comparator_before_a_creation_verb(tmp_path):
    text = ("浙江省钱塘区医养结合规划\n一、主要指标\n——护理型床位占比：2025年55%，2027年60%。\n"
            "——到2025年，二级及以上综合医院老年医学科设置率≥60%，每个街道至少建成1个医养结合服务中心。\n")
    got = targets(facts_of(tmp_path, "qiantang", text))
    assert got == [("护理型床位占比", 2025, "55", "%", ""), ("护理型床位占比", 2027, "60", "%", ""),
                   ("二级及以上综合医院老年医学科设置率", 2025, "60", "%", "不低于"),
                   ("医养结合服务中心", 2025, "1", "个", "不低于")]


def test_target_table_dated_by_its_title_and_one_without_an_indicator_header(tmp_path):
    text = ("山东省泰山区医养结合工作方案\n一、工作目标\n泰山区2025年医养结合主要指标\n"
            + table(["序号", "指标名称", "单位", "目标值"], ["1", "医养结合机构", "家", "12"])
            + "二、分年度目标\n年度目标表\n"
            + table(["", "2025年", "2026年"], ["护理型床位占比（%）", "55", "≥60"]))
    assert targets(facts_of(tmp_path, "taishan", text)) == [
        ("医养结合机构", 2025, "12", "家", ""), ("护理型床位占比", 2025, "55", "%", ""),
        ("护理型床位占比", 2026, "60", "%", "不低于")]


def test_duties_of_offices_and_duties_done_together(tmp_path):
    text = ("河南省伏牛县医养结合工作方案\n一、保障措施\n（一）加强组织领导。县民政局要会同县卫生健康委建立医养结合工作联席会议制度，"
            "每季度召开一次会议。\n（二）加强督查考核。县政府督查室要将医养结合工作纳入年度督查计划。\n")
    assert [(t.title, owners(t)) for t in facts_of(tmp_path, "funiu", text).tasks] == [
        ("建立医养结合工作联席会议制度", [("县民政局", "lead")]),
        ("医养结合工作纳入年度督查计划", [("县政府督查室", "lead")]),
    ]


def test_a_note_that_the_first_named_leads_applies_below(tmp_path):
    text = ("云南省滇池市医养结合实施意见\n一、重点任务\n（一）建设平台。建设信息平台。（市大数据局、市卫健委按职责分工负责，排在第一位的为牵头单位，下同）\n"
            "（二）培养人才。培养护理员。（市人社局、市民政局按职责分工负责）\n")
    assert [owners(t) for t in facts_of(tmp_path, "dianchi", text).tasks] == [
        [("市大数据发展局", "lead"), ("市卫生健康委", "co")], [("市人力社保局", "lead"), ("市民政局", "co")]]
