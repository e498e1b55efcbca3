"""Web pages saved as one file (.mht/.mhtml, "网页，单个文件"): the page's HTML part, read like .html.

An MHTML file is a MIME message (RFC 2557): ``multipart/related`` whose first ``text/html`` part is
the page, in quoted-printable or base64, its charset in the part's ``Content-Type`` (the page's own
``<meta charset>`` is the fallback), followed by its images and style sheets, which carry no text
we read. Python's :mod:`email` parser does the MIME and transfer decoding. Some browsers write a
single-part message whose body is the page; that is read the same way.

Example:
    >>> import base64
    >>> page = "<h1>关于某事的通知</h1><div id=zoom><p>为做好养老服务，现通知如下。</p></div>".encode("gbk")
    >>> mht = (b'MIME-Version: 1.0\\nContent-Type: multipart/related; boundary="B"\\n\\n--B\\n'
    ...        b'Content-Type: text/html; charset="gb2312"\\nContent-Transfer-Encoding: base64\\n\\n'
    ...        + base64.encodebytes(page) + b'\\n--B--\\n')
    >>> e = read_mhtml(Path("a.mht"), mht)
    >>> e.text.splitlines()[0], e.encoding
    ('关于某事的通知', 'mhtml/gb18030')
"""

from __future__ import annotations

import email
import email.policy
from email.message import Message
from pathlib import Path

from ingest.readers.base import Extracted, LoadError
from ingest.readers.html import decode_html, html_extracted
from ingest.readers.text import GB_FAMILY


def read_mhtml(path: Path, data: bytes) -> Extracted:
    """Read the page inside a saved .mht/.mhtml file; ``encoding`` says ``mhtml/<charset>``."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    part = _page_part(message)
    if part is None:
        raise LoadError(path, "不是有效的 MHTML 网页文件（找不到 text/html 部分）")
    body = part.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise LoadError(path, "MHTML 网页文件里的页面是空的")
    text, encoding = _decoded(path, body, part.get_content_charset())
    return html_extracted(text, f"mhtml/{encoding}")


def _page_part(message: Message) -> Message | None:
    """The first ``text/html`` part (the page; later ones are frames), else ``None``."""
    if not message.is_multipart():
        declared = message.get_content_type()
        return message if declared == "text/html" or (not message.keys() and b"<" in message.as_bytes()[:4096]) else None
    for part in message.walk():
        if part.get_content_type() == "text/html":
            return part
    return None


def _decoded(path: Path, body: bytes, charset: str | None) -> tuple[str, str]:
    """The page text by the part's charset (GB names read as GB18030), else as a saved .html is."""
    if charset:
        name = "gb18030" if charset.lower() in GB_FAMILY | {"x-gbk", "gb_2312-80"} else charset.lower()
        try:
            return body.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration: detect as for a saved page
    return decode_html(path, body)
