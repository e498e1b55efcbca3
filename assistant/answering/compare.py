"""Comparison of two or more places: each side answered within its own documents."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.answering.base import NOT_FOUND, Toolkit
from assistant.types import Answer, Context
from assistant.understanding import Question, region_aliases
from assistant.answering.intent import sub_kind


class Comparison:
    """"巫溪县和涪陵区的X分别是多少": one line per place, ``未找到`` only where its documents do not say."""

    def __init__(self, kit: Toolkit, answer_one: Callable[[Question, Sequence[Context]], Answer]) -> None:
        """``answer_one`` answers one side's question through the units its own intent routes to."""
        self.kit = kit
        self.answer_one = answer_one

    def answer(self, q: Question, contexts: Sequence[Context], timings: dict[str, float] | None = None) -> Answer:
        lines, cites, flags = [], [], []
        for region in q.regions:
            others = [r for r in q.regions if r != region]
            text, search, match = (_without(t, others) for t in (q.text, q.search_text, q.match_text or q.text))
            kind = self.kit.bot.parser.classify(text, [region])
            sub = Question(raw=q.raw, text=text, regions=[region], years=q.years,
                           kind=sub_kind(text) if kind in ("fact", "comparison") else kind,
                           search_text=search, expansions=q.expansions, match_text=match,
                           department=q.department, today=q.today)
            sub_contexts = self.kit.bot.retrieve(sub, timings=timings)
            a = self.answer_one(sub, sub_contexts)
            if a.found:
                body = a.text.removeprefix(region).lstrip("：:")
                lines.append(f"{region}：{body}")
                cites += a.citations
                flags += a.flags
            else:
                lines.append(f"{region}：{NOT_FOUND}相关条款")
        ans = Answer(text="\n".join(lines), found=bool(cites), kind="comparison", citations=cites,
                     contexts=list(contexts))
        ans.flags = list(dict.fromkeys(flags))
        return ans


def _without(text: str, regions: Sequence[str]) -> str:
    """The question as one side asks it: the other places' names left out ("涪陵和武鸣定得一样吗"
    asked of 涪陵 does not look for 武鸣 in 涪陵's clauses)."""
    for region in regions:
        for alias in region_aliases(region):
            text = text.replace(alias, "")
    # "…的要求有啥不一样": the comparing words ask of both sides together, not of this one
    text = _COMPARING.sub("", text)
    return re.sub(r"(?:^|(?<=[，,]))[和与跟及、]+", "", text)


_COMPARING = re.compile(r"(?:有|存在)?(?:啥|什么|哪些)?(?:不一样|不同之处|不同|区别|差别|差异)|一样吗|相比|对比|比较一下|比较")
