"""What a department owns: every task it leads, co-owns or carries out locally."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import NOT_FOUND, Toolkit, refusal
from assistant.answering.outline import compact_list
from assistant.answering.owners import ROLE_NAMES, owner_quote
from assistant.types import Answer, AnswerItem, Context
from assistant.understanding import Question, region_aliases



_IN_TABLE = re.compile(r"分工表|任务表|任务清单|一览表|表里|表中|表格")


class DepartmentTasks:
    """"区民政局牵头哪些任务": the department's tasks from the ledger."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        dept = q.department
        if not dept:
            return None
        lead, co = "牵头" in q.text, "配合" in q.text
        role = None if lead and co else "lead" if lead else "co" if co else None  # 不管牵头还是配合: any role
        rows = []
        for region in q.regions or [None]:
            rows += self.kit.bot.index.facts.tasks(dept=dept, region=region, role=role)
        verb = {"lead": "牵头", "co": "配合"}.get(role or "", "参与")
        who = self._as_asked(dept, q)
        none_in_role = ""
        if not rows and role:
            # "医保局牵头了哪些": it leads none, but has its part in others; that is the answer.
            for region in q.regions or [None]:
                rows += self.kit.bot.index.facts.tasks(dept=dept, region=region)
            if rows:
                none_in_role, verb = f"{who}没有{verb}的任务；", "参与"
        if not rows:  # the department is known, but owns nothing here: the documents do not say
            where = "、".join(q.regions) or "已收录文件"
            return refusal(f"{NOT_FOUND}{where}中由{who}{verb}的任务。", q.kind, self.kit.related(contexts), contexts)
        if role == "lead" and rows and not self._names_leads(rows):
            # "县卫健委牵头哪几项": the documents never say 牵头; its duties are shared ones
            where = "、".join(q.regions) or "已收录文件"
            titles = "；".join(dict.fromkeys(r.title[:40] for r in rows))
            return refusal(f"{NOT_FOUND}{where}中写明由{who}牵头的任务：文件没有按任务写明牵头单位，"
                           f"{who}与其他部门共同负责的有：{titles}。", q.kind, self.kit.related(contexts), contexts)
        if role == "lead" and any(w in q.text for w in ("单独牵头", "独立牵头", "独自牵头")):
            sole = [r for r in rows if len({o.name for o in r.owners if o.role == "lead"}) == 1]
            rows, verb = (sole, "单独牵头") if sole else (rows, verb)
        rows = list({(r.task_id, r.role): r for r in rows}.values())
        rows.sort(key=lambda r: (r.jurisdiction, ("lead", "co", "territorial").index(r.role) if r.role in ROLE_NAMES else 3))
        rows = [r for r in rows if self.kit.clause(r.clause_id) is not None]
        if _IN_TABLE.search(q.text):  # "分工表里…有几项": the rows of the table, not the body's tasks as well
            in_table = [r for r in rows if self.kit.clause(r.clause_id).kind == "table_row"]
            rows = in_table or rows
        main, support = self._main_and_support(rows)
        citations, items = [], []
        for r in main + support:
            clause = self.kit.clause(r.clause_id)
            citations.append(self.kit.cite(clause, owner_quote(r.text)))
            group = r.jurisdiction if r in main else f"{r.jurisdiction}（另：{self._top_heading(r)}）"
            items.append(AnswerItem(text=f"{r.title[:40]}（{r.section}，{ROLE_NAMES.get(r.role, r.role)}）",
                                    citation=len(citations) - 1, group=group))
        groups = list(dict.fromkeys(r.jurisdiction for r in main))
        unit = "条" if re.search(r"(?:几|多少)条", q.text) else "项"  # the user's own counting word
        lead = f"{none_in_role}{who}{verb}的任务共{len(main)}{unit}" + (f"（{'、'.join(groups)}）" if len(groups) > 1 else "")
        lead += ("" if verb == "单独牵头" else self._shared(main, dept)) + "："
        text = lead + compact_list([r.title[:40] for r in main])
        if support:
            heads = "、".join(dict.fromkeys(self._top_heading(r) for r in support))
            text += f"另在{heads}中{verb}{len(support)}{unit}：" + compact_list([r.title[:40] for r in support], budget=60)
        return Answer(text=text, found=True, kind=q.kind, citations=citations, lead=lead, items=items)

    def _names_leads(self, rows: Sequence[Any]) -> bool:
        """Whether the documents of these tasks say 牵头 anywhere (a task table's 牵头单位 column
        or "X牵头"), rather than only naming who does what."""
        sources = {c.source for r in rows if (c := self.kit.clause(r.clause_id)) is not None}
        return any("牵头" in c.text or "牵头" in " ".join(c.columns or {}) for s in sources for c in self.kit.clauses_of(s))

    def _top_heading(self, row: Any) -> str:
        clause = self.kit.clause(row.clause_id)
        return clause.headings[0] if clause is not None and clause.headings else ""

    def _main_and_support(self, rows: Sequence[Any]) -> tuple[list[Any], list[Any]]:
        """The tasks, and the duties under the parts that organise the work (组织实施, 工作要求):
        those are how the work is safeguarded, not tasks of the list, so they are counted apart."""
        words = self.kit.bot.parser.lexicon.get("safeguard_headings", [])
        support = [r for r in rows if any(w in self._top_heading(r) for w in words)]
        main = [r for r in rows if r not in support]
        return (main, support) if main else (list(rows), [])

    @staticmethod
    def _shared(rows: Sequence[Any], dept: str) -> str:
        """"（其中单独牵头8项，与其他单位共同牵头4项）": a lead shared with another department is said so."""
        leads = [r for r in rows if r.role == "lead"]
        if len(leads) != len(rows):
            return ""
        joint = [r for r in leads if len({o.name for o in r.owners if o.role == "lead"}) > 1]
        if not joint or len(joint) == len(leads):
            return ""
        return f"（其中单独牵头{len(leads) - len(joint)}项，与其他单位共同牵头{len(joint)}项）"

    @staticmethod
    def _as_asked(dept: str, q: Question) -> str:
        """The department as the question wrote it, with its place if given (福建省卫健委)."""
        for region in q.regions:
            for alias in region_aliases(region):
                if alias + dept in q.text:
                    return alias + dept
                if alias + dept.lstrip("省市区县") in q.text:
                    return alias + dept.lstrip("省市区县")
        return dept
