"""What the facts queries return: tasks with their owners, targets, conflicts and departments, as frozen rows."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import asdict, dataclass
from typing import Any

from corpus.schema import Clause


@dataclass(frozen=True)
class OwnerRow:
    name: str
    surface: str
    role: str
    body: str


@dataclass(frozen=True)
class TaskRow:
    """A task as the CLI and the assistant show it; ``role`` is the queried department's role."""

    task_id: str
    title: str
    deadline: str
    source: str
    doc_title: str
    jurisdiction: str
    section: str
    clause_id: str
    text: str
    owners: tuple[OwnerRow, ...]
    role: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["owners"] = [asdict(o) for o in self.owners]
        for r in ("lead", "co", "territorial"):
            d[r] = [o.name for o in self.owners if o.role == r]
        return d


@dataclass(frozen=True)
class TargetRow:
    target_id: str
    indicator: str
    year: int
    value: str
    unit: str
    comparator: str
    baseline: str
    baseline_year: int
    origin: str
    source: str
    doc_title: str
    jurisdiction: str
    section: str
    clause_id: str
    text: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ConflictRow:
    source: str
    doc_title: str
    indicator: str
    year: int
    a: TargetRow
    b: TargetRow

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "doc_title": self.doc_title, "indicator": self.indicator,
                "year": self.year, "a": self.a.to_dict(), "b": self.b.to_dict()}


@dataclass(frozen=True)
class DepartmentRow:
    name: str
    body: str
    prefix: str
    level: str
    surfaces: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "surfaces": list(self.surfaces)}


def _target_row(r: sqlite3.Row) -> TargetRow:
    return TargetRow(target_id=r["id"], indicator=r["indicator"], year=r["year"], value=r["value"], unit=r["unit"],
                     comparator=r["comparator"], baseline=r["baseline"], baseline_year=r["baseline_year"],
                     origin=r["origin"], source=r["source"], doc_title=r["doc_title"], jurisdiction=r["jurisdiction"],
                     section=r["section"], clause_id=r["clause_id"], text=r["text"])


def _clause(r: sqlite3.Row) -> Clause:
    d = dict(r)
    d["headings"] = json.loads(d["headings"] or "[]")
    d["columns"] = json.loads(d["columns"] or "{}")
    return Clause.from_dict(d)
