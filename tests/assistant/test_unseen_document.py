"""A document the system has never seen, with the same kinds of structure in other words and
other department names, is answered as well as the seeds."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent.parent
UNSEEN = TESTS / "fixtures" / "unseen"
SOURCE = "青溪县医养结合工作方案.txt"


@pytest.fixture(scope="module")
def unseen_bot(seeds_with):
    import datetime as dt

    return seeds_with("unseen-index", [UNSEEN], dt.date(2026, 11, 23))


def test_metadata_of_an_unseen_document(unseen_bot) -> None:
    doc = unseen_bot.docs[SOURCE]
    assert doc.jurisdiction == "青溪县" and doc.level == "区县"
    assert doc.doc_number == "青溪府办发〔2024〕12号"
    assert doc.date == "2024-03-05"
    assert doc.title == "青溪县推进医养结合高质量发展工作方案（2024—2026年）"


def test_owner_with_other_wording(unseen_bot) -> None:
    a = unseen_bot.ask("青溪县建设县级康复护理中心由哪个部门牵头？")
    assert "牵头：县卫生健康委" in a.text and "2025年底" in a.text
    assert a.citations[0].clause.source == SOURCE and a.citations[0].clause.section == "二、（一）1."


def test_target_with_other_wording(unseen_bot) -> None:
    a = unseen_bot.ask("青溪县到2026年护理型床位占比要达到多少？")
    assert "55%" in a.text and a.citations[0].clause.source == SOURCE


def test_reverse_owner_with_a_responsibility_line(unseen_bot) -> None:
    a = unseen_bot.ask("青溪县的县医保局负责哪项任务？")
    assert "落实医保支持" in a.text


def test_procedure_with_a_colloquial_word(unseen_bot) -> None:
    a = unseen_bot.ask("青溪县每个镇卫生院要设几张临终关怀床位？")
    assert "10张安宁疗护床位" in a.text


def test_seed_answers_do_not_change_with_a_new_document(unseen_bot) -> None:
    a = unseen_bot.ask("巫溪县2027年安宁疗护床位目标是多少？")
    assert "20张" in a.text and all(c.clause.source.startswith("002_") for c in a.citations)
