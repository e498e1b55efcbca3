"""What the Gradio tabs share: the page CSS, filters, the clause card a clicked row opens, CSV files.

Document text is escaped here before it reaches the page (``web.escape``): shown, never rendered.
"""

from __future__ import annotations

import csv
import html
import tempfile
import time
from pathlib import Path
from typing import Any

import pandas as pd

from web.document_page import DOC_CSS, doc_url
from web.escape import highlight

ALL = "全部"
CSS = """
.yy-badge{display:inline-block;padding:1px 8px;margin:0 6px 4px 0;border-radius:10px;font-size:.85em;
  font-weight:600;background:#fff4d6;color:#7a4b00;border:1px solid #f0c36d}
.yy-badge.yy-none{background:#fde2e1;color:#8a1c1c;border-color:#f3a5a2}
.yy-clause{white-space:pre-wrap;line-height:1.7}
.yy-clause mark,.yy-doc mark{background:#ffe58a;padding:0 2px}
.yy-meta{color:#666;font-size:.9em}
.yy-doc .c{padding:4px 8px;border-left:3px solid transparent;white-space:pre-wrap;line-height:1.7}
.yy-doc .c.hit{border-left-color:#e0a800;background:#fffbe6}
.yy-doc .sec{color:#1f5fa8;font-weight:600;margin-right:.5em}
""" + DOC_CSS


def render_clause_card(meta: Any, clause: Any, quote: str = "") -> str:
    """A clause with its document head and a link to it in the document view (escaped)."""
    if clause is None:
        return ""
    head = meta.citation_head() if meta else f"《{clause.doc_title}》"
    return (f'<div class="yy-card"><p class="yy-meta">{html.escape(head)} {html.escape(clause.section or "前言")}'
            f' · <a href="{html.escape(doc_url(clause.source, clause.id, quote))}" target="_blank">在文件中查看 ↗</a></p>'
            f'<div class="yy-clause">{highlight(clause.text, quote)}</div></div>')


def regions(holder: Any) -> list[str]:
    return [ALL] + sorted({d.jurisdiction for d in holder.current.docs.values() if d.jurisdiction})


def write_csv(frame: pd.DataFrame, stem: str) -> str:
    """``frame`` as a UTF-8 CSV with a BOM (so spreadsheet programs read the Chinese right)."""
    folder = Path(tempfile.gettempdir()) / "yiyang-export"
    folder.mkdir(exist_ok=True)
    path = folder / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.csv"
    frame.to_csv(path, index=False, encoding="utf-8-sig", quoting=csv.QUOTE_MINIMAL)
    return str(path)


def clause_card(holder: Any, clause_id: str, quote: str = "") -> str:
    bot = holder.current
    clause = bot.index.clause(clause_id)
    return render_clause_card(bot.docs.get(clause.source) if clause else None, clause, quote)


def opt(value: str | None) -> str | None:
    return None if value in (None, "", ALL) else value
