"""Pick the sentences of retrieved clauses that answer a question (extractive, no LLM).

A sentence scores by the question words it contains, weighted by how specific they are
(rare, long words count more), plus the years and numbers the question names, plus a prior
from its clause's retrieval rank. The winner is quoted verbatim, so the quote always occurs
literally in the cited clause.

Example:
    >>> pick = SentencePicker(lambda s: list(s))                              # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.types import Context

_SPLIT = re.compile(r"(?<=[。；;！!？?])|(?<=\.)(?=[^\d])")
_NUM = re.compile(r"\d+(?:\.\d+)?")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")


@dataclass(frozen=True)
class Picked:
    """A sentence, the context it came from, and its score."""

    sentence: str
    context: Context
    score: float


def split_sentences(text: str) -> list[str]:
    """Sentences at 。；;！？ and at a sentence-ending ASCII dot (not a decimal point)."""
    parts = [p.strip() for p in _SPLIT.split(text)]
    return [p for p in parts if len(p) >= 2]


def quoted_phrases(question: str) -> list[str]:
    """Phrases the user put in quotes: they must appear in the answer's clause."""
    return _QUOTED.findall(question)


class SentencePicker:
    """Scores sentences of the top contexts against a question."""

    def __init__(self, tokenize: Callable[[str], list[str]], idf: Callable[[str], float] | None = None) -> None:
        self.tokenize = tokenize
        self.idf = idf or (lambda tok: 1.0)

    def weights(self, question: str, extra: Sequence[str] = ()) -> dict[str, float]:
        toks = set(self.tokenize(question)) | set(extra)
        return {t: self.idf(t) * (1.0 + 0.35 * min(len(t), 6)) for t in toks if len(t) >= 2 or t.isdigit()}

    def pick(
        self,
        question: str,
        contexts: Sequence[Context],
        extra_terms: Sequence[str] = (),
        years: Sequence[int] = (),
        top_contexts: int = 5,
        need_number: bool = False,
    ) -> list[Picked]:
        """Sentences ranked best first (at most one list over the first ``top_contexts`` contexts)."""
        w = self.weights(question, extra_terms)
        total = sum(w.values()) or 1.0
        out: list[Picked] = []
        for rank, ctx in enumerate(contexts[:top_contexts]):
            prior = 0.25 / (1 + rank)
            heading = " ".join(ctx.clause.headings[-1:])
            for sent in split_sentences(ctx.clause.text):
                toks = set(self.tokenize(sent + " " + heading))
                hit = sum(v for t, v in w.items() if t in toks or (len(t) >= 2 and t in sent))
                score = hit / total + prior
                if years:
                    score += 0.3 * sum(str(y) in sent for y in years) / len(years)
                    if not any(str(y) in sent for y in years) and any(
                        re.search(rf"{y}", ctx.clause.text) for y in years
                    ):
                        score -= 0.05
                if need_number and not _NUM.search(sent):
                    score -= 0.3
                if len(sent) > 220:
                    score -= 0.05 * math.log(len(sent) / 220 + 1)
                out.append(Picked(sent, ctx, score))
        out.sort(key=lambda p: -p.score)
        return out


def trim_sentence(sentence: str, keywords: Sequence[str], limit: int = 140) -> str:
    """Shorten a long sentence to the clause-parts (split at ，) around the keywords it matches."""
    if len(sentence) <= limit:
        return sentence
    parts = re.split(r"(?<=[，,：:])", sentence)
    scored = [(sum(k in p for k in keywords), i) for i, p in enumerate(parts)]
    best = max(scored)[1] if scored else 0
    lo = hi = best
    text = parts[best]
    while True:
        grown = False
        for j in (hi + 1, lo - 1):
            if 0 <= j < len(parts) and len(text) + len(parts[j]) <= limit:
                if j > hi:
                    hi, text = j, text + parts[j]
                else:
                    lo, text = j, parts[j] + text
                grown = True
        if not grown:
            break
    return text
