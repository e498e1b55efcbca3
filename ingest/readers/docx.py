"""Word .docx files, read as Word shows them.

The body is read in document order into the shared line layout (:mod:`ingest.readers.base`):

* automatic list numbering is written into the text (``一、``, ``（一）``, ``1.``), from the
  paragraph's ``w:numPr`` or its style's (:mod:`ingest.readers.docx_numbering`); after the
  number, Word's tab becomes nothing behind ``、``/``）`` (as typed government text reads) and a
  space otherwise; ``w:suff`` ``space``/``nothing`` are kept; an empty numbered paragraph is
  counted but not shown, except in a table cell (an auto-numbered 序号 column);
* headings (outline levels, heading styles; :mod:`ingest.readers.docx_styles`) are listed in
  ``Extracted.outline`` as ``(offset of the line, level)``, so a heading without a number
  still opens a section;
* tables in the TAB-cell layout with merged cells on the grid (:mod:`ingest.readers.docx_tables`);
* paragraph text as displayed (:mod:`ingest.readers.docx_text`): insertions in, deletions and
  field codes out; a soft line break joins (a title broken by ``w:br`` stays one line) unless
  it separates lines of their own (a sentence end, a heading or date after it, stacked issuer
  names); in table cells it separates the cell's lines;
* text boxes in place: their lines before the paragraph they are anchored in (after it when
  the anchor follows text);
* an ``w:altChunk`` (OA exports that embed the body as a web page or another .docx) is read
  by the HTML or .docx reader in place;
* left out: page headers and footers (a 文号 or title only they carry goes to ``meta``),
  table-of-contents entries (copies of the headings), hidden text.

Example:
    >>> import docx, io
    >>> d = docx.Document(); _ = d.add_heading("保障措施", level=2); _ = d.add_paragraph("加强组织领导。")
    >>> buf = io.BytesIO(); d.save(buf)
    >>> e = read_docx(Path("a.docx"), buf.getvalue())
    >>> e.text, e.outline
    ('保障措施\\n加强组织领导。', ((0, 2),))
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ingest.layout import HEADING_START
from ingest.readers.base import Extracted, LoadError
from ingest.readers.docx_numbering import ListNumbering, numbering_from_xml
from ingest.readers.docx_styles import StyleBook, outline_from_ppr
from ingest.readers.docx_tables import flat_table_lines, table_lines
from ingest.readers.docx_text import footnote_texts, paragraph_text
from ingest.readers.docx_xml import attr, child, is_on, tag

__all__ = ["read_docx"]

_CLOSE_AFTER_NUMBER = set("、）)】〕．：:")  # a gap after "1." (Word shows the tab), none after 、 or ）
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[〔\[［(（]\s*\d{4}\s*[〕\]］)）]\s*\d{1,4}\s*号")
_SENTENCE_END = set("。！？；：;:!?")
_DATE_LINE = re.compile(r"^(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*[\d一二三四五六七八九十]{1,3}\s*日")
_ISSUER = re.compile(r"(?:局|委|委员会|人民政府|政府|办公室|办|厅|院|中心|部|会)$")
_TITLE = re.compile(r"^.{6,80}(?:通知|方案|意见|规划|办法|细则|决定|清单|公告|计划|规定)$")


@dataclass(frozen=True)
class _Block:
    """A paragraph (soft breaks as ``"\\n"``) with its outline level, or one line of a table."""

    text: str
    level: int | None = None
    table: bool = False


def read_docx(path: Path, data: bytes) -> Extracted:
    """Read a .docx file's body as Word displays it.

    Raises:
        LoadError: the file is not a readable .docx.
    """
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        reader = _WordReader(document.part)
        blocks = reader.blocks(document.element.body)
        furniture = _header_footer_lines(document.part)
    except Exception as exc:  # zipfile, lxml, KeyError...: all mean a broken or foreign file
        if _is_strict(data):
            raise LoadError(path, "Word 文件是 Strict Open XML 格式，请在 Word 中另存为普通 .docx（Word 文档）") from exc
        raise LoadError(path, f"Word 文件已损坏或不是 .docx 格式（{type(exc).__name__}）") from exc
    text, outline = _assemble(blocks)
    return Extracted(
        text=text, encoding="docx", paragraphed=True, outline=outline, meta=_furniture_meta(furniture, text)
    )


class _WordReader:
    """Walks a body (or cell, or text box) in document order, keeping the list counters."""

    def __init__(self, part: Any) -> None:
        self.part = part
        self.styles = StyleBook(_related_root(part, "styles"))
        self.notes = footnote_texts(_related_root(part, "footnotes"))
        self.numbering: ListNumbering = numbering_from_xml(
            _related_root(part, "numbering"), self.styles.numbering_style_num_id
        )

    def blocks(self, container: Any, *, in_cell: bool = False) -> list[_Block]:
        out: list[_Block] = []
        for el in container:
            name = tag(el)
            if name == "w:p":
                out.extend(self.paragraph(el, in_cell=in_cell))
            elif name == "w:tbl":
                lines = flat_table_lines(el, self.cell_lines) if in_cell else table_lines(el, self.cell_lines)
                out.extend(_Block(line, table=True) for line in lines)
            elif name == "w:sdt" and not _is_toc_control(el):
                content = child(el, "w:sdtContent")
                out.extend(self.blocks(content, in_cell=in_cell) if content is not None else [])
            elif name in ("w:customXml", "w:ins", "w:moveTo"):
                out.extend(self.blocks(el, in_cell=in_cell))
            elif name == "w:altChunk":
                out.extend(_Block(line, table=line.startswith("\t") or not line) for line in self.alt_chunk(el))
        return out

    def alt_chunk(self, el: Any) -> list[str]:
        """The lines of an embedded web page or .docx, read by that format's reader."""
        from ingest.readers.html import read_html

        target = self.part.related_parts.get(attr(el, "r:id") or "")
        kind = getattr(target, "content_type", "")
        reader = read_html if "html" in kind else read_docx if "wordprocessingml" in kind else None
        if reader is None:
            return []
        try:
            return reader(Path("chunk"), target.blob).text.split("\n")
        except LoadError:  # an empty or broken chunk loses that chunk, not the document
            return []

    def cell_lines(self, tc: Any) -> list[str]:
        """A table cell's lines: each paragraph (and soft-broken line) on its own, blanks dropped."""
        out = []
        for b in self.blocks(tc, in_cell=True):
            out.extend(s for s in (part.replace("\t", " ").strip() for part in b.text.split("\n")) if s)
        return out

    def paragraph(self, p: Any, *, in_cell: bool) -> list[_Block]:
        ppr = child(p, "w:pPr")
        style = attr(child(ppr, "w:pStyle"), "w:val") or ""
        if self.styles.is_toc(style):
            return []
        shown = paragraph_text(p, self.notes)
        if not shown.text.strip() and not shown.boxes and is_on(child(child(ppr, "w:rPr"), "w:del")):
            return []  # a deleted paragraph: Word neither shows nor numbers it
        number = self.marker(ppr, style)
        # an empty numbered paragraph is counted; its number alone is shown only in a cell (a 序号 column)
        text = number + shown.text if shown.text.strip() or in_cell else ""
        level = outline_from_ppr(ppr)
        level = (level or None) if level is not None else self.styles.outline_level(style)
        before: list[_Block] = []
        after: list[_Block] = []
        for at, box in shown.boxes:
            (after if shown.text[:at].strip() else before).extend(self.blocks(box, in_cell=in_cell))
        return before + [_Block(text, None if in_cell else level)] + after

    def marker(self, ppr: Any | None, style: str) -> str:
        """The list number Word shows before this paragraph, with what follows it ("" when none)."""
        numpr = child(ppr, "w:numPr")
        num_id = attr(child(numpr, "w:numId"), "w:val")
        ilvl_val = attr(child(numpr, "w:ilvl"), "w:val")
        style_num, style_ilvl, _ = self.styles.num_pr(style)
        num_id = num_id if num_id is not None else style_num
        if not num_id or num_id == "0":
            return ""
        ilvl = int(ilvl_val) if ilvl_val and ilvl_val.isdigit() else style_ilvl
        if ilvl is None:  # a heading style linked to a level of its list (w:lvl/w:pStyle)
            found = (self.numbering.linked_level(num_id, sid) for sid in self.styles.chain(style))
            ilvl = next((i for i in found if i is not None), 0)
        level = self.numbering.level(num_id, ilvl)
        number = self.numbering.marker(num_id, ilvl)
        if not number or level is None:
            return number
        if level.suffix == "space" or (level.suffix == "tab" and number[-1] not in _CLOSE_AFTER_NUMBER):
            return number + " "
        return number


def _is_strict(data: bytes) -> bool:
    """ISO 29500 Strict files use other namespaces, which python-docx does not read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return b"purl.oclc.org/ooxml" in z.read("word/document.xml")[:2000]
    except (zipfile.BadZipFile, KeyError, OSError):
        return False


def _related_root(part: Any, kind: str) -> Any | None:
    """The root element of the styles, numbering or footnotes part, None when the file has none
    (a part python-docx does not model, such as footnotes, is parsed from its bytes)."""
    for rel in part.rels.values():
        if rel.reltype.endswith("/" + kind) and not rel.is_external:
            target = rel.target_part
            element = getattr(target, "element", None)
            if element is None and getattr(target, "blob", None):
                from lxml import etree

                element = etree.fromstring(target.blob, etree.XMLParser(resolve_entities=False, no_network=True))
            return element
    return None


def _is_toc_control(sdt: Any) -> bool:
    gallery = child(child(child(sdt, "w:sdtPr"), "w:docPartObj"), "w:docPartGallery")
    return (attr(gallery, "w:val") or "").lower().startswith("table of contents")


def _assemble(blocks: list[_Block]) -> tuple[str, tuple[tuple[int, int], ...]]:
    lines: list[str] = []
    outline: list[tuple[int, int]] = []
    pos = 0
    for b in blocks:
        for k, line in enumerate([b.text] if b.table else _body_lines(b.text)):
            if k == 0 and b.level and line.strip():
                outline.append((pos, b.level))
            lines.append(line)
            pos += len(line) + 1
    return "\n".join(lines), tuple(outline)


def _body_lines(text: str) -> list[str]:
    """A body paragraph's lines: soft breaks joined, except where they separate lines of their own.

    A break stays after a sentence end, before a heading marker or a date (``2025年2月26日``), and
    between two issuer names (``澧县卫生健康局`` / ``澧县民政局``); a title broken to fit the page
    is joined (a space only between Latin words). TABs become spaces: a line starting with one
    would read as a table cell.
    """
    parts = [p.replace("\t", " ").strip(" ") for p in text.split("\n")]
    out = [parts[0]]
    for part in parts[1:]:
        if not part:
            continue
        if _keeps_break(out[-1], part):
            out.append(part)
        else:
            latin = out[-1][-1:].isascii() and out[-1][-1:].isalnum() and part[:1].isascii() and part[:1].isalnum()
            out[-1] += (" " if latin else "") + part
    return [line for line in out if line] or [""]


def _keeps_break(before: str, after: str) -> bool:
    if not before or before[-1] in _SENTENCE_END or HEADING_START.match(after) or _DATE_LINE.match(after):
        return True
    return bool(_ISSUER.search(before) and _ISSUER.search(after)) and "《" not in before + after


def _header_footer_lines(part: Any) -> list[str]:
    out = []
    for rel in part.rels.values():
        if rel.is_external or not rel.reltype.endswith(("/header", "/footer")):
            continue
        root = getattr(rel.target_part, "element", None)
        for p in root.iter(root.tag.split("}")[0] + "}p") if root is not None else ():
            out.extend(line.strip() for line in _body_lines(paragraph_text(p).text) if line.strip())
    return out


def _furniture_meta(lines: list[str], body: str) -> dict[str, str]:
    """A 文号 or title that only the page header carries (the body always wins)."""
    meta: dict[str, str] = {}
    squeezed = re.sub(r"\s+", "", body)
    for line in lines:
        m = _DOC_NUMBER.search(line)
        if m and "doc_number" not in meta and re.sub(r"\s+", "", m.group(0)) not in squeezed:
            meta["doc_number"] = m.group(0)
        if _TITLE.match(line) and "title" not in meta and re.sub(r"\s+", "", line) not in squeezed:
            meta["title"] = line
    return meta
