"""A Word footnote is read where it is referenced, as （注：…）: "两证齐全" and what it means stand
in one sentence, so a question about the term finds its definition."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx

from ingest.readers.docx import read_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
FOOTNOTES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:footnotes xmlns:w="{W}">
<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>
<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>
<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> “两证齐全”是指同时具备养老机构备案和医疗机构执业许可的医养结合机构。</w:t></w:r></w:p></w:footnote>
</w:footnotes>"""


def _with_footnote() -> bytes:
    d = docx.Document()
    d.add_paragraph("全年新认定“两证齐全”FOOTNOTE医养结合机构不少于2家。")
    buf = io.BytesIO()
    d.save(buf)
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "word/document.xml":
                ref = '</w:t></w:r><w:r><w:footnoteReference w:id="1"/></w:r><w:r><w:t>'
                data = data.replace(b"FOOTNOTE", ref.encode())
            elif item.filename == "word/_rels/document.xml.rels":
                rel = ('<Relationship Id="rIdFn" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                       'relationships/footnotes" Target="footnotes.xml"/></Relationships>')
                data = data.replace(b"</Relationships>", rel.encode())
            elif item.filename == "[Content_Types].xml":
                over = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                        'officedocument.wordprocessingml.footnotes+xml"/></Types>')
                data = data.replace(b"</Types>", over.encode())
            z.writestr(item, data)
        z.writestr("word/footnotes.xml", FOOTNOTES)
    return out.getvalue()


def test_a_footnote_is_read_where_it_is_referenced(tmp_path: Path) -> None:
    data = _with_footnote()
    text = read_docx(tmp_path / "yaodian.docx", data).text
    assert re.search(r"“两证齐全”（注：“两证齐全”是指同时具备养老机构备案和医疗机构执业许可的医养结合机构。）医养结合机构不少于2家", text)
    assert "separator" not in text
