"""The signing date: a date alone on its line or after the signing organs, in Arabic or Chinese numerals."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from ingest.metadata.organs import _is_org, _pieces
from ingest.metadata.patterns import _DATE


def _signing_date(lines: list[str], head_len: int) -> tuple[int, str]:
    """``(line index, ISO date)`` of the signing date; ``(-1, "")`` when there is none."""
    tail_from = max(head_len, len(lines) - 40)
    for i in [*range(head_len), *range(tail_from, len(lines))]:
        iso = _standalone_date(lines[i])
        if iso:
            return i, iso
    return -1, ""


def _container_date(value: str) -> str:
    """An ISO date given by the container (``2024-03-05``, ``2024年3月5日``), else ``""``."""
    m = re.search(r"([0-9]{4})\D{1,2}([0-9]{1,2})\D{1,2}([0-9]{1,2})", unicodedata.normalize("NFKC", value))
    return _iso(*m.groups()) if m else ""


def _standalone_date(line: str) -> str:
    if line.startswith("\t") or "印发" in line:
        return ""
    s = unicodedata.normalize("NFKC", line).strip()
    m = _DATE.search(s)
    if not m or s[m.end() :].strip():
        return ""
    before = re.sub(r"^(?:成文日期|签发日期|成文时间)\s*:\s*", "", s[: m.start()]).strip()
    if before and not all(_is_org(p) for p in _pieces([before])):
        return ""
    return _iso(*m.groups())


def _iso(year: str, month: str, day: str) -> str:
    try:
        return dt.date(_cn_int(year, digitwise=True), _cn_int(month), _cn_int(day)).isoformat()
    except (KeyError, ValueError):  # 十十年, 2022年13月...: not a date
        return ""


def _cn_int(s: str, digitwise: bool = False) -> int:
    """``"2022"``, ``"二〇二二"`` (digit by digit), ``"十二"``, ``"二十一"`` -> int."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
    if s.isdigit() and s.isascii():
        return int(s)
    if digitwise or "十" not in s:
        return int("".join(str(digits[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


_PUBLISHED_LINE = re.compile(r"^(?:发布时间|发布日期|发稿时间|公开日期)\s*:\s*([0-9]{4})\s*[-年/.]\s*([0-9]{1,2})\s*[-月/.]\s*([0-9]{1,2})")


def published_in_text(text: str, head_lines: int = 20) -> str:
    """The ISO date of a ``发布时间：2017-10-20 09:39`` line near the top (a saved page as text, a
    政策解读 PDF), ``""`` when there is none."""
    for line in text.splitlines()[:head_lines]:
        m = _PUBLISHED_LINE.match(unicodedata.normalize("NFKC", line).strip())
        if m:
            return _iso(*m.groups())
    return ""
