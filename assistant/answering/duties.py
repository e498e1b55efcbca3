"""Owners named as the subject of a duty sentence: "中医药管理部门要研究制定……".

The 明确职责 / 明确分工 paragraphs of a plan give each body its duties in one sentence that opens
with the body: "城区党委宣传部、城区文新广体局要加强医养结合的宣传". A who-question about what such
a sentence says is answered by its subject, not by the task the paragraph as a whole was filed
under.

Example:
    >>> duty_subject("城区党委宣传部、城区文新广体局要加强医养结合的宣传；")
    ['城区党委宣传部', '城区文新广体局']
    >>> duty_subject("各相关部门按属地管理原则和职能分工，采取各种方式开展宣传")
    []
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.base import Toolkit
from assistant.types import Answer, AnswerItem, Context
from assistant.understanding import Question

_SUBJECT = re.compile(r"^([^，,。；;：:（(]{2,60}?)(?:要|应当|应|负责|牵头|会同|按(?:属地|职责|职能|分工)|须|必须)")
_BODY = re.compile(r"(?:部门|局|委|办|厅|部|政府|办事处|中心|分局|支队|大队|院|会|所|站)$")
_GENERIC = re.compile(r"^(?:各|相关|有关|其他|其它)(?:相关|有关)?(?:部门|单位)$|^各部门$")
CLOSE_SECOND = 0.7
CLOSE_ANY = 0.9  # a named body's duty this close to a generic one ("各相关部门要……") answers instead


def duty_subject(sentence: str) -> list[str]:
    """The bodies a duty sentence opens with; [] when it opens with no body or a generic one."""
    m = _SUBJECT.match(sentence.strip())
    if not m:
        return []
    parts = [p.strip() for p in re.split(r"[、和与及]|会同", m.group(1)) if p.strip()]
    if not parts or not all(_BODY.search(p) for p in parts) or any(_GENERIC.match(p) for p in parts):
        return []
    return parts


def is_duty(sentence: str) -> bool:
    """The sentence opens with a body, named or generic, and what it must do."""
    m = _SUBJECT.match(sentence.strip())
    return bool(m) and bool(_BODY.search(re.split(r"[、和与及]", m.group(1))[-1].strip()))


class DutySentences:
    """"……是哪个部门的职责": the body that the best-matching duty sentence opens with."""

    MIN_SENTENCE_MATCH = 0.4

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        if self.kit.task_titled(q) is not None:
            return None  # "“统筹规划”那项": the quoted task's owners answer, not a sentence using the words
        words = self.kit.content_words(q, substituted=True)
        if not any(duty_subject(p.sentence) and self.kit.relevance(words, p, sentence_only=True) >= self.MIN_SENTENCE_MATCH
                   for p in self.kit.passage_candidates(contexts)):
            return None  # no duty sentence holds the words: none answers, however they would rank
        words, picks = self.kit.passage_picks(q, contexts)
        if not picks:
            return None
        led_by_duty = is_duty(picks[0].sentence)
        first = self.kit.relevance(words, picks[0], sentence_only=True)
        for p in picks[:3]:
            bodies = duty_subject(p.sentence)
            if not bodies or p.score < CLOSE_SECOND * picks[0].score:
                continue
            relevance = self.kit.relevance(words, p, sentence_only=True)
            if relevance < self.MIN_SENTENCE_MATCH:
                continue
            # not led by a duty sentence: a duty that matches the words better and scores nearly as high
            if not led_by_duty and (p.score < CLOSE_ANY * picks[0].score or relevance <= first):
                continue
            who = "、".join(bodies)
            sentence = p.sentence.strip().rstrip("；;，,")
            text = f"由{who}负责（{p.context.clause.section}）：“{sentence[:120]}”。"
            cite = self.kit.cite(p.context.clause, p.sentence)
            return Answer(text=text, found=True, kind=q.kind, citations=[cite], lead=f"由{who}负责",
                          items=[AnswerItem(text=b, citation=0) for b in bodies])
        return None
