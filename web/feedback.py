"""👍/👎 on chat answers, kept in SQLite under the data dir, and exported as eval items to fill in.

The UI's own record (``<data dir>/feedback.sqlite``), apart from the index: re-ingesting never
touches it. :meth:`FeedbackStore.export_items` writes each rating in the gold Q&A shape of
``eval/qa/*.jsonl`` with the parts a person still has to write left empty (``category``,
``must``, ``answerable``) and the cited quotes as ``evidence``.

Example:
    >>> store = FeedbackStore(Path(tmp) / "feedback.sqlite")                      # doctest: +SKIP
    >>> row = store.add("谁负责？", answer.to_batch_dict(), rating="down", comment="漏了区民政局")
    >>> store.export_items()[0]["evidence"]
    ['（区卫生健康委、区民政局、区大数据发展局按职责分工负责，…）']
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

FILE_NAME = "feedback.sqlite"
Rating = Literal["up", "down"]
_SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    time TEXT NOT NULL,
    question TEXT NOT NULL,
    answer TEXT NOT NULL,
    citations TEXT NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT '',
    found INTEGER NOT NULL DEFAULT 1
)
"""


class FeedbackStore:
    """Ratings of answers, one row each; safe to share between the server's threads.

    Args:
        path: the SQLite file; its folder is created on first write.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()

    @classmethod
    def in_data_dir(cls, data_dir: Path) -> "FeedbackStore":
        """The store of a data dir (``YIYANG_DATA_DIR``)."""
        return cls(Path(data_dir) / FILE_NAME)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path)
        db.row_factory = sqlite3.Row
        db.execute(_SCHEMA)
        return db

    def add(self, question: str, answer: Mapping[str, Any], rating: Rating, comment: str = "") -> int:
        """Store a rating of ``answer`` (a batch dict) given to ``question``; returns the row id.

        Raises:
            ValueError: ``rating`` is not ``"up"`` or ``"down"``.
        """
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        row = (time.strftime("%Y-%m-%dT%H:%M:%S%z"), question, str(answer.get("answer", "")),
               json.dumps(list(answer.get("citations") or []), ensure_ascii=False), rating, comment.strip(),
               str(answer.get("kind", "")), int(bool(answer.get("found", True))))
        with self._lock, self._connect() as db:
            cur = db.execute("INSERT INTO feedback (time, question, answer, citations, rating, comment, kind, found)"
                             " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", row)
            return int(cur.lastrowid)

    def set_rating(self, row_id: int, rating: Rating) -> None:
        """Change a stored rating (the person clicked the other thumb)."""
        if rating not in ("up", "down"):
            raise ValueError(f"rating must be 'up' or 'down', not {rating!r}")
        with self._lock, self._connect() as db:
            db.execute("UPDATE feedback SET rating = ? WHERE id = ?", (rating, row_id))

    def set_comment(self, row_id: int, comment: str) -> None:
        """Attach (or replace) the comment of a stored rating."""
        with self._lock, self._connect() as db:
            db.execute("UPDATE feedback SET comment = ? WHERE id = ?", (comment.strip(), row_id))

    def rows(self) -> list[dict[str, Any]]:
        """Every rating, oldest first, with ``citations`` parsed."""
        if not self.path.exists():
            return []
        with self._lock, self._connect() as db:
            rows = [dict(r) for r in db.execute("SELECT * FROM feedback ORDER BY id")]
        for r in rows:
            r["citations"] = json.loads(r["citations"] or "[]")
            r["found"] = bool(r["found"])
        return rows

    def export_items(self) -> list[dict[str, Any]]:
        """The ratings as eval items to fill in (the ``eval/qa`` shape plus ``rating`` and ``comment``)."""
        return [eval_item(r) for r in self.rows()]

    def export_jsonl(self, out: Path) -> int:
        """Write :meth:`export_items` to ``out`` as JSON lines; returns how many were written."""
        items = self.export_items()
        Path(out).write_text("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items), encoding="utf-8")
        return len(items)


def eval_item(row: Mapping[str, Any]) -> dict[str, Any]:
    """One stored rating as an eval item: the system's answer and its quotes as evidence, the rest to write."""
    citations = row.get("citations") or []
    evidence = list(dict.fromkeys((c.get("quote") or c.get("text") or "").strip() for c in citations))
    return {
        "id": f"fb{int(row['id']):04d}",
        "question": row["question"],
        "category": "",
        "doc": citations[0].get("source", "") if citations else "",
        "answer": row["answer"],
        "must": [],
        "evidence": [e for e in evidence if e],
        "answerable": None,
        "rating": row["rating"],
        "comment": row.get("comment", ""),
        "time": row.get("time", ""),
    }
