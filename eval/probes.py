"""Refusal probes derived from answerable gold questions: the same question about a place or a year
the documents do not cover must be refused.

Three probes per question where they apply, each an unanswerable item of its own:

- ``sibling``: the place is swapped for another division under the same parent that no collected
  document covers (鸠江 -> 弋江, both districts of 芜湖市), written the same way (short or full);
- ``parent``: a county's question asked of its whole city (鸠江 -> 芜湖市全市), targets and counts only;
- ``year``: a target or count asked for a year the plan does not reach (2031).

They measure whether refusals generalize beyond the hand-written refusal items, without anyone
writing them: the probes of the dev split can be tuned on, those of a test split only reported.

Example:
    $ python -m eval.probes eval/qa/blind_r4_docs_dev.jsonl --out /tmp/probes.jsonl
    $ yiyang eval --systems yiyang /tmp/probes.jsonl
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from corpus.places import Gazetteer, Mention, Place, short_form
from eval.runner import load_jsonl, write_jsonl

PROBE_YEAR = 2031
_YEAR = re.compile(r"20[2-3]\d(?=年)")
_WHOLE = ("target", "count")


def _collected(place: Place, jurisdictions: Iterable[str]) -> bool:
    """A document of this place itself is collected (芜湖市鸠江区 covers 鸠江区, not 芜湖市)."""
    return any(j.endswith(place.name) or j.endswith(short_form(place.name)) for j in jurisdictions)


def _sibling(g: Gazetteer, place: Place, jurisdictions: Sequence[str]) -> Place | None:
    """The first division (by code) under the same parent, at the same level, that nothing covers."""
    same = [p for p in g.places if p.parent == place.parent and p.level == place.level and p.code != place.code]
    return next((p for p in sorted(same, key=lambda p: p.code)
                 if not _collected(p, jurisdictions) and short_form(p.name) != p.name), None)


def _mention_of_corpus_place(g: Gazetteer, question: str, jurisdictions: Sequence[str]) -> Mention | None:
    found = [m for m in g.mentions(question) if _collected(m.place, jurisdictions)]
    return found[0] if len(found) == 1 else None


def _probe(item: Mapping[str, Any], kind: str, question: str) -> dict[str, Any]:
    return {**item, "id": f"{item['id']}~{kind}", "question": question, "category": "refusal",
            "probe": kind, "asked_of": item["category"], "must": [], "answerable": False}


def probes(items: Iterable[Mapping[str, Any]], jurisdictions: Sequence[str],
           gazetteer: Gazetteer | None = None, year: int = PROBE_YEAR) -> list[dict[str, Any]]:
    """Unanswerable variants of the answerable single-document, single-turn ``items``."""
    g = gazetteer or Gazetteer.load()
    out: list[dict[str, Any]] = []
    for item in items:
        if not item.get("answerable", True) or item.get("history") or "," in str(item.get("doc", "")):
            continue
        if item.get("category") in ("refusal", "comparison", "followup"):
            continue
        q = item["question"]
        m = _mention_of_corpus_place(g, q, jurisdictions)
        if m is not None:
            other = _sibling(g, m.place, jurisdictions)
            if other is not None:
                written = short_form(other.name) if m.short else other.name
                out.append(_probe(item, "sibling", q[:m.start] + written + q[m.end:]))
            parent = g.get(m.place.parent) if m.place.level == "county" else None
            if parent and item.get("category") in _WHOLE and not _collected(parent, jurisdictions):
                whole = parent.name + ("全市" if parent.name.endswith("市") else "")
                out.append(_probe(item, "parent", q[:m.start] + whole + q[m.end:]))
        years = _YEAR.findall(q)
        if item.get("category") in _WHOLE and len(set(years)) == 1 and str(year) not in q:
            out.append(_probe(item, "year", q.replace(years[0], str(year))))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", help="gold .jsonl files (answerable items are used)")
    ap.add_argument("--out", required=True, help="where to write the probe items (.jsonl)")
    ap.add_argument("--year", type=int, default=PROBE_YEAR)
    args = ap.parse_args(argv)
    from assistant.core import Assistant

    bot = Assistant.from_env()
    jurisdictions = sorted({d.jurisdiction for d in bot.docs.values() if d.jurisdiction})
    items = [row for path in args.gold for row in load_jsonl(path)]
    rows = probes(items, jurisdictions, year=args.year)
    write_jsonl(args.out, rows)
    kinds = {k: sum(r["probe"] == k for r in rows) for k in ("sibling", "parent", "year")}
    print(f"{len(rows)} probes from {len(items)} items: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
