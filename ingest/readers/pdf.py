"""PDF files."""

from __future__ import annotations

import io
from pathlib import Path

from ingest.readers.base import Extracted, LoadError

def read_pdf(path: Path, data: bytes) -> Extracted:
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
    return Extracted(text="\n".join(p.rstrip("\n") for p in pages), encoding="pdf")


