"""Conditions a question carries of its own that a sentence must fit: the user's number against a
rule's threshold ("我们有120张床" meets "150张以下", not "150张以上"), the age group asked about (60岁以上 is
not answered by a figure for 65岁以上), a national figure a local plan only compares with.

Example:
    >>> fitting_phrase("我们养老院120张床，怎么设医疗机构？", "150张以下床位的设医务室，150张以上的设门诊部")
    '150张以下'
    >>> other_age("60岁以上的老人有多少", "65岁以上老年人健康管理率72%以上"), national_number("超过全国平均水平")
    (True, False)
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.sentences import Picked

__all__ = ["NATIONAL_FIGURE", "AGE", "condition_fitting", "fitting_phrase", "national_number", "other_age"]

CONDITION_YIELD = 0.5  # a sentence whose threshold the user's number meets answers if it scores this share

_STATED = re.compile(r"(\d+)\s*(张|人|名|个|岁|平方米|家|所)(?!\d)")
_THRESHOLD = r"(\d+)\s*{unit}(?:床位)?(及以上|以上|及以下|以下|以内|不足|不满|以外)"


NATIONAL_FIGURE = re.compile(r"全国[^，。？?]{0,10}(?:是多少|有多少|多少|几)")


def national_number(sentence: str) -> bool:
    """The sentence gives a number for the national level (全国平均为77.9岁, 高出全国0.31个百分点)."""
    return any(re.search(r"\d", part) for part in re.findall(r"全国([^，。；;,]{0,16})", sentence))


AGE = re.compile(r"(\d{2,3})\s*(?:周)?岁(?:及)?以上")


def other_age(question: str, clause: str) -> bool:
    """The question names an age group (60岁以上) and the clause speaks only of others (65岁以上)."""
    asked = {m.group(1) for m in AGE.finditer(question)}
    said = {m.group(1) for m in AGE.finditer(clause)}
    return bool(asked) and bool(said) and not asked & said


def fitting_phrase(question: str, sentence: str) -> str:
    """"我们养老院120张床": the threshold of the sentence the user's number meets (150张以下), '' if none."""
    m = _STATED.search(question)
    if not m:
        return ""
    n, unit = int(m.group(1)), m.group(2)
    for t in re.finditer(_THRESHOLD.format(unit=unit), sentence):
        v, cmp = int(t.group(1)), t.group(2)
        if (cmp in ("以上", "及以上") and n >= v) or (cmp in ("以下", "及以下", "以内") and n <= v) \
                or (cmp in ("不足", "不满") and n < v):
            return t.group(0)
    return ""


def condition_fitting(question: str, picks: Sequence[Picked]) -> Picked | None:
    """The best sentence among the close ones whose threshold the user's own number meets: a rule
    for 150张以下 answers "我们有120张床", one for 150张以上 does not."""
    if not picks or not _STATED.search(question):
        return None
    return next((p for p in picks[:8] if p.score >= CONDITION_YIELD * picks[0].score
                 and fitting_phrase(question, p.sentence)), None)
