"""Splitting multi-part questions, and the kind of a sub-question."""

from __future__ import annotations

import re
from typing import Any

from assistant.understanding import Question


def split_question(q: Question, parser: Any) -> list[Question]:
    """"护理型床位2025年要达到多少？其中中医医养护理型床位占多少？" -> one question per part; a later
    part such as "那巫溪县呢" is read as a follow-up of the part before it."""
    pieces = [p for part in re.split(r"[？?]|；|其中", q.text) for p in _asks(part) if len(p.strip("，, ")) >= 2]
    pieces = [p for p in pieces if len(p.strip("，, ")) >= 4 or _ASK.search(p)]
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


_ASK = re.compile(r"几|多少|哪些|哪个|谁|什么时候|何时|是否|吗")


def _asks(part: str) -> list[str]:
    """"医养结合机构要几个、床位多少": two asks joined by 、/， are two questions."""
    pieces = re.split(r"[、，,]", part)
    if len(pieces) == 2 and all(_ASK.search(p) for p in pieces) and len(pieces[1]) <= 12:
        return pieces
    return [part]


def sub_kind(text: str) -> str:
    return "target" if re.search(r"多少|比例|目标|达到|几", text) else "fact"
