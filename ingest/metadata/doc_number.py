"""The document's own 文号: alone on its line or after ``文号：``, never one cited in a sentence."""

from __future__ import annotations

import re

from corpus.normalize import normalize_doc_number
from ingest.metadata.patterns import _DOCNO, _GAP


def _doc_number(head: list[str]) -> str:
    """The document's own 文号: alone on its line (or after 文号：), never one cited in a sentence."""
    for line in head:
        s = line.strip()
        labelled = re.match(r"(?:文号|发文字号|发文号|文件编号)\s*[:：]\s*", s)
        if labelled:
            s = s[labelled.end() :]
        m = _DOCNO.match(s)
        if m and (labelled or not s[m.end() :].strip() or _GAP.match(s[m.end() :])):
            return normalize_doc_number(m.group(0))
    return ""
