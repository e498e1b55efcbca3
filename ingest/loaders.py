"""Read a policy file into decoded text: .txt .md .pdf .docx .doc .wps .html .htm .mht .ofd, page images by OCR.

Every loader returns a :class:`LoadedText` whose ``text`` is what later stages parse and what
clause offsets point into. Line ends become ``\\n`` and a byte-order mark is dropped (as
Python's text mode does); nothing else is changed.

Text files: a BOM decides (UTF-8, UTF-16, UTF-32); otherwise a strict UTF-8 decode is tried
first, then GB18030 (a superset of GBK/GB2312, the usual encoding of government files)
against charset-normalizer's best guess; the decode that reads less like mojibake wins,
GB18030 on a tie, so short GBK files are not taken for an exotic code page. NUL bytes
without a BOM mean a binary file (BOM-less UTF-16 is not supported).

Tables, in .docx, .html and .pdf, follow the corpus .txt files (Word's "save as plain text"):
**each cell starts a new line with a tab, the cell's further paragraphs follow on their own
lines, and a blank line ends each row**. A cell continuing a vertical merge is an empty cell
(a lone tab), as Word writes it. PDFs are read by layout (``ingest.readers.geometry``): one
paragraph per line, running headers and page numbers dropped, ruled and aligned tables as rows.

Anything unusable raises :class:`LoadError` with a short reason a user can act on; the
ingest run reports it and goes on with the next file.

Example:
    >>> doc = load_document(Path("corpus/documents/002_eed4c881353c92d0.txt"))
    >>> doc.encoding, doc.media_type, doc.text.splitlines()[1]
    ('utf-8', 'text/plain', '巫溪县经济和信息化委员会')
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import fields as dataclass_fields
from pathlib import Path

from ingest.readers.base import Extracted, LoadError
from ingest.readers.docx import read_docx
from ingest.readers.html import read_html
from ingest.readers.mhtml import read_mhtml
from ingest.readers.ocr import read_image
from ingest.readers.ofd import read_ofd
from ingest.readers.pdf import read_pdf
from ingest.readers.text import decode_text, read_plain
from ingest.readers.word_legacy import read_legacy_word

__all__ = ["LoadError", "LoadedText", "load_document", "decode_text", "MEDIA_TYPES", "SUPPORTED_SUFFIXES"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".md": "text/markdown",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".doc": "application/msword",  # and .wps: converted by LibreOffice or antiword (ingest.readers.word_legacy)
    ".wps": "application/wps-office.wps",
    ".html": "text/html",
    ".htm": "text/html",
    ".mht": "multipart/related",  # a web page saved as one file (MHTML, ingest.readers.mhtml)
    ".mhtml": "multipart/related",
    ".ofd": "application/ofd",  # GB/T 33190
    ".png": "image/png",  # page images (scans, photos): read by OCR (ingest.readers.ocr)
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
}
SUPPORTED_SUFFIXES = tuple(MEDIA_TYPES)


@dataclass(frozen=True, kw_only=True)
class LoadedText(Extracted):
    """A file's decoded text and where it came from: what its reader extracted (text, pages, boxes,
    container metadata, notes, outline; see :class:`ingest.readers.base.Extracted`) plus the file.

    Attributes:
        source: file name, e.g. ``004_2bc7bae2e3a5e661.txt``; citations name it.
        sha256: hex digest of the file bytes.
        media_type: e.g. ``text/plain``, ``application/pdf``.
    """

    source: str
    sha256: str
    media_type: str


def load_document(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> LoadedText:
    """Read one policy file into text.

    Args:
        path: a .txt, .md, .pdf, .docx, .html, .htm, .mht or .ofd file, a page image (.doc/.wps through
            LibreOffice or antiword).
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
    extracted = READERS[suffix](path, data)
    text = extracted.text
    if "\r" in text:  # only plain text and HTML carry CR; readers with pages or boxes emit "\n"
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise LoadError(path, "文件里没有文字")
    fields_of = {f.name: getattr(extracted, f.name) for f in dataclass_fields(Extracted)}
    return LoadedText(**{**fields_of, "text": text, "meta": dict(extracted.meta)}, source=path.name,
                      sha256=hashlib.sha256(data).hexdigest(), media_type=MEDIA_TYPES[suffix])


READERS: dict[str, Callable[[Path, bytes], Extracted]] = {
    ".txt": read_plain,
    ".md": read_plain,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".doc": read_legacy_word,
    ".wps": read_legacy_word,
    ".html": read_html,
    ".htm": read_html,
    ".mht": read_mhtml,
    ".mhtml": read_mhtml,
    ".ofd": read_ofd,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".tif": read_image,
    ".tiff": read_image,
}
