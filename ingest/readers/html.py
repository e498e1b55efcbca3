"""Saved web pages (.html/.htm): the article only, tables kept, the page's metadata aside.

The page is parsed with BeautifulSoup; :func:`ingest.readers.html_meta.page_meta` reads and
removes the 信息公开 attribute table and reads 发布时间 into ``Extracted.meta``;
:func:`ingest.readers.html_article.article_blocks` keeps the title and the body and drops the
site around them. The kept blocks are written in the shared line layout: one paragraph per
line, ``<br>`` breaks a line, a data table as TAB-led cell lines with a blank line after each
row; a page laid out in tables is read as text.

Example:
    >>> page = "<div class='nav'><a>首页</a></div><h1>关于某事的通知</h1><p>发布时间：2024-03-01</p>"
    >>> e = read_html(Path("a.html"), (page + "<div id='zoom'><p>" + "为做好养老服务，现通知如下。" * 3 + "</p></div>").encode())
    >>> e.text.splitlines()[0], e.meta["published"]
    ('关于某事的通知', '2024-03-01')
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from ingest.readers.base import Extracted
from ingest.readers.html_article import article_blocks, is_furniture_line
from ingest.readers.html_figures import inline_graphics
from ingest.readers.html_meta import page_meta
from ingest.readers.html_tables import grid_lines, html_grid
from ingest.readers.text import GB_FAMILY, read_plain

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
# head is read for metadata first, then dropped with the rest
_DROP_TAGS = {
    "script", "style", "nav", "noscript", "template", "head", "iframe", "svg", "button", "select", "input", "textarea",
}  # fmt: skip
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "form", "fieldset",
    "address", "figure", "figcaption", "hr", "center", "caption", "tr", "td", "th",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")
_HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
PARAGRAPHED_BREAKS = 0.1  # a page with more of its lines ended by <br> than this is reflowed like plain text


def read_html(path: Path, data: bytes) -> Extracted:
    """Read a saved web page: its article in the shared line layout, 发布时间 etc. in ``meta``."""
    text, encoding = decode_html(path, data)
    return html_extracted(text, encoding)


def html_extracted(text: str, encoding: str) -> Extracted:
    """Read a decoded page (a saved .html, or the HTML part of an .mht): see :func:`read_html`."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    meta = page_meta(soup)
    inline_graphics(soup)  # SVG text and <dl> lists as paragraphs (after the attribute table is read)
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    out = _Lines()
    for block in article_blocks(soup):
        out.end_block()
        if block.name == "table":
            _html_table(block, out)
        else:
            _walk_html(block, out, pre=block.name == "pre")
        out.end_block()
    kept = [(i, line) for i, line in enumerate(out.lines) if line.startswith("\t") or not is_furniture_line(line)]
    text, outline = _text_and_outline(kept, out.heading_tags)
    prose = sum(1 for _, line in kept if line.strip() and not line.startswith("\t"))
    # a page of blocks (<p>, <div>, <li>) gives one paragraph per line; <br>-broken text is reflowed
    paragraphed = out.broken <= PARAGRAPHED_BREAKS * prose
    return Extracted(text=text, encoding=encoding, paragraphed=paragraphed, meta=meta, outline=outline)


def _text_and_outline(kept: list[tuple[int, str]], tags: dict[int, str]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The page text, and its headings without numbers (``<h3>申请材料</h3>`` of a guide's tab panels)
    as outline entries: the heading tags in use ranked into levels, the document's title (the first
    line) left out."""
    used = sorted({tags[i] for i, _ in kept[1:] if i in tags})
    level = {tag: k + 1 for k, tag in enumerate(used)}
    parts, outline, pos = [], [], 0
    for n, (i, line) in enumerate(kept):
        if n and i in tags and line.strip():
            outline.append((pos, level[tags[i]]))
        parts.append(line)
        pos += len(line) + 1
    text = "\n".join(parts)
    lead = len(text) - len(text.lstrip("\n"))
    text = text.strip("\n")
    squeezed, shift, out_outline = [], 0, []
    # blank runs are squeezed to one blank line: move the offsets with the text
    marks = dict((o - lead, lv) for o, lv in outline)
    i = 0
    result = []
    while i < len(text):
        if text.startswith("\n\n\n", i):
            j = i
            while j < len(text) and text[j] == "\n":
                j += 1
            result.append("\n\n")
            shift += (j - i) - 2
            i = j
            continue
        if i in marks:
            out_outline.append((i - shift, marks[i]))
        result.append(text[i])
        i += 1
    return "".join(result), tuple(out_outline)


def decode_html(path: Path, data: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in GB_FAMILY | {"x-gbk", "gb_2312-80"} else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # wrong declarations are common: detect instead
    e = read_plain(path, data)
    return e.text, e.encoding


class _Lines:
    """Collects inline text into lines; a block boundary ends the current line. Lines written inside
    an ``h1``-``h6`` element remember its tag (``heading_tags``: line index -> tag)."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buf: list[str] = []
        self.heading_tags: dict[int, str] = {}
        self.heading: str = ""
        self.broken = 0  # lines a <br> ended (an old site's hard-wrapped text), not a block

    def write(self, s: str) -> None:
        self._buf.append(s)

    def newline(self) -> None:
        if self.heading and "".join(self._buf).strip():
            self.heading_tags[len(self.lines)] = self.heading
        self.lines.append("".join(self._buf).strip(" "))
        self._buf.clear()

    def end_block(self) -> None:
        if "".join(self._buf).strip():
            self.newline()
        self._buf.clear()


def _walk_html(node: Any, out: _Lines, pre: bool) -> None:
    from bs4 import NavigableString, Tag

    for child in node.children:
        if isinstance(child, NavigableString):
            if type(child) is NavigableString:  # skips comments, doctype, CDATA
                out.write(str(child) if pre else _HTML_SPACE.sub(" ", str(child)))
        elif isinstance(child, Tag) and child.name not in _DROP_TAGS:
            if child.name == "br":
                out.broken += 1
                out.newline()
            elif child.name == "table":
                out.end_block()
                _html_table(child, out)
            elif child.name in _HEADING_TAGS:
                out.end_block()
                out.heading = child.name
                _walk_html(child, out, pre)
                out.end_block()
                out.heading = ""
            elif child.name in _BLOCK_TAGS:
                out.end_block()
                _walk_html(child, out, pre or child.name == "pre")
                out.end_block()
            else:
                _walk_html(child, out, pre)


def _html_table(table: Any, out: _Lines) -> None:
    rows = [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]
    is_layout = table.find("table") is not None or all(len(_cells(tr)) < 2 for tr in rows)
    if is_layout:  # old government sites lay whole pages out in tables: read them as text
        _walk_html(table, out, pre=False)
        out.end_block()
        return
    grid, marked = html_grid(rows, _cell_lines)
    out.lines.extend(grid_lines(grid, marked))


def _cell_lines(td: Any) -> list[str]:
    cell = _Lines()
    _walk_html(td, cell, pre=False)
    cell.end_block()
    return [line for line in cell.lines if line.strip()] or [""]


def _cells(tr: Any) -> list[Any]:
    return tr.find_all(["td", "th"], recursive=False)


