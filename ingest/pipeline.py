"""The ingest run: files -> clauses + facts -> a new index build, published only when complete.

One run at a time (a lock file). Every file is loaded and parsed on its own: a bad file is
skipped with its reason and the batch goes on. Nothing is published unless the whole build
was written, so a failed or killed run leaves the previous index serving.

Example:
    >>> report = run_ingest([Path("corpus/documents")], IndexConfig.from_env())   # doctest: +SKIP
    >>> report.documents, report.clauses, report.skipped
    (5, 412, [])
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from corpus.config import IndexConfig
from corpus.index import IndexPaths, IndexWriter, read_manifest
from corpus.schema import Clause, DocumentMeta
from ingest.clauses import parse_clauses
from ingest.facts import department_names, extract_facts
from ingest.layout import reflow
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document
from ingest.readers.base import ReadContext, reading_with
from ingest.metadata.dates import published_in_text
from ingest.metadata import apply_overrides, extract_metadata, load_overrides

# Bump when parsing or fact extraction changes, so an unchanged corpus is re-ingested.
PARSER_VERSION = "16"
SUPPORTED = frozenset(SUPPORTED_SUFFIXES)
DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "documents"
OVERRIDES = Path(__file__).resolve().parent.parent / "corpus" / "metadata_overrides.yaml"


class IngestBusy(RuntimeError):
    """Another ingest holds the lock."""


class DataDirUnwritable(RuntimeError):
    """The data dir cannot be created or written (read-only file system, permissions)."""


class NoDocuments(RuntimeError):
    """Nothing usable among the given files: publishing would replace the index with an empty one."""


@dataclass
class Skipped:
    path: str
    reason: str


@dataclass
class Note:
    """Something the user should know about an ingested file (an OCR page skipped...)."""

    path: str
    note: str


@dataclass
class IngestReport:
    """What a run did, for the CLI summary and the API."""

    documents: int = 0
    clauses: int = 0
    table_rows: int = 0
    tasks: int = 0
    targets: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    up_to_date: bool = False
    embedded_now: int = 0
    seconds: float = 0.0
    build: str = ""

    def to_dict(self) -> dict[str, Any]:
        d = self.__dict__.copy()
        d["skipped"] = [s.__dict__ for s in self.skipped]
        d["notes"] = [n.__dict__ for n in self.notes]
        return d


@dataclass
class ParsedDocument:
    meta: DocumentMeta
    clauses: list[Clause]
    path: Path
    boxes: tuple[Any, ...] = ()  # per character of the loaded text, for paged files
    notes: tuple[str, ...] = ()
    encoding: str = ""  # utf-8, gb18030, docx, pdf, ocr, ofd, ...


@contextmanager
def ingest_lock(cfg: IndexConfig, wait: bool = False) -> Iterator[None]:
    """Hold the data dir's ingest lock; two ingests never write at once."""
    paths = IndexPaths(cfg.data_dir)
    try:
        paths.data_dir.mkdir(parents=True, exist_ok=True)
        fh = open(paths.lock, "w")
    except OSError as exc:
        raise DataDirUnwritable(
            f"cannot write to the data dir {cfg.data_dir} ({exc.strerror or exc}); "
            "make it writable or point YIYANG_DATA_DIR / --data-dir at a writable folder"
        ) from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise IngestBusy(f"another ingest is running on {cfg.data_dir} (lock {paths.lock}); try again when it ends") from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def discover(paths: Sequence[Path]) -> tuple[list[Path], list[Skipped]]:
    """Expand folders into supported files (sorted); missing paths are reported, not fatal."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    for p in paths:
        if p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUPPORTED))
        elif p.is_file():
            files.append(p)
        else:
            skipped.append(Skipped(str(p), "文件不存在 (no such file or folder)"))
    return files, skipped


def parse_document(path: Path, overrides: dict[str, Any]) -> ParsedDocument:
    """Load, reflow, read metadata and parse one file. Raises LoadError for a bad file."""
    loaded = load_document(path)
    flowed = reflow(loaded.text, paragraphed=loaded.paragraphed, headings={o for o, _ in loaded.outline})
    meta = extract_metadata(loaded.source, flowed.text, sha256=loaded.sha256, container=loaded.meta)
    published = loaded.meta.get("published", "") or published_in_text(flowed.text)
    meta = apply_overrides(replace(meta, published=published,
                                   index_number=loaded.meta.get("index_number", "")), overrides)
    clauses = parse_clauses(loaded.source, meta.title, flowed, outline=loaded.outline)
    if not clauses:
        raise LoadError(path, "没有可用的正文 (no text to index)")
    if loaded.page_starts:
        clauses = [replace(c, pages=_pages(loaded, c.start, c.end)) for c in clauses]
    return ParsedDocument(meta, clauses, path, notes=loaded.notes, boxes=loaded.boxes, encoding=loaded.encoding)


def _pages(loaded: Any, start: int, end: int) -> tuple[int, ...]:
    first, last = loaded.page_of(start), loaded.page_of(max(start, end - 1))
    return tuple(range(first, last + 1))


def run_ingest(
    paths: Sequence[Path] | None,
    cfg: IndexConfig,
    embedder: Any | None = None,
    replace: bool = False,
    progress: Callable[[str, int, int], None] | None = None,
    force: bool = False,
) -> IngestReport:
    """Ingest ``paths`` (default: the corpus folder) into a new build and publish it.

    Documents indexed earlier from other paths stay in the index unless ``replace`` is set or
    their file no longer exists.
    """
    t0 = time.perf_counter()
    report = IngestReport()
    with ingest_lock(cfg):
        previous = read_manifest(cfg)
        wanted, report.skipped = discover([Path(p) for p in (paths or [DEFAULT_CORPUS])])
        if not replace and previous:
            known = {Path(f["path"]) for f in previous["files"].values()}
            report.removed = sorted(str(p) for p in known if not p.exists())
            named = {w.resolve() for w in wanted}
            # Indexed files first: a copy under a new name is the duplicate, not the file already cited.
            wanted = [p for p in sorted(known) if p.exists() and p.resolve() not in named] + wanted
        # readers keep OCR results under the data dir, so a re-ingest or a resumed run reads no page twice
        with reading_with(ReadContext(cache_dir=Path(cfg.data_dir) / "ocr-cache", progress=progress,
                                      ocr_page_seconds=getattr(cfg, "ocr_page_seconds", 60.0))):
            parsed = _parse_all(wanted, report, progress)
        if not parsed:
            reasons = "; ".join(f"{s.path}: {s.reason}" for s in report.skipped[:5])
            raise NoDocuments(f"no document could be ingested, the index is unchanged ({reasons or 'no files'})")
        files = {
            d.meta.source: {"path": str(d.path.resolve()), "sha256": d.meta.sha256}
            for d in parsed
        }
        if embedder is None:
            from corpus.embedders import make_embedder

            embedder = make_embedder(cfg)
        if not force and previous and _same_build(previous, files, embedder.name, cfg.chroma_url):
            report.up_to_date = True
            _fill_counts(report, previous)
            report.build = previous["name"]
            report.seconds = time.perf_counter() - t0
            return report
        docs = [d.meta for d in parsed]
        clauses = [c for d in parsed for c in d.clauses]
        facts = extract_facts_all(parsed)
        names = department_names(facts)
        writer = IndexWriter(cfg, embedder)
        total = len(clauses)
        done = [0]

        def on_embedded(n: int) -> None:
            done[0] += n
            if progress:
                progress("embed", done[0], total)

        build, manifest = writer.write(
            docs, clauses, facts, files, extra_terms=names, parser_version=PARSER_VERSION, on_embedded=on_embedded,
            layouts={d.meta.source: d.boxes for d in parsed if d.boxes},
        )
        writer.publish(build)
        _fill_counts(report, manifest)
        report.build = manifest["name"]
        report.seconds = time.perf_counter() - t0
        return report


def extract_facts_all(parsed: Sequence[ParsedDocument]) -> Any:
    """Facts of every document, merged into one Facts value."""
    merged = None
    for d in parsed:
        f = extract_facts(d.meta, d.clauses)
        merged = f if merged is None else merged.merge(f)
    if merged is None:
        merged = extract_facts(DocumentMeta(source="", title=""), [])
    return merged


def _parse_all(
    files: Sequence[Path], report: IngestReport, progress: Callable[[str, int, int], None] | None
) -> list[ParsedDocument]:
    overrides = load_overrides(OVERRIDES) if OVERRIDES.exists() else {}
    parsed: list[ParsedDocument] = []
    seen: dict[str, str] = {}
    names: set[str] = set()
    for i, path in enumerate(files, 1):
        if progress:
            progress("parse", i, len(files))
        try:
            doc = parse_document(path, overrides)
        except LoadError as exc:
            report.skipped.append(Skipped(str(path), exc.reason))
            continue
        except Exception as exc:  # a parser bug on one file must not stop the batch
            report.skipped.append(Skipped(str(path), f"解析失败 (parse failed): {type(exc).__name__}: {exc}"))
            continue
        if doc.meta.sha256 in seen:
            report.skipped.append(Skipped(str(path), f"与 {seen[doc.meta.sha256]} 内容相同 (duplicate), 已跳过"))
            continue
        if doc.meta.source in names:
            report.skipped.append(Skipped(str(path), f"文件名 {doc.meta.source} 已被另一文件使用 (duplicate file name)"))
            continue
        seen[doc.meta.sha256] = doc.meta.source
        names.add(doc.meta.source)
        parsed.append(doc)
        report.notes.extend(Note(str(path), n) for n in doc.notes)
    return parsed


def _same_build(
    previous: dict[str, Any], files: dict[str, dict[str, Any]], embedder_name: str, chroma_url: str
) -> bool:
    return (
        previous.get("parser_version") == PARSER_VERSION
        and previous.get("embedder") == embedder_name
        and previous.get("files") == files
        and previous.get("chroma_url", "") == chroma_url
    )


def _fill_counts(report: IngestReport, manifest: dict[str, Any]) -> None:
    counts = manifest["counts"]
    report.documents = counts["documents"]
    report.clauses = counts["clauses"]
    report.table_rows = counts["table_rows"]
    report.tasks = counts.get("tasks", 0)
    report.targets = counts.get("targets", 0)
    report.embedded_now = counts.get("embedded_now", 0) if not report.up_to_date else 0
