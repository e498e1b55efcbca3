"""What a department owns: every task it leads, co-owns or carries out locally."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from assistant.answering.base import Toolkit
from assistant.answering.owners import ROLE_NAMES, owner_quote
from assistant.types import Answer, Context
from assistant.understanding import Question, region_aliases

REVERSE_LIST_MAX = 6


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
        if not rows:
            return None
        rows.sort(key=lambda r: ("lead", "co", "territorial").index(r.role) if r.role in ROLE_NAMES else 3)
        shown = rows[:REVERSE_LIST_MAX]
        width = 40 if len(shown) <= 2 else 24
        lines = [f"{r.title[:width]}（{r.section}，{ROLE_NAMES.get(r.role, r.role)}）" for r in shown]
        more = f"共{len(rows)}项" + (f"，以下列出前{len(shown)}项" if len(rows) > len(shown) else "")
        verb = {"lead": "牵头", "co": "配合"}.get(role or "", "参与")
        who = self._as_asked(dept, q)
        text = f"{who}{verb}的任务{more}：" + "；".join(lines) + "。"
        cites = [self.kit.cite(self.kit.bot.index.clause(r.clause_id), owner_quote(r.text)) for r in shown]
        return Answer(text=text, found=True, kind=q.kind, citations=[c for c in cites if c.clause])

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
