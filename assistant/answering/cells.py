"""A table cell: the value of the column a question names, in the row it is about.

"护理院设置审批的受理部门是哪个", "要收费吗", "承诺几天办完": the tables of a 办事指南 or a
分工表 answer these in one cell. The row is the retrieved table row whose subject cells the question shares
most words with; the column is the header the question names, by its text (受理部门), its core
(是否收费 -> 收费) or a spoken cue for its kind (多久 -> …时限), as listed in ``lexicon.yaml``.

Example:
    >>> header_core("是否收费"), header_core("法定时限（工作日）")
    ('收费', '法定时限')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import Toolkit
from assistant.answering.matching import overlap
from assistant.types import Answer, AnswerItem, Context
from assistant.understanding import Question

_NOT_A_FIELD = re.compile(r"^(?:序号|编号|序)$|20\d\d")  # numbering, and the year columns of indicator tables
_ROLE = re.compile(r"牵头|配合|责任|协同|协办|参与|主办")
_WHO = re.compile(r"谁|牵头|配合|负责|协同")
MIN_ROW_MATCH = 0.3
MIN_FOCUS_MATCH = 0.6
_KEY_COLUMN = re.compile(r"项目|名称|事项|内容|任务|类别|类型")
_ASKS_DURATION = re.compile(r"多久|多长时间|几天|多少天|几个工作日|多少个工作日|几个月")
_N = r"[\d一二三四五六七八九十两半]"
_DURATION = re.compile(rf"(?<!\d){_N}{{1,3}}\s*(?:个)?(?:工作日|天|周|星期|小时)|{_N}{{1,3}}\s*个月|(?<!\d){_N}{{1,2}}\s*年(?![底末\d])"
                       r"|\d+\s*日(?:内|以内)|当场|即时|当天|当日")


def header_core(header: str) -> str:
    """The header without 是否 and a parenthesised unit."""
    return re.sub(r"^是否|[（(][^）)]*[）)]", "", header).strip()


class TableCells:
    """The cells of one retrieved table row under the columns the question names."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        rows = [c.clause for c in contexts[:6] if c.clause.kind == "table_row" and c.clause.columns]
        rows = [r for r in rows if not any(_NOT_A_FIELD.search(h) for h in list(r.columns)[1:])]
        if not rows:
            return None
        row = self._row(q, rows)
        if row is None:
            return None
        row = self._focused(q, row)
        # a follow-up's own words name the field ("……受理部门是哪个，要收费吗" asks 是否收费)
        fields = self._named_fields(" ".join(q.focus) if q.focus else q.text, row)
        if not fields and q.focus:  # "那日常巡诊呢": a new subject, the field the question before asked
            fields = self._named_fields(q.text, row)
        if q.kind in ("owner", "deadline"):
            if self.kit.tasks_by_clause.get(row.id) and _WHO.search(q.text):
                return None  # who (and by when) of a ledger row: the owners unit says lead and co
            fields = [h for h in fields if not _ROLE.search(h)]
        if _ASKS_DURATION.search(q.text):  # "多久给结果": a deadline (持续推进, 2026年底) is no duration
            fields = [h for h in fields if _DURATION.search(row.columns[h])]
        if not fields:
            return None
        title = self._title(row)
        parts = [f"{h}：{row.columns[h]}" for h in fields]
        text = f"{title}（{row.section}）：" + "；".join(parts) + "。"
        cites = [self.kit.cite(row, f"{h} {row.columns[h]}") for h in fields]
        items = [AnswerItem(text=p, citation=i) for i, p in enumerate(parts)]
        return Answer(text=text, found=True, kind=q.kind, citations=cites, items=items)

    def _row(self, q: Question, rows: Sequence[Any]) -> Any | None:
        """The row the question is about: most of a subject cell's words in the question (the first
        cell, or a 项目/名称/事项 cell); a follow-up's new subject ("那日常巡诊呢") first. The retrieval
        order breaks ties."""
        tries = ([(" ".join(q.focus), MIN_FOCUS_MATCH)] if q.focus else []) + [(q.text, MIN_ROW_MATCH)]
        for asked, needed in tries:
            scored = [(max(overlap(s, asked) for s in self._subjects(r)) - 0.01 * i, r) for i, r in enumerate(rows)]
            score, row = max(scored, key=lambda p: p[0])
            if score >= needed:
                return row
        return None

    def _focused(self, q: Question, row: Any) -> Any:
        """"那日常巡诊呢": the follow-up names another row of the same table, which retrieval may
        have left out; that row, when its subject is the new one."""
        if not q.focus:
            return row
        asked = " ".join(q.focus)
        if max(overlap(s, asked) for s in self._subjects(row)) >= MIN_FOCUS_MATCH:
            return row
        table = [c for c in self.kit.clauses_of(row.source) if c.kind == "table_row" and c.headings == row.headings]
        scored = [(max(overlap(s, asked) for s in self._subjects(r)), r) for r in table]
        score, best = max(scored, key=lambda p: p[0], default=(0.0, row))
        return best if score >= MIN_FOCUS_MATCH else row

    def _subjects(self, row: Any) -> list[str]:
        return [self._title(row)] + [v for h, v in row.columns.items() if v and _KEY_COLUMN.search(h)]

    @staticmethod
    def _title(row: Any) -> str:
        """The row's subject: its first column that is not a number."""
        return next((v for h, v in row.columns.items() if not _NOT_A_FIELD.search(h) and v), row.section)

    def _named_fields(self, text: str, row: Any) -> list[str]:
        cues: dict[str, list[str]] = self.kit.bot.parser.lexicon.get("column_cues", {})
        headers = [h for h in list(row.columns)[1:] if row.columns[h] and not _NOT_A_FIELD.search(h)]
        title = self._title(row)
        scores: dict[str, int] = {}
        for h in headers:
            if row.columns[h] == title or (len(row.columns[h]) >= 2 and row.columns[h] in text):
                continue  # the row's subject, or a cell the question itself gives: not what it asks
            core = header_core(h)
            if h in text:
                scores[h] = 3
            elif len(core) >= 2 and core in text:
                scores[h] = 2
            elif any(kind in core and any(c in text for c in words) for kind, words in cues.items()):
                scores[h] = 1 + (core[:2] in text)
        if not scores:
            return []
        top = max(scores.values())
        return [h for h in headers if scores.get(h) == top]
