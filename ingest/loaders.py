"""Read a policy file into decoded text: .txt .md .pdf .docx .html .htm.

Every loader returns a :class:`LoadedText` whose ``text`` is what later stages parse and what
clause offsets point into. Line ends become ``\\n`` and a byte-order mark is dropped (as
Python's text mode does); nothing else is changed.

Text files: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise a strict UTF-8 decode is tried
first, then GB18030 (a superset of GBK/GB2312, the usual encoding of government files)
against charset-normalizer's best guess; the decode that reads less like mojibake wins,
GB18030 on a tie, so short GBK files are not taken for an exotic code page. NUL bytes
without a BOM mean a binary file (BOM-less UTF-16 is not supported).

Tables, in .docx and .html, follow the corpus .txt files (Word's "save as plain text"):
**each cell starts a new line with a tab, the cell's further paragraphs follow on their own
lines, and a blank line ends each row**. A cell continuing a vertical merge is an empty cell
(a lone tab), as Word writes it. PDF pages are joined with ``\\n``; line breaks inside a page
are kept as the text layer has them (``ingest.layout`` joins them).

Anything unusable raises :class:`LoadError` with a short reason a user can act on; the
ingest run reports it and goes on with the next file.

Example:
    >>> doc = load_document(Path("corpus/documents/002_eed4c881353c92d0.txt"))
    >>> doc.encoding, doc.media_type, doc.text.splitlines()[1]
    ('utf-8', 'text/plain', '巫溪县经济和信息化委员会')
"""

from __future__ import annotations

import codecs
import hashlib
import io
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
}
SUPPORTED_SUFFIXES = tuple(MEDIA_TYPES)


class LoadError(Exception):
    """A file that cannot be ingested, with a reason a user can act on.

    Attributes:
        path: the file.
        reason: short sentence, e.g. ``"PDF 没有文字层（可能是扫描件），需要先做 OCR 才能导入"``.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True, kw_only=True)
class LoadedText:
    """A file's decoded text and where it came from.

    Attributes:
        source: file name, e.g. ``004_2bc7bae2e3a5e661.txt``; citations name it.
        text: decoded text with ``\\n`` line ends.
        encoding: text encoding used (``utf-8``, ``utf-8-sig``, ``gb18030``, ``utf-16``...);
            ``pdf`` / ``docx`` for those containers.
        sha256: hex digest of the file bytes.
        media_type: e.g. ``text/plain``, ``application/pdf``.
    """

    source: str
    text: str
    encoding: str
    sha256: str
    media_type: str


def load_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read one policy file into text.

    Args:
        path: a .txt, .md, .pdf, .docx, .html or .htm file.
        max_bytes: larger files are refused (default 20 MB).

    Raises:
        LoadError: unsupported type, too large, empty, binary, undecodable or corrupt.

    Example:
        >>> load_document(Path("corpus/documents/001_ff560c0e0dbd6b7e.txt")).source
        '001_ff560c0e0dbd6b7e.txt'
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in MEDIA_TYPES:
        hint = "，请另存为 .docx" if suffix == ".doc" else ""
        kind = suffix or "（无扩展名）"
        raise LoadError(path, f"不支持的文件类型 {kind}{hint}；支持 {' '.join(SUPPORTED_SUFFIXES)}")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise LoadError(path, f"文件太大（{size / 1e6:.1f} MB，上限 {max_bytes / 1e6:.1f} MB）")
        data = path.read_bytes()
    except OSError as exc:
        raise LoadError(path, f"无法读取文件：{exc.strerror or exc}") from exc
    if not data.strip():
        raise LoadError(path, "文件是空的")
    text, encoding = _READERS[suffix](path, data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(path, "文件里没有文字")
    return LoadedText(
        source=path.name,
        text=text,
        encoding=encoding,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=MEDIA_TYPES[suffix],
    )


# ---------------------------------------------------------------- plain text

_BOMS = (  # UTF-32 first: its LE mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz", "cp936", "ms936", "euc_cn"}
_SCORE_SAMPLE = 64 * 1024


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode the bytes of a text file; return ``(text, encoding)``.

    Raises:
        ValueError: binary content, or no encoding reads it.

    Example:
        >>> decode_text("医养结合".encode("gbk"))
        ('医养结合', 'gb18030')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError:
                raise ValueError(f"文件开头标明是 {encoding}，但内容无法按它解码") from None
    if b"\x00" in data:
        raise ValueError("文件含二进制内容（NUL 字节），不是文本文件")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = _candidate_decodes(data)
    if not candidates:
        raise ValueError("无法识别文本编码（不是 UTF-8、GB18030/GBK 或其他常见编码）")
    text, encoding = min(candidates, key=lambda c: _mess(c[0]))  # stable: GB18030 wins ties
    if _control_share(text) > 0.005:
        raise ValueError("文件含二进制内容，不是文本文件")
    return text, encoding


def _candidate_decodes(data: bytes) -> list[tuple[str, str]]:
    from charset_normalizer import from_bytes

    out: list[tuple[str, str]] = []
    try:
        out.append((data.decode("gb18030"), "gb18030"))
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is not None and best.encoding not in _GB_FAMILY:
        out.append((str(best), best.encoding))
    return out


def _mess(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:_SCORE_SAMPLE], 1.0)


def _control_share(text: str) -> float:
    sample = text[:_SCORE_SAMPLE]
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cs", "Cn"))
    return bad / max(1, len(sample))


def _read_plain(path: Path, data: bytes) -> tuple[str, str]:
    try:
        return decode_text(data)
    except ValueError as exc:
        raise LoadError(path, str(exc)) from exc


# ---------------------------------------------------------------- PDF


def _read_pdf(path: Path, data: bytes) -> tuple[str, str]:
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(path, "PDF 有密码保护，无法读取")
        pages = [page.extract_text() or "" for page in reader.pages]
    except LoadError:
        raise
    except Exception as exc:  # pypdf raises many types on broken files
        raise LoadError(path, f"PDF 文件已损坏或格式不对（{type(exc).__name__}）") from exc
    if not pages:
        raise LoadError(path, "PDF 没有页面")
    if not any(p.strip() for p in pages):
        raise LoadError(path, "PDF 没有文字层（可能是扫描件），需要先做 OCR 才能导入")
    return "\n".join(p.rstrip("\n") for p in pages), "pdf"


# ---------------------------------------------------------------- DOCX


def _read_docx(path: Path, data: bytes) -> tuple[str, str]:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_blocks(document.element.body, document))
    except Exception as exc:  # zipfile, lxml, KeyError...: all mean a broken or foreign file
        raise LoadError(path, f"Word 文件已损坏或不是 .docx 格式（{type(exc).__name__}）") from exc
    return "\n".join(lines), "docx"


def _docx_blocks(container: Any, parent: Any) -> Iterator[str]:
    """Paragraphs and tables of a body or cell, in document order, as lines."""
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph

    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            yield from _docx_table(child, parent)
        elif child.tag == qn("w:sdt"):  # content control: its paragraphs sit one level down
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _docx_blocks(content, parent)


def _docx_table(tbl: Any, parent: Any) -> Iterator[str]:
    for tr in tbl.tr_lst:
        for tc in tr.tc_lst:
            continues_merge = tc.vMerge == "continue"
            cell = [""] if continues_merge else "\n".join(_docx_blocks(tc, parent)).split("\n")
            yield "\t" + cell[0]
            yield from cell[1:]
        yield ""


# ---------------------------------------------------------------- HTML

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_DROP_TAGS = {"script", "style", "nav", "noscript", "template", "head", "iframe", "svg", "button", "select"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "footer", "aside", "h1", "h2", "h3", "h4",
    "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "pre", "form", "fieldset",
    "address", "figure", "figcaption", "hr", "center", "caption", "tr", "td", "th",
}  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\r\n\f\xa0]+")


def _read_html(path: Path, data: bytes) -> tuple[str, str]:
    from bs4 import BeautifulSoup

    text, encoding = _decode_html(path, data)
    soup = BeautifulSoup(text, "html.parser")
    out = _Lines()
    _walk_html(soup, out, pre=False)
    out.end_block()
    joined = "\n".join(out.lines).strip("\n")
    return re.sub(r"\n{3,}", "\n\n", joined), encoding


def _decode_html(path: Path, data: bytes) -> tuple[str, str]:
    declared = _META_CHARSET.search(data[:4096])
    if declared and not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        name = declared.group(1).decode("ascii").lower()
        name = "gb18030" if name in _GB_FAMILY | {"x-gbk", "gb_2312-80"} else name
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # wrong declarations are common: detect instead
    return _read_plain(path, data)


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


_READERS: dict[str, Callable[[Path, bytes], tuple[str, str]]] = {
    ".txt": _read_plain,
    ".md": _read_plain,
    ".pdf": _read_pdf,
    ".docx": _read_docx,
    ".html": _read_html,
    ".htm": _read_html,
}
