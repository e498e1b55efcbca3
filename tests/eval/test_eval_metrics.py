"""Metrics on hand-made OUT rows: what a reader of the report would notice."""

from __future__ import annotations

import pytest

from eval.metrics import Report, contains, normalize, percentile, score_item

ITEM = {"id": "t1", "question": "巫溪县2027年安宁疗护床位目标？", "category": "target", "doc": "002",
        "answer": "20张以上", "must": [["20张"], ["2027"]], "evidence": ["全县安宁疗护床位20张以上"],
        "answerable": True}
UNANSWERABLE = {"id": "t2", "question": "北京的床位补贴？", "category": "unanswerable", "doc": None,
                "answer": "未收录", "must": [], "evidence": [], "answerable": False}
CTX = {"source": "002_eed4c881353c92d0.txt", "section": "二、（一）5.", "score": 0.9,
       "text": "到2027年，全县安宁疗护床位 20 张以上。"}


def row(answer: str, found: bool = True, sources=("002_eed4c881353c92d0.txt",), contexts=(CTX,), ms=12.0, id="t1"):
    return {"id": id, "answer": answer, "found": found, "latency_ms": ms, "contexts": list(contexts),
            "citations": [{"source": s, "title": "行动方案", "section": "二、", "text": "..."} for s in sources]}


def test_normalize_is_nfkc_and_whitespace_insensitive():
    assert normalize("闽卫老龄 〔２０２２〕１３５号") == "闽卫老龄〔2022〕135号"
    assert contains("由卫生\n\n健康行政部门牵头", "卫生健康行政部门")
    assert contains("签约率达到 80％", "80%")


def test_correct_answer_passes_every_metric():
    s = score_item(ITEM, row("到2027年，巫溪县安宁疗护床位20张以上。"))
    assert s.strict and s.recall_at_5 and s.citation_doc_ok
    assert s.citation_precision == 1.0 and s.reason == ""


def test_too_long_answer_fails_strict_even_with_all_must_strings():
    s = score_item(ITEM, row("到2027年安宁疗护床位20张以上。" + "其他内容" * 80))
    assert not s.strict and s.too_long and not s.missing_must
    assert "300" in s.reason


def test_missing_must_group_is_named():
    s = score_item(ITEM, row("安宁疗护床位20张以上"))
    assert not s.strict and s.missing_must == ("2027",)


def test_wrong_refusal_on_answerable_item():
    s = score_item(ITEM, row("未找到相关规定。", found=False, sources=()))
    assert not s.strict and s.refused and s.citation_doc_ok is False and s.citation_precision is None


def test_unanswerable_item_needs_found_false():
    assert score_item(UNANSWERABLE, row("未收录北京文件。", found=False, sources=(), id="t2")).strict
    assert not score_item(UNANSWERABLE, row("每床补贴1万元", id="t2")).strict


def test_citation_doc_and_precision_use_the_document_prefix():
    s = score_item(ITEM, row("20张以上，2027年", sources=("000_ae185cc4bb8e5259.txt", "002_eed4c881353c92d0.txt")))
    assert s.citation_doc_ok is False and s.citation_precision == 0.5
    comparison = {**ITEM, "doc": ["000", "002"]}
    assert score_item(comparison, row("20张，2027", sources=("000_x.txt",))).citation_doc_ok


def test_recall_at_5_looks_only_at_the_first_five_contexts():
    filler = {"source": "000_x.txt", "section": "", "score": 0.1, "text": "无关"}
    assert score_item(ITEM, row("x", contexts=[filler] * 4 + [CTX])).recall_at_5
    assert not score_item(ITEM, row("x", contexts=[filler] * 5 + [CTX])).recall_at_5


def test_missing_row_is_a_failure():
    s = score_item(ITEM, None)
    assert not s.strict and s.error == "no output row" and s.recall_at_5 is False


def test_report_aggregates_overall_and_per_category():
    items = [ITEM, {**ITEM, "id": "t3"}, UNANSWERABLE]
    rows = [row("2027年20张以上", ms=10), row("x" * 301, ms=30, id="t3"), row("编的", ms=20, id="t2")]
    r = Report.from_rows("fake", items, rows)
    assert r.overall.strict_accuracy == pytest.approx(1 / 3)
    assert r.overall.refusal_accuracy == 0.0 and r.overall.n_unanswerable == 1
    assert r.by_category["target"].strict_accuracy == 0.5
    assert r.overall.clause_recall_at_5 == 1.0 and r.overall.evidence_recall_at_5 == 1.0
    assert (r.overall.latency_p50_ms, r.overall.latency_p95_ms) == (20, 30)
    assert [s.id for _, _, s in r.failures()] == ["t3", "t2"]


def test_percentile_nearest_rank():
    assert percentile([], 50) is None
    assert percentile([5, 1, 3, 2, 4], 50) == 3
    assert percentile(list(range(1, 101)), 95) == 95
