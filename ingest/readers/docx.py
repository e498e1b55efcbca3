"""Word .docx files."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ingest.readers.base import Extracted, LoadError

def read_docx(path: Path, data: bytes) -> Extracted:
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = list(_docx_blocks(document.element.body, document))
    except Exception as exc:  # zipfile, lxml, KeyError...: all mean a broken or foreign file
        raise LoadError(path, f"Word 文件已损坏或不是 .docx 格式（{type(exc).__name__}）") from exc
    return Extracted(text="\n".join(lines), encoding="docx", paragraphed=True)


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


