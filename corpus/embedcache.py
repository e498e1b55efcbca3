"""A persistent cache of document embeddings, keyed by model and text.

Re-ingesting rebuilds the index from scratch in a fresh directory (so a failed run never
touches the serving one), but clauses whose text did not change are not embedded again:
their vectors come from here. This is what makes an incremental re-ingest cheap.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np


class EmbeddingCache:
    """``text -> vector`` for one embedding model, in a small SQLite file."""

    def __init__(self, path: Path, model_name: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path)
        self._db.execute("CREATE TABLE IF NOT EXISTS vec (model TEXT, key TEXT, v BLOB, PRIMARY KEY (model, key))")
        self._model = model_name

    @staticmethod
    def _key(text: str) -> str:
        return hashlib.sha1(text.encode("utf-8")).hexdigest()

    def embed(
        self,
        texts: Sequence[str],
        embed_fn: Callable[[list[str]], list[list[float]]],
        batch_size: int = 64,
        on_batch: Callable[[int], None] | None = None,
    ) -> tuple[np.ndarray, int]:
        """Vectors for ``texts`` (cached ones reused); returns the matrix and how many were computed."""
        keys = [self._key(t) for t in texts]
        found: dict[str, np.ndarray] = {}
        for i in range(0, len(keys), 500):
            chunk = keys[i : i + 500]
            q = f"SELECT key, v FROM vec WHERE model=? AND key IN ({','.join('?' * len(chunk))})"
            for key, blob in self._db.execute(q, [self._model, *chunk]):
                found[key] = np.frombuffer(blob, dtype=np.float32)
        missing = list(dict.fromkeys(k for k in keys if k not in found))
        text_of = dict(zip(keys, texts))
        for i in range(0, len(missing), batch_size):
            batch = missing[i : i + batch_size]
            vecs = embed_fn([text_of[k] for k in batch])
            rows = []
            for key, vec in zip(batch, vecs):
                arr = np.asarray(vec, dtype=np.float32)
                found[key] = arr
                rows.append((self._model, key, arr.tobytes()))
            self._db.executemany("INSERT OR REPLACE INTO vec VALUES (?,?,?)", rows)
            self._db.commit()
            if on_batch:
                on_batch(len(batch))
        if not keys:
            return np.zeros((0, 0), dtype=np.float32), 0
        return np.vstack([found[k] for k in keys]), len(missing)

    def close(self) -> None:
        self._db.close()
