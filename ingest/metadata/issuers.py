"""Where the issuers are named: the red header above the title, a name before the title, the signature block."""

from __future__ import annotations

import re
import unicodedata

from ingest.metadata.dates import _signing_date
from ingest.metadata.organs import ORG_ENDINGS, _is_org, _pieces, _split_glued
from ingest.metadata.patterns import _CJK, _DATE, _DOCNO, _SENTENCE_PUNCT
from ingest.metadata.title import _is_title_start

_ORG_PREFIX = re.compile(
    rf"^([{_CJK}]{{3,30}}?(?:{'|'.join(ORG_ENDINGS)}))(?:等[0-9一二三四五六七八九十]+个?(?:部门|单位))?(?:关于|印发|转发)"
)


def _issuers(lines: list[str], head: list[str], block: tuple[int, int, str] | None) -> list[str]:
    found: list[str] = []
    for i, line in enumerate(head):  # a web page may repeat the title: look above each
        if _is_title_start(line):
            found += _header_organs(head, i)
    if block:
        m = _ORG_PREFIX.match(block[2])
        if m:
            found.extend(_split_glued(m.group(1)))  # 六安市卫生健康委员会六安市民政局关于…
    found += _signature_organs(lines, len(head))
    return list(dict.fromkeys(n for n in found if _is_org(n)))


def _header_organs(head: list[str], title_line: int) -> list[str]:
    """Organ lines right above the title block (skipping 文号, ``文件`` and blank lines)."""
    collected: list[str] = []
    for line in reversed(head[:title_line]):
        s = line.strip()
        if not s or s == "文件" or _DOCNO.fullmatch(s.replace(" ", "")):
            continue
        s = re.sub(r"\s*文件$", "", s)
        names = _pieces([s])
        if not names or not all(_is_org(n) for n in names):
            break
        collected[:0] = names
    return collected


def _signature_organs(lines: list[str], head_len: int) -> list[str]:
    """Organ names in the lines above the signing date (and before it on its own line)."""
    at, _ = _signing_date(lines, head_len)
    if at < 0:
        return []
    date_line = unicodedata.normalize("NFKC", lines[at])
    block = [date_line[: _DATE.search(date_line).start()]]  # type: ignore[union-attr]
    blanks = 0
    for line in reversed(lines[max(0, at - 30) : at]):
        s = line.strip()
        if not s:
            blanks += 1
            if blanks > 6:
                break
            continue
        if _SENTENCE_PUNCT.search(s) or "关于" in s or "通知" in s or len(s) > 150:
            break
        block.insert(0, s)
        blanks = 0
    return [n for n in _pieces(block) if _is_org(n)]
