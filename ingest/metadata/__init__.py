"""Read a policy document's metadata from its own text: title, 文号, issuers, date, jurisdiction.

Nothing here knows the corpus files: every value is read from the layout conventions of
Chinese government documents (GB/T 9704 公文格式 and its web and PDF renderings), with a small
table of province names and suffix rules for cities and counties. It works on the raw decoded
text and on the reflowed text (``ingest.layout``) alike: titles wrapped over lines, spaced
issuer names (``福 建 省 教 育 厅``), full-width digits and «» quotes are all expected.

How each field is found:

* **wrapper_title / title** – the first title block before the first ``一、`` heading: a line
  with ``关于`` or ``印发《`` joined with its continuation lines until it ends in ``通知``. When
  the 通知 publishes or forwards a document (``印发《X》的通知``, ``关于《X》公开征求意见的通知``,
  ``关于印发X的通知``) the title is X and the 通知 line is ``wrapper_title``; otherwise the
  block is the title and ``wrapper_title`` is ``""``. A draft keeps its ``（征求意见稿）`` in the
  title, as published, so a citation can never present a draft as policy in force.
* **doc_number** – a 文号 standing alone on its line (or after ``文号：``) before the first
  heading; 文号 cited inside sentences (``（国卫老龄发〔2019〕60 号）``) are never taken.
  Normalized: half-width digits, ``〔〕``, no spaces.
* **issuers** – organ names in the red header above the title block, a name prefixed to
  the title (``福建省卫生健康委员会等十一部门印发…``), and the signature block above the
  signing date. A ``…印发`` line (the printing office) is not an issuer.
* **date** – the signing date: a date alone on its line (Arabic or Chinese numerals), after
  the signing organs on the same line, or labelled ``成文日期：`` as on gov.cn pages; first
  in the head of the document, else in its last lines. Deadlines inside sentences (``请于
  2017年10月30日前反馈``) and ``发布时间`` of a web page are not signing dates: ``""`` then.
* **jurisdiction / level** – the administrative prefix shared by the issuers (``南宁市武鸣区``
  from ``南宁市武鸣区人民政府办公室``), else the title's prefix, else the text: how it refers
  to itself (``全区``, ``区政府``) gives the kind of unit, local branches of national agencies
  (``涪陵银保监分局``, ``涪陵新城区``) give its name. level: 省 (incl. 直辖市, 自治区) | 市 | 区县.
* **period** – a year range in the title, ``2023—2027``. **status** – 征求意见稿 when the title
  says so (征求意见, 草案, 送审稿, 讨论稿), else 正式.

What the text lacks, the container may say: a web page's 信息公开 table or an OFD's DocInfo
(``Extracted.meta``: ``title``, ``doc_number``, ``date``, ``issuer``) fills those fields only
when the text gives nothing, so the document's own words always win.

Corrections go in ``corpus/metadata_overrides.yaml`` (:func:`load_overrides`,
:func:`apply_overrides`), keyed by file name or sha256.

Each field is read by its own module: :mod:`.title`, :mod:`.doc_number`, :mod:`.dates`,
:mod:`.issuers` (with :mod:`.organs`: what an organ's name looks like), :mod:`.places`
(jurisdiction and level) and :mod:`.overrides`; :mod:`.patterns` holds the text patterns they
share. This module puts them together in :func:`extract_metadata`.

Example:
    >>> text = "巫溪县民政局\\n关于印发《巫溪县养老服务方案》的通知\\n各乡镇：\\n巫溪县民政局\\n2024年1月12日\\n一、目标"
    >>> m = extract_metadata("a.txt", text)
    >>> m.title, m.issuers, m.date, m.jurisdiction, m.level
    ('巫溪县养老服务方案', ('巫溪县民政局',), '2024-01-12', '巫溪县', '区县')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from corpus.normalize import normalize_doc_number
from corpus.schema import DocumentMeta
from ingest.metadata.dates import _container_date, _signing_date
from ingest.metadata.doc_number import _doc_number
from ingest.metadata.issuers import _issuers
from ingest.metadata.organs import ORG_ENDINGS, _is_org
from ingest.metadata.overrides import apply_overrides, load_overrides
from ingest.metadata.places import (
    BRANCH_MARKERS,
    MUNICIPALITIES,
    NOT_PLACE_CHARS,
    NOT_PLACE_ENDINGS,
    NOT_PLACES,
    PROVINCES,
    SELF_REFERENCES,
    _jurisdiction,
)
from ingest.metadata.title import DOC_TYPES, _clean_title, _fallback_title, _split_wrapper, _title_block

__all__ = [
    "extract_metadata", "load_overrides", "apply_overrides",
    "MUNICIPALITIES", "PROVINCES", "NOT_PLACE_ENDINGS", "NOT_PLACES", "NOT_PLACE_CHARS", "ORG_ENDINGS",
    "BRANCH_MARKERS", "SELF_REFERENCES", "DOC_TYPES", "DRAFT_MARKERS",
]  # fmt: skip

DRAFT_MARKERS = ("征求意见", "草案", "送审稿", "讨论稿")

_PERIOD = re.compile(r"((?:19|20)[0-9]{2})\s*年?\s*[—–―\-－~～至到]+\s*((?:19|20)[0-9]{2})\s*年")
_HEADING_ONE = re.compile(r"^\s*一\s*[、．.]")


def extract_metadata(
    source: str, text: str, sha256: str = "", container: Mapping[str, str] | None = None
) -> DocumentMeta:
    """Read a document's metadata from its text (raw or reflowed).

    Args:
        source: file name, copied to ``DocumentMeta.source``.
        text: the document text.
        sha256: hash of the file bytes, copied through.
        container: what the file's container says (``LoadedText.meta``): ``title``,
            ``doc_number``, ``date``, ``issuer``; used only for fields the text lacks.

    Example:
        >>> m = extract_metadata("x.txt", "关于《某省养老规划（2021—2025年）（征求意见稿）》公开征求意见的通知\\n一、背景")
        >>> m.title, m.period, m.status
        ('某省养老规划（2021—2025年）（征求意见稿）', '2021—2025', '征求意见稿')
    """
    lines = text.splitlines()
    head = _head(lines)
    block = _title_block(head)
    given = container or {}
    if block:
        wrapper, title = _split_wrapper(block[2])
    elif given.get("title"):
        wrapper, title = _split_wrapper(given["title"])
    else:
        wrapper, title = "", _fallback_title(head, source)
    issuers = _issuers(lines, head, block) or [n for n in [_clean_title(given.get("issuer", ""))] if _is_org(n)]
    jurisdiction, level = _jurisdiction(issuers, title, text)
    period = _PERIOD.search(title)
    return DocumentMeta(
        source=source,
        title=title,
        doc_number=_doc_number(head) or normalize_doc_number(given.get("doc_number", "")),
        issuers=tuple(issuers),
        date=_signing_date(lines, len(head))[1] or _container_date(given.get("date", "")),
        jurisdiction=jurisdiction,
        level=level,
        period="—".join(period.groups()) if period else "",
        status="征求意见稿" if any(m in title + wrapper for m in DRAFT_MARKERS) else "正式",
        sha256=sha256,
        wrapper_title=wrapper if wrapper != title else "",
    )


def _head(lines: list[str]) -> list[str]:
    """The lines before the first ``一、`` heading (all lines, up to 120, if there is none)."""
    for i, line in enumerate(lines):
        if _HEADING_ONE.match(line):
            return lines[:i]
    return lines[:120]
