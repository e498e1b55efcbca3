"""Score batch OUT rows against gold Q&A items.

Everything here works on plain dicts in the batch contract, so any system that writes
OUT rows (``id, answer, found, citations, contexts, latency_ms``) can be scored.

Definitions (one item = one gold line):

* **strict accuracy** - answerable item: ``found`` is true, the answer is at most
  :data:`MAX_ANSWER_CHARS` characters, and every ``must`` group has at least one alternative
  in the answer. Unanswerable item: ``found`` is false.
* **refusal accuracy** - over unanswerable items only: share with ``found`` false.
* **clause recall@5** - over answerable items with evidence: share whose evidence strings
  *all* occur in the concatenated text of the first five contexts. ``evidence_recall@5`` is
  the same per evidence string (micro average).
* **citation doc accuracy** - over answerable items: the first citation's source document
  (``"002_eed4....txt"`` -> ``"002"``) is one of the item's gold documents; no citation = wrong.
* **citation precision** - over answerable items with at least one citation: mean share of
  citations whose source is a gold document.
* **latency p50/p95** - nearest-rank percentiles of ``latency_ms`` over all rows.

All text matching is NFKC-normalised and whitespace-insensitive (:func:`normalize`).

Example:
    >>> item = {"id": "x", "category": "target", "doc": "002", "must": [["20"]],
    ...         "evidence": ["床位20张"], "answerable": True}
    >>> out = {"id": "x", "answer": "20张以上", "found": True, "latency_ms": 5,
    ...        "citations": [{"source": "002_a.txt"}], "contexts": [{"text": "床位 20 张以上"}]}
    >>> score_item(item, out).strict
    True
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

MAX_ANSWER_CHARS = 300
RECALL_K = 5
_WS = re.compile(r"\s+")


def normalize(text: str) -> str:
    """NFKC-normalise and drop all whitespace (PDF line breaks, spaces around digits)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text or ""))


def contains(haystack: str, needle: str) -> bool:
    """Whether ``needle`` occurs in ``haystack`` after :func:`normalize` on both."""
    return normalize(needle) in normalize(haystack)


def gold_docs(item: Mapping[str, Any]) -> list[str]:
    """The item's gold documents as codes: ``"002"`` -> ``["002"]``; a list, or names joined by
    commas (``"000_….txt,002_….txt"``), gives several; null -> []."""
    doc = item.get("doc")
    if doc is None:
        return []
    names = [str(d) for d in doc] if isinstance(doc, list) else str(doc).split(",")
    return [doc_code(n.strip()) for n in names if n.strip()]


def doc_code(source: str) -> str:
    """``"002_eed4c881353c92d0.txt"`` -> ``"002"`` (a seed's number); any other file name is its own code."""
    source = source or ""
    head = source.split("_", 1)[0]
    return head if head.isdigit() else source


@dataclass(frozen=True, kw_only=True)
class ItemScore:
    """How one OUT row fared against its gold item; ``None`` = metric not applicable."""

    id: str
    category: str
    answerable: bool
    strict: bool
    refused: bool
    missing_must: tuple[str, ...] = ()
    too_long: bool = False
    evidence_hits: tuple[bool, ...] = ()
    citation_doc_ok: bool | None = None
    citation_precision: float | None = None
    latency_ms: float | None = None
    error: str = ""

    @property
    def recall_at_5(self) -> bool | None:
        """All evidence strings in the top-5 contexts; None when the item has no evidence."""
        return all(self.evidence_hits) if self.evidence_hits else None

    @property
    def reason(self) -> str:
        """A short human-readable reason for a strict failure ('' when it passed)."""
        if self.strict:
            return ""
        if self.error:
            return f"error: {self.error}"
        if not self.answerable:
            return "answered an unanswerable question"
        parts = []
        if self.refused:
            parts.append("refused (found=false)")
        if self.too_long:
            parts.append(f"answer > {MAX_ANSWER_CHARS} chars")
        if self.missing_must:
            parts.append("missing " + " / ".join(self.missing_must))
        return "; ".join(parts)


def score_item(item: Mapping[str, Any], out: Mapping[str, Any] | None) -> ItemScore:
    """Score one OUT row (``None`` = the system produced no row) against its gold item."""
    answerable = bool(item.get("answerable", True))
    base = {"id": str(item["id"]), "category": str(item.get("category", "")), "answerable": answerable}
    if out is None:
        return ItemScore(**base, strict=False, refused=True, error="no output row",
                         evidence_hits=tuple(False for _ in item.get("evidence") or ()))
    answer = str(out.get("answer") or "")
    refused = not bool(out.get("found"))
    latency = out.get("latency_ms")
    latency = float(latency) if isinstance(latency, (int, float)) else None
    if not answerable:
        return ItemScore(**base, strict=refused, refused=refused, latency_ms=latency,
                         error=str(out.get("error") or ""))

    missing = tuple(group[0] for group in item.get("must") or () if not any(contains(answer, alt) for alt in group))
    too_long = len(answer) > MAX_ANSWER_CHARS
    top = " ".join(str(c.get("text") or "") for c in (out.get("contexts") or [])[:RECALL_K])
    hits = tuple(contains(top, ev) for ev in item.get("evidence") or ())
    docs = gold_docs(item)
    cites = out.get("citations") or []
    cited = [doc_code(str(c.get("source") or "")) for c in cites]
    return ItemScore(
        **base,
        strict=not refused and not too_long and not missing,
        refused=refused,
        missing_must=missing,
        too_long=too_long,
        evidence_hits=hits,
        citation_doc_ok=bool(cited) and cited[0] in docs,
        citation_precision=(sum(c in docs for c in cited) / len(cited)) if cited else None,
        latency_ms=latency,
        error=str(out.get("error") or ""),
    )


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (``q`` in 0..100); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def _mean(flags: Iterable[float | bool | None]) -> tuple[float | None, int]:
    vals = [float(f) for f in flags if f is not None]
    return (sum(vals) / len(vals) if vals else None), len(vals)


@dataclass(frozen=True, kw_only=True)
class Summary:
    """Aggregated metrics over a group of item scores; each rate carries its denominator."""

    n: int
    strict_accuracy: float | None
    refusal_accuracy: float | None
    n_unanswerable: int
    clause_recall_at_5: float | None
    n_with_evidence: int
    evidence_recall_at_5: float | None
    n_evidence: int
    citation_doc_accuracy: float | None
    n_answerable: int
    citation_precision: float | None
    n_cited: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None

    def as_dict(self) -> dict[str, Any]:
        """Plain dict, for JSON dumps and tables."""
        return dict(self.__dict__)


def summarize(scores: Sequence[ItemScore]) -> Summary:
    """Aggregate item scores into one :class:`Summary`."""
    answerable = [s for s in scores if s.answerable]
    unanswerable = [s for s in scores if not s.answerable]
    strict, _ = _mean(s.strict for s in scores)
    refusal, n_un = _mean(s.refused for s in unanswerable)
    recall, n_ev_items = _mean(s.recall_at_5 for s in answerable)
    ev_recall, n_ev = _mean(h for s in answerable for h in s.evidence_hits)
    cite_doc, n_ans = _mean(s.citation_doc_ok for s in answerable)
    cite_prec, n_cited = _mean(s.citation_precision for s in answerable)
    lat = [s.latency_ms for s in scores if s.latency_ms is not None]
    return Summary(
        n=len(scores), strict_accuracy=strict, refusal_accuracy=refusal, n_unanswerable=n_un,
        clause_recall_at_5=recall, n_with_evidence=n_ev_items, evidence_recall_at_5=ev_recall,
        n_evidence=n_ev, citation_doc_accuracy=cite_doc, n_answerable=n_ans,
        citation_precision=cite_prec, n_cited=n_cited,
        latency_p50_ms=percentile(lat, 50), latency_p95_ms=percentile(lat, 95),
    )


@dataclass(kw_only=True)
class Report:
    """One system's run over a gold set: the rows it wrote, their scores and the summaries.

    Example:
        >>> r = Report.from_rows("bm25", items, rows)   # doctest: +SKIP
        >>> r.overall.strict_accuracy                      # doctest: +SKIP
        0.12
    """

    system: str
    items: list[dict[str, Any]]
    rows: list[dict[str, Any]]
    scores: list[ItemScore]
    overall: Summary
    by_category: dict[str, Summary] = field(default_factory=dict)
    by_tag: dict[str, Summary] = field(default_factory=dict)

    @classmethod
    def from_rows(cls, system: str, items: Sequence[Mapping[str, Any]],
                  rows: Sequence[Mapping[str, Any]]) -> "Report":
        """Score ``rows`` (matched to ``items`` by id) and aggregate overall, per category and per tag."""
        by_id = {str(r.get("id")): r for r in rows}
        scores = [score_item(it, by_id.get(str(it["id"]))) for it in items]
        cats: dict[str, list[ItemScore]] = {}
        tags: dict[str, list[ItemScore]] = {}
        for it, s in zip(items, scores):
            cats.setdefault(s.category, []).append(s)
            for tag in it.get("tags") or ():
                tags.setdefault(str(tag), []).append(s)
        return cls(
            system=system, items=[dict(i) for i in items], rows=[dict(r) for r in rows], scores=scores,
            overall=summarize(scores),
            by_category={c: summarize(v) for c, v in sorted(cats.items())},
            by_tag={t: summarize(v) for t, v in sorted(tags.items())},
        )

    def failures(self) -> list[tuple[dict[str, Any], dict[str, Any] | None, ItemScore]]:
        """(item, row, score) for every item that failed strict accuracy, in gold order."""
        by_id = {str(r.get("id")): r for r in self.rows}
        return [(it, by_id.get(s.id), s) for it, s in zip(self.items, self.scores) if not s.strict]
