"""The answer stage: the question's intent picks the units that read its facet of the evidence.

``ROUTES`` maps an intent (from :mod:`assistant.understanding`, whose cue words are data in
``lexicon.yaml``) to the units tried in order; the first that answers wins, and quoting the
best sentences is every route's last resort. A unit is a small class with
``answer(q, contexts) -> Answer | None`` (see :mod:`assistant.answering.base`): adding an answer
kind adds a unit and a route, not a branch.

Example:
    >>> ROUTES["owner"]
    ('owners', 'passage_owners')
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.attachments import with_attachment
from assistant.answering.base import NOT_FOUND, AnswerUnit, Services, Toolkit, refusal
from assistant.answering.cells import TableCells
from assistant.answering.compare import Comparison
from assistant.answering.departments import DepartmentTasks
from assistant.answering.doc_lines import DocumentLines
from assistant.answering.duties import DutySentences
from assistant.answering.faq import FaqAnswers
from assistant.answering.documents import Basis, Catalog, DocumentFacts
from assistant.answering.intent import split_question
from assistant.answering.locate import Location
from assistant.answering.owners import PassageOwners, TaskOwners
from assistant.answering.quotes import Sentences
from assistant.answering.structure import Listing
from assistant.answering.targets import Targets
from assistant.answering.time import Validity, date_after
from assistant.types import Answer, AnswerItem, Citation, Context
from assistant.understanding import Question

ROUTES: dict[str, tuple[str, ...]] = {
    "catalog": ("catalog",),
    "basis": ("basis",),
    "meta": ("documents",),
    "owner": ("duties", "cells", "owners", "passage_owners"),
    "deadline": ("owners", "cells", "targets"),
    "fact": ("cells",),
    "procedure": ("cells", "listing"),
    "eligibility": ("cells",),
    "reverse_owner": ("departments",),
    "target": ("targets", "cells"),
    "list": ("listing", "departments"),
    "count": ("listing", "departments", "targets"),
    "structure": ("listing",),
    "time": ("validity",),
    "results": ("targets",),
    "locate": ("locate",),
}
_CANNED = {
    "empty": "请输入问题，例如：巫溪县2027年安宁疗护床位目标是多少？",
    "injection": f"{NOT_FOUND}与此相关的内容。本助手只依据已收录的医养结合政策文件回答政策问题。",
    "not_chinese": f"{NOT_FOUND}相关内容。请用中文提问，例如：巫溪县2027年安宁疗护床位目标是多少？",
    "out_of_scope": f"{NOT_FOUND}相关内容：这个问题超出了已收录的医养结合政策文件范围。",
}
_NOT_FAQ = ("comparison", "reverse_owner", "catalog", "basis", "meta", "structure", "count", "list", "results")
RESULTS_NOTE = "文件只规定了目标，没有报告实际完成情况："


def _target_date(answer: Answer) -> str:
    """A target quoted without its date ("……能提供康复服务") gets the date its clause sets it for
    ("2017年底,基本形成……；……能提供康复服务")."""
    if _YEAR.search(answer.text) or not answer.citations:
        return ""
    cite = answer.citations[0]
    text = cite.clause.text
    end = text.find(cite.quote) if cite.quote else -1
    dates = _DATE_SET.findall(text[:end] if end > 0 else text)
    return f"（目标时间：{dates[-1]}）" if dates else ""


_YEAR = re.compile(r"20\d\d\s*年")
_GOAL_DATE = re.compile(r"(?:到|至|力争)\s*20\d\d\s*年|20\d\d\s*年\s*(?:底|末|[，,])")  # a target set for a date
_STATUS = re.compile(r"截至|截止|现有|已有|已建成|已经|目前|共有|年底[，,]?全[县市区]|年[，,]全[县市区]")  # a sentence telling how things stand
_FULL_DATE = re.compile(r"(20\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
_DATE_SET = re.compile(r"(?:到|至)?\s*(20\d\d\s*年(?:\s*\d{1,2}\s*月)?(?:底|末|前)?)")


class Composer:
    """Builds an :class:`Answer` for a parsed question from the units its intent routes to."""

    def __init__(self, bot: Services) -> None:
        self.bot = bot
        self.kit = Toolkit(bot)
        kit = self.kit
        self.sentences = Sentences(kit)
        self.units: dict[str, AnswerUnit] = {
            "catalog": Catalog(kit),
            "basis": Basis(kit),
            "documents": DocumentFacts(kit),
            "owners": TaskOwners(kit),
            "passage_owners": PassageOwners(kit),
            "departments": DepartmentTasks(kit),
            "targets": Targets(kit),
            "listing": Listing(kit),
            "cells": TableCells(kit),
            "duties": DutySentences(kit),
            "locate": Location(kit),
        }
        self.units["validity"] = Validity(kit, task_finder=self.units["owners"])
        facts = self.units["documents"]
        self.lines = DocumentLines(kit, facts, facts._document_asked)  # type: ignore[attr-defined]
        self.comparison = Comparison(kit, self.single)
        self.faq = FaqAnswers(kit)

    # -- entry -------------------------------------------------------------------------------
    def answer(self, q: Question, timings: dict[str, float]) -> Answer:
        if q.kind in _CANNED:
            return refusal(_CANNED[q.kind], q.kind)
        parts = split_question(q, self.bot.parser, self.kit.tokens)
        # answered part by part or place by place, each part retrieves for itself: the whole
        # question's clauses are only shown and cited as related, and keywords find them (one
        # query embedding saved)
        contexts = self.bot.retrieve(q, timings=timings, dense=len(parts) == 1 and q.kind != "comparison")
        related = self.kit.related(contexts)
        if q.unknown_places and not (q.regions and q.kind == "comparison"):
            places = "、".join(q.unknown_places)
            have = "、".join(sorted({d.jurisdiction for d in self.bot.docs.values()}))
            return refusal(f"{NOT_FOUND}{places}的相关规定。已收录文件覆盖：{have}。", "unknown_place", related, contexts)
        national = self._national_gap(q)
        if national:
            return refusal(national, "unknown_place", related, contexts)
        if q.kind == "comparison":
            return self.comparison.answer(q, contexts, timings)
        year_gap = self._uncovered_year(q)
        if year_gap:
            return refusal(year_gap, q.kind, related, contexts)
        answer = self.multi_part(q, parts, timings) if len(parts) > 1 else self.single(q, contexts)
        answer.contexts = with_cited_first(answer.citations, contexts)
        answer.kind = answer.kind or q.kind
        if timings.get("degraded"):
            answer.flags.append("degraded")
        if not answer.found and not answer.related:
            answer.related = related
        self._flag(answer)
        return answer

    def single(self, q: Question, contexts: Sequence[Context]) -> Answer:
        if q.kind not in ("comparison", "reverse_owner", "catalog", "basis"):
            lines = self.lines.answer(q, contexts)  # 抄送, 公开方式, 联系人: named lines of a document
            if lines is not None:
                return lines
        if q.kind not in _NOT_FAQ:
            faq = self.faq.answer(q, contexts)  # a question the document itself asks and answers
            if faq is not None:
                return faq
        for name in ROUTES.get(q.kind, ()):
            answer = self.units[name].answer(q, contexts)
            if answer is not None:
                break
        else:
            answer = self.sentences.answer(q, contexts)
        if (q.kind == "results" and answer.found and answer.kind != "target" and not _STATUS.search(answer.text)
                and not any(_GOAL_DATE.search(c.clause.text) for c in answer.citations)):
            # no target for it, and the clause found neither sets a goal for a date nor tells how things
            # stand: nothing says what happened
            return refusal(f"{NOT_FOUND}实际完成情况：文件只规定了要求和目标，没有报告实际结果。", q.kind,
                           self.kit.related(contexts), contexts)
        if q.kind == "results" and answer.found:
            answer.text = RESULTS_NOTE + answer.text + _target_date(answer)
        if answer.found:
            answer.text += date_after(q.text, answer.text)
            answer = with_attachment(self.kit, answer)  # "材料清单见附件2": what 附件2 lists
        return answer

    def multi_part(self, q: Question, parts: Sequence[Question], timings: dict[str, float]) -> Answer:
        """"A是多少？其中B占多少？": answer each part, join the lines, cite all."""
        answers = [self.single(p, self.bot.retrieve(p, timings=timings)) for p in parts]
        found = [a for a in answers if a.found]
        if not found:
            return answers[0]
        texts = list(dict.fromkeys(a.text if a.text.endswith(("。", "\n")) else a.text.rstrip("，,、；; ") + "。"
                                   for a in found))
        texts = [t for t in texts if not any(t != o and t.rstrip("。") in o for o in texts)]  # one part inside another
        texts = [_without_subject(t, texts[i - 1]) if i else t for i, t in enumerate(texts)]
        text = "".join(texts)
        cites = list({c.clause.id: c for a in found for c in a.citations}.values())
        flags = list(dict.fromkeys(f for a in found for f in a.flags))
        at = {c.clause.id: i for i, c in enumerate(cites)}
        # the listed items of the parts stay structured (the API and batch output carry them)
        items = [AnswerItem(it.text, at.get(a.citations[it.citation].clause.id, -1) if 0 <= it.citation < len(a.citations)
                            else -1, it.group) for a in found for it in a.items]
        return Answer(text=text, found=True, kind=q.kind, citations=cites, flags=flags,
                      lead=next((a.lead for a in found if a.items), ""), items=list(dict.fromkeys(items)))

    # -- refusals and flags ------------------------------------------------------------------
    def _uncovered_year(self, q: Question) -> str:
        """A target year that none of the region's documents mentions: the documents do not say."""
        if q.kind not in ("target", "deadline", "fact", "results", "count", "list", "reverse_owner") or not q.years or not q.regions:
            return ""
        sources = self.bot.sources_for(q.regions) or []
        texts = [c.text for s in sources for c in self.kit.clauses_of(s)]
        # a day the user names ("2026年9月1日正式开业的") is their situation, not a year asked about
        dated = {int(m.group(1)) for m in _FULL_DATE.finditer(q.text)}
        missing = [y for y in q.years if y not in dated and not any(str(y) in t for t in texts)]
        if not missing:
            return ""
        years = sorted({t.year for t in self.kit.targets if t.source in sources and t.year})
        span = f"文件给出的目标年份为{'、'.join(map(str, years))}年。" if years else ""
        return f"{NOT_FOUND}{'、'.join(q.regions)}{'、'.join(map(str, missing))}年的相关内容。{span}"

    def _national_gap(self, q: Question) -> str:
        """"全国的…是多少" with no national document loaded: local documents do not say it."""
        lex = self.bot.parser.lexicon
        national = any(w in q.text for w in lex.get("national_words", [])) or (
            q.kind not in ("basis", "catalog", "meta") and re.search(lex.get("national_body", "(?!)"), q.text))
        if q.regions or not national:
            return ""
        if any(d.level == "国家" for d in self.bot.docs.values()):
            return ""
        have = "、".join(sorted({d.jurisdiction for d in self.bot.docs.values()}))
        return f"{NOT_FOUND}全国（国家层面）的相关规定：已收录的都是地方文件，覆盖{have}。"

    def _flag(self, answer: Answer) -> None:
        docs = [self.bot.docs.get(c.clause.source) for c in answer.citations]
        if any(d and d.is_draft for d in docs):
            answer.flags.append("draft")
        answer.flags = list(dict.fromkeys(answer.flags))
        answer.regions = sorted({d.jurisdiction for d in docs if d})


def _without_subject(text: str, before: str) -> str:
    """"X（表 3）：受理部门：…。X（表 3）：是否收费：否。": the second part need not name X again."""
    head = re.match(r"^[^：:]{2,60}[）)]：", text)
    return text[head.end():] if head and before.startswith(head.group(0)) else text


def with_cited_first(citations: Sequence[Citation], contexts: Sequence[Context]) -> list[Context]:
    """The clauses an answer stands on lead its contexts (facts answers may cite clauses that
    retrieval ranked low); the retrieved ones follow, each clause once."""
    top = contexts[0].score if contexts else 1.0
    cited = [Context(clause=c.clause, score=top + 0.001 * (len(citations) - i)) for i, c in enumerate(citations)]
    seen = {c.clause.id for c in cited}
    return cited + [c for c in contexts if c.clause.id not in seen]
