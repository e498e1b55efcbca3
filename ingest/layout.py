"""Reflow a policy file's text into display paragraphs, keeping an exact map back to the file.

Policy texts arrive hard-wrapped (PDF text breaks every ~30 characters, even inside
``〔责任单位:…〕`` and ``«…»``), padded with page furniture, or with spaced-out issuer names
(``福 建 省 教 育 厅``). :func:`reflow` returns one paragraph per line and an ``origin`` map
so every clause can still cite exact offsets in the file as published.

Rules, in the order they are tried for each line break (``a`` = paragraph so far, ``b`` = next line):

* kept when either side is a table cell (a line starting with TAB) or ``b`` starts a heading
  (``一、`` ``（一）`` ``(一)`` ``1.`` ``1．`` ``（1）`` ``第X条`` ``——``);
* joined when ``a`` has an unclosed ``《``/``«`` (a wrapped title);
* kept after a heading-only line (``(一)提高认识,加强组织领导``);
* joined when ``b`` is a responsibility note (``(责任单位:…)``), which belongs to the paragraph;
* hard-wrapped (PDF) text: joined when a full-width line ends a sentence and ``b`` is prose;
* kept when ``a`` ends a sentence (``。；：.;:!?`` or a closing bracket);
* hard-wrapped (PDF) text: joined unless ``a``'s last line is clearly shorter than the page width;
* web text: kept before ``key：value`` lines, joined when ``a`` is prose (has ``，、。；``),
  joined for a wrapped title (``…和养老`` + ``服务相结合工作实施方案的通知``), kept otherwise.

Dropped: blank lines, page numbers (``—3—``, ``- 3 -``, a lone number), web breadcrumbs
(``当前位置: 首页 > …``), ``第3页 共9页`` and a lone stray letter (the ``h`` a web dump ends with).
Kept: the ``发布时间:…`` line (it carries the publication date the metadata reader may need).
Collapsed: runs of >= 3 CJK characters separated by single spaces (``巫 溪 县 民 政 局``) and
runs of >= 2 blanks (one is kept). Isolated single spaces (``促进行 动``) are left for
``corpus.normalize``; so are full-width digits.

Every display character is the original character at ``origin[i]``, except a ``"\\n"``
(paragraph break) or ``" "`` (between two Latin words joined across lines), which stand for
an original line break and point at that ``"\\n"``.

Example:
    >>> r = reflow("一、总则\\n\\n本办法自印发之日起施行，由卫生\\n\\n健康部门负责解释。\\n\\n—3—\\n")
    >>> r.text
    '一、总则\\n本办法自印发之日起施行，由卫生健康部门负责解释。'
    >>> r.text[17:24], r.span(17, 24)
    ('由卫生健康部门', (18, 27))
"""

from __future__ import annotations

from collections.abc import Collection

import re
import unicodedata
from dataclasses import dataclass, field

__all__ = ["Reflowed", "reflow", "HEADING_START", "is_cell_line"]

# A heading marker at the start of a line; ingest.clauses owns the fine-grained parse.
HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}\s*[、．.](?!\d)"
    r"|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]"
    r"|[0-9０-９]{1,2}\s*[.．、](?![0-9０-９])"
    r"|[（(]\s*[0-9０-９]{1,2}\s*[）)]"
    r"|第[一二三四五六七八九十百零〇0-9]{1,5}[章节条]"
    r"|[①-⑳]"
    r"|——|[•●▪◆])"
)
_SENTENCE_END = set("。！？；：.!?;:…")
_CLOSERS = set(")）〕】]」』")
_PROSE_PUNCT = re.compile(r"[，,、。；;]")
_INNER_STOP = re.compile(r"[。！？；;!?]|\.(?![0-9０-９])")
_RESPONSIBILITY = re.compile(r"^[（(〔\[【]\s*(?:责任单位|牵头单位|责任部门|牵头部门)")
_KEY_COLON = re.compile(r"^[\u4e00-\u9fff]{2,8}\s*[：:]")
_TITLE_END = re.compile(r"(?:通知|方案|意见|规划|办法|细则|决定|清单|公告|函|计划|规定)$")
_DOC_TITLE_END = re.compile(r"(?:通知|方案|意见|规划|办法|细则|决定|公告|计划|规定|指南|要点|问答|须知)[）)]?$")
_FURNITURE = (
    re.compile(r"^[-—–－―\s]*[0-9０-９]{1,4}[-—–－―\s]*$"),  # —3—, - 3 -, 12
    re.compile(r"^当前位置\s*[:：]"),
    re.compile(r"^第\s*[0-9０-９]+\s*页(?:\s*[，,/]?\s*共\s*[0-9０-９]+\s*页)?$"),
    re.compile(r"^[A-Za-z]$"),
)
_SPACED_CJK = re.compile(r"[\u4e00-\u9fff](?:[ \u3000\xa0][\u4e00-\u9fff]){2,}")
_BLANK_RUN = re.compile(r"[ \t\u3000\xa0]{2,}")
_STRIP = " \t\r\n\u3000\xa0\ufeff"


@dataclass(frozen=True)
class Reflowed:
    """Display text plus, for each of its characters, the offset it came from.

    Attributes:
        text: one paragraph per line, PDF breaks joined, page furniture dropped.
        origin: ``origin[i]`` is the offset in ``original`` of ``text[i]``; strictly increasing.
        original: the text as decoded from the file.
    """

    text: str
    origin: list[int]
    original: str = field(repr=False, default="")

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``(start, end)`` covering display ``text[start:end]``.

        Example:
            >>> r = reflow("甲\\n\\n乙")
            >>> r.text, r.span(0, 3)
            ('甲\\n乙', (0, 4))
        """
        if not 0 <= start <= end <= len(self.text):
            raise ValueError(f"span({start}, {end}) outside display text of length {len(self.text)}")
        if start == end:
            at = self.origin[start] if start < len(self.origin) else len(self.original)
            return at, at
        return self.origin[start], self.origin[end - 1] + 1

    def gap_before(self, start: int) -> bool:
        """Whether a blank line separates display ``text[start]`` from the character before it."""
        if start <= 0 or start >= len(self.text):
            return False
        between = self.original[self.origin[start - 1] : self.origin[start]]
        return re.search(r"\n[ \t\r\u3000\xa0]*\n", between) is not None


def is_cell_line(line: str) -> bool:
    """A table cell as the seed exports write them: a line that starts with a TAB."""
    return line.startswith("\t")


@dataclass
class _Line:
    chars: list[tuple[str, int]]  # (display char, original offset)
    newline_at: int  # offset of the "\n" ending this line (or len(original))

    @property
    def text(self) -> str:
        return "".join(c for c, _ in self.chars)


def reflow(original: str, *, paragraphed: bool = False, headings: Collection[int] = ()) -> Reflowed:
    """Join wrapped lines into paragraphs and drop page furniture, keeping an origin map.

    Args:
        original: the decoded file text.
        paragraphed: the reader already gave one paragraph per line (Word, web, OFD, PDF read
            by layout): no line is joined except a responsibility note to its paragraph.
        headings: offsets in ``original`` where a heading line the reader knows starts (a web
            page's ``<h3>``): such a line is a paragraph of its own, whatever its neighbours.

    Returns:
        A :class:`Reflowed` whose ``text`` has one paragraph per line.
    """
    lines = _clean_lines(original)
    pdf_width = None if paragraphed else _page_width(lines)
    out: list[tuple[str, int]] = []
    para = ""  # the paragraph being built, to judge the next break
    prev: _Line | None = None
    for line in lines:
        if prev is not None:
            if _starts_at(line, headings) or _starts_at(prev, headings):
                joined = False
            else:
                joined = (
                    _RESPONSIBILITY.match(line.text) is not None and not is_cell_line(prev.text)
                    if paragraphed
                    else _joins(para, prev.text, line.text, pdf_width)
                )
            if joined:
                if _latin(prev.text[-1]) and _latin(line.text[0]):
                    out.append((" ", prev.newline_at))
            else:
                out.append(("\n", prev.newline_at))
                para = ""
        out.extend(line.chars)
        para += line.text
        prev = line
    return Reflowed("".join(c for c, _ in out), [o for _, o in out], original)


def _starts_at(line: _Line, offsets: Collection[int]) -> bool:
    return bool(offsets) and bool(line.chars) and line.chars[0][1] in offsets


def _clean_lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    pos = 0
    for raw in original.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if raw.startswith("\t"):  # a table cell: the leading TAB is its marker, even if empty
            body = raw.rstrip(_STRIP)
            chars = [("\t", start)] + _squeeze(body[1:], start + 1) if body else [("\t", start)]
            lines.append(_Line(chars, end))
            continue
        stripped = raw.strip(_STRIP)
        if not stripped or any(p.match(stripped) for p in _FURNITURE):
            continue
        lead = len(raw) - len(raw.lstrip(_STRIP))
        lines.append(_Line(_squeeze(stripped, start + lead), end))
    return lines


def _squeeze(s: str, offset: int) -> list[tuple[str, int]]:
    """The characters of ``s`` with spaced-out CJK runs and blank runs collapsed."""
    keep = [True] * len(s)
    for m in _SPACED_CJK.finditer(s):
        for i in range(m.start(), m.end()):
            if s[i] in " \u3000\xa0":
                keep[i] = False
    for m in _BLANK_RUN.finditer(s):
        run = [i for i in range(m.start(), m.end()) if keep[i]]
        if len(run) > 1:
            pick = next((i for i in run if s[i] == " "), run[0])
            for i in run:
                keep[i] = i == pick
    return [(c, offset + i) for i, c in enumerate(s) if keep[i]]


def _width(s: str) -> float:
    return sum(1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5 for c in s)


def _page_width(lines: list[_Line]) -> float | None:
    """The typical line width when the text is hard-wrapped (PDF), else ``None``."""
    widths = sorted(_width(ln.text) for ln in lines if not is_cell_line(ln.text) and _width(ln.text) >= 8)
    if len(widths) < 10:
        return None
    p75 = widths[int(len(widths) * 0.75)]
    if p75 > 60:
        return None
    near = sum(1 for w in widths if 0.75 * p75 <= w <= 1.15 * p75)
    return p75 if near / len(widths) >= 0.6 else None


def _joins(para: str, a: str, b: str, pdf_width: float | None) -> bool:
    """Whether the break between line ``a`` (ending paragraph ``para``) and ``b`` is soft."""
    if is_cell_line(a) or is_cell_line(b) or HEADING_START.match(b):
        return False
    if _unclosed_title(para) and para[-1] not in _SENTENCE_END and not _PROSE_PUNCT.search(b):
        return True
    if pdf_width is None and _heading_only(para):
        return False
    if _RESPONSIBILITY.match(b):
        return True
    if a == para and _DOC_TITLE_END.search(a) and len(b) <= 12 and not _PROSE_PUNCT.search(b):
        return False  # "…备案办事指南" over "基本信息": a title, then a short heading of its own
    if pdf_width is not None and a[-1] in "。.；;" and _width(a) >= 0.9 * pdf_width and _PROSE_PUNCT.search(b):
        return True  # a sentence that happens to end at the right margin; the paragraph goes on
    if a[-1] in _SENTENCE_END or a[-1] in _CLOSERS:
        return False
    if pdf_width is not None:
        return _width(a) >= 0.8 * pdf_width
    if _KEY_COLON.match(b):
        return False
    if _PROSE_PUNCT.search(para):
        return True
    return (
        _width(para) >= 12
        and not re.search(r"[:：]", para)
        and not _PROSE_PUNCT.search(b)
        and _TITLE_END.search(b) is not None
    )


def _unclosed_title(s: str) -> bool:
    return s.count("《") > s.count("》") or s.count("«") > s.count("»")


def _heading_only(s: str) -> bool:
    m = HEADING_START.match(s)
    return m is not None and _width(s) <= 30 and not _INNER_STOP.search(s, m.end())


def _latin(c: str) -> bool:
    return c.isascii() and c.isalnum()
