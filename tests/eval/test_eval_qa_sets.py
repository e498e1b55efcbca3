"""Every gold item in eval/qa is literally backed by its document (and dev.jsonl's evidence too)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from eval.qa_check import CATEGORIES, check_item, check_items, load_documents
from eval.metrics import normalize
from eval.runner import load_jsonl

ROOT = Path(__file__).resolve().parents[2]
QA_FILES = [ROOT / "eval" / "qa" / "yiyang_gold.jsonl"]  # the set written with the code
BLIND = sorted((ROOT / "eval" / "qa").glob("blind_*.jsonl"))  # written from the documents alone
BLIND_FIELDS = {"id", "question", "category", "doc", "answer", "must", "evidence", "answerable"}
DEV = ROOT.parent / "shared" / "qa" / "dev.jsonl"


@pytest.fixture(scope="module")
def docs():
    return load_documents()


@pytest.fixture(scope="module")
def items():
    return [it for path in QA_FILES for it in load_jsonl(path)]


def test_gold_set_is_sound(items, docs):
    assert check_items(items, docs) == {}


def test_gold_set_covers_every_category_and_document(items):
    assert len(items) >= 100
    assert set(Counter(it["category"] for it in items)) == set(CATEGORIES)
    docs = {d for it in items for d in ([it["doc"]] if isinstance(it["doc"], str) else it["doc"] or [])}
    assert docs == {"000", "001", "002", "003", "004"}
    tags = {t for it in items for t in it.get("tags", ())}
    assert {"traditional", "injection", "off_topic", "colloquial"} <= tags
    assert all(it.get("history") for it in items if it["category"] == "multi_turn")


def test_gold_set_does_not_copy_dev_questions(items):
    if not DEV.exists():
        pytest.skip("shared dev set not present")
    def key(it):  # a follow-up like "那2025年呢？" is a new question when its history differs
        return it["question"], str(it.get("history"))

    dev_questions = {key(it) for it in load_jsonl(DEV)}
    assert not [it["id"] for it in items if key(it) in dev_questions]


def test_dev_set_evidence_is_in_the_documents(docs):
    if not DEV.exists():
        pytest.skip("shared dev set not present")
    # dev.jsonl lists paraphrase alternatives (三个月 for 3个月), so only the first must counts here
    assert check_items(load_jsonl(DEV), docs, strict_must=False) == {}


def test_checker_catches_an_evidence_string_that_is_not_in_the_document(docs):
    bad = {"id": "b", "question": "?", "category": "target", "doc": "002", "answer": "", "answerable": True,
           "must": [["20张"], ["200张"]], "evidence": ["全县安宁疗护床位200张以上"]}
    problems = check_item(bad, docs)
    assert any("evidence" in p for p in problems) and any("'200张'" in p for p in problems)
    assert check_item({**bad, "answerable": False}, docs)  # unanswerable needs doc=null, empty must


def test_blind_sets_are_well_formed_and_their_splits_do_not_overlap(docs):
    seen: dict[str, str] = {}
    for path in BLIND:
        for it in load_jsonl(path):
            assert BLIND_FIELDS <= set(it), (path.name, it.get("id"))
            assert it["id"] not in seen, f"{it['id']} in {path.name} and {seen.get(it['id'])}"
            seen[it["id"]] = path.name
            assert bool(it["must"]) == bool(it["answerable"]) or it["category"] == "refusal", it["id"]
            if path.name.startswith("blind_seeds"):  # seed evidence is copied from the documents
                texts = [docs[code.strip()[:3]] for code in str(it["doc"]).split(",")]
                for ev in it["evidence"]:  # a comparison's spans come from either document
                    assert any(normalize(ev) in text for text in texts), (it["id"], ev)
    names = {p.name for p in BLIND}
    assert {"blind_seeds_dev.jsonl", "blind_seeds_test.jsonl", "blind_formats_dev.jsonl",
            "blind_formats_test.jsonl"} <= names
