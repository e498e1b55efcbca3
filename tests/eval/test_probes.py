"""Refusal probes: a question about a collected county turned into one about its neighbour, its
whole city and a year the plan does not reach."""

from __future__ import annotations

from eval.probes import probes

ITEM = {"id": "m004", "question": "鸠江护理型床位占比2026年要到多少？", "category": "target",
        "doc": "jiujiang.pdf", "must": [["60%"]], "answerable": True}


def test_probes_ask_the_same_of_places_and_years_not_covered() -> None:
    rows = {r["probe"]: r for r in probes([ITEM], ["芜湖市鸠江区", "重庆市涪陵区"])}
    assert set(rows) == {"sibling", "parent", "year"}
    sibling = rows["sibling"]["question"]
    assert sibling.endswith("护理型床位占比2026年要到多少？") and "鸠江" not in sibling
    assert rows["parent"]["question"] == "芜湖市全市护理型床位占比2026年要到多少？"
    assert rows["year"]["question"] == "鸠江护理型床位占比2031年要到多少？"
    assert all(not r["answerable"] and r["must"] == [] and r["category"] == "refusal" for r in rows.values())


def test_no_probe_from_refusals_follow_ups_or_a_place_not_collected() -> None:
    follow = {**ITEM, "history": [{"role": "user", "content": "…"}]}
    refusal = {**ITEM, "answerable": False, "category": "refusal", "must": []}
    assert probes([follow, refusal], ["芜湖市鸠江区"]) == []
    assert [r["probe"] for r in probes([ITEM], ["重庆市涪陵区"])] == ["year"]
