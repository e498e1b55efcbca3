"""The facts store: documents, clauses, tasks, owners, targets and conflicts in one SQLite file.

Written once into a new file (the index is built aside and swapped), then opened read-only. A
department query matches every name of the body (``区大数据发展局`` finds the row whose cell says
``区大数据局``; ``民政局`` finds ``省民政厅``), and a region matches loosely (``福建`` / ``福建省``,
``武鸣`` / ``南宁市武鸣区``). All SQL is parameterized.

Example:
    >>> store = FactsStore("data/facts.sqlite")                       # doctest: +SKIP
    >>> store.write(docs, clauses, facts)                              # doctest: +SKIP
    >>> [r.title for r in store.tasks(dept="区大数据发展局")]           # doctest: +SKIP
    ['加强医养结合信息化支撑', '大力发展 “互联网＋老年服务”，鼓励发展面向农村老年人的远程医疗服务']
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Protocol

from corpus.schema import Clause, Conflict, DocumentMeta, Target, Task

SCHEMA_VERSION = "2"
_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (source TEXT PRIMARY KEY, title TEXT, jurisdiction TEXT, level TEXT, doc_number TEXT,
    date TEXT, status TEXT, metadata TEXT NOT NULL);
CREATE TABLE clauses (id TEXT PRIMARY KEY, source TEXT NOT NULL, doc_title TEXT, section TEXT, headings TEXT,
    text TEXT NOT NULL, start INTEGER, "end" INTEGER, kind TEXT, part INTEGER, columns TEXT, pages TEXT);
CREATE INDEX clauses_source ON clauses(source, start, part);
CREATE TABLE tasks (id TEXT PRIMARY KEY, clause_id TEXT NOT NULL, source TEXT NOT NULL, jurisdiction TEXT,
    section TEXT, title TEXT, deadline TEXT, seq INTEGER);
CREATE TABLE task_owners (task_id TEXT NOT NULL, seq INTEGER, name TEXT, surface TEXT, role TEXT, body TEXT,
    level TEXT);
CREATE INDEX task_owners_body ON task_owners(body);
CREATE INDEX task_owners_task ON task_owners(task_id, seq);
CREATE INDEX tasks_jurisdiction ON tasks(jurisdiction);
CREATE TABLE targets (id TEXT PRIMARY KEY, clause_id TEXT NOT NULL, source TEXT NOT NULL, jurisdiction TEXT,
    section TEXT, indicator TEXT, year INTEGER, value TEXT, unit TEXT, comparator TEXT, baseline TEXT,
    baseline_year INTEGER, origin TEXT, seq INTEGER);
CREATE TABLE conflicts (seq INTEGER PRIMARY KEY, source TEXT, indicator TEXT, year INTEGER, a_id TEXT, b_id TEXT);
CREATE TABLE departments (name TEXT PRIMARY KEY, body TEXT, prefix TEXT, level TEXT, surfaces TEXT);
CREATE TABLE dept_aliases (alias TEXT PRIMARY KEY, canonical TEXT, body TEXT);
"""
_LEVELS = {"国家": "国家", "自治区": "省", "省": "省", "市": "市", "州": "市", "盟": "市", "城区": "区县",
           "县": "区县", "区": "区县", "旗": "区县", "镇": "乡镇", "乡": "乡镇"}
_REGION_SUFFIX = re.compile(r"(省|市|自治区|自治州|区|县)$")


class FactsLike(Protocol):
    """What :meth:`FactsStore.write` needs (``ingest.facts.Facts`` provides it)."""

    tasks: list[Task]
    targets: list[Target]
    conflicts: list[Conflict]
    departments: list[Any]  # .name .body .prefix .level .surfaces
    aliases: Mapping[str, tuple[str, str]]


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


class FactsStore:
    """SQLite store of documents, clauses and facts.

    Args:
        path: the database file; :meth:`write` creates it, the queries open it read-only.
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._jurisdiction_cache: frozenset[str] | None = None

    # -- write --------------------------------------------------------------------------------------
    def write(self, docs: Iterable[DocumentMeta], clauses: Iterable[Clause], facts: FactsLike) -> None:
        """Write everything into a new file; refuses to overwrite (build aside, then swap)."""
        if self.path.exists():
            raise FileExistsError(f"{self.path} exists; the facts store is written into a new file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(self.path.name + ".partial")
        tmp.unlink(missing_ok=True)
        conn = sqlite3.connect(tmp)
        try:
            with conn:
                conn.executescript(_SCHEMA)
                conn.execute("INSERT INTO meta VALUES ('schema_version', ?)", (SCHEMA_VERSION,))
                _write_docs(conn, docs, clauses)
                _write_facts(conn, facts)
        finally:
            conn.close()
        os.replace(tmp, self.path)

    # -- read ---------------------------------------------------------------------------------------
    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            if not self.path.exists():
                raise FileNotFoundError(f"no facts store at {self.path}; run ingestion first")
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._conn.row_factory = sqlite3.Row
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def tasks(self, dept: str | None = None, region: str | None = None, role: str | None = None,
              text: str | None = None) -> list[TaskRow]:
        """Tasks, optionally of a department (any of its names), a region, a role, or containing text.

        Example:
            >>> [(r.title, r.role) for r in store.tasks(dept="民政局", region="福建")]   # doctest: +SKIP
        """
        sql = ["SELECT t.*, c.text AS text, c.doc_title AS doc_title FROM tasks t JOIN clauses c ON c.id = t.clause_id"
               " LEFT JOIN documents d ON d.source = t.source WHERE 1=1"]
        args: list[Any] = []
        if region:
            _region_filter(sql, args, region, "t", exact=region in self._jurisdictions())
        if text:
            sql.append("AND (t.title LIKE ? OR c.text LIKE ?)")
            args += [f"%{_norm(text)}%", f"%{text}%"]
        sql.append("ORDER BY t.source, t.seq")
        matcher = self._dept_matcher(dept) if dept else None
        rows = []
        for r in self.conn.execute(" ".join(sql), args):
            owners = self._owners(r["id"])
            matched = [o for o, lvl in owners if matcher is None or matcher(o, lvl)]
            if dept and not matched:
                continue
            if role and not any(o.role == role for o in matched):
                continue
            my_role = _best_role([o.role for o in matched]) if dept else ""
            rows.append(TaskRow(task_id=r["id"], title=r["title"], deadline=r["deadline"], source=r["source"],
                                doc_title=r["doc_title"], jurisdiction=r["jurisdiction"], section=r["section"],
                                clause_id=r["clause_id"], text=r["text"], owners=tuple(o for o, _ in owners),
                                role=my_role))
        return rows

    def targets(self, indicator: str | None = None, region: str | None = None,
                year: int | None = None) -> list[TargetRow]:
        """Targets, optionally filtered by indicator text, region and year."""
        sql = [_TARGET_SELECT, "WHERE 1=1"]
        args: list[Any] = []
        if indicator:
            sql.append("AND t.indicator LIKE ?")
            args.append(f"%{_norm(indicator)}%")
        if region:
            _region_filter(sql, args, region, "t", exact=region in self._jurisdictions())
        if year:
            sql.append("AND t.year = ?")
            args.append(int(year))
        sql.append("ORDER BY t.source, t.indicator, t.year, t.origin, t.seq")
        return [_target_row(r) for r in self.conn.execute(" ".join(sql), args)]

    def conflicts(self) -> list[ConflictRow]:
        """Every recorded disagreement, with both sources."""
        out = []
        for r in self.conn.execute("SELECT * FROM conflicts ORDER BY seq"):
            a, b = (self._target(r["a_id"]), self._target(r["b_id"]))
            if a and b:
                out.append(ConflictRow(source=r["source"], doc_title=a.doc_title, indicator=r["indicator"],
                                       year=r["year"], a=a, b=b))
        return out

    def departments(self) -> list[DepartmentRow]:
        """Every department named in the corpus."""
        return [DepartmentRow(r["name"], r["body"], r["prefix"], r["level"], tuple(json.loads(r["surfaces"])))
                for r in self.conn.execute("SELECT * FROM departments ORDER BY body, name")]

    def department_names(self) -> list[str]:
        """Canonical names and surface forms of every department (a tokenizer user dictionary)."""
        names = {n for d in self.departments() for n in (d.name, *d.surfaces)}
        return sorted(n for n in names if len(n) >= 2)

    def clause(self, id: str) -> Clause | None:
        r = self.conn.execute("SELECT * FROM clauses WHERE id = ?", (id,)).fetchone()
        return _clause(r) if r else None

    def clauses(self, source: str | None = None) -> list[Clause]:
        if source:
            rows = self.conn.execute("SELECT * FROM clauses WHERE source = ? ORDER BY start, part", (source,))
        else:
            rows = self.conn.execute("SELECT * FROM clauses ORDER BY source, start, part")
        return [_clause(r) for r in rows]

    def documents(self) -> list[DocumentMeta]:
        return [DocumentMeta.from_dict(json.loads(r["metadata"]))
                for r in self.conn.execute("SELECT metadata FROM documents ORDER BY source")]

    # -- helpers ------------------------------------------------------------------------------------
    def _owners(self, task_id: str) -> list[tuple[OwnerRow, str]]:
        rows = self.conn.execute("SELECT * FROM task_owners WHERE task_id = ? ORDER BY seq", (task_id,))
        return [(OwnerRow(r["name"], r["surface"], r["role"], r["body"]), r["level"]) for r in rows]

    def _target(self, target_id: str) -> TargetRow | None:
        r = self.conn.execute(_TARGET_SELECT + " WHERE t.id = ?", (target_id,)).fetchone()
        return _target_row(r) if r else None

    def _jurisdictions(self) -> frozenset[str]:
        if self._jurisdiction_cache is None:
            rows = self.conn.execute("SELECT DISTINCT jurisdiction FROM documents")
            self._jurisdiction_cache = frozenset(r[0] for r in rows if r[0])
        return self._jurisdiction_cache

    def _dept_matcher(self, dept: str):
        """A predicate on (owner, level): same body (via aliases) and compatible prefix level."""
        q = _norm(dept)
        bodies: set[str] = set()
        level = ""
        best = self.conn.execute(
            "SELECT alias, body FROM dept_aliases WHERE ? LIKE '%' || alias ORDER BY length(alias) DESC LIMIT 1",
            (q,)).fetchone()
        place = ""
        if best:
            bodies.add(best["body"])
            prefix = q[: len(q) - len(best["alias"])]
            level = _LEVELS.get(prefix, "")
            if prefix and not level and len(prefix) >= 2:
                place = prefix  # 厦门市税务局: that city's body, not every 税务局
        for r in self.conn.execute("SELECT body FROM departments WHERE name = ? OR surfaces LIKE ?",
                                   (q, f'%"{q}"%')):
            bodies.add(r["body"])

        def match(owner: OwnerRow, owner_level: str) -> bool:
            if bodies:
                if place and not (owner.name.startswith(place) or owner.surface.startswith(place)):
                    return False
                return owner.body in bodies and (not level or not owner_level or level == owner_level)
            return q in owner.name or q in owner.surface

        return match


_TARGET_SELECT = ("SELECT t.*, c.text AS text, c.doc_title AS doc_title FROM targets t "
                  "JOIN clauses c ON c.id = t.clause_id LEFT JOIN documents d ON d.source = t.source")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _region_filter(sql: list[str], args: list[Any], region: str, alias: str, exact: bool = False) -> None:
    """A jurisdiction as the documents name it matches by equality (indexed); anything looser
    (福建, 武鸣) by substring of the jurisdiction, title or metadata."""
    if exact:
        sql.append(f"AND {alias}.jurisdiction = ?")
        args.append(region)
        return
    r = _norm(region)
    core = _REGION_SUFFIX.sub("", r) if len(r) > 2 else r
    sql.append(f"AND ({alias}.jurisdiction LIKE ? OR d.title LIKE ? OR d.metadata LIKE ?)")
    args += [f"%{core}%", f"%{core}%", f"%{core}%"]


def _best_role(roles: list[str]) -> str:
    return next((r for r in ("lead", "co", "territorial") if r in roles), "")


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


def _write_docs(conn: sqlite3.Connection, docs: Iterable[DocumentMeta], clauses: Iterable[Clause]) -> None:
    conn.executemany(
        "INSERT OR REPLACE INTO documents VALUES (?,?,?,?,?,?,?,?)",
        [(d.source, d.title, d.jurisdiction, d.level, d.doc_number, d.date, d.status,
          json.dumps(d.to_dict(), ensure_ascii=False)) for d in docs])
    conn.executemany(
        "INSERT OR REPLACE INTO clauses VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
        [(c.id, c.source, c.doc_title, c.section, json.dumps(list(c.headings), ensure_ascii=False), c.text,
          c.start, c.end, c.kind, c.part, json.dumps(c.columns, ensure_ascii=False),
          json.dumps(list(c.pages))) for c in clauses])


def _write_facts(conn: sqlite3.Connection, facts: FactsLike) -> None:
    levels = {d.name: (d.body, d.level) for d in facts.departments}
    for seq, t in enumerate(facts.tasks):
        conn.execute("INSERT OR REPLACE INTO tasks VALUES (?,?,?,?,?,?,?,?)",
                     (t.id, t.clause_id, t.source, t.jurisdiction, t.section, t.title, t.deadline, seq))
        conn.execute("DELETE FROM task_owners WHERE task_id = ?", (t.id,))
        conn.executemany("INSERT INTO task_owners VALUES (?,?,?,?,?,?,?)",
                         [(t.id, i, o.name, o.surface, o.role, *levels.get(o.name, (o.name, "")))
                          for i, o in enumerate(t.owners)])
    targets = {t.id: t for t in facts.targets}
    targets.update({x.id: x for c in facts.conflicts for x in (c.a, c.b)})
    conn.executemany(
        "INSERT OR REPLACE INTO targets VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        [(t.id, t.clause_id, t.source, t.jurisdiction, t.section, t.indicator, t.year, t.value, t.unit,
          t.comparator, t.baseline, t.baseline_year, t.origin, seq) for seq, t in enumerate(targets.values())])
    conn.executemany("INSERT INTO conflicts VALUES (?,?,?,?,?,?)",
                     [(i, c.source, c.indicator, c.year, c.a.id, c.b.id) for i, c in enumerate(facts.conflicts)])
    conn.executemany("INSERT OR REPLACE INTO departments VALUES (?,?,?,?,?)",
                     [(d.name, d.body, d.prefix, d.level, json.dumps(list(d.surfaces), ensure_ascii=False))
                      for d in facts.departments])
    conn.executemany("INSERT OR REPLACE INTO dept_aliases VALUES (?,?,?)",
                     [(alias, canonical, body) for alias, (canonical, body) in facts.aliases.items()])
