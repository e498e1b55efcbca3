"""What a department owns: every task it leads, co-owns or carries out locally."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.answering.base import NOT_FOUND, Toolkit, refusal
from assistant.answering.structure import compact_list
from assistant.answering.owners import ROLE_NAMES, owner_quote
from assistant.types import Answer, AnswerItem, Context
from assistant.understanding import Question, region_aliases



class DepartmentTasks:
    """"区民政局牵头哪些任务": the department's tasks from the ledger."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        dept = q.department
        if not dept:
            return None
        role = "lead" if "牵头" in q.text else "co" if "配合" in q.text else None
        rows = []
        for region in q.regions or [None]:
            rows += self.kit.bot.index.facts.tasks(dept=dept, region=region, role=role)
        verb = {"lead": "牵头", "co": "配合"}.get(role or "", "参与")
        who = self._as_asked(dept, q)
        if not rows:  # the department is known, but owns nothing here: the documents do not say
            where = "、".join(q.regions) or "已收录文件"
            return refusal(f"{NOT_FOUND}{where}中由{who}{verb}的任务。", q.kind, self.kit.related(contexts), contexts)
        rows = list({(r.task_id, r.role): r for r in rows}.values())
        rows.sort(key=lambda r: (r.jurisdiction, ("lead", "co", "territorial").index(r.role) if r.role in ROLE_NAMES else 3))
        citations, items = [], []
        for r in rows:
            clause = self.kit.clause(r.clause_id)
            if clause is None:
                continue
            citations.append(self.kit.cite(clause, owner_quote(r.text)))
            items.append(AnswerItem(text=f"{r.title[:40]}（{r.section}，{ROLE_NAMES.get(r.role, r.role)}）",
                                    citation=len(citations) - 1, group=r.jurisdiction))
        groups = list(dict.fromkeys(i.group for i in items))
        lead = f"{who}{verb}的任务共{len(items)}项" + (f"（{'、'.join(groups)}）" if len(groups) > 1 else "") + "："
        text = lead + compact_list([r.title[:40] for r in rows if self.kit.clause(r.clause_id)])
        return Answer(text=text, found=True, kind=q.kind, citations=citations, lead=lead, items=items)

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
