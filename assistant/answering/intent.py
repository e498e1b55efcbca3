"""Splitting multi-part questions, and the kind of a sub-question."""

from __future__ import annotations

import re
from typing import Any

from assistant.understanding import Question


def split_question(q: Question, parser: Any) -> list[Question]:
    """"护理型床位2025年要达到多少？其中中医医养护理型床位占多少？" -> one question per part; a later
    part such as "那巫溪县呢" is read as a follow-up of the part before it."""
    pieces = [p for p in re.split(r"[？?]|；|其中", q.text) if len(p.strip("，, ")) >= 4]
    if len(pieces) < 2 or q.kind in ("comparison", "reverse_owner", "meta", "list", "count", "structure"):
        return [q]
    out: list[Question] = []
    for p in pieces:
        history = [{"role": "user", "content": out[-1].text}] if out else None
        sub = parser.parse(p + "？", history=history)
        sub.regions = sub.regions or q.regions
        sub.years = sub.years or q.years
        if sub.kind in ("fact", "target") and q.kind in ("target", "fact"):
            sub.kind = sub_kind(sub.text)
        elif sub.kind == "fact":
            sub.kind = q.kind
        out.append(sub)
    return out


def sub_kind(text: str) -> str:
    return "target" if re.search(r"多少|比例|目标|达到|几", text) else "fact"
