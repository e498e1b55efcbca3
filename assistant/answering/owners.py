"""Who owns a task, and what a department owns: answers from the task ledger.

Tasks carry the id of the clause (or table row) they were read from, so each answer cites it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import Toolkit
from assistant.answering.matching import overlap
from assistant.sentences import Picked, quoted_phrases, trim_sentence
from assistant.types import Answer, Context
from assistant.item_numbers import article_markers
from assistant.understanding import Question

MIN_TASK_MATCH = 0.5
DUTY_MATCH = 0.6  # share of the words a sentence naming who does it must hold
ROLE_NAMES = {"lead": "牵头", "co": "配合", "territorial": "属地落实"}
_DUTY = re.compile(r"[局委厅办部门府院心]\S{0,2}(?:负责|牵头|主管)|由\S{2,20}(?:负责|牵头|确定|制定|审批)")


class TaskOwners:
    """"X由哪些部门负责": the owners (lead and co kept apart) and deadline of the task asked about."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        task = self.best_task(q, contexts)
        if task is None or (q.kind == "deadline" and not task.deadline):
            return None
        duty = self._duty_sentence(q, contexts)
        if duty is not None:
            return duty
        clause = self.kit.bot.index.clause(task.clause_id)
        line = f"{task.title}（{task.section}）：{_count(q, task)}{format_owners(task.owners)}"
        if task.deadline:
            line += f"；完成时限：{task.deadline}"
        place = self.kit.region_of(task.source)
        text = f"{place}{line}。" if not q.regions or len(self.kit.bot.sources_for(q.regions) or []) > 1 else line + "。"
        return Answer(text=text, found=True, kind=q.kind, citations=[self.kit.cite(clause, owner_quote(clause.text))])

    def _duty_sentence(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        """"审批由哪个部门负责": a sentence of the clause that names who does the asked thing
        (城区卫计局负责…审批) answers better than the clause's owner list."""
        words = self.kit.content_words(q)

        def names_duty(p: Picked) -> bool:
            return (not p.sentence.startswith(("（", "(", "〔")) and bool(_DUTY.search(p.sentence))
                    and self.kit.relevance(words, p, sentence_only=True) >= DUTY_MATCH)
        if not any(names_duty(p) for p in self.kit.bot.picker.candidates(contexts[:3])):
            return None  # no sentence could answer, however they would rank
        picks = self.kit.bot.picker.pick(words, contexts[:3], extra_terms=q.expansions, asked=q.text)
        for p in picks[:2]:
            if names_duty(p):
                quote = trim_sentence(p.sentence, self.kit.tokens(words))
                return Answer(text=quote, found=True, kind=q.kind, citations=[self.kit.cite(p.context.clause, quote)])
        return None

    def _numbered(self, q: Question) -> Any | None:
        """"第十三条谁配合": the one task of the asked place whose item number is the one named."""
        markers = article_markers(q.raw or q.text)
        if not markers:
            return None
        sources = set(self.kit.bot.sources_for(q.regions) or []) if q.regions else None
        hits = {t.task_id: t for ts in self.kit.tasks_by_clause.values() for t in ts
                if t.owners and (sources is None or t.source in sources)
                and any(t.section.endswith(m) for m in markers)}
        return next(iter(hits.values())) if len(hits) == 1 else None

    def best_task(self, q: Question, contexts: Sequence[Context]) -> Any | None:
        titled = self.kit.task_titled(q)
        if titled is not None:
            return titled
        numbered = self._numbered(q)
        if numbered is not None:
            return numbered
        phrases = quoted_phrases(q.raw) + quoted_phrases(q.text)
        for ph in phrases:
            for c in contexts:
                if ph in c.clause.text and self.kit.tasks_by_clause.get(c.clause.id):
                    return self.kit.tasks_by_clause[c.clause.id][0]
        words = self.kit.content_words(q)
        best, best_score = None, 0.0
        for rank, c in enumerate(contexts[:6]):
            tasks = [t for t in self.kit.tasks_by_clause.get(c.clause.id, []) if t.owners]
            if len(tasks) > 1:
                tasks = [self._duty_nearest(tasks, c.clause.text, words)]
            for t in tasks:
                fit = max(overlap(t.title, words), overlap(words, t.text))
                if q.focus:  # "那完善价格政策呢": the follow-up names the task it now asks about
                    fit += 1.0 if any(f in t.title or f in t.text for f in q.focus) else -0.5
                if fit < MIN_TASK_MATCH:
                    continue
                score = fit + 0.3 / (1 + rank)
                if score > best_score:
                    best, best_score = t, score
        return best

    def _duty_nearest(self, tasks: Sequence[Any], text: str, words: str) -> Any:
        """Several duties in one clause ("发展改革部门要…；财政部门要…"): the one whose department is
        named last before the words the question asks about."""
        anchor = -1
        for tok in sorted(self.kit.tokens(words), key=len, reverse=True):
            if len(tok) >= 2 and tok in text:
                anchor = text.find(tok)
                break
        if anchor < 0:
            return tasks[0]

        def distance(t: Any) -> int:
            before = [text.rfind(o.surface, 0, anchor + 1) for o in t.owners if o.surface]
            before = [p for p in before if p >= 0]
            return anchor - max(before) if before else len(text)

        return min(tasks, key=distance)


def owner_quote(text: str) -> str:
    m = re.search(r"[（(〔][^（(〔]*?(?:负责|牵头|落实|配合)[^）)〕]*[）)〕]\s*$", text.strip())
    if m:
        return m.group(0)
    m = re.search(r"责任单位[^。]*", text)
    return m.group(0) if m else ""


def format_owners(owners: Sequence[Any]) -> str:
    """``牵头：省卫健委、民政厅；配合：省发改委、财政厅；属地落实：各市、县（区）人民政府``."""
    by_role: dict[str, list[str]] = defaultdict(list)
    for o in owners:
        name = o.surface or o.name
        if name not in by_role[o.role]:
            by_role[o.role].append(name)
    if list(by_role) == ["co"]:
        return f"由{'、'.join(by_role['co'])}按职责分工负责"
    parts = [f"{ROLE_NAMES[r]}：{'、'.join(by_role[r])}" for r in ("lead", "co", "territorial") if by_role.get(r)]
    if "territorial" in by_role and len(by_role) == 2 and "co" in by_role:
        parts = [f"由{'、'.join(by_role['co'])}按职责分工负责", f"{'、'.join(by_role['territorial'])}负责落实"]
    return "；".join(parts) if parts else "责任单位未写明"



class PassageOwners:
    """A who-question that describes a passage (not a task heading): the owners of the clause
    holding the best-matching sentence: its task, the task of the clause it continues, or the
    owner parenthetical that closes it."""

    MIN_SENTENCE_MATCH = 0.45

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        words = self.kit.content_words(q, substituted=True)
        min_relevance = self.kit.bot.config.min_relevance
        if not any((self.kit.relevance(words, p, sentence_only=True) >= self.MIN_SENTENCE_MATCH
                    or self.kit.relevance(words, p) >= min_relevance) and self._task_of(p.context.clause) is not None
                   for p in self.kit.passage_candidates(contexts)):
            return None  # no sentence could answer, however they would rank
        words, picks = self.kit.passage_picks(q, contexts)
        for i, p in enumerate(picks[:3]):
            strong = self.kit.relevance(words, p, sentence_only=True) >= self.MIN_SENTENCE_MATCH
            # the best sentence overall, on a clause that answers as well as a quote would
            best = i == 0 and self.kit.relevance(words, p) >= min_relevance
            if not (strong or best):
                continue
            task = self._task_of(p.context.clause)
            if task is None:
                continue
            clause = self.kit.clause(task.clause_id) or p.context.clause
            line = f"{format_owners(task.owners)}"
            if task.deadline:
                line += f"；完成时限：{task.deadline}"
            text = f"“{p.sentence.strip()[:60]}”出自{task.title}（{task.section}）：{line}。"
            cites = [self.kit.cite(p.context.clause, p.sentence)]
            if clause.id != p.context.clause.id:
                cites.append(self.kit.cite(clause, owner_quote(clause.text)))
            return Answer(text=text, found=True, kind=q.kind, citations=cites)
        return None

    def _task_of(self, clause: Any) -> Any | None:
        """The task whose owners cover this clause: its own, else the one of its section (a
        continuation paragraph or a later part of a long clause), else its parent's."""
        own = [t for t in self.kit.tasks_by_clause.get(clause.id, []) if t.owners]
        if own:
            return own[0]
        section = clause.section
        while section:
            for t in self.kit.tasks:
                if t.source == clause.source and t.section == section and t.owners:
                    return t
            section = _parent(section)
        return None


def _count(q: Question, task: Any) -> str:
    """"列了几个责任部门": the number of bodies first (territorial ones counted apart)."""
    if not re.search(r"几个|几家|多少个|多少家", q.text):
        return ""
    named = list(dict.fromkeys(o.surface or o.name for o in task.owners if o.role != "territorial"))
    return f"共{len(named)}个责任单位。" if named else ""


def _parent(section: str) -> str:
    """``二、（一）5.`` -> ``二、（一）``; ``二、`` -> ``""``."""
    m = re.search(r"(?:[（(][^）)]+[）)]|[一二三四五六七八九十百]+、|\d+\.|第[^章节条]+[章节条]|——\d+|[①-⑳])$", section)
    return section[: m.start()] if m else ""
