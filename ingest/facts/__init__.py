"""Structured facts read from the clause tree: tasks with owners, targets, conflicts.

Every fact carries the id of the clause (or table row) it came from, so an answer can cite it.

Example:
    >>> from corpus.schema import Clause, DocumentMeta
    >>> doc = DocumentMeta(source="a.txt", title="方案", jurisdiction="某县")
    >>> c = Clause.create(source="a.txt", doc_title="方案", section="二、（一）", start=0, end=40,
    ...                   text="（一）推广安宁疗护。到2027年，全县安宁疗护床位20张以上。（县卫健委牵头，县医保局配合）")
    >>> facts = extract_facts(doc, [c])
    >>> [(o.name, o.role) for o in facts.tasks[0].owners]
    [('县卫生健康委', 'lead'), ('县医保局', 'co')]
    >>> (facts.targets[0].indicator, facts.targets[0].value)
    ('安宁疗护床位', '20')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus.schema import Clause, Conflict, DocumentMeta, Target, Task
from ingest.facts.conflicts import find_conflicts
from ingest.facts.departments import DepartmentDirectory, is_local_government, level_of
from ingest.facts.owners import ResponsibilityParser
from ingest.facts.targets import TargetExtractor
from ingest.facts.tasks import TaskBuilder

__all__ = ["Department", "Facts", "FactsExtractor", "extract_facts", "department_names"]


@dataclass(frozen=True, kw_only=True)
class Department:
    """A department named in the corpus: canonical name, body key, prefix level, surface forms."""

    name: str
    body: str
    prefix: str = ""
    level: str = ""
    surfaces: tuple[str, ...] = ()


@dataclass
class Facts:
    """What :func:`extract_facts` returns; :meth:`merge` combines documents."""

    tasks: list[Task] = field(default_factory=list)
    targets: list[Target] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    departments: list[Department] = field(default_factory=list)
    aliases: dict[str, tuple[str, str]] = field(default_factory=dict)

    def merge(self, other: "Facts") -> "Facts":
        known = {d.name: d for d in self.departments}
        for d in other.departments:
            if d.name in known:
                old = known[d.name]
                d = Department(name=d.name, body=d.body, prefix=d.prefix, level=d.level,
                               surfaces=tuple(dict.fromkeys(old.surfaces + d.surfaces)))
            known[d.name] = d
        return Facts(self.tasks + other.tasks, self.targets + other.targets, self.conflicts + other.conflicts,
                     list(known.values()), {**self.aliases, **other.aliases})


class FactsExtractor:
    """Tasks, targets and conflicts of one document (cheap to build; reuse for a batch)."""

    def __init__(self, directory: DepartmentDirectory | None = None) -> None:
        self.directory = directory or DepartmentDirectory.from_yaml()
        self.tasks = TaskBuilder(ResponsibilityParser(self.directory))
        self.targets = TargetExtractor()

    def run(self, doc: DocumentMeta, clauses: Iterable[Clause]) -> Facts:
        clauses = list(clauses)
        tasks = self.tasks.build(doc, clauses)
        targets = self.targets.extract(doc, clauses)
        return Facts(tasks, targets, find_conflicts(targets), self._departments(tasks), dict(self.directory.table))

    def _departments(self, tasks: list[Task]) -> list[Department]:
        found: dict[str, Department] = {}
        for owner in (o for t in tasks for o in t.owners):
            if is_local_government(owner.name):
                body, prefix = owner.name, ""
            else:
                r = self.directory.resolve(owner.name)
                body, prefix = r.body, r.prefix
            old = found.get(owner.name)
            surfaces = tuple(dict.fromkeys((old.surfaces if old else ()) + (owner.surface,)))
            found[owner.name] = Department(name=owner.name, body=body, prefix=prefix, level=level_of(prefix),
                                           surfaces=surfaces)
        return list(found.values())


_default: FactsExtractor | None = None


def extract_facts(doc: DocumentMeta, clauses: list[Clause]) -> Facts:
    """Tasks (with owners and deadlines), targets and conflicts of one document."""
    global _default
    if _default is None:
        _default = FactsExtractor()
    return _default.run(doc, clauses)


def department_names(facts: Facts) -> list[str]:
    """Every department name and surface form found (for a tokenizer's user dictionary)."""
    names = {n for d in facts.departments for n in (d.name, *d.surfaces)}
    return sorted(n for n in names if len(n) >= 2)
