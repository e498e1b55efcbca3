"""The facts store's SQLite tables, and how a build's documents, clauses and facts are written into them."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping
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


class FactsLike(Protocol):
    """What :meth:`FactsStore.write` needs (``ingest.facts.Facts`` provides it)."""

    tasks: list[Task]
    targets: list[Target]
    conflicts: list[Conflict]
    departments: list[Any]  # .name .body .prefix .level .surfaces
    aliases: Mapping[str, tuple[str, str]]


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
