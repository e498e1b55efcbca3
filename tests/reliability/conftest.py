"""Session fixtures for the reliability catalogue; helpers live in ``rel_support``."""

from __future__ import annotations

from typing import Any

import pytest
from rel_support import SEED_DIR, SEEDS, fake_cfg, ingest, open_bot

from corpus.config import IndexConfig


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> IndexConfig:
    """The five seeds, fake embedder, in a session temp dir. Do not modify: copy_index() it."""
    cfg = fake_cfg(tmp_path_factory.mktemp("rel-seed") / "data")
    report = ingest([SEED_DIR], cfg)
    assert report.documents == len(SEEDS) and not report.skipped
    return cfg


@pytest.fixture(scope="session")
def seed_bot(seed_index: IndexConfig) -> Any:
    return open_bot(seed_index)
