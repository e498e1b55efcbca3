"""Quantitative targets: which number an indicator has in which year, from the target table.

Table and text values of one indicator are compared (表文不一致), and the series by year shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import NOT_FOUND, Toolkit, asked_units, refusal
from assistant.answering.matching import match_f1, overlap
from assistant.types import Answer, AnswerTable, Context
from assistant.understanding import Question

MIN_INDICATOR_MATCH = 0.4
STRONG_INDICATOR_MATCH = 0.6
RESULTS_INDICATOR_MATCH = 0.7


class Targets:
    """"2027年X要达到多少": the indicator's value for the year, with table/text disagreements."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        sources = set(self.kit.bot.sources_for(q.regions) or self.kit.bot.docs)
        words = self.kit.content_words(q, substituted=True)
        ranked_clauses = {c.clause.id: i for i, c in enumerate(contexts[:8])}
        scored = []
        units = asked_units(q.text)
        for t in self.kit.targets:
            if t.source not in sources or (units and t.unit not in units):
                continue
            s = match_f1(t.indicator, words)
            if q.kind == "results" and overlap(t.indicator, words) < RESULTS_INDICATOR_MATCH:
                continue  # "现在有多少家医养结合机构": a narrower indicator (社区医养结合型机构) does not answer it
            if q.focus:
                s += 0.5 if any(f in t.indicator for f in q.focus) else -0.5
            if s < MIN_INDICATOR_MATCH:
                continue
            if t.clause_id in ranked_clauses:
                s += 0.15 / (1 + ranked_clauses[t.clause_id])
            if q.years and t.year in q.years:
                s += 0.2
            scored.append((s, t))
        if not scored:
            return None
        scored.sort(key=lambda p: -p[0])
        best = scored[0][1]
        same = [t for s, t in scored if t.source == best.source and _same_indicator(t.indicator, best.indicator)]
        if q.years and not any(t.year in q.years for t in same):
            if scored[0][0] < STRONG_INDICATOR_MATCH or self._text_states(best, q.years):
                return None  # not sure, or a sentence gives that year the table lacks: let the text speak
            years = "、".join(f"{y}年" for y in sorted({t.year for t in same if t.year}))
            asked = "、".join(f"{y}年" for y in q.years)
            clause = self.kit.clause(best.clause_id)
            return refusal(f"{NOT_FOUND}{self.kit.region_of(best.source)}{best.indicator}{asked}的目标；"
                           f"文件给出的是{years}。", "target", [self.kit.cite(clause)] if clause else [])
        years = self._years(q, same)
        mains = [sorted([t for t in same if t.year == y] or [best], key=lambda t: t.origin != "text")[0] for y in years]
        main = mains[-1]
        at_year = [t for t in same if t.year == main.year] or [best]
        place = self.kit.region_of(main.source)
        text = f"{place}{main.indicator}：" + "，".join(f"{_when(m.year)}{_value(m)}" for m in mains)
        base = next((t for t in same if t.baseline), None)
        if base is not None and base.baseline_year not in {t.year for t in same}:  # the documents' own starting point: what "现在有多少" can be told
            text += f"（基期{f'{base.baseline_year}年' if base.baseline_year else ''}{base.baseline}{base.unit}）"
        # 20 (table) and 20张以上 (text) agree; 20 and 50 do not.
        others = [t for t in at_year if t is not main and _number(t.value) != _number(main.value)]
        others += [t for t in self._conflicting(main) if t.target_id not in {o.target_id for o in others}]
        if others:
            o = others[0]
            text += f"（{'主要指标表' if o.origin == 'table' else '正文'}为{o.indicator}{_value(o)}，表文不一致）"
        series = sorted({(t.year, _value(t)) for t in same if t.origin == "table" and t.year})
        if len(series) > 1:
            text += "；表中逐年：" + "，".join(f"{y}年{v}" for y, v in series)
        text += "。" + self._also_stated(main, text)
        cited = {t.clause_id: t for t in [*mains, *others] + [t for t in same if t.origin == "table"][:1]}
        cites = [self.kit.cite(self.kit.clause(cid), _value_quote(self.kit.clause(cid).text, t)) for cid, t in cited.items()]
        ans = Answer(text=text, found=True, kind="target", citations=cites, table=_table(same, list(cited)))
        if others:
            ans.flags.append("table_text_conflict")
        if main.year and main.year < (q.today or self.kit.bot.config.today).year:
            ans.flags.append("past_target")
        return ans

    def _also_stated(self, main: Any, text: str) -> str:
        """The sentence a text target comes from, when it states more numbers with it ("签约率达到75%以上，
        重点人群不低于85%"): what it says alongside belongs to the answer."""
        clause = self.kit.clause(main.clause_id) if main.origin == "text" else None
        quote = _value_quote(clause.text, main) if clause is not None else ""
        extra = [n for n in re.findall(r"\d+(?:\.\d+)?[%％]?", quote) if n not in text]
        if not extra or len(quote) > 150 or len(text) + len(quote) > 260:
            return ""
        return f"原文：“{quote.rstrip('；;，, ')}”"

    @staticmethod
    def _years(q: Question, same: Sequence[Any]) -> list[int]:
        """The years to answer: those asked, else every year the text sets (到2017年…，到2020年…),
        else the latest one."""
        if q.years:
            return [y for y in dict.fromkeys(q.years) if any(t.year == y for t in same)]
        text_years = sorted({t.year for t in same if t.origin == "text" and t.year})
        if len(text_years) > 1:
            return text_years
        return [max(t.year for t in same)]

    def _text_states(self, target: Any, years: Sequence[int]) -> bool:
        """Some clause of the document names the indicator together with an asked year."""
        for c in self.kit.clauses_of(target.source):
            if any(str(y) in c.text for y in years) and overlap(target.indicator, c.text) >= 0.8:
                return True
        return False

    def _conflicting(self, target: Any) -> list[Any]:
        """The other side of each recorded table/text disagreement this target is part of."""
        out = []
        for c in self.kit.conflicts:
            if c.a.target_id == target.target_id:
                out.append(c.b)
            elif c.b.target_id == target.target_id:
                out.append(c.a)
        return out


def _same_indicator(a: str, b: str) -> bool:
    return a == b or overlap(a, b) >= 0.75 and overlap(b, a) >= 0.75


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _when(year: int) -> str:
    return f"到{year}年" if year else ""


_BEFORE = ("不低于", "不超过")  # comparators written before the number; 以上/左右/以下 follow it


def _value(t: Any) -> str:
    """``20张以上``, ``不低于90%``: the value with its comparator where the documents put it."""
    before = t.comparator if t.comparator in _BEFORE else ""
    after = t.comparator if t.comparator in ("以上", "左右", "以下") else ""
    return f"{before}{t.value}{t.unit}{after}".strip()


def _value_quote(text: str, t: Any) -> str:
    """The sentence stating the target's value (the number itself, not a longer one: 5 is not in 50%)."""
    number = re.compile(rf"(?<![\d.]){re.escape(t.value)}(?![\d.])")
    for sent in re.split(r"(?<=[。；;])", text):
        if number.search(sent):
            return sent.strip()
    return ""


def _table(same: Sequence[Any], cited: Sequence[str]) -> AnswerTable | None:
    """Values by year (table and text side by side) when there are two or more years."""
    rows = sorted({(t.year, _value(t), "主要指标表" if t.origin == "table" else "正文", t.clause_id)
                   for t in same if t.year})
    if len({r[0] for r in rows}) < 2:
        return None
    return AnswerTable(
        header=("年份", "目标值", "出处"),
        rows=tuple((f"{y}年", v, where) for y, v, where, _ in rows),
        row_citations=tuple(cited.index(cid) if cid in cited else -1 for *_, cid in rows),
    )
