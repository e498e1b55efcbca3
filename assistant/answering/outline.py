"""A document's outline as answers show it: its sections as nodes, an item's text and label,
a list that fits one answer line, the category groups of a table's rows.

Example:
    >>> last_marker("二、（一）5.")
    '5.'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.answering.matching import overlap

ITEM_CHARS = 40
TEXT_BUDGET = 240  # the answer line; a chat renders the full items
HAS_DIGIT = re.compile(r"\d")
_KEY_COLUMN = re.compile(r"任务|指标|内容|措施|名称|事项|项目|工作")
STEP_COLUMN = re.compile(r"(?:办理|工作|申请)?(?:环节|步骤|流程|程序|阶段)(?:名称)?")
_LIMIT_COLUMN = re.compile(r"时限|时间|期限|时长")


@dataclass(frozen=True)
class Node:
    """A section of a document's tree: its path, depth, heading and first clause."""

    section: str
    depth: int
    title: str
    clause: Any



def compact_list(texts: Sequence[str], budget: int = TEXT_BUDGET) -> str:
    """Every item in one line when it fits (the structured ``items`` always carry them all)."""
    line = "；".join(texts) + "。"
    if len(line) <= budget:
        return line
    short = [t if len(t) <= 14 else t[:14] + "…" for t in texts]
    line = "；".join(short) + "。"
    if len(line) <= budget:
        return line
    shown, used = [], 0
    for t in short:
        if used + len(t) + 1 > budget - 12:
            break
        shown.append(t)
        used += len(t) + 1
    return "；".join(shown) + f"……（共{len(texts)}项，完整列表见条目）"


def table_groups(rows: Sequence[Any], *, first_only: bool = False) -> dict[str, list[Any]]:
    """Rows grouped by a category column (a value repeated down the rows: 分类 服务体系 / 服务能力);
    every such column's groups, or with ``first_only`` those of the leftmost one (the 类别 a table
    is sorted by, not 资金来源 further right)."""
    out: dict[str, list[Any]] = {}
    headers = [h for h in (rows[0].columns if rows else {}) if not re.fullmatch(r"序号|编号|序", h)]
    for h in headers:
        values = [r.columns.get(h, "").strip() for r in rows]
        distinct = set(v for v in values if v)
        if 2 <= len(distinct) <= len(rows) // 2 and not any(HAS_DIGIT.search(v) for v in distinct):
            for r, v in zip(rows, values):
                if v:
                    out.setdefault(v, []).append(r)
            if first_only:
                break
    return {v: g for v, g in out.items() if len(g) >= 2}


_CELL_QUOTES = re.compile(r"[“”\"'‘’「」『』《》]")
_CELL_PARTS = re.compile(r"[、，,/／和及或（）()]")
_CELL_TAIL = re.compile(r"(?:另需|另外|类|等)$")
_EXCEPT = re.compile(r"(?:除了?|不含|不包括|以外)$")
_FILTER_AFTER = re.compile(r"的|类|这|那|方面|等")
_FILTER_BEFORE = re.compile(r"(?:是|为|属于|按)$")


def cell_filters(rows: Sequence[Any], text: str) -> dict[tuple[str, str], list[Any]]:
    """Rows picked by a cell value the question names: "类型是“两院一体”的有哪几家" (类型 = “两院一体”),
    "完成时限是2026年9月底前的有哪几项", "诊所或医务室另需什么" (类别 = 诊所、卫生所（室）、医务室另需).

    A value is named when it, or one of its 、-separated parts, stands in ``text`` (not after 除了) as
    a filter: quoted, or followed by 的/类 or after 是/为/属于 ("办理方式为备案的"), or beside another value of
    its column ("基本服务和拓展服务各有几项"); a word of the question that only happens to be a cell
    ("去备案，要准备哪些材料") picks nothing. A value every row has picks nothing either. Keys are
    ``(header, value)`` in column and row order.
    """
    out: dict[tuple[str, str], list[Any]] = {}
    plain = re.sub(r"\s", "", text)
    headers = [h for h in (rows[0].columns if rows else {}) if not re.fullmatch(r"序号|编号|序", h)]
    for h in headers:
        values = [r.columns.get(h, "").strip() for r in rows]
        found: dict[str, bool] = {}
        for v in dict.fromkeys(v for v in values if v):
            framed = _named(v, plain)
            if framed is not None and sum(1 for x in values if x == v) < len(rows):
                found[v] = framed
        if any(found.values()) or len(found) >= 2:
            for v in found:
                out[(h, v)] = [r for r, x in zip(rows, values) if x == v]
    return out


def _named(value: str, plain: str) -> bool | None:
    """Whether the question frames ``value`` as a filter (True), names it only in passing (False), or not at all."""
    core = _CELL_TAIL.sub("", re.sub(r"\s", "", _CELL_QUOTES.sub("", value)))
    parts = [core] + ([p for p in _CELL_PARTS.split(core) if p] if len(core) <= 20 else [])
    seen = None
    for part in parts:
        at = plain.find(part) if len(part) >= 2 and not part.isdigit() else -1
        if at < 0 or _EXCEPT.search(plain[:at]):
            continue
        after = plain[at + len(part):].lstrip("”\"'’」』）)")
        before = plain[:at].rstrip("“\"'‘「『")
        if (len(before) < at or _FILTER_AFTER.match(after) or _FILTER_BEFORE.search(before)):
            return True
        seen = False
    return seen


def heading_fit(title: str, about: str) -> float:
    """How well a heading or table title matches what the question is about: mostly how much of
    what the question names is in the title (a long table title names more than is asked)."""
    core = re.sub(r"^(?:表\s*\d+\s*|[（(]?[一二三四五六七八九十\d]+[、.．)）]\s*)", "", title)
    return 0.75 * overlap(about, core) + 0.25 * overlap(core, about)


def short_title(title: str) -> str:
    core = re.sub(r"^[（(]?[一二三四五六七八九十\d]+[、.．)）]\s*", "", title).strip("。.；;：: ")
    return core if len(core) <= ITEM_CHARS else core[:ITEM_CHARS] + "…"


def item_text(member: Any) -> str:
    if isinstance(member, Node):
        label = member.section[len(member.section) - len(last_marker(member.section)):]
        title = short_title(member.title)
        if label == member.section and re.sub(r"\s", "", member.title) in label:
            return title  # an unnumbered heading (a web page's <h3>) is its own path: no label to add
        return title if title.startswith(label) else f"{label}{title}"  # "第一章　总则" carries its label
    columns = member.columns or {}
    step = next((v for h, v in columns.items() if STEP_COLUMN.fullmatch(h.strip()) and v.strip()), "")
    if step:  # a procedure's steps (环节 申请 / 受理 / 评估): the step, with how long it may take
        limit = next((v for h, v in columns.items() if _LIMIT_COLUMN.search(h) and 0 < len(v.strip()) <= 16), "")
        return short_title(step.replace("\n", "")) + (f"（{limit.strip()}）" if limit else "")
    key = next((v for h, v in columns.items() if _KEY_COLUMN.search(h) and v.strip()), "")
    if not key:
        key = next((v for h, v in columns.items() if not re.fullmatch(r"序号|编号|序", h) and v.strip()), member.text)
    return short_title(key.replace("\n", ""))


def last_marker(section: str) -> str:
    """The last marker of a section path: ``二、（一）5.`` -> ``5.``."""
    m = re.search(r"(?:[（(][^）)]+[）)]|[一二三四五六七八九十百]+、|\d+\.|第[^章节条]+[章节条]|——\d+|[①-⑳])$", section)
    return m.group(0) if m else section
