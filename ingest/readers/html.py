"""Saved web pages (.html/.htm)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path
from typing import Any

from ingest.readers.text import GB_FAMILY, read_plain

from ingest.readers.base import Extracted, LoadError

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_DROP_TAGS = {"script", "style", "nav", "noscript", "template", "head", "iframe", "svg", "button", "select"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "form", "fieldset",
    "address", "figure", "figcaption", "hr", "center", "caption", "tr", "td", "th",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")


def read_html(path: Path, data: bytes) -> Extracted:
    from bs4 import BeautifulSoup

    text, encoding = _decode_html(path, data)
    soup = BeautifulSoup(text, "html.parser")
    out = _Lines()
    _walk_html(soup, out, pre=False)
    out.end_block()
    joined = "\n".join(out.lines).strip("\n")
    return Extracted(text=re.sub(r"\n{3,}", "\n\n", joined), encoding=encoding)


def _decode_html(path: Path, data: bytes) -> tuple[str, str]:
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
    """Collects inline text into lines; a block boundary ends the current line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self._buf: list[str] = []

    def write(self, s: str) -> None:
        self._buf.append(s)

    def newline(self) -> None:
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
                out.newline()
            elif child.name == "table":
                out.end_block()
                _html_table(child, out)
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
    for tr in rows:
        for td in _cells(tr):
            cell = _Lines()
            _walk_html(td, cell, pre=False)
            cell.end_block()
            lines = [line for line in cell.lines if line.strip()] or [""]
            out.lines.append("\t" + lines[0])
            out.lines.extend(lines[1:])
        out.lines.append("")


def _cells(tr: Any) -> list[Any]:
    return tr.find_all(["td", "th"], recursive=False)


