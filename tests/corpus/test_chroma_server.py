"""Server mode: ``YIYANG_CHROMA_URL`` puts the vectors in a real ``chroma run`` on 127.0.0.1.

The server is started as a subprocess on a free port, waited for (heartbeat) and always
stopped. The fake embedder keeps it quick: this is about where vectors live, not ranking.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.core import Assistant
from corpus.config import IndexConfig
from corpus.index import Index, IndexUnavailable, read_manifest
from ingest.pipeline import DEFAULT_CORPUS, run_ingest

QUESTION = "涪陵区养老机构内设医务室还需要行政审批吗？"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _chroma_cli() -> str:
    exe = Path(sys.executable).parent / "chroma"
    found = str(exe) if exe.exists() else shutil.which("chroma")
    if not found:
        pytest.skip("the chroma CLI (part of chromadb) is not installed")
    return found


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    log = open(folder / "server.log", "wb")
    proc = subprocess.Popen(
        [_chroma_cli(), "run", "--path", str(folder / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.flush()
                pytest.fail(f"chroma server did not start: {(folder / 'server.log').read_text(errors='replace')[-1500:]}")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def server_index(chroma_url: str, tmp_path_factory: pytest.TempPathFactory) -> IndexConfig:
    cfg = IndexConfig(data_dir=tmp_path_factory.mktemp("data"), backend="fake", chroma_url=chroma_url)
    report = run_ingest([DEFAULT_CORPUS], cfg)
    assert report.documents == 5 and not report.skipped
    return cfg


def test_ingest_writes_vectors_to_the_server_not_the_build_folder(server_index: IndexConfig) -> None:
    import chromadb

    manifest = read_manifest(server_index)
    assert manifest is not None and manifest["chroma_url"] == server_index.chroma_url
    build = server_index.data_dir / "index" / "builds" / manifest["name"]
    assert not (build / "chroma").exists()
    port = int(server_index.chroma_url.rsplit(":", 1)[1])
    client = chromadb.HttpClient(host="127.0.0.1", port=port)
    collection = client.get_collection(manifest["collection"])
    assert collection.count() == manifest["counts"]["clauses"] + manifest["counts"]["table_rows"]


def test_ask_against_the_server_cites_the_right_clause(server_index: IndexConfig) -> None:
    bot = Assistant(Index.open(server_index))
    answer = bot.ask(QUESTION)
    assert answer.found
    assert "备案" in answer.text
    assert answer.citations and answer.citations[0].clause.source.startswith("000_")
    assert bot.index.dense_search(QUESTION, k=5)  # the dense half really went to the server


def test_a_second_replica_with_a_copy_of_the_build_shares_the_server(server_index: IndexConfig, tmp_path: Path) -> None:
    replica_dir = tmp_path / "replica"
    shutil.copytree(server_index.data_dir / "index", replica_dir / "index")
    replica = IndexConfig(data_dir=replica_dir, backend="fake", chroma_url=server_index.chroma_url)
    first = Index.open(server_index).dense_search(QUESTION, k=5)
    assert Index.open(replica).dense_search(QUESTION, k=5) == first


def test_reingest_into_the_server_replaces_the_collection_and_keeps_serving(server_index: IndexConfig) -> None:
    before = read_manifest(server_index)
    run_ingest([DEFAULT_CORPUS], server_index, force=True)
    after = read_manifest(server_index)
    assert after is not None and before is not None and after["collection"] != before["collection"]
    assert Assistant(Index.open(server_index)).ask(QUESTION).found


def test_an_index_built_in_server_mode_refuses_to_open_embedded(server_index: IndexConfig) -> None:
    embedded = IndexConfig(data_dir=server_index.data_dir, backend="fake")
    with pytest.raises(IndexUnavailable, match="YIYANG_CHROMA_URL"):
        Index.open(embedded)
