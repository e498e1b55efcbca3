"""Web pages saved as one file (.mht/.mhtml): read exactly as the same page saved as .html, whatever
the browser's transfer encoding and charset; a file that is not MHTML is refused with a reason."""

from __future__ import annotations

import base64
import quopri
from pathlib import Path

import pytest

from ingest.loaders import LoadError, load_document
from ingest.pipeline import parse_document

WEB = Path(__file__).resolve().parents[1] / "fixtures" / "web"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def chrome_mhtml(page: bytes, charset: str) -> bytes:
    """As Chrome writes it: quoted-printable HTML first, then a base64 image and a style sheet."""
    return b"\r\n".join([
        b"From: <Saved by Blink>",
        b"Snapshot-Content-Location: http://www.example.gov.cn/art/2024/3/8/art_1.html",
        b"Subject: =?utf-8?Q?=E5=85=B3=E4=BA=8E?=",
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/related; type="text/html"; boundary="----MultipartBoundary--abc----"',
        b"",
        b"------MultipartBoundary--abc----",
        b"Content-Type: text/html; charset=" + charset.encode(),
        b"Content-ID: <frame-1@mhtml.blink>",
        b"Content-Transfer-Encoding: quoted-printable",
        b"Content-Location: http://www.example.gov.cn/art/2024/3/8/art_1.html",
        b"",
        quopri.encodestring(page).replace(b"\n", b"\r\n"),
        b"------MultipartBoundary--abc----",
        b"Content-Type: image/png",
        b"Content-Transfer-Encoding: base64",
        b"Content-Location: http://www.example.gov.cn/images/logo.png",
        b"",
        base64.encodebytes(PNG),
        b"------MultipartBoundary--abc----",
        b"Content-Type: text/css",
        b"Content-Transfer-Encoding: quoted-printable",
        b"",
        b"body { font-family: =E5=AE=8B=E4=BD=93; }",
        b"------MultipartBoundary--abc------",
        b"",
    ])


def ie_mhtml(page: bytes, charset: str) -> bytes:
    """As IE/Word write it ("网页，单个文件"): base64 HTML, the charset quoted, LF line ends."""
    return b"\n".join([
        b"MIME-Version: 1.0",
        b'Content-Type: multipart/related; boundary="----=_NextPart_01DA0000.12345678"',
        b"",
        b"This document is a Single File Web Page, also known as a Web Archive file.",
        b"",
        b"------=_NextPart_01DA0000.12345678",
        b'Content-Type: text/html; charset="' + charset.encode() + b'"',
        b"Content-Transfer-Encoding: base64",
        b"Content-Location: file:///C:/notice.htm",
        b"",
        base64.encodebytes(page),
        b"------=_NextPart_01DA0000.12345678--",
        b"",
    ])


@pytest.mark.parametrize("page", ["trs_notice.html", "xxgk_gbk.html", "old_table_site.html"])
@pytest.mark.parametrize("wrap", [chrome_mhtml, ie_mhtml])
def test_mhtml_reads_as_the_same_page_saved_as_html(tmp_path: Path, page: str, wrap) -> None:
    raw = (WEB / page).read_bytes()
    html = load_document(_write(tmp_path, page, raw))
    charset = "gbk" if b"gb2312" in raw[:2048].lower() or b"gbk" in raw[:2048].lower() else "utf-8"
    mht = load_document(_write(tmp_path, Path(page).stem + ".mht", wrap(raw, charset)))
    assert mht.text == html.text and mht.meta == html.meta
    assert mht.encoding.startswith("mhtml/") and mht.media_type == "multipart/related"


def test_mhtml_part_charset_decides_when_the_page_declares_none(tmp_path: Path) -> None:
    page = ("<html><body><h1>关于做好医养结合机构备案工作的通知</h1><div id='zoom'>"
            "<p>一、备案范围。养老机构内设诊所、卫生所（室）、医务室、护理站的，向所在地县级卫生健康部门备案。</p>"
            "<p>二、办理时限。材料齐全的，当场办结。</p></div></body></html>")
    mht = _write(tmp_path, "notice.mhtml", ie_mhtml(page.encode("gb18030"), "gb2312"))
    parsed = parse_document(mht, {})
    assert parsed.meta.title.startswith("关于做好医养结合机构备案工作的通知")
    clause = next(c for c in parsed.clauses if c.section == "二、")
    assert "当场办结" in clause.text


@pytest.mark.parametrize(("data", "reason"), [
    (b"MIME-Version: 1.0\nContent-Type: multipart/related; boundary=\"B\"\n\n--B\nContent-Type: image/png\n\nxx\n--B--\n",
     "找不到 text/html"),
    (b"MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\nContent-Transfer-Encoding: base64\n\n\n", "是空的"),
])  # fmt: skip
def test_mhtml_without_a_page_is_refused_with_a_reason(tmp_path: Path, data: bytes, reason: str) -> None:
    with pytest.raises(LoadError, match=reason):
        load_document(_write(tmp_path, "broken.mht", data))


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path
