"""Feedback kept in SQLite and exported as eval items; the conversation as Markdown and .docx."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from web.export import conversation_docx, conversation_markdown
from web.feedback import FeedbackStore

ANSWER = {
    "answer": "加强医养结合信息化支撑（二、（七））：由区卫生健康委、区民政局负责。", "found": True, "kind": "owner",
    "citations": [{"source": "000_a.txt", "title": "深入推进医养结合发展的实施方案", "doc_number": "", "section": "二、（七）",
                   "text": "（七）加强医养结合信息化支撑。……（区卫生健康委、区民政局按职责分工负责）",
                   "quote": "（区卫生健康委、区民政局按职责分工负责）", "clause_id": "c7", "pages": []}],
}
TABLE_ANSWER = {
    "answer": "巫溪县安宁疗护床位：到2027年20张以上。", "found": True,
    "citations": [{"source": "b.pdf", "title": "巫溪县行动方案", "section": "二、（一）5.", "quote": "全县安宁疗护床位20张以上。",
                   "text": "5.……全县安宁疗护床位20张以上。", "clause_id": "c5", "pages": [4]}],
    "table": {"header": ["年份", "目标值"], "rows": [["2025年", "10张"], ["2027年", "20张 <b>以上</b>"]], "row_citations": [0, 0]},
}


def test_a_thumbs_down_with_comment_is_stored_and_exported_as_an_eval_item(tmp_path: Path) -> None:
    store = FeedbackStore.in_data_dir(tmp_path / "data")
    up = store.add("涪陵区信息化支撑谁负责？", ANSWER, "up")
    down = store.add("涪陵区信息化支撑谁负责？", ANSWER, "down")
    store.set_comment(down, "漏了区大数据发展局")
    assert (tmp_path / "data" / "feedback.sqlite").exists()
    rows = FeedbackStore.in_data_dir(tmp_path / "data").rows()  # reopened: it is on disk
    assert [(r["id"], r["rating"]) for r in rows] == [(up, "up"), (down, "down")]
    assert rows[1]["citations"][0]["section"] == "二、（七）" and rows[1]["time"]

    out = tmp_path / "feedback.jsonl"
    assert store.export_jsonl(out) == 2
    item = json.loads(out.read_text(encoding="utf-8").splitlines()[1])
    assert item["question"] == "涪陵区信息化支撑谁负责？" and item["answer"] == ANSWER["answer"]
    assert item["category"] == "" and item["must"] == [] and item["answerable"] is None
    assert item["evidence"] == ["（区卫生健康委、区民政局按职责分工负责）"] and item["doc"] == "000_a.txt"
    assert item["rating"] == "down" and item["comment"] == "漏了区大数据发展局"


def test_changing_the_thumb_updates_the_row_and_bad_ratings_are_refused(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "f.sqlite")
    row = store.add("q", ANSWER, "up")
    store.set_rating(row, "down")
    assert [r["rating"] for r in store.rows()] == ["down"]
    with pytest.raises(ValueError, match="rating"):
        store.add("q", ANSWER, "meh")  # type: ignore[arg-type]
    assert FeedbackStore(tmp_path / "none.sqlite").export_items() == []


def conversation() -> dict[str, Any]:
    return {"turns": [{"question": "信息化支撑谁负责？", "answer": ANSWER}, {"question": "床位目标？", "answer": TABLE_ANSWER}]}


def test_markdown_export_has_each_question_answer_table_and_sources() -> None:
    md = conversation_markdown(conversation())
    assert md.index("## 问：信息化支撑谁负责？") < md.index("区民政局负责。[1]") < md.index("## 问：床位目标？")
    assert "| 2027年 | 20张 &lt;b&gt;以上&lt;/b&gt;[1] |" in md
    assert "《巫溪县行动方案》 二、（一）5\\. 第4页：“全县安宁疗护床位20张以上。”" in md


def test_docx_export_opens_in_word_with_the_table_and_sources() -> None:
    from docx import Document

    doc = Document(io.BytesIO(conversation_docx(conversation())))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "问：信息化支撑谁负责？" in text and "[1] 《深入推进医养结合发展的实施方案》 二、（七）：“（区卫生健康委" in text
    assert "[1] 《巫溪县行动方案》 二、（一）5. 第4页" in text
    cells = [[c.text for c in r.cells] for r in doc.tables[0].rows]
    assert cells == [["年份", "目标值"], ["2025年", "10张[1]"], ["2027年", "20张 <b>以上</b>[1]"]]
