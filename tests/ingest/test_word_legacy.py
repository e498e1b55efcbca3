"""Old .doc / .wps files: converted by LibreOffice or antiword when found on PATH, else a clear refusal.

The converters are stand-in scripts on a PATH made for the test, so these run anywhere and
check what the reader asks of the tool (headless, a private profile, a time limit)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from wordfiles import WordFile

import ingest.readers.word_legacy as legacy
from ingest.loaders import LoadError, load_document
from ingest.pipeline import parse_document

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

FAKE_SOFFICE = """#!/bin/sh
echo "$@" > "$FAKE_LOG"
[ -n "$FAKE_SLEEP" ] && sleep "$FAKE_SLEEP"
while [ $# -gt 0 ]; do
  [ "$1" = "--outdir" ] && { shift; out="$1"; }
  last="$1"; shift
done
mkdir -p "$out"
name=$(basename "$last")
cp "$FAKE_DOCX" "$out/${name%.*}.docx"
"""

FAKE_ANTIWORD = """#!/bin/sh
echo "$@" > "$FAKE_LOG"
printf '关于印发某县医养结合方案的通知\\n\\n一、总体要求\\n\\n|序号|工作任务|责任单位|\\n|1|建设服务中心|县卫生健康局|\\n\\n二、保障措施\\n'
"""


def tool(bin_dir: Path, name: str, script: str) -> None:
    bin_dir.mkdir(exist_ok=True)
    path = bin_dir / name
    path.write_text(script, encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def converted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake soffice on PATH that 'converts' any input into a numbered .docx."""
    w = WordFile()
    num = w.numbering([("chineseCounting", "%1、"), ("chineseCounting", "（%2）")])
    w.para("关于印发某县医养结合方案的通知")
    w.para("总体要求", num=num)
    w.para("完善服务网络", num=num, ilvl=1)
    w.para("到2025年建成3家医养结合机构。")
    w.save(tmp_path / "converted.docx")
    tool(tmp_path / "bin", "soffice", FAKE_SOFFICE)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}:/usr/bin:/bin")
    monkeypatch.setenv("FAKE_DOCX", str(tmp_path / "converted.docx"))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "args.txt"))
    return tmp_path


def test_doc_is_converted_by_libreoffice_and_keeps_word_numbering(converted: Path) -> None:
    path = converted / "old_plan.doc"
    path.write_bytes(OLE)
    doc = parse_document(path, {})
    assert [c.section for c in doc.clauses] == ["", "一、", "一、（一）"]
    assert "到2025年建成3家" in doc.clauses[-1].text
    args = (converted / "args.txt").read_text()
    assert "--headless" in args and "--convert-to docx" in args and "-env:UserInstallation=file://" in args
    assert load_document(path).media_type == "application/msword"


def test_wps_in_the_ole_container_is_handed_over_as_doc(converted: Path) -> None:
    path = converted / "notice.wps"
    path.write_bytes(OLE)
    assert load_document(path).text.split("\n")[1] == "一、总体要求"
    assert (converted / "args.txt").read_text().rstrip().endswith("input.doc")


def test_a_hanging_conversion_is_killed(converted: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FAKE_SLEEP", "30")
    monkeypatch.setattr(legacy, "CONVERT_SECONDS", 1)
    path = converted / "stuck.doc"
    path.write_bytes(OLE)
    with pytest.raises(LoadError, match="超时"):
        load_document(path)


def test_antiword_text_when_libreoffice_is_missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tool(tmp_path / "bin", "antiword", FAKE_ANTIWORD)
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("FAKE_LOG", str(tmp_path / "args.txt"))
    path = tmp_path / "old.doc"
    path.write_bytes(OLE)
    doc = parse_document(path, {})
    row = next(c for c in doc.clauses if c.kind == "table_row")
    assert row.columns == {"序号": "1", "工作任务": "建设服务中心", "责任单位": "县卫生健康局"}
    assert [c.section for c in doc.clauses if c.kind != "table_row"] == ["", "一、", "二、"]
    assert "-w 0" in (tmp_path / "args.txt").read_text()


def test_no_converter_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    path = tmp_path / "old.doc"
    path.write_bytes(OLE)
    with pytest.raises(LoadError) as err:
        load_document(path)
    assert "apt-get install libreoffice-writer" in err.value.reason and "antiword" in err.value.reason
    assert "另存为 .docx" in err.value.reason
