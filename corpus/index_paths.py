"""Where a build lives under the data dir, which build serves (``index/CURRENT``), and its manifest."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from corpus.config import IndexConfig

MANIFEST = "manifest.json"


@dataclass
class IndexPaths:
    """Where each part of the index lives under the data dir."""

    data_dir: Path

    @property
    def root(self) -> Path:
        return self.data_dir / "index"

    @property
    def builds(self) -> Path:
        return self.root / "builds"

    @property
    def current_file(self) -> Path:
        return self.root / "CURRENT"

    @property
    def lock(self) -> Path:
        return self.data_dir / "ingest.lock"

    @property
    def embed_cache(self) -> Path:
        return self.data_dir / "cache" / "embeddings.sqlite"

    def current(self) -> Path | None:
        if not self.current_file.exists():
            return None
        build = self.builds / self.current_file.read_text(encoding="utf-8").strip()
        return build if (build / MANIFEST).exists() else None


def read_manifest(cfg: IndexConfig) -> dict[str, Any] | None:
    """The serving build's manifest, or None when nothing has been ingested yet."""
    build = IndexPaths(cfg.data_dir).current()
    if build is None:
        return None
    return json.loads((build / MANIFEST).read_text(encoding="utf-8"))
