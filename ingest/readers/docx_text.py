"""The text of one Word paragraph as Word shows it, and the text boxes anchored in it.

python-docx's ``Paragraph.text`` reads only direct runs and hyperlinks; this walk follows
what Word renders in "final" view:

* tracked changes: insertions (``w:ins``, ``w:moveTo``) are read, deletions (``w:del``,
  ``w:moveFrom``, ``w:delText``) are not;
* fields: the displayed result (between ``separate`` and ``end``), never the instruction
  (``PAGE``, ``HYPERLINK "…"``); simple fields (``w:fldSimple``) by their runs;
* hidden runs (``w:vanish``) are left out; content controls, smart tags, hyperlinks are read;
* soft line breaks (``w:br``, ``w:cr``) become ``"\\n"`` so the caller decides: a title broken
  by ``w:br`` stays one line, a table cell keeps its lines; page and column breaks are dropped;
* text boxes (``w:txbxContent``) are returned, not inlined: in ``mc:AlternateContent`` only the
  ``mc:Choice`` is read, so the VML fallback copy of the same box is not read twice.

Example:
    >>> from lxml import etree
    >>> from ingest.readers.docx_xml import NS
    >>> p = etree.fromstring(f'''<w:p xmlns:w="{NS['w']}"><w:r><w:t>关于印发</w:t><w:br/><w:t>方案</w:t></w:r>
    ...   <w:del><w:r><w:delText>草稿</w:delText></w:r></w:del><w:ins><w:r><w:t>的通知</w:t></w:r></w:ins></w:p>''')
    >>> paragraph_text(p).text
    '关于印发\\n方案的通知'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ingest.readers.docx_xml import attr, child, is_on, tag

__all__ = ["ParagraphText", "footnote_texts", "paragraph_text", "text_boxes"]

_SKIP = {"w:pPr", "w:rPr", "w:del", "w:moveFrom", "w:delText", "w:instrText", "w:delInstrText",
         "w:commentReference", "w:endnoteReference", "w:proofErr",
         "w:bookmarkStart", "w:bookmarkEnd", "w:lastRenderedPageBreak", "mc:Fallback",
         "w:sdtPr", "w:sdtEndPr", "w:customXmlPr", "w:smartTagPr", "w:rt"}  # fmt: skip
_PUA_SYMBOLS = {"F0B7": "•", "F06C": "●", "F0A7": "▪", "F0FC": "√", "F0D8": "➢", "F06E": "■", "F0A8": "□"}


@dataclass
class ParagraphText:
    """A paragraph's displayed text and its text boxes.

    Attributes:
        text: displayed characters; ``"\\n"`` marks a soft line break.
        boxes: ``(position in text, w:txbxContent element)`` for each text box anchored here.
    """

    text: str = ""
    boxes: list[tuple[int, Any]] = field(default_factory=list)


@dataclass
class _Walk:
    out: list[str] = field(default_factory=list)
    boxes: list[tuple[int, Any]] = field(default_factory=list)
    fields: list[bool] = field(default_factory=list)  # per open complex field: showing its result yet?
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def showing(self) -> bool:
        return all(self.fields)

    def put(self, s: str) -> None:
        if self.showing:
            self.out.append(s)

    def position(self) -> int:
        return sum(len(s) for s in self.out)


def paragraph_text(p: Any, notes: dict[str, str] | None = None) -> ParagraphText:
    """The displayed text of a ``w:p`` and the text boxes anchored in it; a footnote's text
    (``notes``: id -> text) stands where it is referenced, as ``（注：…）``."""
    walk = _Walk(notes=notes or {})
    _inline(p, walk)
    return ParagraphText("".join(walk.out), walk.boxes)


def footnote_texts(root: Any) -> dict[str, str]:
    """The notes of a ``w:footnotes`` part by id (the separator notes Word keeps are left out)."""
    out: dict[str, str] = {}
    for note in root if root is not None else ():
        if tag(note) != "w:footnote" or attr(note, "w:type") in ("separator", "continuationSeparator", "continuationNotice"):
            continue
        text = "".join(paragraph_text(p).text for p in note.iter() if tag(p) == "w:p").strip()
        if text:
            out[attr(note, "w:id") or ""] = " ".join(text.split())
    return out


def _inline(el: Any, walk: _Walk) -> None:
    for c in el:
        name = tag(c)
        if name in _SKIP or not name:
            continue
        if name == "w:r":
            _run(c, walk)
        elif name == "mc:AlternateContent":
            choice = next((x for x in c if tag(x) == "mc:Choice"), None)
            if choice is not None:
                _inline(choice, walk)
        elif name in ("m:oMath", "m:oMathPara"):
            walk.put("".join(t.text or "" for t in c.iter() if tag(t) == "m:t"))
        else:  # w:hyperlink, w:ins, w:moveTo, w:fldSimple, w:smartTag, w:sdt/w:sdtContent, w:customXml...
            _inline(c, walk)


def _run(r: Any, walk: _Walk) -> None:
    hidden = is_on(child(child(r, "w:rPr"), "w:vanish"))
    for c in r:
        name = tag(c)
        if name == "w:fldChar":
            kind = attr(c, "w:fldCharType")
            if kind == "begin":
                walk.fields.append(False)
            elif kind == "separate" and walk.fields:
                walk.fields[-1] = True
            elif kind == "end" and walk.fields:
                walk.fields.pop()
        elif hidden or name in _SKIP:
            continue
        elif name == "w:t":
            walk.put(c.text or "")
        elif name == "w:footnoteReference":
            note = walk.notes.get(attr(c, "w:id") or "")
            if note:
                walk.put(f"（注：{note}）")
        elif name in ("w:tab", "w:ptab"):
            walk.put("\t")
        elif name == "w:br":
            if attr(c, "w:type") in (None, "textWrapping"):
                walk.put("\n")
        elif name == "w:cr":
            walk.put("\n")
        elif name == "w:ruby":  # phonetic guide: the base text is what is read
            base = child(c, "w:rubyBase")
            if base is not None:
                _inline(base, walk)
        elif name == "w:noBreakHyphen":
            walk.put("-")
        elif name == "w:sym":
            code = (attr(c, "w:char") or "").upper()
            walk.put(_PUA_SYMBOLS.get(code, "") if code.startswith("F") else _char(code))
        elif name in ("w:drawing", "w:pict", "mc:AlternateContent", "w:object"):
            if walk.showing:
                at = walk.position()
                walk.boxes.extend((at, box) for box in text_boxes(c))


def _char(code: str) -> str:
    try:
        return chr(int(code, 16))
    except ValueError:
        return ""


def text_boxes(el: Any) -> list[Any]:
    """The ``w:txbxContent`` elements inside a drawing, outermost only, ``mc:Choice`` over ``mc:Fallback``."""
    out: list[Any] = []
    for c in el:
        name = tag(c)
        if name == "w:txbxContent":
            out.append(c)
        elif name == "mc:AlternateContent":
            choice = next((x for x in c if tag(x) == "mc:Choice"), None)
            if choice is not None:
                out.extend(text_boxes(choice))
        elif name and name != "mc:Fallback":
            out.extend(text_boxes(c))
    return out
