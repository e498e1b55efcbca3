"""Paragraph styles (``styles.xml``): the numbering and outline level a paragraph inherits.

Word looks a property up on the paragraph, then on its style and the style's ``basedOn``
chain, then on the default paragraph style. Two properties matter for reading structure:

* ``w:numPr`` (``numId``, ``ilvl``): heading styles of OA templates carry the list numbering
  that prints ``一、`` and ``（一）``;
* the outline level: ``w:outlineLvl`` (0-8; 9 is body text), or a built-in heading style
  (``heading 1``..``heading 9``, localized ``标题 1``; Chinese Word stores style ids ``1``, ``2``
  with the English name).

Table-of-contents styles (``toc 1``..) are recognized so their lines, copies of the headings,
can be left out.

Example:
    >>> from lxml import etree
    >>> from ingest.readers.docx_xml import NS
    >>> xml = f'''<w:styles xmlns:w="{NS['w']}">
    ...   <w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>
    ...   <w:style w:type="paragraph" w:styleId="Mine"><w:basedOn w:val="2"/></w:style></w:styles>'''
    >>> StyleBook(etree.fromstring(xml)).outline_level("Mine")
    2
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ingest.readers.docx_xml import attr, child, children

__all__ = ["StyleBook", "outline_from_ppr"]

_HEADING_NAME = re.compile(r"^(?:heading|标题)\s*([1-9])$", re.IGNORECASE)
_TOC_NAME = re.compile(r"^(?:toc|目录)\s*[1-9]$", re.IGNORECASE)


@dataclass(frozen=True)
class _Style:
    style_id: str
    name: str
    based_on: str
    ppr: Any


def outline_from_ppr(ppr: Any | None) -> int | None:
    """1-based outline level a ``w:pPr`` sets, 0 when it says "body text", None when it says nothing."""
    val = attr(child(ppr, "w:outlineLvl"), "w:val")
    if val is None or not val.isdigit():
        return None
    level = int(val)
    return level + 1 if level < 9 else 0


class StyleBook:
    """The paragraph and numbering styles of one document."""

    def __init__(self, root: Any | None) -> None:
        self._styles: dict[str, _Style] = {}
        self.default_paragraph = ""
        for st in children(root, "w:style"):
            sid = attr(st, "w:styleId") or ""
            self._styles[sid] = _Style(
                sid,
                attr(child(st, "w:name"), "w:val") or "",
                attr(child(st, "w:basedOn"), "w:val") or "",
                child(st, "w:pPr"),
            )
            if attr(st, "w:type") == "paragraph" and attr(st, "w:default") in ("1", "true", "on"):
                self.default_paragraph = sid

    def chain(self, style_id: str) -> list[str]:
        """``style_id`` and the styles it is based on, nearest first (the default style when empty)."""
        out: list[str] = []
        sid = style_id or self.default_paragraph
        while sid and sid in self._styles and sid not in out:
            out.append(sid)
            sid = self._styles[sid].based_on
        return out

    def num_pr(self, style_id: str) -> tuple[str | None, int | None, str]:
        """``(numId, ilvl, id of the style that sets numId)`` inherited through the chain."""
        num_id: str | None = None
        ilvl: int | None = None
        owner = ""
        for sid in self.chain(style_id):
            numpr = child(self._styles[sid].ppr, "w:numPr")
            if numpr is None:
                continue
            lvl = attr(child(numpr, "w:ilvl"), "w:val")
            if ilvl is None and lvl and lvl.isdigit():
                ilvl = int(lvl)
            nid = attr(child(numpr, "w:numId"), "w:val")
            if num_id is None and nid is not None:
                num_id, owner = nid, sid
        return num_id, ilvl, owner

    def outline_level(self, style_id: str) -> int | None:
        """1-based outline level of a paragraph in this style; None for body text."""
        for sid in self.chain(style_id):
            st = self._styles[sid]
            level = outline_from_ppr(st.ppr)
            if level is not None:
                return level or None
            m = _HEADING_NAME.match(st.name.strip()) or _HEADING_NAME.match(sid)
            if m:
                return int(m.group(1))
        return None

    def is_toc(self, style_id: str) -> bool:
        """Whether the style is a table-of-contents entry style."""
        st = self._styles.get(style_id)
        return st is not None and bool(_TOC_NAME.match(st.name.strip()) or _TOC_NAME.match(style_id))

    def numbering_style_num_id(self, style_id: str) -> str | None:
        """The ``numId`` a numbering style carries (the target of ``numStyleLink``)."""
        st = self._styles.get(style_id)
        return attr(child(child(st.ppr if st else None, "w:numPr"), "w:numId"), "w:val")
