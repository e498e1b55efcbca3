"""Check gold Q&A items against the policy texts, so a gold set cannot quietly drift.

For every item: the schema fields are present and typed; ``category`` is known; an
answerable item names existing gold documents and each of its ``evidence`` strings occurs
in one of them; with ``strict_must`` (the default, used for eval/qa) every ``must``
alternative occurs there too, so an answer quoting the document always matches. An
unanswerable item has ``doc: null`` and empty ``must``/``evidence``. A multi-turn item has a
well-formed ``history``. Matching uses :func:`eval.metrics.normalize` (NFKC, no whitespace).

Example:
    >>> docs = {"002": "全县安宁疗护床位20张以上。"}
    >>> check_item({"id": "y", "question": "床位?", "category": "target", "doc": "002", "answer": "20张",
    ...             "must": [["20张"]], "evidence": ["床位20张"], "answerable": True}, docs)
    []
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from eval.baselines import DOCUMENTS_DIR
from eval.metrics import gold_docs, normalize

CATEGORIES = ("owner", "reverse_owner", "target", "deadline", "procedure", "eligibility", "fact",
              "comparison", "multi_turn", "unanswerable")
REQUIRED = ("id", "question", "category", "doc", "answer", "must", "evidence", "answerable")


def load_documents(documents_dir: Path = DOCUMENTS_DIR) -> dict[str, str]:
    """``{"000": normalized text, ...}`` for every ``NNN_*.txt`` policy file."""
    return {p.name.split("_", 1)[0]: normalize(p.read_text(encoding="utf-8"))
            for p in sorted(Path(documents_dir).glob("*.txt"))}


def check_item(item: Mapping[str, Any], docs: Mapping[str, str], strict_must: bool = True) -> list[str]:
    """Problems with one item ('' free list when it is sound); ``docs`` maps code -> normalized text."""
    missing = [k for k in REQUIRED if k not in item]
    if missing:
        return [f"missing field(s) {', '.join(missing)}"]
    problems = []
    if item["category"] not in CATEGORIES:
        problems.append(f"unknown category {item['category']!r}")
    if not isinstance(item["must"], list) or not all(isinstance(g, list) and g for g in item["must"]):
        problems.append("must is not a list of non-empty lists")
    if item.get("history") is not None:
        hist = item["history"]
        if not (isinstance(hist, list) and hist and all(
                isinstance(t, dict) and t.get("role") in ("user", "assistant") and t.get("content") for t in hist)):
            problems.append("history is not a non-empty list of {role, content} turns")
    if not item["answerable"]:
        if item["doc"] is not None or item["must"] or item["evidence"]:
            problems.append("unanswerable item must have doc=null and empty must/evidence")
        return problems
    codes = gold_docs(item)
    unknown = [c for c in codes if c not in docs]
    if not codes or unknown:
        return problems + [f"gold doc(s) {unknown or codes} not in the corpus"]
    text = "\n".join(docs[c] for c in codes)
    if not item["evidence"]:
        problems.append("answerable item without evidence")
    problems += [f"evidence not in doc: {ev!r}" for ev in item["evidence"] if normalize(ev) not in text]
    groups = item["must"] if isinstance(item["must"], list) else []
    for group in groups:
        alts = group if strict_must else group[:1]
        problems += [f"must not in doc: {alt!r}" for alt in alts if normalize(str(alt)) not in text]
    return problems


def check_items(items: Sequence[Mapping[str, Any]], docs: Mapping[str, str] | None = None,
                strict_must: bool = True) -> dict[str, list[str]]:
    """``{item id: problems}`` for the unsound items (plus duplicate ids); empty when all are sound."""
    docs = load_documents() if docs is None else docs
    report: dict[str, list[str]] = {}
    seen: set[str] = set()
    for item in items:
        key = str(item.get("id"))
        problems = check_item(item, docs, strict_must)
        if key in seen:
            problems.append("duplicate id")
        seen.add(key)
        if problems:
            report[key] = problems
    return report


if __name__ == "__main__":
    import sys

    from eval.runner import load_jsonl

    bad = 0
    for arg in sys.argv[1:]:
        for key, problems in check_items(load_jsonl(arg)).items():
            bad += 1
            print(f"{arg} {key}: " + "; ".join(problems))
    sys.exit(1 if bad else 0)
