"""Conflicts: one document giving two different values for the same indicator and year.

Indicators match when their normalized names are equal, or when one contains the other and what is
left over only says how the thing is counted (数量, 比例, 培养 ...): ``老年医学人才培养（人）`` in the
table and ``累计培养50名老年医学人才`` in the text are the same indicator. Units must agree (人 = 名,
个 = 所 = 家), so ``100%`` and ``1个`` never clash.

Example:
    >>> from corpus.schema import Target
    >>> a = Target(id="a", clause_id="c1", source="s", jurisdiction="", section="", indicator="老年医学人才培养",
    ...            year=2027, value="20", unit="人", origin="table")
    >>> b = Target(id="b", clause_id="c2", source="s", jurisdiction="", section="", indicator="老年医学人才",
    ...            year=2027, value="50", unit="名")
    >>> [(c.a.value, c.b.value) for c in find_conflicts([a, b])]
    [('20', '50')]
"""

from __future__ import annotations

import re
from itertools import combinations

from corpus.schema import Conflict, Target
from ingest.facts.departments import normalize

_DROP = re.compile(r"\([^)]*\)|全县|全区|全省|全市|全城区|累计|的")
_COUNTING_WORDS = ("数量", "比例", "培养", "培训", "人数", "个数", "总数", "设立", "建设", "数", "率")
_UNIT_CLASS = {"名": "人", "人": "人", "个": "个", "所": "个", "家": "个"}


def indicator_key(indicator: str) -> str:
    """The indicator name as compared: no parentheses, jurisdiction words or 的."""
    return _DROP.sub("", normalize(indicator))


def same_indicator(a: str, b: str) -> bool:
    """Equal keys, or one key inside the other with only counting words left over."""
    ka, kb = indicator_key(a), indicator_key(b)
    if not ka or not kb:
        return False
    if ka == kb:
        return True
    short, long_ = sorted((ka, kb), key=len)
    if len(short) < 4 or short not in long_:
        return False
    rest = long_.replace(short, "", 1)
    for word in sorted(_COUNTING_WORDS, key=len, reverse=True):
        rest = rest.replace(word, "")
    return not rest


def _same_unit(a: str, b: str) -> bool:
    return not a or not b or _UNIT_CLASS.get(a, a) == _UNIT_CLASS.get(b, b)


def _differ(a: str, b: str) -> bool:
    try:
        return float(a) != float(b)
    except ValueError:
        return a != b


def find_conflicts(targets: list[Target]) -> list[Conflict]:
    """Pairs of targets of one document that disagree (table rows first in each pair)."""
    out: list[Conflict] = []
    ordered = sorted(targets, key=lambda t: (t.origin != "table", t.source))
    for a, b in combinations(ordered, 2):
        if a.source != b.source or a.year != b.year or not a.year or a.clause_id == b.clause_id:
            continue
        if _same_unit(a.unit, b.unit) and _differ(a.value, b.value) and same_indicator(a.indicator, b.indicator):
            out.append(Conflict(source=a.source, indicator=a.indicator, year=a.year, a=a, b=b))
    return out
