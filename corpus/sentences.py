"""Sentence splitting shared by ingest (sentence vectors) and the answer stage (quotes).

Example:
    >>> split_sentences("到2025年，床位达到20张。支持上门服务；鼓励签约。")
    ['到2025年，床位达到20张。', '支持上门服务；', '鼓励签约。']
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=[。；;！!？?])|(?<=[^\d.]\.)(?=\D)|\n+")
# A line break inside a sentence (a scan line the layout did not join: "开展季度评\n价，…") is no
# sentence end: CJK on both sides and no punctuation before it.
_SOFT_BREAK = re.compile(r"(?<=[\u4e00-\u9fff，、（(“])\n(?=[\u4e00-\u9fff，、。；）)”])")


_MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.．、]|第[一二三四五六七八九十]+[章节条])")
_TITLE = re.compile(r"(?:通知|方案|意见|办法|规划|计划|措施|要点|指引|指南|决定|公告)$")


def split_sentences(text: str) -> list[str]:
    """Sentences at 。；;！？, at a sentence-ending ASCII dot (not a decimal point) and at line
    breaks that end a line of text (not one that cuts a sentence)."""
    parts = [p.strip() for p in _SPLIT.split(_SOFT_BREAK.sub(_join_if_mid_sentence, text))]
    return [p for p in parts if len(p) >= 2]


def _join_if_mid_sentence(m: re.Match[str]) -> str:
    """Drop the break when the words before it are the middle of a sentence: not a heading line
    (一、目标要求), not a title (…的通知), and long enough to have been cut at a line end."""
    start = max(m.string.rfind(c, 0, m.start()) for c in "。；;！？\n") + 1
    fragment = m.string[start:m.start()].strip()
    if len(fragment) < 12 or _MARKER.match(fragment) or _TITLE.search(fragment):
        return "\n"
    return ""


def clause_sentences(text: str, kind: str) -> list[str]:
    """The sentences of a clause as the answer stage scores them: a table row is one statement."""
    return [text] if kind == "table_row" else split_sentences(text)
