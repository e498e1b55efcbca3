"""The format corpus (tests/fixtures/formats/docs) read as a user would check it: no page furniture
inside clauses, sentences whole across page breaks, table rows with their columns, pages on every
clause of a paged file, tasks and targets read from the tables. Scans are covered in test_ocr."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ingest.facts import extract_facts
from ingest.pipeline import parse_document

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "formats" / "docs"
PAGE_NUMBER = re.compile(r"—\s*\d+\s*—|第\s*\d+\s*页\s*共\s*\d+\s*页")


@pytest.fixture(scope="module")
def parsed() -> dict[str, object]:
    return {p.name: parse_document(p, {}) for p in sorted(DOCS.iterdir())
            if p.suffix in (".pdf", ".docx", ".html", ".ofd") and not p.name.startswith(("meitan", "zhangdian"))}


def rows_of(doc, title_word: str) -> list:
    return [c for c in doc.clauses if c.kind == "table_row" and any(title_word in h for h in c.headings)]


@pytest.mark.parametrize("name", ["changshou_yiyang_xingdong_2024_2026.pdf", "tianshui_shehui_liliang_ruogan_cuoshi.pdf",
                                  "luan_yiyang_shifan_chuangjian_2025_2027.ofd"])
def test_paged_files_have_no_furniture_in_clauses_and_know_their_pages(parsed, name) -> None:
    doc = parsed[name]
    title = doc.meta.title
    for c in doc.clauses:
        assert not PAGE_NUMBER.search(c.text), c.text
        assert c.pages, c.section
        if c.kind != "preamble":
            assert c.text.count(title) <= 1 or title in c.text[:len(title) + 4], "running header inside a clause"
    assert max(p for c in doc.clauses for p in c.pages) >= 2


def test_a_sentence_broken_across_pages_is_one_clause(parsed) -> None:
    doc = parsed["changshou_yiyang_xingdong_2024_2026.pdf"]
    texts = [c.text for c in doc.clauses]
    assert any("养老机构应当与周边医疗卫生机构签订合作协议，协议有效期一般不少于3年" in t for t in texts)
    assert not any(t.endswith("，") for t in texts)


def test_pdf_indicator_table_rows_keep_their_columns(parsed) -> None:
    doc = parsed["changshou_yiyang_xingdong_2024_2026.pdf"]
    rows = [c for c in doc.clauses if c.kind == "table_row" and "安宁疗护床位数（张）" in c.text]
    assert rows and rows[0].columns.get("2026年") == "30" and rows[0].columns.get("2023年") == "8"
    targets = extract_facts(doc.meta, doc.clauses).targets
    assert any("安宁疗护床位" in t.indicator and t.year == 2026 and t.value == "30" for t in targets)


def test_pdf_task_table_across_pages_becomes_tasks_with_lead_and_co(parsed) -> None:
    doc = parsed["tianshui_shehui_liliang_ruogan_cuoshi.pdf"]
    tasks = extract_facts(doc.meta, doc.clauses).tasks
    row = next(t for t in tasks if "随报随审" in t.title or "随报随审" in doc_text(doc, t.clause_id))
    roles = {(o.name, o.role) for o in row.owners}
    assert any(n.endswith("医保局") and r == "lead" for n, r in roles)
    assert any(n.endswith("卫生健康委") and r == "co" for n, r in roles)
    assert row.deadline.startswith("2024年12月")


def doc_text(doc, clause_id: str) -> str:
    return next(c.text for c in doc.clauses if c.id == clause_id)


def test_word_automatic_numbering_gives_the_clause_tree(parsed) -> None:
    doc = parsed["zhanggong_yiyang_2024_2026.docx"]
    sections = {c.section for c in doc.clauses}
    assert {"一、", "二、"} <= sections
    assert any(re.fullmatch(r"二、（[一二三]）\d\.", s) for s in sections), sorted(sections)[:20]


def test_word_merged_header_and_category_cells_are_read(parsed) -> None:
    doc = parsed["zhanggong_yiyang_2024_2026.docx"]
    rows = [c for c in doc.clauses if c.kind == "table_row" and "家庭病床数" in c.text]
    assert rows
    cols = rows[0].columns
    assert any("2026" in h and v == "400" for h, v in cols.items()), cols
    assert "服务能力" in cols.values()


def test_web_page_keeps_the_article_and_its_dates_only(parsed) -> None:
    doc = parsed["wuxing_yiyang_jigou_banshi_zhinan.html"]
    text = "\n".join(c.text for c in doc.clauses)
    for chrome in ("当前位置", "ICP", "网站标识码", "字体", "分享到", "版权所有"):
        assert chrome not in text, chrome
    assert doc.meta.published
    assert any(c.kind == "table_row" for c in doc.clauses)


def test_citations_of_a_pdf_name_the_page(parsed) -> None:
    from assistant.types import Citation

    doc = parsed["changshou_yiyang_xingdong_2024_2026.pdf"]
    row = next(c for c in doc.clauses if c.kind == "table_row" and "安宁疗护床位数" in c.text)
    cite = Citation(clause=row, doc=doc.meta)
    assert cite.label.endswith(f"第{row.pages[0]}页")
    assert cite.to_dict()["pages"] == list(row.pages)
    assert "长寿卫发〔2024〕52号" in cite.label


def test_ocr_time_limit_is_configured_from_the_environment() -> None:
    from corpus.config import IndexConfig

    assert IndexConfig.from_env({"YIYANG_OCR_PAGE_SECONDS": "5"}).ocr_page_seconds == 5.0
    with pytest.raises(ValueError, match="YIYANG_OCR_PAGE_SECONDS"):
        IndexConfig.from_env({"YIYANG_OCR_PAGE_SECONDS": "soon"})
