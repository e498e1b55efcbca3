"""End to end in headless Chromium: ask, read the citation, open it, filter the ledger, see the chart.

Screenshots of the tabs are written to docs/screenshots/.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

pytestmark = pytest.mark.browser

OWNER_Q = "涪陵区加强医养结合信息化支撑由哪些部门负责？"
TARGET_Q = "巫溪县2027年安宁疗护床位目标是多少？"


def ask(page: Any, question: str) -> Any:
    """Type ``question``, send it, and return the locator of the finished answer (last bot message)."""
    page.fill("#question textarea", question)
    page.press("#question textarea", "Enter")
    page.wait_for_function(
        "() => !document.querySelector('#chat .pending') && "
        "[...document.querySelectorAll('#chat .message-row.bot-row')].length > 0 && "
        "!document.querySelector('#chat').innerText.includes('正在检索')")
    page.wait_for_timeout(300)  # the last streamed chunk and the citations arrive together
    rows = page.locator("#chat .message-row.bot-row")
    assert rows.count() >= 1
    return rows.last


def test_owner_question_cites_the_clause_and_opens_it(page: Any, browser_context: Any, screenshot: Any) -> None:
    answer = ask(page, OWNER_Q)
    assert "区大数据发展局" in answer.inner_text()
    title = answer.locator(".thought .title").first
    assert "《深入推进医养结合发展的实施方案》 二、（七）" in title.inner_text()
    title.click()
    clause = answer.locator(".yy-clause").first
    clause.wait_for(state="visible")
    assert "区大数据发展局按职责分工负责" in clause.locator("mark").inner_text()
    page.wait_for_timeout(800)  # the citation slides open
    screenshot(page, "chat-owner")
    with browser_context.expect_page() as opened:
        answer.locator("a.yy-open").first.click()
    doc = opened.value
    doc.wait_for_load_state()
    assert re.search(r"/doc/000_ae185cc4bb8e5259\.txt\?clause=\w+", doc.url)
    hit = doc.locator(".c.hit")
    assert hit.count() == 1 and hit.inner_text().startswith("（七）加强医养结合信息化支撑")
    assert "区大数据发展局" in hit.locator("mark").inner_text()
    doc.close()


def test_target_question_then_a_follow_up(page: Any, screenshot: Any) -> None:
    answer = ask(page, TARGET_Q)
    text = answer.inner_text()
    assert "20张" in text
    answer.locator(".thought .title").first.wait_for(state="visible")
    labels = answer.locator(".thought .title").all_inner_texts()
    assert any("二、（一）5." in t for t in labels)
    follow = ask(page, "那2025年呢？")
    assert "10张" in follow.inner_text()
    answer.locator(".thought .title").first.click()
    page.wait_for_timeout(800)
    screenshot(page, "chat")


def test_not_found_still_lists_related_clauses(page: Any) -> None:
    answer = ask(page, "上海市养老机构内设医务室有什么补贴？")
    assert "未在已收录文件中找到" in answer.locator(".yy-badge").first.inner_text()
    assert answer.locator(".thought").count() >= 1


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
