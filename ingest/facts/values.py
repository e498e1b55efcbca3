"""A target value as written: number (or range), unit and comparator, and the Target record.

Shared by table cells and sentences, so ``≥60%`` in a cell and ``不低于60%`` in a sentence give the
same :class:`Value`. The comparator vocabulary is the schema's: 以上 | 不低于 | 左右 | 达到 | 不超过 |
以下; the words that map to it are data in :mod:`ingest.facts.cues`.

Example:
    >>> parse_value("≥ 60%"), parse_value("达到50%以上"), parse_value("60%—70%")
    (Value(number='60', unit='%', comparator='不低于'), Value(number='50', unit='%', comparator='以上'), Value(number='60—70', unit='%', comparator=''))
    >>> parse_value("—") is None, parse_value("全覆盖")
    (True, Value(number='100', unit='%', comparator='达到'))
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.schema import Clause, DocumentMeta, Target, content_id
from ingest.facts.cues import COMPARATOR_POST, COMPARATOR_SIGNS, COMPARATOR_VERBS, FULL_COVERAGE
from ingest.facts.departments import normalize

__all__ = ["UNITS", "Value", "parse_value", "comparator_of", "split_unit", "range_value", "make_target"]

UNITS = ("万人次", "人次", "万张", "%", "‰", "张", "个", "所", "家", "名", "人", "岁", "项", "类", "次")
NUMBER = r"\d+(?:\.\d+)?"
RANGE_DASH = "—–~～至\\-"
_CELL = re.compile(
    rf"(?P<sign>[{''.join(COMPARATOR_SIGNS)}])?(?P<num>{NUMBER})(?:(?P<lounit>%|‰)?[{RANGE_DASH}](?P<hi>{NUMBER}))?"
    r"(?P<unit>%|‰|万人次|人次|万张|[张个所家名人岁项次户床])?"
    r"(?P<post>" + "|".join(sorted(COMPARATOR_POST, key=len, reverse=True)) + ")?"
)
_VERBS = sorted(COMPARATOR_VERBS, key=len, reverse=True)
_NO_VALUE = {"", "—", "——", "-", "/", "无", "空", "暂无", "—/—"}
_UNIT_IN_NAME = re.compile(r"[(（](?:单位[:：])?(?P<unit>[^()（）]{1,4})[)）]+\s*$")


@dataclass(frozen=True)
class Value:
    """``number`` as written (``50``, ``78.5``, a range ``60—70``), ``unit`` and ``comparator``."""

    number: str
    unit: str
    comparator: str


def comparator_of(verb: str = "", post: str = "", sign: str = "") -> str:
    """The schema comparator: a sign or a word after the number wins over the verb before it."""
    return COMPARATOR_SIGNS.get(sign, "") or COMPARATOR_POST.get(post, "") or COMPARATOR_VERBS.get(verb, "")


def range_value(low: str, high: str | None) -> str:
    """``60``, ``70`` -> ``60—70`` (one dash, whichever the text used)."""
    return f"{low}—{high}" if high else low


def parse_value(cell: str) -> Value | None:
    """The value of a table cell or value phrase; ``None`` for ``—`` / ``/`` / text without a number."""
    text = normalize(cell)
    if text in _NO_VALUE:
        return None
    m = _CELL.search(text)
    if not m:
        return Value("100", "%", "达到") if any(w in text for w in FULL_COVERAGE) else None
    before = text[: m.start()]
    verb = next((v for v in _VERBS if before.endswith(v)), "")
    unit = m.group("unit") or m.group("lounit") or ""
    return Value(range_value(m.group("num"), m.group("hi")), unit,
                 comparator_of(verb, m.group("post") or "", m.group("sign") or ""))


NOTE_MARKS = re.compile(r"[①-⑳⑴-⒇]")  # footnote references (家庭病床数②): not part of a name (NFKC makes them digits)


def unmarked(text: str) -> str:
    """``text`` without footnote reference marks, before it is normalized."""
    return NOTE_MARKS.sub("", text)


def split_unit(name: str) -> tuple[str, str]:
    """``安宁疗护床位（张）`` -> (``安宁疗护床位``, ``张``); a name without a unit stays whole."""
    m = _UNIT_IN_NAME.search(name)
    if m and (m.group("unit") in UNITS or len(m.group("unit")) <= 2 and not re.search(r"中心|乡镇", m.group("unit"))):
        return name[: m.start()].strip(), m.group("unit")
    return name.strip(), ""


def make_target(doc: DocumentMeta, clause: Clause, indicator: str, year: int, value: Value,
                baseline: tuple[int, str] | None, origin: str) -> Target:
    """A :class:`~corpus.schema.Target` citing ``clause``."""
    return Target(
        id=content_id(clause.id, indicator, str(year), value.number, value.comparator),
        clause_id=clause.id,
        source=clause.source,
        jurisdiction=doc.jurisdiction,
        section=clause.section,
        indicator=indicator,
        year=year,
        value=value.number,
        unit=value.unit,
        comparator=value.comparator,
        baseline=baseline[1] if baseline else "",
        baseline_year=baseline[0] if baseline else 0,
        origin=origin,  # type: ignore[arg-type]
    )
