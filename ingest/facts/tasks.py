"""Tasks: numbered clauses and task-table rows, with owners and deadlines.

A numbered clause (section depth >= 2, or any clause carrying an owner statement) is a task; its
parts are read together, and a paragraph that ends in its own owner statement (a second task the
drafters left unnumbered) becomes a task of its own. A clause without an owner statement whose
sentences assign duties (``城区财政局要落实相关投入政策``) yields one task per duty. A table row with
a task column is a task; columns are read by header meaning (:mod:`ingest.facts.columns`: 工作任务 /
具体措施 / 任务内容 …; 牵头单位 / 主要责任单位 lead, 配合单位 / 协同单位 co, 责任单位 / 负责单位 as
marked or first-named leads; 完成时限 / 时间节点 / 进度安排 the deadline). A standing note (``以下均需各市、县(区)人民政府…落实,不再列出``) adds its
territorial owners to every later task of the document.

Example:
    >>> from corpus.schema import Clause, DocumentMeta
    >>> c = Clause.create(source="a.txt", doc_title="方案", section="二、（一）", start=0, end=30,
    ...                   text="（一）建设平台。推进互通。（县大数据局牵头，县卫健委配合）")
    >>> t = TaskBuilder().build(DocumentMeta(source="a.txt", title="方案", jurisdiction="某县"), [c])[0]
    >>> t.title, [(o.name, o.role) for o in t.owners]
    ('建设平台', [('县大数据发展局', 'lead'), ('县卫生健康委', 'co')])
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from corpus.schema import Clause, DocumentMeta, Owner, OwnerRole, Task, content_id
from ingest.facts.columns import column_role, columns_by_role
from ingest.facts.departments import normalize
from ingest.facts.owners import ResponsibilityParser, first_named_leads

TASK_KINDS = ("clause", "paragraph")
_NUMBERING = re.compile(r"[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百]+[)）]|\d+[.．、](?!\d)|[(（]\d+[)）]")
_LEADING_NUMBER = re.compile(r"^\s*(?:[一二三四五六七八九十百]+、|[(（][一二三四五六七八九十百\d]+[)）]|\d+\s*[.．、](?!\d))\s*")
_ENDS_NUMBERED = re.compile(r"(?:[)）]|[.．、])$")
_TITLE_END = re.compile(r"[。;；:：]|\.(?!\d)")
_DEADLINE = re.compile(
    r"(?:到|于|在|至|力争|争取)?(?P<when>\d{4}年(?:\d{1,2}月)?(?:底|末|年底|上半年|下半年)?(?:前|以前|之前)?)[,，]?"
    r"(?=(?:前|以前|之前)|[^。;；]{0,3}(?:完成|建成|实现|出台|建立|印发|落实))"
)
# Owner columns and the role their unmarked names take (owner: the first named leads).
_OWNER_ROLES: dict[str, OwnerRole | None] = {"lead": "lead", "co": "co", "owner": None}


def section_depth(section: str) -> int:
    """Number of numbering levels in a section path: ``三、（一）1.`` -> 3."""
    return len(_NUMBERING.findall(section or ""))


def task_title(text: str, limit: int = 40) -> str:
    """The heading words of a clause: its first sentence without the number."""
    body = normalize(_LEADING_NUMBER.sub("", text.strip()))
    body = _LEADING_NUMBER.sub("", body)
    return _TITLE_END.split(body, maxsplit=1)[0][:limit]


def find_deadline(text: str) -> str:
    """``到2018年底,完成…`` -> ``2018年底``; ``2025年10月底前实现…`` -> ``2025年10月底前`` (as written);
    ``""`` when no deadline-like phrase."""
    m = _DEADLINE.search(normalize(text))
    return m.group("when") if m else ""


class TaskBuilder:
    """Builds :class:`~corpus.schema.Task` records from one document's clauses."""

    def __init__(self, parser: ResponsibilityParser | None = None) -> None:
        self.parser = parser or ResponsibilityParser()

    def build(self, doc: DocumentMeta, clauses: Iterable[Clause]) -> list[Task]:
        """All tasks of ``doc`` in document order, standing notes applied."""
        ordered = sorted((c for c in clauses if c.source == doc.source), key=lambda c: (c.start, c.part))
        tasks: list[Task] = []
        standing: tuple[Owner, ...] = ()
        rule = _ListRule()
        for group in _section_groups(ordered):
            if group[0].kind == "table_row":
                new = [t for c in group if (t := self._row_task(doc, c))]
                notes: tuple[Owner, ...] = ()
            else:
                new, notes = self._clause_tasks(doc, group, rule)
            tasks += [_with_territorial(t, standing) for t in new]
            standing = _merge(standing, notes)
        return tasks

    def _clause_tasks(self, doc: DocumentMeta, group: list[Clause],
                      rule: "_ListRule") -> tuple[list[Task], tuple[Owner, ...]]:
        tasks: list[Task] = []
        notes: tuple[Owner, ...] = ()
        pending: list[tuple[Clause, str]] = []  # (clause, text not yet assigned to a task)
        for clause in group:
            if clause.kind not in TASK_KINDS:
                continue
            pos = 0
            for st in self.parser.find_statements(clause.text):
                pending.append((clause, clause.text[pos:st.start]))
                owners = st.responsibility.owners
                if rule.first_leads and not st.responsibility.first_leads_below:
                    owners = first_named_leads(owners)
                rule.first_leads = rule.first_leads or st.responsibility.first_leads_below
                notes = _merge(notes, st.responsibility.standing)
                tasks.append(self._task(doc, clause, pending, owners, first=not tasks))
                pending, pos = [], st.end
            if clause.text[pos:].strip():
                pending.append((clause, clause.text[pos:]))
        if pending and not tasks:
            text = " ".join(t for _, t in pending)
            # 由X牵头，Y配合 names the clause's owners; only without it are X要… sentences separate duties
            inline = self.parser.parse_inline_roles(text)
            duties = [] if inline else self.parser.parse_duties(text)
            if duties:
                for i, duty in enumerate(duties):
                    clause = next((c for c, t in pending if duty.sentence[:8] in normalize(t)), pending[0][0])
                    tasks.append(_make_task(doc, clause, duty.title, duty.owners, find_deadline(duty.sentence), i))
            elif inline or section_depth(group[0].section) >= 2 and _ENDS_NUMBERED.search(group[0].section):
                tasks.append(self._task(doc, pending[0][0], pending, ()))
        return tasks, notes

    def _task(self, doc: DocumentMeta, clause: Clause, pending: list[tuple[Clause, str]],
              owners: tuple[Owner, ...], first: bool = True) -> Task:
        text = "".join(t for _, t in pending)
        inline = self.parser.parse_inline_roles(text)
        head = pending[0][0].headings
        # the clause's own heading names the first task; a later paragraph with its own owners names itself
        title = task_title(head[-1]) if first and head else task_title(text)
        return _make_task(doc, clause, title or task_title(text), _merge(owners, inline), find_deadline(text), 0)

    def _row_task(self, doc: DocumentMeta, row: Clause) -> Task | None:
        cols = row.columns or {}
        roles = columns_by_role(cols)
        owner_cols = [h for h in cols if column_role(h) in _OWNER_ROLES]  # table order: the lead column comes first
        # a 项目名称 column names the task when the table has owners but no 任务 column
        task_col = next(iter(roles.get("task", ()) or (roles.get("indicator", ()) if owner_cols else ())), None)
        if not task_col or not cols[task_col].strip():
            return None
        owners: list[Owner] = []
        for header in owner_cols:
            if cols[header].strip():
                owners += self.parser.parse_cell(cols[header], role=_OWNER_ROLES[column_role(header) or "owner"])
        deadline = next((_deadline_cell(cols[h]) for h in roles.get("deadline", ()) if cols[h].strip()), "")
        title = re.sub(r"\s+", " ", cols[task_col]).strip()
        return _make_task(doc, row, title, _merge((), tuple(owners)), deadline or find_deadline(title), 0)


def _deadline_cell(cell: str) -> str:
    """A deadline cell as written, lines joined; ``—`` / ``/`` / ``长期`` kept as the words they are."""
    text = normalize(cell)
    return "" if text in ("—", "-", "/", "无") else text


@dataclass
class _ListRule:
    """A document-wide note on how owner lists read (排在第一位的为牵头单位，下同)."""

    first_leads: bool = False


def _section_groups(clauses: list[Clause]) -> list[list[Clause]]:
    """Consecutive clauses sharing source, section and kind family (table rows stay one per row)."""
    groups: list[list[Clause]] = []
    for c in clauses:
        prev = groups[-1][-1] if groups else None
        same = prev is not None and prev.section == c.section and (prev.kind == "table_row") == (c.kind == "table_row")
        if same and c.kind != "table_row":
            groups[-1].append(c)
        else:
            groups.append([c])
    return groups


def _make_task(doc: DocumentMeta, clause: Clause, title: str, owners: tuple[Owner, ...], deadline: str,
               index: int) -> Task:
    return Task(
        id=content_id(clause.id, title, str(index)),
        clause_id=clause.id,
        source=clause.source,
        jurisdiction=doc.jurisdiction,
        section=clause.section,
        title=title,
        owners=owners,
        deadline=deadline,
    )


def _merge(first: tuple[Owner, ...], more: tuple[Owner, ...]) -> tuple[Owner, ...]:
    names = {o.name for o in first}
    return first + tuple(o for o in more if o.name not in names)


def _with_territorial(task: Task, standing: tuple[Owner, ...]) -> Task:
    if not standing:
        return task
    extra = tuple(o for o in standing if o.name not in {x.name for x in task.owners})
    if not extra:
        return task
    return Task(**{**task.__dict__, "owners": task.owners + extra})
