"""Document text as text: escaped for Markdown and HTML so it is shown, never rendered.

Every string that comes from a document, a question or a citation passes through here before it
reaches a page or a Markdown renderer; only the markup this package writes itself stays markup.

Example:
    >>> md_text("**重点** <script>")
    '\\\\*\\\\*重点\\\\*\\\\* &lt;script&gt;'
    >>> highlight("甲乙丙", "乙")
    '甲<mark>乙</mark>丙'
"""

from __future__ import annotations

import html
import re

_MD_PUNCT = re.compile(r"([\\`*_{}\[\]()#+\-.!|~$])")


def md_text(text: str) -> str:
    """Plain text safe inside Markdown: no HTML, no Markdown syntax, no math."""
    return html.escape(_MD_PUNCT.sub(r"\\\1", text or ""), quote=True)


def md_cell(text: str) -> str:
    """Text for a Markdown table cell: escaped, and one line (a newline would end the row)."""
    return md_text(" ".join((text or "").split()))


def attr(text: str) -> str:
    """Text for an HTML attribute value (quotes escaped; ``|`` too, the attribute may sit in a table row)."""
    return html.escape(text or "", quote=True).replace("|", "&#124;")


def highlight(text: str, quote: str = "") -> str:
    """Escaped ``text`` (HTML) with the first occurrence of ``quote`` wrapped in ``<mark>``."""
    text = text or ""
    at = text.find(quote) if quote else -1
    if at < 0:
        return html.escape(text)
    return (html.escape(text[:at]) + "<mark>" + html.escape(quote) + "</mark>"
            + html.escape(text[at + len(quote):]))
