"""Character-bigram matching of indicator and task names against question words."""

from __future__ import annotations

import re


def bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s\d（）()%％，。、；：]", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def overlap(indicator: str, question: str) -> float:
    """Share of the indicator's character bigrams found in the question."""
    a = bigrams(indicator)
    return len(a & bigrams(question)) / len(a) if a else 0.0


def match_f1(indicator: str, question: str) -> float:
    """F1 of shared character bigrams: a short indicator inside a long question scores low."""
    a, q = bigrams(indicator), bigrams(question)
    common = len(a & q)
    if not common:
        return 0.0
    p, r = common / len(a), common / len(q)
    return 2 * p * r / (p + r)
