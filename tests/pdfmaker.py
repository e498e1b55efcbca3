"""Text PDFs with a known layout for the PDF reader tests, drawn with reportlab's canvas.

:class:`PdfBook` lays text out as a Chinese official document does: A4, 2-character
first-line indent, lines filled to the right margin, a running header and a page number on
every page. Tables are ruled (or not), their cells wrap, and a table that does not fit goes
on at the top of the next page with its header repeated. Where every line lands is exact,
so a test can put a sentence across a page break on purpose (:meth:`PdfBook.fill_to`).

Example:
    >>> book = PdfBook(header="某县医养结合行动方案")
    >>> book.para("一、总体要求", indent=False)
    >>> book.save()[:5]
    b'%PDF-'
"""

from __future__ import annotations

import io
import zlib
from collections.abc import Sequence
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from pdfs import serialize

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def embedded_font() -> str | None:
    """An embedded TrueType CJK font (WenQuanYi Micro Hei) if the machine has it, else ``None``.

    STSong-Light is not embedded and has no ``ToUnicode`` map; pdfminer decodes it from the
    CID ordering named in the font dict, which it cannot read once the file is encrypted.
    """
    if not WQY.exists():
        return None
    from reportlab.pdfbase.ttfonts import TTFont

    if "WQY" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("WQY", str(WQY), subfontIndex=0))
    return "WQY"


class PdfBook:
    """A document drawn line by line; coordinates in points, y from the bottom as reportlab has it."""

    def __init__(
        self,
        *,
        header: str = "",
        footer: str = "— {n} —",
        size: float = 12,
        leading: float = 20,
        margin: float = 72,
        encrypt: StandardEncryption | None = None,
        font: str = FONT,
    ) -> None:
        self.buf = io.BytesIO()
        self.c = canvas.Canvas(self.buf, pagesize=A4, encrypt=encrypt)
        self.width, self.height = A4
        self.header, self.footer = header, footer
        self.size, self.leading, self.margin = size, leading, margin
        self.font = font
        self.page = 0
        self._new_page()

    # ------------------------------------------------------------------ text

    def para(self, text: str, *, indent: bool = True, bold: bool = False, size: float | None = None, centre: bool = False) -> None:
        """A paragraph: wrapped to the text width, first line indented by two characters."""
        size = size or self.size
        first = 2 * size if indent and not centre else 0
        for i, line in enumerate(self.wrap(text, self.right - self.margin, size, first)):
            self._need(self.leading)
            x = self.margin + (first if i == 0 else 0)
            if centre:
                x = (self.width - self.text_width(line, size)) / 2
            self._draw(x, self.y - size, line, size, bold)
            self.y -= self.leading

    def space(self, points: float) -> None:
        self.y -= points

    def fill_to(self, lines_left: int) -> None:
        """Skip down so that exactly ``lines_left`` lines still fit on this page."""
        self.y = self.margin + lines_left * self.leading + 1

    def page_break(self) -> None:
        self._finish_page()
        self._new_page()

    # ------------------------------------------------------------------ tables

    def table(self, rows: Sequence[Sequence[str | None]], widths: Sequence[float], *, ruled: bool = True, repeat_header: bool = True) -> None:
        """Rows of cells (``None`` continues the cell above: a vertical merge); cells wrap."""
        pad = 4
        xs = [self.margin]
        for w in widths:
            xs.append(xs[-1] + w)
        cells = [[self.wrap(cell or "", w - 2 * pad, self.size) for cell, w in zip(row, widths)] for row in rows]
        top = True  # the first row of the table on this page draws its full top rule
        for r, row in enumerate(rows):
            height = max(len(ls) for ls in cells[r]) * self.leading + 2 * pad
            if self.y - height < self.margin:
                self._close_table(xs, ruled)
                self.page_break()
                top = True
                if repeat_header and r > 0:
                    self._row(rows[0], cells[0], xs, pad, ruled, top=True)
                    top = False
            self._row(row, cells[r], xs, pad, ruled, top=top)
            top = False
        self._close_table(xs, ruled)
        self.y -= self.leading / 2

    def _row(self, row: Sequence[str | None], lines: list[list[str]], xs: list[float], pad: float, ruled: bool, top: bool) -> None:
        height = max(len(ls) for ls in lines) * self.leading + 2 * pad
        for j, (cell, ls) in enumerate(zip(row, lines)):
            if ruled and (cell is not None or top):
                self.c.line(xs[j], self.y, xs[j + 1], self.y)
            for k, line in enumerate(ls):
                self._draw(xs[j] + pad, self.y - pad - k * self.leading - self.size, line, self.size, False)
        if ruled:
            for x in xs:
                self.c.line(x, self.y, x, self.y - height)
        self.y -= height

    def _close_table(self, xs: list[float], ruled: bool) -> None:
        if ruled:
            self.c.line(xs[0], self.y, xs[-1], self.y)

    # ------------------------------------------------------------------ output

    def save(self) -> bytes:
        self._finish_page()
        self.c.save()
        return self.buf.getvalue()

    def text_width(self, s: str, size: float | None = None) -> float:
        return pdfmetrics.stringWidth(s, self.font, size or self.size)

    def wrap(self, text: str, width: float, size: float, first_indent: float = 0) -> list[str]:
        """Greedy character wrap (Chinese text breaks anywhere)."""
        lines, cur, room = [], "", width - first_indent
        for ch in text:
            if cur and self.text_width(cur + ch, size) > room:
                lines.append(cur)
                cur, room = "", width
            cur += ch
        return lines + [cur] if cur or not lines else lines

    @property
    def right(self) -> float:
        return self.width - self.margin

    def _draw(self, x: float, y: float, text: str, size: float, bold: bool) -> None:
        self.c.setFont(self.font, size)
        self.c.drawString(x, y, text)
        if bold:  # what Word's fake bold does: the same glyphs again, a fraction of a point off
            self.c.drawString(x + 0.3, y, text)

    def _need(self, height: float) -> None:
        if self.y - height < self.margin:
            self.page_break()

    def _new_page(self) -> None:
        self.page += 1
        self.y = self.height - self.margin
        if self.header:
            self.c.setFont(self.font, 10.5)
            self.c.drawCentredString(self.width / 2, self.height - 45, self.header)
            self.c.line(self.margin, self.height - 50, self.right, self.height - 50)

    def _finish_page(self) -> None:
        if self.footer:
            self.c.setFont(self.font, 10.5)
            self.c.drawCentredString(self.width / 2, 40, self.footer.format(n=self.page))
        self.c.showPage()


def helvetica_pdf(pages: Sequence[Sequence[str]], *, private_use: Sequence[int] = ()) -> bytes:
    """A PDF of Latin text lines per page; pages listed in ``private_use`` (1-based) are garbled.

    A garbled page's font maps every character to a private-use code point (U+E0xx), as
    converters that subset fonts without a usable ``ToUnicode`` map do: the page looks right
    but its text layer decodes to garbage.
    """
    cmap = (
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        b"/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        b"1 begincodespacerange <00> <FF> endcodespacerange\n"
        b"1 beginbfrange <20> <7E> <E020> endbfrange\n"
        b"endcmap CMapName currentdict /CMap defineresource pop end end\n"
    )
    n = len(pages)
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n)).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 7 0 R >>".replace(b"7 0 R", b"%d 0 R" % (5 + 2 * n)),
    ]
    for i, lines in enumerate(pages, start=1):
        font = b"4 0 R" if i in private_use else b"3 0 R"
        ops = ["BT", "/F1 12 Tf", "14 TL", "72 720 Td"] + [f"({line}) Tj T*" for line in lines] + ["ET"]
        content = zlib.compress("\n".join(ops).encode("ascii"))
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R" % (6 + 2 * (i - 1))
            + b" /Resources << /Font << /F1 " + font + b" >> >> >>"
        )
        objects.append(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(b"<< /Length %d >>\nstream\n" % len(cmap) + cmap + b"endstream")
    return serialize(objects)
