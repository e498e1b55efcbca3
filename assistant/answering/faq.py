"""A document's own questions and answers (问：… 答：…): a user question that one of them asks
is answered by its 答, not by a sentence near the words.

办事指南 and 政策问答 pages end with 常见问题; users ask the same things in their own words
("2025年就开门营业了，新建补助还能申请吗？" is "2026年4月1日以前已经开业的机构，还能申请新建补助吗？").
The asked 问 is the one sharing most character bigrams with the question, clearly ahead of the
others among the retrieved clauses.

Example:
    >>> [(q, a[:3]) for q, a in faq_pairs("问：公办机构能申请吗？\\n答：不能。只限民办。")]
    [('公办机构能申请吗？', '不能。')]
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.base import Toolkit
from assistant.answering.matching import match_f1
from assistant.types import Answer, Context
from assistant.understanding import Question, region_aliases

MIN_MATCH = 0.3  # bigram F1 of the document's question with the user's
MIN_LEAD = 0.08  # ahead of the next best question by this much
ANSWER_CHARS = 220
# "每天报销多少钱" is not "能不能同时开展长期护理保险服务？": a yes-or-no question answers no amount
_QUANTITY = re.compile(r"多少|几[个家项条次天年月岁张人元份样种名位所]|多久|多长|比例是|标准是")
_YES_NO = re.compile(r"吗[？?]?$|能不能|可不可以|是否|有没有|要不要|需不需要")
_ASK = r"(?:^|\n)\s*(?:[（(]?[一二三四五六七八九十\d]{1,3}[)）.．、]\s*)?问\s*[:：]\s*"
_PAIR = re.compile(_ASK + r"(?P<q>[^\n]+?)\s*\n\s*答\s*[:：]\s*(?P<a>.+?)(?=" + _ASK + r"|\Z)", re.S)


def faq_pairs(text: str) -> list[tuple[str, str]]:
    """The (问, 答) pairs of a clause's text, in order."""
    return [(m.group("q"), m.group("a").strip()) for m in _PAIR.finditer(text)]


class FaqAnswers:
    """The 答 of the document question the user asks again."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        asked = q.text
        for region in q.regions:  # the place is in every question of its page, not in the user's words
            for alias in region_aliases(region):
                asked = asked.replace(alias, "")
        quantity = bool(_QUANTITY.search(asked))
        scored = sorted(((match_f1(fq, asked), fq, fa, c) for c in contexts[:6] for fq, fa in faq_pairs(c.clause.text)
                         if not (quantity and _YES_NO.search(fq) and not _QUANTITY.search(fq))),
                        key=lambda s: -s[0])
        if not scored or scored[0][0] < MIN_MATCH:
            return None
        if len(scored) > 1 and scored[0][0] - scored[1][0] < MIN_LEAD:
            return None
        _, fq, fa, ctx = scored[0]
        if len(fa) > ANSWER_CHARS:  # the first sentences of a long answer; the citation holds it all
            cut = fa.rfind("。", 0, ANSWER_CHARS)
            fa = fa[: cut + 1] if cut > 0 else fa[:ANSWER_CHARS] + "…"
        place = "" if q.regions else f"{self.kit.region_of(ctx.clause.source)}："
        return Answer(text=f"{place}{fa}（文件问答：“{fq}”）", found=True, kind=q.kind,
                      citations=[self.kit.cite(ctx.clause, fa)])
