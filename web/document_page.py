"""The document view a citation opens: ``/doc/{source}?clause=<id>&q=<quote>``.

Every clause of the document with an anchor, the cited clause marked and its quoted span wrapped
in ``<mark>`` (after escaping: the text is shown, never rendered). For a PDF the cited page is
shown as well, with the span boxed (``/doc/{source}/page/{n}.png?clause=<id>&q=<quote>``).

Example:
    >>> doc_url("a.pdf", "c1", "到2027年")
    '/doc/a.pdf?clause=c1&q=%E5%88%B02027%E5%B9%B4#c-c1'
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote as urlquote

from fastapi import APIRouter, HTTPException, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from web.escape import attr, highlight
from web.page_image import original_path, page_png, span_boxes

MAX_QUOTE = 200  # characters of the quote carried in a link
DOC_CSS = """
.yy-doc mark{background:#ffe58a;padding:0 2px}
.yy-meta{color:#666;font-size:.9em}
.yy-badge{display:inline-block;padding:1px 8px;margin:0 6px 4px 0;border-radius:10px;font-size:.85em;
  font-weight:600;background:#fff4d6;color:#7a4b00;border:1px solid #f0c36d}
.yy-doc .c{padding:4px 8px;border-left:3px solid transparent;white-space:pre-wrap;line-height:1.7}
.yy-doc .c.hit{border-left-color:#e0a800;background:#fffbe6}
.yy-doc .sec{color:#1f5fa8;font-weight:600;margin-right:.5em}
.yy-pages figure{margin:1em 0} .yy-pages img{max-width:100%;border:1px solid #ccc}
"""
PAGE_CSS = ("body{font-family:system-ui,'Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif;max-width:52em;"
            "margin:2em auto;padding:0 1em;color:#222} .c:target{border-left-color:#e0a800;background:#fffbe6}")


def doc_url(source: str, clause_id: str = "", quote: str = "") -> str:
    """The document view of ``source``, scrolled to ``clause_id`` with ``quote`` highlighted."""
    url = f"/doc/{urlquote(source)}"
    if clause_id:
        url += f"?clause={urlquote(clause_id)}&q={urlquote(quote[:MAX_QUOTE])}#c-{urlquote(clause_id)}"
    return url


def page_url(source: str, page: int, clause_id: str, quote: str = "") -> str:
    """The PNG of page ``page`` with the span of ``quote`` in ``clause_id`` boxed."""
    return f"/doc/{urlquote(source)}/page/{page}.png?clause={urlquote(clause_id)}&q={urlquote(quote[:MAX_QUOTE])}"


def render_document(meta: Any, clauses: Sequence[Any], highlight_id: str = "", quote: str = "",
                    under_hit: str = "") -> str:
    """A readable document: metadata, then every clause indented by depth, one anchor each.

    ``under_hit`` (this module's own HTML, e.g. the page images) goes right under the marked clause.
    """
    rows = [f"<h2>{html.escape(meta.title)}</h2>",
            '<p class="yy-meta">' + " · ".join(html.escape(x) for x in (
                meta.doc_number or "无文号", "、".join(meta.issuers) or "发文机关不详", meta.date or "日期不详",
                meta.jurisdiction, meta.status) if x) + "</p>"]
    if meta.is_draft:
        rows.append('<span class="yy-badge">征求意见稿</span>')
    for c in clauses:
        depth = min(len(c.headings), 5)
        hit = c.id == highlight_id
        text = highlight(c.text, quote) if hit else html.escape(c.text)
        sec = f'<span class="sec">{html.escape(c.section)}</span>' if _needs_label(c) else ""
        rows.append(f'<div class="c{" hit" if hit else ""}" id="c-{attr(c.id)}" '
                    f'style="margin-left:{depth * 1.2:.1f}em">{sec}{text}</div>')
        if hit and under_hit:
            rows.append(under_hit)
    return '<div class="yy-doc">' + "\n".join(rows) + "</div>"


def _needs_label(c: Any) -> bool:
    """Show the section path unless the text already starts with its innermost number."""
    sec = c.section or ""
    return bool(sec) and not any(c.text.startswith(sec[i:]) for i in range(len(sec) - 1))


def page_figures(index: Any, clause: Any, quote: str) -> str:
    """For a clause of a PDF: each page its quoted span stands on, as an image with the span boxed."""
    path = original_path(index, clause.source)
    if not clause.pages or path is None or path.suffix.lower() != ".pdf":
        return ""
    boxes = span_boxes(index, clause, quote)
    pages = sorted({b[0] for b in boxes}) or sorted(set(clause.pages))
    figures = [f'<figure><img class="yy-page-image" alt="第{p}页" src="{attr(page_url(clause.source, p, clause.id, quote))}">'
               f'<figcaption class="yy-meta">原文第{p}页{"（引文已框出）" if boxes else ""}</figcaption></figure>'
               for p in pages]
    return '<section class="yy-pages">' + "".join(figures) + "</section>"


def render_document_page(meta: Any, clauses: Sequence[Any], highlight_id: str = "", quote: str = "",
                         pages_html: str = "") -> str:
    """A standalone page around :func:`render_document`, the page images under the cited clause."""
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(meta.title)}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{DOC_CSS}{PAGE_CSS}</style></head>'
            f"<body>{render_document(meta, clauses, highlight_id, quote, pages_html)}</body></html>")


def document_router(holder: Any) -> APIRouter:
    """``/doc/{source}`` and ``/doc/{source}/page/{n}.png`` over whatever Assistant ``holder`` serves now."""
    router = APIRouter(include_in_schema=False)

    @router.get("/doc/{source}", response_class=HTMLResponse)
    def document_page(source: str, clause: str = "", q: str = Query("", max_length=300)) -> HTMLResponse:
        bot = holder.current
        meta = bot.docs.get(source)
        if meta is None:
            raise HTTPException(404, f"没有这份文件 (no document {source!r})")
        clauses = bot.index.facts.clauses(source=source)
        hit = next((c for c in clauses if c.id == clause), None)
        figures = page_figures(bot.index, hit, q) if hit is not None else ""
        return HTMLResponse(render_document_page(meta, clauses, clause, q, figures))

    @router.get("/doc/{source}/page/{page}.png")
    async def page_image(source: str, page: int, clause: str = "", q: str = Query("", max_length=300)) -> Response:
        bot = holder.current
        path = original_path(bot.index, source)
        if source not in bot.docs or path is None or path.suffix.lower() != ".pdf":
            raise HTTPException(404, f"没有这份 PDF 文件 (no PDF {source!r})")
        hit = bot.index.clause(clause) if clause else None
        boxes = span_boxes(bot.index, hit, q) if hit is not None and hit.source == source else []
        try:
            png = await run_in_threadpool(page_png, path, page, boxes)
        except ValueError as exc:
            raise HTTPException(404, str(exc)) from None
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, max-age=300"})

    return router
