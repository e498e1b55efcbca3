"""Bad documents: the run goes on, reports each bad file and why, and the previous index keeps serving.

One batch of bad and good files is ingested on top of an index of one seed (巫溪县); each
test reads one file's fate from that run.
"""

from __future__ import annotations

import codecs
import random
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from corpus.config import IndexConfig
from corpus.index import read_manifest
from ingest.pipeline import NoDocuments, parse_document

from rel_support import SEED_DIR, corrupt_docx, fake_cfg, ingest, minimal_pdf, notice, open_bot

WUXI = SEED_DIR / "002_eed4c881353c92d0.txt"
WUXI_QUESTION = "巫溪县2027年安宁疗护床位目标是多少？"
CHINESE_NAME = "医养结合 示范方案 (2023版).txt"
PLAIN = (
    "为推进医养结合，现提出如下意见。\n\n"
    "各地要支持养老机构与医疗机构签约合作，为老年人提供无序号段落服务。\n\n"
    "本意见自印发之日起施行。\n"
)


def _bad_batch(folder: Path) -> dict[str, Path]:
    folder.mkdir()
    files = {
        "gbk": ("gbk.txt", notice("GBK编码").encode("gbk")),
        "gb18030": ("gb18030.txt", notice("䶮字€符号").encode("gb18030")),
        "utf8_bom": ("bom.txt", codecs.BOM_UTF8 + notice("带BOM").encode("utf-8")),
        "utf16": ("utf16.txt", notice("UTF16编码").encode("utf-16")),
        "empty": ("empty.txt", b""),
        "binary": ("binary.txt", bytes(random.Random(3).randrange(256) for _ in range(4096)) + b"\x00\x00"),
        "scan_pdf": ("scan.pdf", minimal_pdf(with_text=False)),
        "corrupt_docx": ("broken.docx", corrupt_docx()),
        "dup_a": ("dup-a.txt", notice("重复文件").encode("utf-8")),
        "dup_b": ("dup-b.txt", notice("重复文件").encode("utf-8")),
        "copy_of_indexed": ("巫溪 副本.txt", WUXI.read_bytes()),
        "plain": ("plain.txt", PLAIN.encode("utf-8")),
        "chinese_name": (CHINESE_NAME, notice("中文文件名").encode("utf-8")),
    }
    out = {}
    for key, (name, data) in files.items():
        (folder / name).write_bytes(data)
        out[key] = folder / name
    return out


@pytest.fixture(scope="module")
def batch(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("bad-docs")
    cfg = fake_cfg(root / "data")
    first = ingest([WUXI], cfg)
    files = _bad_batch(root / "incoming")
    report = ingest([root / "incoming"], cfg)
    skipped = {Path(s.path).name: s.reason for s in report.skipped}
    return {"cfg": cfg, "first": first, "report": report, "files": files, "skipped": skipped, "bot": open_bot(cfg)}


def _clauses(batch: dict[str, Any], key: str) -> list[Any]:
    return batch["bot"].index.facts.clauses(source=batch["files"][key].name)


@pytest.mark.parametrize(
    ("key", "marker"),
    [("gbk", "GBK编码"), ("gb18030", "䶮字€符号"), ("utf8_bom", "带BOM"), ("utf16", "UTF16编码")],
)
def test_encoded_file_is_indexed_with_its_own_characters(batch: dict[str, Any], key: str, marker: str) -> None:
    clauses = _clauses(batch, key)
    assert any(marker in c.text for c in clauses), [c.text for c in clauses]
    assert not any("\ufeff" in c.text or "\ufffd" in c.text for c in clauses)
    assert clauses[0].text.startswith("关于印发")  # no BOM, no mojibake at the start


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("empty", "文件是空的"),
        ("binary", "二进制"),
        ("scan_pdf", "OCR"),
        ("corrupt_docx", "Word 文件已损坏"),
    ],
)
def test_unusable_file_is_skipped_with_a_reason(batch: dict[str, Any], key: str, reason: str) -> None:
    name = batch["files"][key].name
    assert reason in batch["skipped"][name]
    assert not _clauses(batch, key)


def test_the_run_goes_on_past_bad_files(batch: dict[str, Any]) -> None:
    report = batch["report"]
    # 巫溪 + gbk, gb18030, bom, utf16, dup-a, plain, the Chinese-named one
    assert report.documents == 8, report.skipped
    assert read_manifest(batch["cfg"])["name"] == report.build


def test_same_text_under_two_names_is_indexed_once_and_said_so(batch: dict[str, Any]) -> None:
    assert _clauses(batch, "dup_a") and not _clauses(batch, "dup_b")
    assert batch["skipped"]["dup-b.txt"] == "与 dup-a.txt 内容相同 (duplicate), 已跳过"


def test_copy_of_an_indexed_document_does_not_evict_it(batch: dict[str, Any]) -> None:
    assert "duplicate" in batch["skipped"]["巫溪 副本.txt"] and WUXI.name in batch["skipped"]["巫溪 副本.txt"]
    assert batch["bot"].index.facts.clauses(source=WUXI.name)
    assert not _clauses(batch, "copy_of_indexed")


def test_document_without_numbering_becomes_paragraph_clauses(batch: dict[str, Any]) -> None:
    clauses = _clauses(batch, "plain")
    assert [(c.kind, c.section) for c in clauses] == [("paragraph", f"第{i}段") for i in (1, 2, 3)]
    assert "无序号段落服务" in clauses[1].text


def test_file_name_with_spaces_and_chinese_is_kept_and_cited(batch: dict[str, Any]) -> None:
    clauses = _clauses(batch, "chinese_name")
    assert clauses and all(c.source == CHINESE_NAME for c in clauses)
    a = batch["bot"].ask("中文文件名医养结合示范机构要建成几家？")
    assert a.found and any(c.clause.source == CHINESE_NAME for c in a.citations), a.text


def test_previous_index_keeps_serving_after_the_batch(batch: dict[str, Any]) -> None:
    assert batch["first"].documents == 1
    a = batch["bot"].ask(WUXI_QUESTION)
    assert a.found and "20张" in a.text


def test_a_batch_of_only_bad_files_leaves_the_index_unchanged(batch: dict[str, Any]) -> None:
    cfg: IndexConfig = batch["cfg"]
    before = read_manifest(cfg)["name"]
    with pytest.raises(NoDocuments, match="index is unchanged") as err:
        ingest([batch["files"]["empty"], batch["files"]["binary"]], cfg, replace=True)
    assert "empty.txt" in str(err.value)
    assert read_manifest(cfg)["name"] == before
    assert open_bot(cfg).ask(WUXI_QUESTION).found


def test_file_removed_between_runs_leaves_the_index(tmp_path: Path) -> None:
    cfg = fake_cfg(tmp_path / "data")
    keep, gone = tmp_path / "keep.txt", tmp_path / "gone.txt"
    keep.write_text(notice("保留文件"), encoding="utf-8")
    gone.write_text(notice("删除文件"), encoding="utf-8")
    assert ingest([keep, gone], cfg).documents == 2
    gone.unlink()
    report = ingest([keep], cfg)
    assert report.removed == [str(gone.resolve())]
    assert report.documents == 1 and not report.skipped
    bot = open_bot(cfg)
    assert not bot.index.facts.clauses(source="gone.txt")
    assert bot.index.facts.clauses(source="keep.txt")


def test_five_megabyte_document_parses_whole(tmp_path: Path) -> None:
    path = _five_mb(tmp_path)
    t0 = time.perf_counter()
    doc = parse_document(path, {})
    assert time.perf_counter() - t0 < 60
    articles = [c for c in doc.clauses if c.section.startswith("第")]
    assert len(articles) > 30000
    assert articles[-1].section == f"第{len(articles)}条"
    original = path.read_text(encoding="utf-8")
    assert all(original[c.start : c.end] == c.text for c in articles[:: max(1, len(articles) // 500)])


@pytest.mark.slow
def test_five_megabyte_document_ingests_and_answers(tmp_path: Path) -> None:
    """Slow (about 3.5 minutes on 2 cores: ~32,000 clauses to tokenize, embed and store)."""
    cfg = fake_cfg(tmp_path / "data")
    report = ingest([_five_mb(tmp_path)], cfg)
    assert report.documents == 1 and report.clauses > 30000
    assert open_bot(cfg).ask("第12345条要建成的是第几个医养结合机构？").found


def _five_mb(tmp_path: Path) -> Path:
    lines = ["关于印发《某县医养结合大文件》的通知\n"]
    size, i = len(lines[0].encode()), 0
    while size < 5_000_000:
        i += 1
        line = f"第{i}条 各乡镇要推进医养结合服务，到2027年建成第{i}个医养结合机构，由县卫生健康委牵头负责，县民政局配合。\n"
        lines.append(line)
        size += len(line.encode())
    path = tmp_path / "big.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return path


# ---------------------------------------------------------------- paths on the command line


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """``yiyang`` in-process (same code as the console script) on a temp data dir."""
    import cli as cli_module

    data = tmp_path / "data"
    monkeypatch.setenv("YIYANG_DATA_DIR", str(data))  # the CLI writes these; monkeypatch restores them
    monkeypatch.setenv("YIYANG_EMBED_BACKEND", "fake")
    runner = CliRunner()

    def run(*args: str) -> Any:
        return runner.invoke(cli_module.app, ["--data-dir", str(data), "--backend", "fake", *args])

    return run


def test_paths_outside_the_corpus_on_the_command_line(cli: Any, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere" / "outside.txt"
    outside.parent.mkdir()
    outside.write_text(notice("库外文件"), encoding="utf-8")
    missing = tmp_path / "nowhere" / "missing.txt"
    result = cli("ingest", "/etc/passwd", str(missing), str(outside))
    assert result.exit_code == 0, result.output
    out = "".join(result.output.split())  # rich wraps long lines
    assert "/etc/passwd:不支持的文件类型" in out  # not a policy file: refused, never read
    assert f"{missing}:文件不存在" in out
    assert "1份文件" in out  # an explicit .txt is the operator's choice: indexed
    shown = cli("show", "../../etc/passwd")
    assert shown.exit_code == 1 and "no document" in shown.output  # show reads the index, never a path


def test_only_bad_paths_fail_cleanly(cli: Any) -> None:
    result = cli("ingest", "/etc/passwd", "/nonexistent/x.txt")
    assert result.exit_code == 1
    assert "indexisunchanged" in "".join(result.output.split())
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
