"""Small .docx files written for tests, with the Word features OA systems use.

python-docx writes paragraphs, styles and tables (``merge`` makes ``gridSpan``/``vMerge``
cells); this adds what it has no API for: list numbering definitions (``numbering.xml``) and
``numPr`` on paragraphs and styles, text boxes (``mc:AlternateContent`` with a VML fallback),
and raw runs for tracked changes and fields.

Example:
    >>> w = WordFile()
    >>> num = w.numbering([("chineseCounting", "%1、")])
    >>> _ = w.para("总则", num=num)
    >>> w.doc.paragraphs[0]._p.xml.count("w:numId")
    1
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

W = nsdecls("w")
_EXTRA_NS = (
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)


class WordFile:
    """A python-docx document plus numbering definitions and raw-XML helpers."""

    def __init__(self) -> None:
        self.doc = docx.Document()
        self._next_id = 100

    # -- numbering -------------------------------------------------------------------------
    def numbering(
        self,
        levels: list[tuple[str, str]],
        *,
        starts: dict[int, int] | None = None,
        styles: dict[int, str] | None = None,
        suffix: str | None = None,
        abstract: str | None = None,
        start_override: dict[int, int] | None = None,
        legal: tuple[int, ...] = (),
    ) -> str:
        """Add a list definition (one ``(numFmt, lvlText)`` per level) and an instance; returns its numId.

        ``abstract`` reuses an existing abstractNumId instead of defining one (a second instance).
        """
        self._next_id += 1
        num_id = str(self._next_id)
        root = self.doc.part.numbering_part.element
        if abstract is None:
            abstract = num_id
            lvls = "".join(
                f'<w:lvl w:ilvl="{i}"><w:start w:val="{(starts or {}).get(i, 1)}"/><w:numFmt w:val="{fmt}"/>'
                + (f'<w:pStyle w:val="{(styles or {})[i]}"/>' if i in (styles or {}) else "")
                + (f'<w:suff w:val="{suffix}"/>' if suffix else "")
                + ("<w:isLgl/>" if i in legal else "")
                + f'<w:lvlText w:val="{escape(text)}"/></w:lvl>'
                for i, (fmt, text) in enumerate(levels)
            )
            an = parse_xml(f'<w:abstractNum {W} w:abstractNumId="{abstract}">{lvls}</w:abstractNum>')
            first_num = root.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(an)
            else:
                root.append(an)
        overrides = "".join(
            f'<w:lvlOverride w:ilvl="{i}"><w:startOverride w:val="{v}"/></w:lvlOverride>'
            for i, v in (start_override or {}).items()
        )
        root.append(parse_xml(f'<w:num {W} w:numId="{num_id}"><w:abstractNumId w:val="{abstract}"/>{overrides}</w:num>'))
        return num_id

    def abstract_of(self, num_id: str) -> str:
        root = self.doc.part.numbering_part.element
        for num in root.findall(qn("w:num")):
            if num.get(qn("w:numId")) == num_id:
                return num.find(qn("w:abstractNumId")).get(qn("w:val"))
        raise KeyError(num_id)

    def style_numbering(self, style_name: str, num_id: str | None, ilvl: int | None = None) -> None:
        """Give a paragraph style list numbering, as OA heading templates do (``num_id`` None: level only)."""
        ppr = self.doc.styles[style_name].element.get_or_add_pPr()
        lvl = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
        num = f'<w:numId w:val="{num_id}"/>' if num_id is not None else ""
        ppr.append(parse_xml(f"<w:numPr {W}>{lvl}{num}</w:numPr>"))

    # -- paragraphs ------------------------------------------------------------------------
    def para(self, text: str = "", *, num: str | None = None, ilvl: int = 0, style: str | None = None,
             outline: int | None = None, cell: Any = None) -> Any:  # fmt: skip
        """A paragraph (in the body or a table cell), optionally numbered, styled or given an outline level."""
        if cell is not None:
            p = cell.paragraphs[0] if not cell.paragraphs[0].text and len(cell.paragraphs) == 1 else cell.add_paragraph()
            if text:
                p.add_run(text)
            if style:
                p.style = style
        else:
            p = self.doc.add_paragraph(text, style=style)
        ppr = p._p.get_or_add_pPr()
        if num is not None:
            ppr.append(parse_xml(f'<w:numPr {W}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr>'))
        if outline is not None:
            ppr.append(parse_xml(f'<w:outlineLvl {W} w:val="{outline}"/>'))
        return p

    def raw(self, paragraph: Any, inner_xml: str) -> None:
        """Append raw run-level XML (``<w:r>…</w:r>``, ``<w:ins>…``) to a paragraph."""
        wrapper = parse_xml(f"<w:p {W} {nsdecls('wp', 'a', 'pic')} {_EXTRA_NS}>{inner_xml}</w:p>")
        for el in list(wrapper):
            paragraph._p.append(el)

    def text_box(self, paragraph: Any, lines: list[str]) -> None:
        """A floating text box anchored in ``paragraph``: DrawingML choice plus the VML fallback copy."""
        body = "".join(f"<w:p><w:r><w:t>{escape(t)}</w:t></w:r></w:p>" for t in lines)
        self.raw(
            paragraph,
            "<w:r><mc:AlternateContent>"
            '<mc:Choice Requires="wps"><w:drawing><wp:anchor><a:graphic><a:graphicData>'
            f"<wps:wsp><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx></wps:wsp>"
            "</a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>"
            f"<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox>"
            "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>",
        )

    def save(self, path: Path) -> Path:
        self.doc.save(str(path))
        return path
