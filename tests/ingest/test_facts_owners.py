"""Owner statements: every form the seeds use, and the same forms with other names."""

from __future__ import annotations

import pytest

from ingest.facts.departments import DepartmentDirectory
from ingest.facts.owners import ResponsibilityParser


@pytest.fixture(scope="module")
def parser() -> ResponsibilityParser:
    return ResponsibilityParser()


def roles(owners) -> list[tuple[str, str]]:
    return [(o.name, o.role) for o in owners]


def test_trailing_parenthetical_with_territorial_part(parser):
    r = parser.parse_statement("（区卫生健康委、区民政局按职责分工负责，各乡镇人民政府、街道办事处负责）")
    assert roles(r.owners) == [("区卫生健康委", "co"), ("区民政局", "co"),
                               ("各乡镇人民政府", "territorial"), ("街道办事处", "territorial")]


def test_labelled_lead_and_co_lists_expand_the_ellipsis(parser):
    r = parser.parse_statement("(牵头单位:城区卫计局、民政局;配合单位:城区发改局、住建局)")
    assert roles(r.owners) == [("城区卫计局", "lead"), ("城区民政局", "lead"),
                               ("城区发展改革局", "co"), ("城区住房城乡建设局", "co")]
    assert [o.surface for o in r.owners][1] == "民政局"


def test_pdf_statement_across_line_breaks_with_standing_note(parser):
    text = ("〔责任单位:省卫健\n委、民政厅牵头,省发改委、财政厅、残\n联,各市、县 (区)人民政府,平潭综合实验区管委会按职责分\n"
            "工落实.以下均需各市、县 (区)人民政府,平潭综合实验区管\n委会落实,不再列出〕")
    r = parser.parse_statement(text)
    assert roles(r.owners)[:4] == [("省卫生健康委", "lead"), ("省民政厅", "lead"),
                                   ("省发展改革委", "co"), ("省财政厅", "co")]
    assert ("省残联", "co") in roles(r.owners)
    assert ("各市、县(区)人民政府", "territorial") in roles(r.owners)
    assert roles(r.standing) == [("各市、县(区)人民政府", "territorial"), ("平潭综合实验区管委会", "territorial")]


def test_lead_then_co_by_role_verbs(parser):
    r = parser.parse_statement("(责任单位:省卫健委牵头,省工信厅、民政厅、医保局\n按职责分工落实)")
    assert roles(r.owners) == [("省卫生健康委", "lead"), ("省工业和信息化厅", "co"),
                               ("省民政厅", "co"), ("省医保局", "co")]


def test_市场监管局_is_not_a_市_prefix(parser):
    r = parser.parse_statement("(责任单位:省医保局、发改委、财政厅、市\n场监管局、卫健委按职责分工落实)")
    assert "省市场监管局" in [o.name for o in r.owners]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（县卫生健康委牵头，县民政局、县财政局配合）",
         [("县卫生健康委", "lead"), ("县民政局", "co"), ("县财政局", "co")]),
        ("责任单位：市医保局", [("市医保局", "lead")]),
        ("（牵头部门：州卫生健康局；配合部门：州人社局、医保局）",
         [("州卫生健康局", "lead"), ("州人力社保局", "co"), ("州医保局", "co")]),
        ("（市民政局牵头，市卫健委、市医保局按职责分工负责，各区县政府落实）",
         [("市民政局", "lead"), ("市卫生健康委", "co"), ("市医保局", "co"), ("各区县政府", "territorial")]),
        ("(牵头单位:各镇人民政府;配合单位:城区发改局)", [("各镇人民政府", "lead"), ("城区发展改革局", "co")]),
    ],
)
def test_invented_statements(parser, text, expected):
    assert roles(parser.parse_statement(text).owners) == expected


def test_table_cell_splits_names_run_together(parser):
    owners = parser.parse_cell("区民政局\n\n区卫生健康委区大数据局")
    assert roles(owners) == [("区民政局", "lead"), ("区卫生健康委", "co"), ("区大数据发展局", "co")]
    assert owners[2].surface == "区大数据局"
    assert roles(parser.parse_cell("县卫健委县医保局", role="co")) == [("县卫生健康委", "co"), ("县医保局", "co")]


def test_prose_duties(parser):
    duties = parser.parse_duties("各部门要加强协作。城区卫计局、民政局要将医养结合工作纳入规划;"
                                 "城区财政局要落实相关投入政策,加大投入;各镇人民政府负责具体落实。"
                                 "医养结合机构要严格执行标准。")
    assert [(roles(d.owners), d.title) for d in duties] == [
        ([("城区卫计局", "lead"), ("城区民政局", "lead")], "医养结合工作纳入规划"),
        ([("城区财政局", "lead")], "落实相关投入政策"),
        ([("各镇人民政府", "territorial")], "具体落实"),
    ]
    sichuan = parser.parse_duties("卫生计生部门要积极引导社会力量。民政部门要把医养结合纳入规划。")
    assert [roles(d.owners) for d in sichuan] == [[("卫生计生部门", "lead")], [("民政部门", "lead")]]


def test_inline_lead_and_co(parser):
    owners = parser.parse_inline_roles("医养结合服务的监管由卫生\n健康行政部门牵头负责、民政部门配合。")
    assert roles(owners) == [("卫生健康部门", "lead"), ("民政部门", "co")]


def test_find_statements_splits_paragraphs_and_skips_plain_parentheses(parser):
    text = ("（十八）完善制度。医疗机构（含失智，下同）核定。（区卫生健康委、区市场监管局按职责分工负责）\n\n"
            "支持开展上门服务。完善激励机制。（区卫生健康委、区财政局按职责分工负责）")
    found = parser.find_statements(text)
    assert len(found) == 2
    assert text[found[1].start:found[1].end].startswith("（区卫生健康委、区财政局")


def test_alias_table_is_data(tmp_path):
    table = tmp_path / "d.yaml"
    table.write_text("养老:\n  names:\n    养老服务局: [养老局]\n", encoding="utf-8")
    d = DepartmentDirectory.from_yaml(table)
    r = ResponsibilityParser(d).parse_statement("（市养老局牵头）")
    assert roles(r.owners) == [("市养老服务局", "lead")]
