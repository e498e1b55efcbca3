"""Splitting multi-part questions, and the kind of a sub-question."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from assistant.understanding import Question, fold


def split_question(q: Question, parser: Any, tokens: Callable[[str], list[str]] | None = None) -> list[Question]:
    """"护理型床位2025年要达到多少？其中中医医养护理型床位占多少？" -> one question per part. A later
    part with a subject of its own ("护理型床位占比多少", "终期评估做完了没") is asked on its own,
    keeping the place and year; one without ("多久办好", "那巫溪县呢") is a follow-up of the part
    before it. Lists and counts split only into parts that each name something ("要几个、床位多少"),
    not "有几项、分别是哪些", which one listing answers."""
    if q.followup:
        # "这个时间节点过了吗" completed from the history is one question, not the old one again;
        # "2024年的基数是多少？2025年呢？" is two follow-ups of the same conversation
        raw = _pieces(fold(q.raw))
        if len(raw) < 2:
            return [q]
        parts = []
        for p in raw:
            sub = _inherit(parser.parse(p + "？", history=q.history, today=q.today), q)
            own = parser.classify(p, sub.regions)  # what this part asks: 啥时候要完成 -> deadline, 谁负责 -> owner
            sub.kind = own if own != "fact" else sub.kind
            parts.append(sub)
        return parts
    pieces = _pieces(q.text)
    if len(pieces) < 2 or q.kind in ("comparison", "reverse_owner", "meta", "structure"):
        return [q]
    own = [tokens is not None and _has_subject(p, parser, tokens) for p in pieces]
    if q.kind in ("list", "count") and not all(own[1:]):
        return [q]
    out: list[Question] = []
    for p, standalone in zip(pieces, own):
        # the conversation before the question, and the part before this one when it leans on it
        history = list(q.history) + ([{"role": "user", "content": out[-1].text}] if out and not standalone else [])
        sub = _inherit(parser.parse(p + "？", history=history, today=q.today), q)
        if out and not standalone:
            # completed from the part before ("…谁来牵头建，要建多少个"), it still asks what it asks
            own = parser.classify(p, sub.regions)
            sub.kind = sub_kind(p) if own in ("fact", "count") else own
        out.append(sub)
    return out


def _inherit(sub: Question, q: Question) -> Question:
    """A part keeps the whole question's place, year and date, and its kind when it has none."""
    sub.regions = sub.regions or q.regions
    sub.years = sub.years or q.years
    sub.today = q.today
    if sub.kind in ("fact", "target") and q.kind in ("target", "fact"):
        sub.kind = sub_kind(sub.text)
    elif sub.kind == "fact":
        sub.kind = q.kind
    return sub


def _pieces(text: str) -> list[str]:
    pieces = [p for part in re.split(r"[？?]|；|其中", text) for p in _asks(part) if len(p.strip("，, ")) >= 2]
    return [p for p in pieces if len(p.strip("，, ")) >= 4 or _ASK.search(p)]


_QUESTION_WORDS = re.compile(r"多少|多久|多长|几|哪些|哪个|哪天|哪年|什么|怎么|如何|是否|有没有|吗|呢|了没|没有|谁|要求|目标")


def _has_subject(piece: str, parser: Any, tokens: Callable[[str], list[str]]) -> bool:
    """The part names a thing the documents speak of (a word of the corpus, not a place, a year,
    a question word or an attribute such as 收费/时限 that only has a meaning for a thing named
    before): it can be asked on its own."""
    text = _QUESTION_WORDS.sub(" ", re.sub(r"20\d\d年?", " ", piece))
    for alias, _ in parser._alias_to_region:
        text = text.replace(alias, " ")
    attributes = set(parser.lexicon.get("attribute_words", []))
    return any(len(t) >= 2 and parser.in_corpus(t) and t not in attributes for t in tokens(text))


_ASK = re.compile(r"几|多少|多久|多长时间|哪些|哪个|哪里|哪儿|去哪|在哪|谁|什么时候|何时|是否|吗")


def _asks(part: str) -> list[str]:
    """"医养结合机构要几个、床位多少": two asks joined by 、/， are two questions. A piece that adds
    no ask of its own ("2025年的指标是多少" after "多少护士") stays with the one before it, and a
    piece that starts with the ask word ("每张床配多少医生、多少护士") borrows the frame of the
    first piece ("每张床配" + "多少护士")."""
    pieces = [p for p in re.split(r"[、，,]", part) if p.strip()]
    if len(pieces) < 2 or not _ASK.search(pieces[0]):
        return [part]
    groups: list[str] = [pieces[0]]
    for p in pieces[1:]:
        stripped = _QUESTION_WORDS.sub("", re.sub(r"20\d\d年?的?", "", p)).strip("的是 ")
        if not _ASK.search(p) or len(p) > 14 or len(stripped) < 2 or stripped in _CLARIFIERS:
            groups[-1] += "，" + p  # not a new ask: a condition or a clarification of the last one
        else:
            groups.append(p)
    if len(groups) < 2:
        return [part]
    first = groups[0]
    head = _ASK.search(first)
    frame = first[: head.start()] if head else ""
    return [first] + [frame + g if _ASK.match(g) and frame else g for g in groups[1:]]


_CLARIFIERS = {"指标", "目标", "要求", "标准", "具体", "分别"}


def sub_kind(text: str) -> str:
    return "target" if re.search(r"多少|比例|目标|达到|几", text) else "fact"
