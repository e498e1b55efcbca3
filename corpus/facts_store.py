"""The facts store: documents, clauses, tasks, owners, targets and conflicts in one SQLite file.

Written once into a new file (the index is built aside and swapped), then opened read-only. A
department query matches every name of the body (``区大数据发展局`` finds the row whose cell says
``区大数据局``; ``民政局`` finds ``省民政厅``), and a region matches loosely (``福建`` / ``福建省``,
``武鸣`` / ``南宁市武鸣区``). All SQL is parameterized.

The tables and the writing are in :mod:`corpus.facts_schema`, the rows a query returns in
:mod:`corpus.facts_rows`, the SQL pieces the queries share in :mod:`corpus.facts_queries`.

Example:
    >>> store = FactsStore("data/facts.sqlite")                       # doctest: +SKIP
    >>> store.write(docs, clauses, facts)                              # doctest: +SKIP
    >>> [r.title for r in store.tasks(dept="区大数据发展局")]           # doctest: +SKIP
    ['加强医养结合信息化支撑', '大力发展 “互联网＋老年服务”，鼓励发展面向农村老年人的远程医疗服务']
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from corpus.facts_queries import _LEVELS, _TARGET_SELECT, _best_role, _norm, _region_filter
from corpus.facts_rows import ConflictRow, DepartmentRow, OwnerRow, TargetRow, TaskRow, _clause, _target_row
from corpus.facts_schema import _SCHEMA, SCHEMA_VERSION, FactsLike, _write_docs, _write_facts
from corpus.schema import Clause, DocumentMeta

__all__ = [
    "FactsStore", "FactsLike", "OwnerRow", "TaskRow", "TargetRow", "ConflictRow", "DepartmentRow", "SCHEMA_VERSION",
]  # fmt: skip


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
