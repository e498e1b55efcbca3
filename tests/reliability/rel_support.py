"""Helpers for the bad-input and fault catalogue (docs/reliability.md).

Everything runs on the fake embedder (offline, deterministic): these tests are about what
survives bad files, bad questions and faults, not about ranking. One index of the five seeds
is built per session; tests that damage an index copy it first.

Subprocess tests run the real ``yiyang`` command. ``SLOW_INGEST`` runs the same CLI with the
fake embedder held inside its first batch until a release file appears, so a test can kill it
or race it at a known point without any hook in the product.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfs
import pytest

from corpus.config import IndexConfig
from corpus.embedders import FakeEmbedder

REPO = Path(__file__).resolve().parents[2]
SEED_DIR = REPO / "corpus" / "documents"
SEEDS = sorted(SEED_DIR.glob("*.txt"))
YIYANG = Path(sys.executable).parent / "yiyang"
# Set in every subprocess: no output may ever contain them.
SECRETS = {"YIYANG_AUTH": "reader:Sekr1t-reader-pw", "YIYANG_ADMIN": "root:Sekr1t-admin-pw"}
TODAY = dt.date(2026, 11, 23)

SLOW_INGEST = r"""
import os, sys, time
from pathlib import Path
import corpus.embedders as e
started, release = Path(os.environ["REL_STARTED"]), Path(os.environ["REL_RELEASE"])
encode = e.FakeEmbedder._encode
def held(self, texts, *, is_query):
    if not is_query:
        started.touch()
        deadline = time.monotonic() + 120
        while not release.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    return encode(self, texts, is_query=is_query)
e.FakeEmbedder._encode = held
sys.argv = ["yiyang", *sys.argv[1:]]
import cli
cli.main()
"""


def fake_cfg(data_dir: Path, **kw: Any) -> IndexConfig:
    return IndexConfig(data_dir=data_dir, backend="fake", **kw)


def ingest(paths: list[Path] | None, cfg: IndexConfig, **kw: Any) -> Any:
    from ingest.pipeline import run_ingest

    return run_ingest(paths, cfg, embedder=FakeEmbedder(), **kw)


def open_bot(cfg: IndexConfig) -> Any:
    from assistant.config import AssistantConfig
    from assistant.core import Assistant
    from corpus.index import Index

    return Assistant(Index.open(cfg, embedder=FakeEmbedder()), AssistantConfig(today=TODAY))


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("YIYANG_")}
    env.update(SECRETS, YIYANG_DATA_DIR=str(data_dir), YIYANG_EMBED_BACKEND="fake", COLUMNS="200",
               PYTHONPATH=str(REPO), **extra)
    return env


def run_cli(args: list[str], data_dir: Path, timeout: float = 120, **extra: str) -> subprocess.CompletedProcess:
    """``yiyang ARGS`` in a subprocess; asserts nothing secret was printed."""
    done = subprocess.run([str(YIYANG), *args], env=cli_env(data_dir, **extra), capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)
    assert_no_secret(done.stdout + done.stderr)
    return done


def assert_no_secret(text: str) -> None:
    for value in SECRETS.values():
        assert value.split(":")[1] not in text, "a password from the environment was printed"


def assert_clean_failure(done: subprocess.CompletedProcess, *needles: str) -> None:
    """Non-zero exit, a message naming the problem, no Python traceback."""
    out = done.stdout + done.stderr
    assert done.returncode != 0, out
    assert "Traceback" not in out and "│" not in out, out  # rich draws tracebacks in boxes
    for needle in needles:
        assert needle in out, out


def copy_index(src: IndexConfig, dest: Path) -> IndexConfig:
    shutil.copytree(src.data_dir, dest)
    return fake_cfg(dest)


# ---------------------------------------------------------------- bad files, written here

NOTICE = (
    "关于印发《某县医养结合示范行动方案》的通知\n"
    "各乡镇人民政府：\n"
    "一、总体要求\n"
    "（一）工作目标。到2027年，全县建成{marker}医养结合示范机构3家。\n"
    "（二）职责分工。县卫生健康委牵头，县民政局配合。\n"
    "二、保障措施\n"
    "（一）加强组织领导。各乡镇要将{marker}工作纳入重点任务。\n"
)


def notice(marker: str) -> str:
    """A three-clause 通知 whose clauses carry ``marker`` so a test can find them."""
    return NOTICE.format(marker=marker)


def minimal_pdf(with_text: bool) -> bytes:
    """A one-page PDF; without text it only draws a box, as a scan without OCR does."""
    return pdfs.minimal_pdf(["Elderly care plan"] if with_text else [])


def corrupt_docx() -> bytes:
    """A real .docx cut in half: a zip without its central directory."""
    docx = pytest.importorskip("docx")
    buf = io.BytesIO()
    d = docx.Document()
    d.add_paragraph(notice("损坏"))
    d.save(buf)
    data = buf.getvalue()
    return data[: len(data) // 2]
