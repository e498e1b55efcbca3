"""The title block before the first heading, and the title a 通知 publishes (``印发《X》的通知`` -> X)."""

from __future__ import annotations

import re
from pathlib import Path

from ingest.metadata.patterns import _DATE, _DOCNO, _SENTENCE_PUNCT

DOC_TYPES = ("方案", "意见", "规划", "办法", "规定", "细则", "计划", "纲要", "决定", "措施", "要点", "清单", "条例", "通知", "公告", "通告", "指南", "标准")  # fmt: skip
_PUBLISH_VERB = re.compile(r"(?:印发|转发|下发|发布|公布|颁布)\s*《|关于\s*《.*征求意见")


def _is_title_start(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 80 or _SENTENCE_PUNCT.search(s):
        return False
    if s.startswith(("根据", "为", "按照", "经", "现将", "请", "各")):
        return False
    return "关于" in s or re.search(r"(?:印发|转发|下发)\s*[《«]", s) is not None


def _is_continuation(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 80 and not any(p.search(s) for p in (_SENTENCE_PUNCT, _DATE, _DOCNO))


def _title_block(head: list[str]) -> tuple[int, int, str] | None:
    """``(first line, last line, joined text)`` of the first 通知 or title block in ``head``."""
    for i, line in enumerate(head):
        if not _is_title_start(line):
            continue
        joined, best, blanks, j = _clean_title(line), None, 0, i
        while True:
            if joined.endswith("通知"):
                return i, j, joined
            if _ends_like_title(joined):
                best = (i, j, joined)
            j += 1
            while j < len(head) and not head[j].strip() and blanks < 2:
                j, blanks = j + 1, blanks + 1
            if j >= len(head) or not _is_continuation(head[j]) or len(joined) > 150 or j - i > 8:
                break
            joined, blanks = joined + _clean_title(head[j]), 0
        if best:
            return best
    return None


def _ends_like_title(s: str) -> bool:
    s = re.sub(r"[（(][^（()）]*[）)]$", "", s.rstrip("》»"))
    return s.endswith(DOC_TYPES)


def _split_wrapper(block: str) -> tuple[str, str]:
    """``(wrapper_title, title)`` from a title block."""
    wrapper = _clean_title(block)
    if not _PUBLISH_VERB.search(wrapper):
        m = re.search(r"关于(?:印发|转发|下发|发布|公布)(.+?)的通知$", wrapper)
        return (wrapper, m.group(1)) if m else ("", wrapper)
    start = wrapper.index("《") + 1
    depth, end = 1, None
    for k in range(start, len(wrapper)):
        depth += {"《": 1, "》": -1}.get(wrapper[k], 0)
        if depth == 0:
            end = k
            break
    if end is None:  # 《 never closed (a real typo in the wild): the title runs to 的通知
        inner = re.sub(r"》?(?:公开征求意见)?的通知$", "", wrapper[start:])
        return wrapper[: start - 1] + "《" + inner + "》" + wrapper[start + len(inner) :], inner
    return wrapper, wrapper[start:end]


def _fallback_title(head: list[str], source: str) -> str:
    for line in head:
        s = _clean_title(line)
        if s and len(s) <= 80 and _ends_like_title(s) and not _SENTENCE_PUNCT.search(s):
            return s
    first = next((_clean_title(x) for x in head if x.strip()), "")
    return first[:80] or Path(source).stem


def _clean_title(s: str) -> str:
    """Display form of a title: «» as 《》, half-width digits, no spaces between CJK."""
    s = s.translate(str.maketrans("«»‹›０１２３４５６７８９", "《》〈〉0123456789"))
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", s.strip())
