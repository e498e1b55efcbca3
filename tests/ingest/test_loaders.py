"""Each loader on a small file written for the test; each refusal with a reason a user can read."""

from __future__ import annotations

import codecs
import hashlib
from pathlib import Path

import pytest

from pdfs import minimal_pdf

from ingest.loaders import DEFAULT_MAX_BYTES, LoadError, decode_text, load_document

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "documents"
NOTICE = "关于印发《某县医养结合行动方案》的通知\n各乡镇人民政府：\n经研究同意，现印发给你们，请认真贯彻执行。\n"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


# ------------------------------------------------------------------ text encodings


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (NOTICE.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + NOTICE.encode("utf-8"), "utf-8-sig"),
        (NOTICE.encode("utf-16"), "utf-16"),  # with BOM
        (codecs.BOM_UTF16_BE + NOTICE.encode("utf-16-be"), "utf-16"),
        (NOTICE.encode("gbk"), "gb18030"),
        (NOTICE.encode("gb2312"), "gb18030"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "gbk", "gb2312"],
)
def test_text_file_decodes_to_the_same_notice(tmp_path: Path, data: bytes, encoding: str) -> None:
    doc = load_document(write(tmp_path, "notice.txt", data))
    assert doc.text == NOTICE
    assert doc.encoding == encoding
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert (doc.source, doc.media_type) == ("notice.txt", "text/plain")


def test_gb18030_only_characters_survive(tmp_path: Path) -> None:
    # 䶮 (U+4DAE) and the euro sign are outside GBK; only GB18030 encodes them.
    text = "䶮字与€符号：关于推进医养结合的通知，请认真执行。"
    data = text.encode("gb18030")
    with pytest.raises(UnicodeEncodeError):
        text.encode("gbk")
    doc = load_document(write(tmp_path, "rare.txt", data))
    assert doc.text == text and doc.encoding == "gb18030"


def test_short_gbk_line_is_not_taken_for_an_exotic_code_page() -> None:
    assert decode_text("巫溪县民政局".encode("gbk")) == ("巫溪县民政局", "gb18030")


def test_big5_file_is_read_as_big5() -> None:
    text = "醫養結合發展規劃，請各單位認真貫徹執行。關於推進老年健康服務的通知。"
    decoded, encoding = decode_text(text.encode("big5"))
    assert decoded == text and encoding.replace("_", "").startswith("big5")


def test_crlf_line_ends_become_newlines(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "crlf.md", "一、目标\r\n二、任务\r\n".encode("gbk")))
    assert doc.text == "一、目标\n二、任务\n" and doc.media_type == "text/markdown"


def test_corpus_documents_load_as_utf8() -> None:
    for path in sorted(CORPUS.glob("*.txt")):
        doc = load_document(path)
        assert doc.encoding == "utf-8" and doc.source == path.name and len(doc.text) > 1000


# ------------------------------------------------------------------ refusals


def test_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="空"):
        load_document(write(tmp_path, "empty.txt", b" \n\n"))


def test_binary_txt_is_refused(tmp_path: Path) -> None:
    png_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    with pytest.raises(LoadError, match="二进制") as err:
        load_document(write(tmp_path, "image.txt", png_like))
    assert err.value.path.name == "image.txt"


def test_undecodable_txt_without_nul_is_refused(tmp_path: Path) -> None:
    junk = bytes(range(1, 32)) * 40 + bytes(range(0x80, 0x100)) * 4
    with pytest.raises(LoadError):
        load_document(write(tmp_path, "junk.txt", junk))


def test_unsupported_extension_names_the_supported_ones(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=r"\.doc.*另存为 \.docx") as err:
        load_document(write(tmp_path, "old.doc", b"\xd0\xcf\x11\xe0"))
    assert ".pdf" in err.value.reason


def test_file_over_the_cap_is_refused(tmp_path: Path) -> None:
    p = write(tmp_path, "big.txt", NOTICE.encode("utf-8") * 10)
    with pytest.raises(LoadError, match="太大"):
        load_document(p, max_bytes=100)
    assert DEFAULT_MAX_BYTES == 20 * 1024 * 1024


def test_corrupt_docx_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="Word"):
        load_document(write(tmp_path, "broken.docx", b"PK\x03\x04 this is not a real zip archive"))


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="PDF"):
        load_document(write(tmp_path, "broken.pdf", b"%PDF-1.4\n garbage without objects"))


# ------------------------------------------------------------------ PDF




def test_pdf_text_layer_is_read(tmp_path: Path) -> None:
    doc = load_document(write(tmp_path, "plan.pdf", minimal_pdf(["Elderly care plan", "Article 1 home visits"])))
    assert doc.media_type == "application/pdf" and doc.encoding == "pdf"
    assert doc.text.splitlines() == ["Elderly care plan", "Article 1 home visits"]


def test_pdf_without_text_layer_asks_for_ocr(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="OCR"):
        load_document(write(tmp_path, "scan.pdf", minimal_pdf([])))


# ------------------------------------------------------------------ DOCX


def test_docx_paragraphs_and_table_follow_the_txt_table_convention(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("关于印发《某县医养结合行动方案》的通知")
    document.add_paragraph("一、工作目标")
    table = document.add_table(rows=3, cols=3)
    table.cell(1, 1).merge(table.cell(2, 1))  # vertical merge: the row below continues the cell
    for r, row in enumerate([("序号", "指标名称", "2027年"), ("1", "安宁疗护床位（张）", "20"), ("2", None, "5")]):
        for c, value in enumerate(row):
            if value is not None:
                table.cell(r, c).text = value
    table.cell(0, 2).add_paragraph("目标值")
    document.add_paragraph("二、保障措施")
    path = tmp_path / "plan.docx"
    document.save(str(path))

    doc = load_document(path)
    assert doc.encoding == "docx" and doc.media_type.endswith("wordprocessingml.document")
    assert doc.text.split("\n") == [
        "关于印发《某县医养结合行动方案》的通知",
        "一、工作目标",
        "\t序号", "\t指标名称", "\t2027年", "目标值", "",
        "\t1", "\t安宁疗护床位（张）", "\t20", "",
        "\t2", "\t", "\t5", "",
        "二、保障措施",
    ]  # fmt: skip


# ------------------------------------------------------------------ HTML


def test_html_keeps_block_structure_and_drops_page_furniture(tmp_path: Path) -> None:
    html = """<html><head><meta charset="gb2312"><title>站点</title><style>p{}</style></head>
    <body><nav>首页 &gt; 政策</nav><script>var a = 1;</script>
    <h1>关于印发某县医养结合   行动方案的通知</h1>
    <div class="content"><p>各乡镇人民政府：</p><p>一、工作目标<br>到2027年，建成<b>老年医院</b>1个。</p>
    <table><tr><th>序号</th><th>指标</th></tr><tr><td>1</td><td>护理院<p>（中心）</p></td></tr></table>
    <!-- 注释 --></div></body></html>"""
    doc = load_document(write(tmp_path, "page.htm", html.encode("gbk")))
    assert doc.encoding == "gb18030" and doc.media_type == "text/html"
    assert doc.text.split("\n") == [
        "关于印发某县医养结合 行动方案的通知",
        "各乡镇人民政府：",
        "一、工作目标",
        "到2027年，建成老年医院1个。",
        "\t序号", "\t指标", "",
        "\t1", "\t护理院", "（中心）",
    ]  # fmt: skip


def test_html_layout_table_is_read_as_text_not_as_cells(tmp_path: Path) -> None:
    html = """<html><body><table><tr><td><table><tr><td>
    <p>关于印发某区方案的通知</p><p>一、工作目标</p></td></tr></table></td></tr>
    <tr><td>二、保障措施</td></tr></table></body></html>"""
    doc = load_document(write(tmp_path, "old-site.html", html.encode("utf-8")))
    assert doc.text.split("\n") == ["关于印发某区方案的通知", "一、工作目标", "二、保障措施"]
