"""Old binary Word (.doc) and WPS Writer (.wps) files, converted by a tool found on the machine.

Many county offices still publish .doc (and Kingsoft .wps, the same OLE container). No Python
library reads them well, so the reader looks for:

1. LibreOffice (``soffice`` / ``libreoffice``): ``--headless --convert-to docx`` into a temp
   folder, then the .docx reader, so numbering, heading styles and merged table cells are kept;
   a private profile per run (``-env:UserInstallation``) lets conversions run side by side;
2. ``antiword``: text only, one paragraph per line (``-w 0``), its ``|a|b|`` table rows turned
   into TAB cells;
3. neither: :class:`LoadError` saying what to install (or to save the file as .docx).

A conversion that hangs is killed after :data:`CONVERT_SECONDS` (the whole process group:
soffice starts a child).

Example (antiword's table rows in the shared layout):
    >>> _antiword_lines("一、总体要求\\n|序号|任务|\\n|1|建床位|")
    ['一、总体要求', '\\t序号', '\\t任务', '', '\\t1', '\\t建床位', '']
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import replace
from pathlib import Path

from ingest.readers.base import Extracted, LoadError
from ingest.readers.docx import read_docx

__all__ = ["read_legacy_word", "CONVERT_SECONDS"]

CONVERT_SECONDS = 120
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAVE_AS = "；也可在 Word/WPS 中另存为 .docx 或 .pdf 后再导入"
_INSTALL = "本机没有可转换旧版 Word/WPS 文件的工具：请安装 LibreOffice（apt-get install libreoffice-writer）或 antiword（apt-get install antiword）"


def read_legacy_word(path: Path, data: bytes) -> Extracted:
    """Read a .doc or .wps file through LibreOffice, else antiword.

    Raises:
        LoadError: no converter installed, the conversion failed or timed out, or nothing was read.
    """
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office:
        return _via_libreoffice(office, path, data)
    antiword = shutil.which("antiword")
    if antiword:
        return _via_antiword(antiword, path, data)
    raise LoadError(path, _INSTALL + _SAVE_AS)


def _via_libreoffice(office: str, path: Path, data: bytes) -> Extracted:
    with tempfile.TemporaryDirectory(prefix="yiyang-doc-") as tmp:
        folder = Path(tmp)
        # Kingsoft .wps is the .doc container; the .doc name picks LibreOffice's Word filter for it
        src = folder / ("input.doc" if data[:8] == _OLE_MAGIC else "input" + path.suffix.lower())
        src.write_bytes(data)
        out = folder / "out"
        profile = (folder / "profile").as_uri()
        cmd = [office, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={profile}",
               "--convert-to", "docx", "--outdir", str(out), str(src)]  # fmt: skip
        _run(cmd, path, "LibreOffice")
        produced = out / (src.stem + ".docx")
        if not produced.is_file():
            raise LoadError(path, "LibreOffice 未能转换此文件（文件可能已损坏）" + _SAVE_AS)
        extracted = read_docx(path, produced.read_bytes())
    return replace(extracted, encoding=path.suffix.lower().lstrip("."))


def _via_antiword(antiword: str, path: Path, data: bytes) -> Extracted:
    with tempfile.NamedTemporaryFile(prefix="yiyang-doc-", suffix=".doc") as fh:
        fh.write(data)
        fh.flush()
        stdout = _run([antiword, "-m", "UTF-8.txt", "-w", "0", fh.name], path, "antiword")
    text = "\n".join(_antiword_lines(stdout.decode("utf-8", errors="replace")))
    if not text.strip():
        raise LoadError(path, "antiword 没有读出文字" + _SAVE_AS)
    return Extracted(
        text=text,
        encoding=path.suffix.lower().lstrip("."),
        paragraphed=True,
        notes=("旧版 Word 文件由 antiword 转为纯文本：自动编号与表格合并单元格可能丢失；安装 LibreOffice 可保留",),
    )


def _run(cmd: list[str], path: Path, tool: str) -> bytes:
    """Run a converter in its own process group, killed whole when it overruns."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=CONVERT_SECONDS)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise LoadError(path, f"{tool} 转换超时（超过 {CONVERT_SECONDS} 秒）" + _SAVE_AS) from None
    if proc.returncode != 0:
        # the converter names its temp input; the user knows the file by its own name
        detail = stderr.decode("utf-8", errors="replace").replace(cmd[-1], path.name).strip().splitlines()
        raise LoadError(path, f"{tool} 无法读取此文件（{detail[-1][:80] if detail else proc.returncode}）" + _SAVE_AS)
    return stdout


def _antiword_lines(text: str) -> list[str]:
    """antiword text -> the shared layout: ``|序号|任务|`` rows become TAB cells with a blank line after."""
    out: list[str] = []
    for line in text.replace("\r", "").split("\n"):
        stripped = line.strip()
        if len(stripped) > 1 and stripped.startswith("|") and stripped.endswith("|"):
            out.extend("\t" + cell.strip() for cell in stripped[1:-1].split("|"))
            out.append("")
        else:
            out.append(stripped)
    return out
