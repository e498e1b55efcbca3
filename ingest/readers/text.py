"""Plain text files: encoding detection (BOM, UTF-8, GB18030 against charset-normalizer's guess)."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from ingest.readers.base import Extracted, LoadError

_BOMS = (  # UTF-32 first: its LE mark starts with UTF-16's
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
GB_FAMILY = {"gb18030", "gbk", "gb2312", "hz", "cp936", "ms936", "euc_cn"}
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
    if best is not None and best.encoding not in GB_FAMILY:
        out.append((str(best), best.encoding))
    return out


def _mess(text: str) -> float:
    from charset_normalizer.md import mess_ratio

    return mess_ratio(text[:_SCORE_SAMPLE], 1.0)


def _control_share(text: str) -> float:
    sample = text[:_SCORE_SAMPLE]
    bad = sum(1 for ch in sample if ch not in "\t\n\r\f" and unicodedata.category(ch) in ("Cc", "Cs", "Cn"))
    return bad / max(1, len(sample))


def read_plain(path: Path, data: bytes) -> Extracted:
    try:
        text, encoding = decode_text(data)
        return Extracted(text=text, encoding=encoding)
    except ValueError as exc:
        raise LoadError(path, str(exc)) from exc


