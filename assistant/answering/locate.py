"""Where a document says something: "这个是放在规划哪项任务里讲的", "医保定点是第几条规定的".

The answer is the place in the document's tree of the clause that says it (its section path and
headings) with the sentence quoted, so the user can find it in the original. A follow-up ("这个…")
has already been resolved against the conversation by the parser, so the retrieved clauses are
about what the previous answer said.

Example:
    >>> place_of(("四、重点任务", "（七）大力发展中医药健康养老服务"), "四、（七）")
    '四、（七）“四、重点任务 > （七）大力发展中医药健康养老服务”'
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.base import Toolkit
from assistant.sentences import trim_sentence
from assistant.types import Answer, Context
from assistant.understanding import Question

_ASKING = re.compile(r"规定的?|讲的?|说的?|提到的?|写的?|是在|放在|里面|里")
MIN_MATCH = 0.3  # share of the question's words the clause must hold to be named as the place


def place_of(headings: Sequence[str], section: str) -> str:
    """A clause's place: its section label and the headings above it."""
    path = " > ".join(h.strip().rstrip("。.") for h in headings if h.strip())
    return f"{section}“{path}”" if path and path != section else section


class Location:
    """The section (and headings) of the clause that best says what the question describes."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        words = self.kit.content_words(q, substituted=True)
        for cue in sorted(self.kit.bot.parser.lexicon["kinds"].get("locate", []), key=len, reverse=True):
            words = words.replace(cue, " ")  # "第几条", "哪一部分" say what is asked, not about what
        words = _ASKING.sub(" ", words)
        if not any(self.kit.relevance(words, p) >= MIN_MATCH for p in self.kit.bot.picker.candidates(contexts[:5])):
            return None  # no clause holds the words, whichever sentence would rank first
        picks = self.kit.bot.picker.pick(words, contexts[:5], extra_terms=q.expansions, asked=q.text)
        if not picks:
            return None
        best = picks[0]
        if self.kit.relevance(words, best) < MIN_MATCH:
            return None
        clause = best.context.clause
        doc = self.kit.bot.docs.get(clause.source)
        title = doc.citation_head().split("(")[0] if doc else clause.source
        if clause.kind == "preamble" or not clause.section:
            where = "通知正文（方案前的说明）"
        else:
            where = place_of(clause.headings, clause.section)
        quote = trim_sentence(best.sentence.strip(), self.kit.tokens(words))
        text = f"出自{title}{where}：“{quote.rstrip('。')}。”"
        return Answer(text=text, found=True, kind=q.kind, citations=[self.kit.cite(clause, quote)],
                      lead=f"出自{title}{where}")
