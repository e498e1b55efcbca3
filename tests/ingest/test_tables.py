"""Task lists and target tables -> one clause per row, under the right parent."""

from __future__ import annotations

from pathlib import Path

from corpus.schema import Clause
from ingest.clauses import parse_clauses
from ingest.layout import reflow
from ingest.tables import TableLine, join_path, normalize_header, read_table, row_text, table_label

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"


def _rows(prefix: str) -> list[Clause]:
    path = next(DOCS.glob(f"{prefix}_*.txt"))
    return [c for c in parse_clauses(path.name, "方案", reflow(path.read_text(encoding="utf-8"))) if c.kind == "table_row"]


def _row(rows: list[Clause], section: str) -> Clause:
    return next(c for c in rows if c.section == section)


def test_002_target_table_row_6() -> None:
    row = _row(_rows("002"), "一、主要指标 6")
    assert row.columns == {"序号": "6", "分类": "服务体系", "指标名称": "安宁疗护床位（张）", "2022年": "0", "2025年": "10", "2027年": "20"}
    assert row.headings == ("一、工作目标", "《行动方案》主要指标")
    assert row.text == "序号 6；分类 服务体系；指标名称 安宁疗护床位（张）；2022年 0；2025年 10；2027年 20"


def test_002_group_column_carried_down() -> None:
    rows = _rows("002")
    assert len(rows) == 15
    assert _row(rows, "一、主要指标 13").columns["分类"] == "惠民有感"
    assert _row(rows, "一、主要指标 8").columns["分类"] == "服务能力"
    assert _row(rows, "一、主要指标 7").columns["2022年"] == "0.20"
    assert [c.columns["序号"] for c in rows] == [str(i) for i in range(1, 16)]


def test_000_task_list_rows_under_the_attachment() -> None:
    rows = _rows("000")
    assert [c.section for c in rows] == [f"附件 推进医养结合发展重点任务清单 {i}" for i in range(1, 13)]
    r11 = _row(rows, "附件 推进医养结合发展重点任务清单 11")
    assert "区大数据局" in r11.columns["责任单位"]
    assert r11.columns["责任单位"] == "区民政局\n区卫生健康委区大数据局"
    assert r11.columns["完成时限"] == "2022年底"
    assert r11.text.endswith("责任单位 区民政局 区卫生健康委区大数据局")
    first = _row(rows, "附件 推进医养结合发展重点任务清单 1")
    assert first.text == "序号 1；工作任务 全区所有医疗机构为老年人开通就诊绿色通道；完成时限 2022年底；责任单位 区卫生健康委"
    assert first.headings == ("附件：推进医养结合发展重点任务清单", "推进医养结合发展重点任务清单")


def test_000_row_offsets_point_at_the_row() -> None:
    path = next(DOCS.glob("000_*.txt"))
    original = path.read_text(encoding="utf-8")
    r4 = _row(_rows("000"), "附件 推进医养结合发展重点任务清单 4")
    assert original[r4.start : r4.end] == "\t4\n\t有不少于1所独立的老年护理院\n\t2022年底\n\t区卫生健康委\n\n区民政局"


def test_003_project_blocks_are_not_tables() -> None:
    assert _rows("003") == []


def test_invented_table_without_blank_lines_is_cut_at_serial_1() -> None:
    text = "一、目标\n年度指标\n\t序号\n\t指标\n\t2030年年\n\t1\n\t床位（张）\n\t20\n\t2\n\t护理员（人）\n\t500\n"
    rows = [c for c in parse_clauses("t.txt", "方案", reflow(text)) if c.kind == "table_row"]
    assert [c.section for c in rows] == ["一、年度指标 1", "一、年度指标 2"]
    assert rows[1].columns == {"序号": "2", "指标": "护理员（人）", "2030年": "500"}


def test_invented_table_with_rows_separated_by_blank_lines() -> None:
    text = "（一）任务\n分工表\n\t序号\n\t任务\n\t单位\n\n\t1\n\t建设中心\n\t市民政局\n\n市卫健委\n\n\t2\n\t培训人员\n\t市人社局\n"
    rows = [c for c in parse_clauses("t.txt", "方案", reflow(text)) if c.kind == "table_row"]
    assert [(c.section, c.columns["单位"]) for c in rows] == [("（一）分工表 1", "市民政局\n市卫健委"), ("（一）分工表 2", "市人社局")]


def test_helpers() -> None:
    assert normalize_header("2022年年") == "2022年" and normalize_header(" 分类\t") == "分类"
    assert table_label("《行动方案》主要指标") == "主要指标" and table_label("") == "表"
    assert join_path("附件", "清单") == "附件 清单" and join_path("一、", "主要指标") == "一、主要指标"
    assert join_path("第二条", "（一）") == "第二条（一）" and join_path("", "主要指标") == "主要指标"
    assert row_text({"序号": "1", "备注": "", "单位": "甲\n乙"}) == "序号 1；单位 甲 乙"
    assert read_table([TableLine("\t只有一格", 0, False)]) is None
