"""Sentence splitting shared by ingest (sentence vectors) and the answer stage (quotes).

Example:
    >>> split_sentences("到2025年，床位达到20张。支持上门服务；鼓励签约。")
    ['到2025年，床位达到20张。', '支持上门服务；', '鼓励签约。']
"""

from __future__ import annotations

import re

_SPLIT = re.compile(r"(?<=[。；;！!？?])|(?<=[^\d.]\.)(?=\D)|\n+")


def split_sentences(text: str) -> list[str]:
    """Sentences at 。；;！？ and at a sentence-ending ASCII dot (not a decimal point)."""
    parts = [p.strip() for p in _SPLIT.split(text)]
    return [p for p in parts if len(p) >= 2]


def clause_sentences(text: str, kind: str) -> list[str]:
    """The sentences of a clause as the answer stage scores them: a table row is one statement."""
    return [text] if kind == "table_row" else split_sentences(text)
