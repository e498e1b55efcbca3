"""End to end over the five seed documents: parse, extract facts, write the store, query it."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.facts_store import FactsStore
from corpus.schema import DocumentMeta
from ingest.clauses import parse_clauses
from ingest.facts import FactsExtractor
from ingest.layout import reflow
from ingest.loaders import load_document

DOCS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
# What metadata extraction provides; written out here so this test depends on the parser only.
META = {"000": ("涪陵区", "2020-06-01"), "001": ("南宁市武鸣区", "2017-10-13"), "002": ("巫溪县", "2024-01-12"),
        "003": ("四川省", "2017-10-16"), "004": ("福建省", "2022-12-12")}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> FactsStore:
    ex = FactsExtractor()
    docs, clauses, facts = [], [], None
    for path in sorted(DOCS.glob("*.txt")):
        loaded = load_document(path)
        jurisdiction, date = META[path.name[:3]]
        doc = DocumentMeta(source=loaded.source, title=path.stem, jurisdiction=jurisdiction, date=date)
        cs = parse_clauses(loaded.source, doc.title, reflow(loaded.text))
        f = ex.run(doc, cs)
        facts = f if facts is None else facts.merge(f)
        docs.append(doc)
        clauses += cs
    s = FactsStore(tmp_path_factory.mktemp("seeds") / "facts.sqlite")
    s.write(docs, clauses, facts)
    return s


def test_big_data_bureau_by_alias(store):
    rows = store.tasks(dept="区大数据发展局")
    assert [r.section for r in rows if r.title == "加强医养结合信息化支撑"] == ["二、（七）"]
    row11 = [r for r in rows if r.section.endswith(" 11")]
    assert len(row11) == 1 and row11[0].deadline == "2022年底"
    assert "区大数据局" in [o.surface for o in row11[0].owners]


def test_fujian_civil_affairs_lead_and_co(store):
    rows = store.tasks(dept="民政局", region="福建省")
    by_section = {r.section: r.role for r in rows}
    assert by_section["一、（一）"] == "lead"  # 省卫健委、民政厅牵头
    assert by_section["一、（二）"] == "co"
    assert by_section["二、（四）"] == "lead"  # 省民政厅、卫健委牵头
    assert all(r.source.startswith("004") for r in rows)
    assert len(rows) >= 12
    assert "各市、县(区)人民政府" in rows[-1].to_dict()["territorial"]  # the standing note


def test_wuming_lists_by_short_region_name(store):
    rows = store.tasks(dept="城区财政局", region="武鸣")
    assert "落实相关投入政策" in [r.title for r in rows]
    assert {r.role for r in rows} >= {"lead", "co"}


def test_wuxi_hospice_beds(store):
    rows = store.targets(region="巫溪县", indicator="安宁疗护")
    table = [(r.year, r.value) for r in rows if r.origin == "table"]
    assert table == [(2022, "0"), (2025, "10"), (2027, "20")]
    text = [(r.year, r.value, r.comparator, r.unit) for r in rows if r.origin == "text"]
    assert (2027, "20", "以上", "张") in text


def test_wuxi_talent_conflict(store):
    conflicts = store.conflicts()
    wuxi = [c for c in conflicts if c.source.startswith("002") and "老年医学人才" in c.indicator]
    assert len(wuxi) == 1
    assert {wuxi[0].a.value, wuxi[0].b.value} == {"20", "50"}
    assert "累计培养50名老年医学人才" in wuxi[0].b.text
    assert all(not c.source.startswith(("000", "004")) for c in conflicts)


def test_sichuan_bullets_and_fuling_sentences(store):
    sichuan = {(r.indicator, r.year, r.value) for r in store.targets(region="四川")}
    assert ("中医医养护理型床位", 2025, "20") in sichuan
    assert ("护理型床位占全省养老床位数比例", 2025, "40") in sichuan
    assert ("65岁以上老年人健康管理率", 2020, "70") in sichuan
    fuling = {(r.indicator, r.year, r.value) for r in store.targets(region="涪陵", year=2022)}
    assert ("人均预期寿命", 2022, "78.5") in fuling


def test_department_names_for_the_tokenizer(store):
    names = store.department_names()
    assert {"区大数据发展局", "区大数据局", "省民政厅", "城区卫计局", "涪陵银保监分局"} <= set(names)
