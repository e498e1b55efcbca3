"""A table header written over two rows: merged cells and wrapped header text.

Readers write a vertically merged cell as a lone TAB and a horizontally merged cell once, so a
two-row header arrives as, e.g.::

    序号 | 指标名称 | 目标值 | 单位          (目标值 spans two columns)
    ∅    | ∅        | 2025年 | 2027年 | ∅   (∅: lone TAB, the cell above continues)

A web page's ``rowspan`` cells are left out of the second row instead (``2025年 | 2027年``).
The second row is a header row when every cell in it says what a column holds (a year, 牵头单位,
单位, 时限 …: :func:`ingest.facts.columns.column_role`). The merged header names a spanned column
``目标值·2025年`` (upper·lower) and a column whose header text wrapped ``牵头`` + ``单位`` -> ``牵头单位``.

Example:
    >>> merge_header_rows(["序号", "指标名称", "目标值", "单位"], ["", "", "2025年", "2027年", ""])
    ('序号', '指标名称', '目标值·2025年', '目标值·2027年', '单位')
    >>> merge_header_rows(["序号", "工作任务"], ["1", "建设中心"]) is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ingest.facts.columns import PART_JOINER, clean_header, column_role

__all__ = ["merge_header_rows", "is_header_row"]

_YEARISH = re.compile(r"(?:19|20)\d{2}年?")
_SENTENCE = re.compile(r"[。；;，,]")
_GROUP_ROLES = (None, "value", "owner", "year")  # upper cells that can span several lower ones


def is_header_row(cells: Sequence[str]) -> bool:
    """Every non-empty cell names a column role, and none is data (a number, a sentence)."""
    filled = [clean_header(c) for c in cells if c.strip()]
    if not filled:
        return False
    for c in filled:
        rest = re.sub(r"\([^()]*\)", "", _YEARISH.sub("", c))
        if len(c) > 14 or _SENTENCE.search(c) or re.search(r"\d", rest) or column_role(c) in (None, "serial"):
            return False
    return True


def merge_header_rows(top: Sequence[str], sub: Sequence[str]) -> tuple[str, ...] | None:
    """The header a two-row header stands for, or ``None`` when ``sub`` is not a header row."""
    if not top or not is_header_row(sub):
        return None
    groups = _one_to_one(top, sub)
    if groups is not None:
        top, groups = _spread(top, groups)
    else:
        groups = _aligned(top, sub) if any(not s.strip() for s in sub) else _spanned(top, sub)
    if groups is None:
        return None
    header: list[str] = []
    for upper, lower in zip(top, groups):
        if not lower:
            header.append(upper)
        elif len(lower) == 1 and not _is_year(lower[0]):
            header.append(upper + lower[0])  # wrapped header text: 牵头 / 单位
        else:
            header += [f"{upper}{PART_JOINER}{x}" if upper else x for x in lower]
    return tuple(header)


def _is_year(cell: str) -> bool:
    return column_role(cell) in ("year", "baseline") and bool(_YEARISH.search(cell))


def _one_to_one(top: Sequence[str], sub: Sequence[str]) -> list[list[str]] | None:
    if len(top) != len(sub):
        return None
    if any(_is_year(s) and column_role(t) not in _GROUP_ROLES for t, s in zip(top, sub)):
        return None  # 序号 over 2023年: the rowspan cells are missing, not wrapped
    return [[s] for s in sub]


def _spread(top: Sequence[str], groups: list[list[str]]) -> tuple[list[str], list[list[str]]]:
    """Readers that write a spanned upper cell in every column it covers, or empty after the first:
    ``责任单位 | 责任单位`` or ``责任单位 | ∅`` over ``牵头单位 | 配合单位`` -> one upper cell over both."""
    uppers: list[str] = []
    merged: list[list[str]] = []
    for upper, lower in zip(top, groups):
        if lower and uppers and merged[-1] and (not upper or upper == uppers[-1]):
            merged[-1] += lower
        else:
            uppers.append(upper)
            merged.append(list(lower))
    return uppers, merged


def _aligned(top: Sequence[str], sub: Sequence[str]) -> list[list[str]] | None:
    """Lone TABs mark the columns whose upper cell stands alone; runs between them are spanned."""
    groups: list[list[str]] = []
    for i, s in enumerate(sub):
        if not s.strip():
            groups.append([])
        elif i and sub[i - 1].strip():
            groups[-1].append(s)
        else:
            groups.append([s])
    while len(groups) < len(top):  # adjacent spanned cells: split a run where its kind changes
        cut = next(((g, k) for g, run in enumerate(groups) for k in range(1, len(run))
                    if _kind(run[k]) != _kind(run[k - 1])), None)
        if cut is None:  # 现状 | 目标值 over 2022年 | 2025年 | 2027年: the first upper cell takes one
            cut = next(((g, 1) for g, run in enumerate(groups) if len(run) > 1), None)
        if cut is None:
            return None
        g, k = cut
        groups[g:g + 1] = [groups[g][:k], groups[g][k:]]
    return groups if len(groups) == len(top) else None


def _kind(cell: str) -> str:
    role = column_role(cell)
    return "year" if role in ("year", "baseline") else ("owner" if role in ("lead", "co", "owner") else str(role))


def _spanned(top: Sequence[str], sub: Sequence[str]) -> list[list[str]] | None:
    """Web tables: the lower row lists only the spanned columns' cells; give each to its upper cell."""
    candidates = [i for i, t in enumerate(top) if column_role(t) in _GROUP_ROLES]
    if not candidates:
        return None
    groups: list[list[str]] = [[] for _ in top]
    for s in sub:
        kind = _kind(s)
        fits = [i for i in candidates if _kind(top[i]) in (kind, "None", "value")] or candidates
        target = fits[0] if len(fits) == 1 or kind != "year" else next(
            (i for i in fits if column_role(top[i]) == "value"), fits[0])
        groups[target].append(s)
    return groups
