"""Round trip: extract facts from small invented documents, write the store, reopen, query."""

from __future__ import annotations

import pytest

from corpus.facts_store import FactsStore
from corpus.schema import Clause, DocumentMeta
from ingest.facts import FactsExtractor


def clause(source: str, title: str, section: str, text: str, kind: str = "clause", columns=None, start=0) -> Clause:
    return Clause.create(source=source, doc_title=title, section=section, text=text, start=start,
                         end=start + len(text), kind=kind, columns=columns or {})


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> FactsStore:
    county = DocumentMeta(source="county.txt", title="某县医养结合方案", jurisdiction="青山县", date="2023-05-01")
    province = DocumentMeta(source="prov.txt", title="某省医养结合实施方案", jurisdiction="江南省", date="2023-01-01")
    cc = [
        clause("county.txt", county.title, "二、（一）",
               "（一）建设信息平台。推进数据共享。（县大数据局牵头，县卫健委、县民政局配合）", start=0),
        clause("county.txt", county.title, "二、（二）",
               "（二）发展安宁疗护。到2027年，全县安宁疗护床位30张以上。（县卫生健康委员会负责）", start=100),
        clause("county.txt", county.title, "附件 1", "", kind="table_row", start=200,
               columns={"序号": "1", "指标名称": "安宁疗护床位（张）", "2023年": "5", "2027年": "25"}),
        clause("county.txt", county.title, "附件 任务 1", "", kind="table_row", start=300,
               columns={"序号": "1", "工作任务": "建设县级医养结合服务中心", "完成时限": "2025年底",
                        "责任单位": "县民政局县卫健委"}),
    ]
    pc = [
        clause("prov.txt", province.title, "一、（一）",
               "(一)推进设施建设.支持新建设施. 〔责任单位:省卫健委、民政厅牵头,省财政厅按职责分工落实."
               "以下均需各市、县(区)人民政府落实,不再列出〕", start=0),
        clause("prov.txt", province.title, "一、（二）",
               "(二)提升服务质量.开展质量提升行动.(责任单位:省医保局牵头,省民政厅按职责分工落实)", start=100),
    ]
    ex = FactsExtractor()
    facts = ex.run(county, cc).merge(ex.run(province, pc))
    s = FactsStore(tmp_path_factory.mktemp("idx") / "facts.sqlite")
    s.write([county, province], cc + pc, facts)
    return s


def test_write_refuses_an_existing_file(store):
    with pytest.raises(FileExistsError):
        store.write([], [], object())  # type: ignore[arg-type]


def test_dept_query_matches_aliases_and_reports_role(store):
    rows = store.tasks(dept="县大数据发展局")
    assert [(r.title, r.role, r.section) for r in rows] == [("建设信息平台", "lead", "二、（一）")]
    assert rows[0].text.startswith("（一）建设信息平台")
    roles = {r.title: r.role for r in store.tasks(dept="卫生健康委", region="青山")}
    assert roles == {"建设信息平台": "co", "发展安宁疗护": "lead", "建设县级医养结合服务中心": "co"}


def test_dept_query_with_region_and_ellipsis(store):
    rows = store.tasks(dept="民政局", region="江南")
    assert {(r.title, r.role) for r in rows} == {("推进设施建设", "lead"), ("提升服务质量", "co")}
    assert store.tasks(dept="民政局", region="江南省", role="lead")[0].title == "推进设施建设"
    assert store.tasks(dept="民政厅", region="青山县")[0].source == "county.txt"


def test_standing_note_applies_to_later_tasks(store):
    row = store.tasks(region="江南", text="提升服务质量")[0]
    assert "各市、县(区)人民政府" in row.to_dict()["territorial"]


def test_table_task_row_has_deadline_and_owners(store):
    row = store.tasks(text="服务中心")[0]
    assert row.deadline == "2025年底"
    assert row.to_dict()["lead"] == ["县民政局"]


def test_targets_and_conflict(store):
    rows = store.targets(indicator="安宁疗护", region="青山")
    assert [(r.year, r.value, r.origin) for r in rows] == [(2023, "5", "table"), (2027, "25", "table"),
                                                            (2027, "30", "text")]
    assert rows[1].baseline == "5" and rows[1].baseline_year == 2023
    conflicts = store.conflicts()
    assert len(conflicts) == 1
    assert {conflicts[0].a.value, conflicts[0].b.value} == {"25", "30"}
    assert conflicts[0].to_dict()["b"]["text"].startswith("（二）发展安宁疗护")


def test_clauses_documents_and_department_names(store):
    row = store.tasks(dept="县大数据局")[0]
    assert store.clause(row.clause_id).section == "二、（一）"
    assert len(store.clauses("prov.txt")) == 2
    assert {d.jurisdiction for d in store.documents()} == {"青山县", "江南省"}
    names = store.department_names()
    assert "县大数据发展局" in names and "县大数据局" in names and "民政厅" in names


def test_user_text_is_never_sql(store):
    assert store.tasks(dept="'; DROP TABLE tasks; --") == []
    assert store.targets(indicator="%' OR 1=1 --") == []
    assert store.tasks(region="江南")
