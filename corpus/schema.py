"""The records every stage shares.

A :class:`Clause` is the unit everything points back to: retrieval returns clauses, facts
(:class:`Task`, :class:`Target`) carry the id of the clause they were read from, and every
citation in an answer is a clause. Ids are content-derived, so re-ingesting the same text
yields the same id and an upsert never duplicates.

Example:
    >>> c = Clause.create(source="a.txt", doc_title="方案", section="二、（一）5.",
    ...                   headings=("二、主要任务",), text="推广安宁疗护服务。", start=10, end=19)
    >>> c.id == Clause.create(source="a.txt", doc_title="方案", section="二、（一）5.",
    ...                       headings=("二、主要任务",), text="推广安宁疗护服务。", start=99, end=108).id
    True
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

ClauseKind = Literal["preamble", "heading", "clause", "table_row", "attachment", "paragraph"]
OwnerRole = Literal["lead", "co", "territorial"]
DocStatus = Literal["正式", "征求意见稿"]


def content_id(*parts: str, length: int = 16) -> str:
    """A stable id from the given strings (sha256, hex, truncated)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:length]


@dataclass(frozen=True, kw_only=True)
class Clause:
    """One citable piece of a policy document.

    Attributes:
        id: content-derived id (source + section + part + text).
        source: the document's file name, e.g. ``002_eed4c881353c92d0.txt``.
        doc_title: the policy's own title.
        section: numbering path, e.g. ``二、（一）5.``; ``""`` for the preamble.
        headings: heading texts along the path, outermost first, e.g.
            ``("二、主要任务", "（一）优化老年医疗服务体系。", "5. 推广安宁疗护服务")``.
        text: the clause text as displayed (original characters, PDF line breaks joined).
        start: offset of the clause's first character in the original decoded file text.
        end: offset one past its last character in the original decoded file text.
        kind: preamble | heading | clause | table_row | attachment | paragraph.
        part: 0 for a whole clause; 1, 2, ... for the pieces of a long clause split at 。；
        columns: for a table row, the header -> cell mapping (e.g. ``{"指标名称": "安宁疗护床位（张）",
            "2022年": "0", "2025年": "10", "2027年": "20"}``); empty otherwise.
        pages: the 1-based pages the clause stands on (PDF, OFD, scans); empty for files without pages.
    """

    id: str
    source: str
    doc_title: str
    section: str
    headings: tuple[str, ...] = ()
    text: str
    start: int
    end: int
    kind: ClauseKind = "clause"
    part: int = 0
    columns: dict[str, str] = field(default_factory=dict)
    pages: tuple[int, ...] = ()

    @classmethod
    def create(cls, **kw: Any) -> "Clause":
        """Build a clause, deriving ``id`` from source, section, part and text."""
        kw.setdefault("part", 0)
        kw["id"] = content_id(kw["source"], kw["section"], str(kw["part"]), kw["text"])
        kw["headings"] = tuple(kw.get("headings", ()))
        kw["pages"] = tuple(kw.get("pages", ()))
        return cls(**kw)

    def __hash__(self) -> int:  # columns is a dict; the id already identifies the clause
        return hash(self.id)

    @property
    def path_label(self) -> str:
        """Section path plus the innermost heading, for display: ``二、（一）5. 推广安宁疗护服务``."""
        return self.section or "前言"

    @property
    def page_label(self) -> str:
        """``第3页`` / ``第3-4页`` for clauses of paged files, else ``""``."""
        if not self.pages:
            return ""
        lo, hi = min(self.pages), max(self.pages)
        return f"第{lo}页" if lo == hi else f"第{lo}-{hi}页"

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["headings"] = list(self.headings)
        d["pages"] = list(self.pages)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Clause":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["headings"] = tuple(kw.get("headings") or ())
        if isinstance(kw.get("pages"), str):
            kw["pages"] = json.loads(kw["pages"] or "[]")
        kw["pages"] = tuple(kw.get("pages") or ())
        if isinstance(kw.get("columns"), str):
            kw["columns"] = json.loads(kw["columns"] or "{}")
        return cls(**kw)


@dataclass(frozen=True, kw_only=True)
class DocumentMeta:
    """What ingestion learned about one document (extracted, optionally corrected by overrides).

    Attributes:
        source: file name.
        title: the policy's own title (not only the 通知 wrapper).
        doc_number: 文号, e.g. ``闽卫老龄〔2022〕135号``; ``""`` when the document has none.
        issuers: issuing bodies.
        date: ISO date (``2024-01-12``) or ``""``.
        jurisdiction: e.g. ``涪陵区``, ``南宁市武鸣区``, ``巫溪县``, ``四川省``, ``福建省``.
        level: 省 | 市 | 区县.
        period: e.g. ``2023—2027`` or ``""``.
        status: 正式 | 征求意见稿.
        sha256: hash of the file bytes.
        wrapper_title: the 通知 title when it differs from ``title``.
        published: ISO date the document went online (a web page's 发布时间), ``""`` when the
            file does not say; not the signing date (``date``).
        index_number: the 索引号 of a government site's 信息公开 table, ``""`` when none.
    """

    source: str
    title: str
    doc_number: str = ""
    issuers: tuple[str, ...] = ()
    date: str = ""
    jurisdiction: str = ""
    level: str = ""
    period: str = ""
    status: DocStatus = "正式"
    sha256: str = ""
    wrapper_title: str = ""
    published: str = ""
    index_number: str = ""

    @property
    def is_draft(self) -> bool:
        return self.status == "征求意见稿"

    def citation_head(self) -> str:
        """``《title》(文号)`` as answers cite it."""
        return f"《{self.title}》" + (f"({self.doc_number})" if self.doc_number else "")

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["issuers"] = list(self.issuers)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "DocumentMeta":
        names = {f.name for f in fields(cls)}
        kw = {k: v for k, v in d.items() if k in names}
        kw["issuers"] = tuple(kw.get("issuers") or ())
        return cls(**kw)


@dataclass(frozen=True, kw_only=True)
class Owner:
    """A body responsible for a task.

    Attributes:
        name: canonical name within the jurisdiction, e.g. ``省民政厅`` (from ``民政厅`` in
            ``省卫健委、民政厅牵头``) or ``区卫生健康委``.
        surface: the words as written in the clause.
        role: lead (牵头) | co (配合, 按职责分工) | territorial (各乡镇人民政府…负责, 各市县落实).
    """

    name: str
    surface: str
    role: OwnerRole


@dataclass(frozen=True, kw_only=True)
class Task:
    """A numbered clause or a task-table row, with its owners and deadline.

    Attributes:
        id: content-derived.
        clause_id: the clause (or table row) it was read from.
        source: file name. jurisdiction: of the document.
        section: the clause's section path. title: the task's heading words, e.g. ``加强医养结合信息化支撑``.
        owners: who leads / co-owns / is territorially responsible.
        deadline: e.g. ``2022年底`` or ``""``.
    """

    id: str
    clause_id: str
    source: str
    jurisdiction: str
    section: str
    title: str
    owners: tuple[Owner, ...] = ()
    deadline: str = ""


@dataclass(frozen=True, kw_only=True)
class Target:
    """A quantitative target: indicator x year x value.

    Attributes:
        indicator: the indicator as written, e.g. ``安宁疗护床位``.
        year: target year, e.g. 2027 (0 if none stated).
        value: the number as written, e.g. ``20``, ``72``, ``78.5``.
        unit: ``张``, ``%``, ``个``, ``岁``, ...
        comparator: 以上 | 不低于 | 左右 | 达到 | 不超过 | 以下 | ``""``.
        baseline: value in the baseline column/year if the source gives one, with ``baseline_year``.
        origin: ``table`` or ``text``.
    """

    id: str
    clause_id: str
    source: str
    jurisdiction: str
    section: str
    indicator: str
    year: int
    value: str
    unit: str = ""
    comparator: str = ""
    baseline: str = ""
    baseline_year: int = 0
    origin: Literal["table", "text"] = "text"


@dataclass(frozen=True, kw_only=True)
class Conflict:
    """Same document, indicator and year, different values: both sources are kept."""

    source: str
    indicator: str
    year: int
    a: Target
    b: Target
