"""What every format reader returns, and the error a bad file raises.

A reader turns one file's bytes into :class:`Extracted`: lines of text in the layout the rest
of ingestion parses (the corpus ``.txt`` convention, Word's "save as plain text"):

* one paragraph or heading per line when the reader knows paragraphs (``paragraphed=True``:
  Word, web pages, OFD, PDF read by layout), else lines as the file breaks them;
* a table as rows: **each cell starts a new line with a TAB, the cell's further lines follow
  on their own lines, and a blank line ends each row**; a cell continuing a vertical merge is
  a lone TAB;
* pages (PDF, OFD, scans): ``page_starts[i]`` is the offset in ``text`` where page ``i + 1``
  begins, so every clause can say which page(s) it stands on;
* ``boxes`` (optional, PDFs and scans): for each character of ``text`` the box it was drawn in
  on its page, ``None`` for characters the reader added (line breaks, TABs).

Example:
    >>> e = Extracted(text="一、总则\\n本办法自印发之日起施行。", encoding="pdf", page_starts=(0,))
    >>> e.page_of(5)
    1
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path


class LoadError(Exception):
    """A file that cannot be ingested, with a reason a user can act on.

    Attributes:
        path: the file.
        reason: short sentence, e.g. ``"PDF 有密码保护，无法读取"``.
    """

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


@dataclass(frozen=True)
class CharBox:
    """Where one character was drawn: page number (1-based) and box in PDF points, top-left origin."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, kw_only=True)
class Extracted:
    """A file's text in the shared line layout, with pages and optional character boxes.

    Attributes:
        text: lines as described in the module docstring.
        encoding: text encoding (``utf-8``, ``gb18030``...) or the container (``pdf``, ``docx``, ``ofd``, ``ocr``).
        paragraphed: every line is a whole paragraph, heading or cell line (no hard wraps to join).
        page_starts: offsets in ``text`` where each page begins; empty for files without pages.
        boxes: per character of ``text``, its :class:`CharBox` or ``None``; empty when unknown.
        meta: what the container says about the document, e.g. ``{"published": "2024-03-01"}``
            (a web page's 发布时间), ``{"title": ..., "doc_number": ...}`` from OFD metadata.
        notes: things the user should know about this file (``"第3页 OCR 超时，已跳过"``).
        outline: ``(offset in text where a heading line starts, level 1-based)`` for headings the
            file marks by style or outline level (Word), so a heading without a number still
            opens a section; empty when the format has no such marks.
    """

    text: str
    encoding: str
    paragraphed: bool = False
    page_starts: tuple[int, ...] = ()
    boxes: tuple[CharBox | None, ...] = ()
    meta: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()
    outline: tuple[tuple[int, int], ...] = ()

    def page_of(self, offset: int) -> int:
        """1-based page of the character at ``offset``; 0 when the file has no pages."""
        if not self.page_starts:
            return 0
        return max(1, bisect.bisect_right(self.page_starts, offset))


@dataclass(frozen=True, kw_only=True)
class ReadContext:
    """What a run hands its readers besides the file: where to cache, whom to tell, how long to wait.

    Readers keep the ``(path, data)`` signature; the ingest run sets this around them with
    :func:`reading_with` and a reader that needs it (OCR) calls :func:`read_context`.

    Attributes:
        cache_dir: where readers may keep results between runs (OCR pages); ``None``: no cache.
        progress: ``progress(stage, done, total)`` for long reads, e.g. ``("ocr:scan.pdf", 3, 40)``.
        ocr_page_seconds: an OCR page taking longer is skipped with a note.
    """

    cache_dir: Path | None = None
    progress: Callable[[str, int, int], None] | None = None
    ocr_page_seconds: float = 60.0


_READ_CONTEXT: ContextVar[ReadContext] = ContextVar("read_context", default=ReadContext())


def read_context() -> ReadContext:
    """The :class:`ReadContext` in effect (defaults: no cache, no progress, 60 s per OCR page)."""
    return _READ_CONTEXT.get()


@contextmanager
def reading_with(context: ReadContext) -> Iterator[ReadContext]:
    """Readers called inside the block see ``context``.

    Example:
        >>> with reading_with(ReadContext(cache_dir=Path("data/ocr-cache"))):
        ...     read_context().cache_dir
        PosixPath('data/ocr-cache')
    """
    token = _READ_CONTEXT.set(context)
    try:
        yield context
    finally:
        _READ_CONTEXT.reset(token)
