"""Two-row table headers as each reader writes them, and what their columns hold."""

from __future__ import annotations

import pytest

from ingest.clauses import parse_clauses
from ingest.facts.columns import column_role, header_unit, header_year
from ingest.layout import reflow
from ingest.table_header import merge_header_rows
from ingest.tables import TableLine, read_table

TARGETS = ("序号", "指标名称", "目标值·2025年", "目标值·2027年", "单位")
OWNERS = ("序号", "工作任务", "责任单位·牵头单位", "责任单位·配合单位", "完成时限")


@pytest.mark.parametrize(
    ("top", "sub", "expected"),
    [
        # Word: the spanning cell once, a lone TAB under each cell merged down
        (["序号", "指标名称", "目标值", "单位"], ["", "", "2025年", "2027年", ""], TARGETS),
        # a web page: rowspan cells left out of the second row
        (["序号", "指标名称", "目标值", "单位"], ["2025年", "2027年"], TARGETS),
        # PDF tables: the spanning cell repeated, or empty after its first column
        (["序号", "工作任务", "责任单位", "责任单位", "完成时限"], ["", "", "牵头单位", "配合单位", ""], OWNERS),
        (["序号", "工作任务", "责任单位", "", "完成时限"], ["", "", "牵头单位", "配合单位", ""], OWNERS),
        # header text wrapped onto a second row
        (["序号", "工作", "牵头", "完成"], ["", "任务", "单位", "时限"], ("序号", "工作任务", "牵头单位", "完成时限")),
        # two spanning cells side by side, split where the lower cells change kind
        (["序号", "指标", "目标值", "责任单位"], ["", "", "2025年", "2027年", "牵头", "配合"],
         ("序号", "指标", "目标值·2025年", "目标值·2027年", "责任单位·牵头", "责任单位·配合")),
        (["序号", "指标", "现状", "目标值"], ["", "", "2022年", "2025年", "2027年"],
         ("序号", "指标", "现状·2022年", "目标值·2025年", "目标值·2027年")),
    ],
)
def test_two_row_headers(top, sub, expected):
    assert merge_header_rows(top, sub) == expected


@pytest.mark.parametrize("sub", [["1", "建设中心", "市民政局", "2025年"], ["", "养老机构护理型床位占比", "55"],
                                 ["（一）服务体系"], ["2", "床位（张）", "20"]])
def test_data_rows_are_not_header_rows(sub):
    assert merge_header_rows(["序号", "工作任务", "牵头单位", "完成时限"], sub) is None


def test_read_table_folds_the_second_header_row_and_drops_a_repeated_header():
    lines, pos = [], 0
    for row in (["序号", "指标", "目标值"], ["", "", "2025年", "2027年"], ["1", "床位（张）", "10", "20"],
                ["序号", "指标", "目标值·2025年", "目标值·2027年"], ["2", "护理员（人）", "50", "80"]):
        for k, cell in enumerate(row):
            lines.append(TableLine("\t" + cell, pos, k == 0 and pos > 0))
            pos += len(cell) + 2
    t = read_table(lines)
    assert t.header == ("序号", "指标", "目标值·2025年", "目标值·2027年")
    assert [r["目标值·2027年"] for r in t.records()] == ["20", "80"]


@pytest.mark.parametrize(
    ("header", "role"),
    [("牵 头 单 位", "lead"), ("主要责任单位", "lead"), ("责任单位（牵头）", "lead"), ("协同单位", "co"),
     ("协办单位", "co"), ("配合部门", "co"), ("负责单位", "owner"), ("责任部门", "owner"), ("受理部门", "owner"),
     ("时间节点", "deadline"), ("进度安排", "deadline"), ("时限要求", "deadline"), ("完成\n时限", "deadline"),
     ("具体措施", "task"), ("任务内容", "task"), ("1.工作任务", "task"), ("指标名称（单位）", "indicator"),
     ("单位", "unit"), ("基期值", "baseline"), ("2022年基数", "baseline"), ("现状·2022年", "baseline"),
     ("2025年目标值", "year"), ("目标值（2025年）", "year"), ("目标值", "value"), ("年度", "period"),
     ("序　号", "serial"), ("时间", "deadline"), ("责任人", "note"), ("责任领导", "note"),
     ("时间安排·启动时间", "start"), ("时间安排·完成时限", "deadline"), ("开始时间", "start")],
)
def test_column_roles(header, role):
    assert column_role(header) == role


def test_years_and_units_from_headers():
    assert [header_year(h) for h in ("2022年基数", "目标值·2027年", "指标")] == [2022, 2027, 0]
    assert [header_unit(h) for h in ("床位（张）", "2025年(%)", "指标（单位：个）", "指标名称")] == ["张", "%", "个", ""]


def test_a_row_across_the_table_labels_the_rows_under_it():
    lines, pos = [], 0
    for row in (["序号", "工作任务", "牵头单位"], ["（一）完善服务体系"], ["1", "建设中心", "市民政局"],
                ["（二）强化保障", "（二）强化保障", "（二）强化保障"], ["2", "落实补贴", "市财政局"]):
        for k, cell in enumerate(row):
            lines.append(TableLine("\t" + cell, pos, k == 0 and pos > 0))
            pos += len(cell) + 2
    records = read_table(lines).records()
    assert [(r["工作任务"], r["分组"]) for r in records] == [("建设中心", "（一）完善服务体系"), ("落实补贴", "（二）强化保障")]


def test_web_rowspan_under_a_leading_category_column():
    lines, pos = [], 0
    for row in (["类别", "指标名称", "2025年"], ["服务体系", "护理型床位占比（%）", "55"], ["安宁疗护床位（张）", "20"]):
        for k, cell in enumerate(row):
            lines.append(TableLine("\t" + cell, pos, k == 0 and pos > 0))
            pos += len(cell) + 2
    assert read_table(lines).records()[1] == {"类别": "服务体系", "指标名称": "安宁疗护床位（张）", "2025年": "20"}


def test_a_title_written_as_the_first_row_names_the_table():
    text = ("一、任务分工\n\t青山市重点任务分工表\n\n\t序号\n\t工作任务\n\t牵头单位\n\n\t1\n\t建设中心\n\t市民政局\n\n"
            "\t2\n\t落实补贴\n\t市财政局\n")
    rows = [c for c in parse_clauses("t.txt", "方案", reflow(text)) if c.kind == "table_row"]
    assert [(c.section, c.columns["牵头单位"]) for c in rows] == [("一、青山市重点任务分工表 1", "市民政局"),
                                                               ("一、青山市重点任务分工表 2", "市财政局")]
