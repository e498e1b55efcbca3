"""Owner lists as written: items, brackets, role marks and names broken across lines.

The pieces :class:`~ingest.facts.owners.ResponsibilityParser` is built from, kept apart because
they only read text (no department table):

* :func:`split_items` splits ``市民政局、市卫健委，各县（市、区）人民政府等`` at 、，/ outside
  brackets, drops a trailing ``等`` and keeps ``各市、县(区)人民政府`` whole;
* :func:`mark_roles` turns a mark after a name (``县卫健局（牵头）、县民政局``) into the role verb the
  parser reads (``县卫健局牵头,县民政局``);
* :func:`join_broken_names` re-joins a name a line break cut (``县卫生健康`` / ``委`` in a table cell
  or an OCR'd line);
* :func:`bracket_groups` finds the outermost ``（…）`` ``〔…〕`` ``【…】`` groups.

Example:
    >>> split_items("市民政局、市卫健委，各县（市、区）人民政府等")
    ['市民政局', '市卫健委', '各县(市、区)人民政府']
    >>> mark_roles("县卫健局（牵头）、县民政局")
    '县卫健局牵头,县民政局'
"""

from __future__ import annotations

import re
from collections.abc import Callable

from corpus.schema import Owner
from ingest.facts.cues import OWNER_MARKS
from ingest.facts.departments import normalize

__all__ = ["split_items", "mark_roles", "join_broken_names", "bracket_groups", "dedupe_owners"]

_BARE_PLACE = re.compile(r"^各?[省市州县区乡镇]+(?:\([^)]*\))?$")
_OPEN, _CLOSE = "(〔[【（", ")〕]】）"
_MARK = re.compile(r"[(\[【〔](?:为|作为)?(?P<mark>" + "|".join(OWNER_MARKS) + r")(?:单位|部门)?[)\]】〕][、,，]?")
_ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位)?$")


def split_items(s: str) -> list[str]:
    """Split at 、，/ at bracket depth 0 (县(市、区) stays whole); merge 各市、县(区)人民政府; drop 等."""
    items, depth, cur = [], 0, ""
    for ch in normalize(s):
        depth += ch in "(" and 1 or (ch in ")" and -1 or 0)
        if ch in "、,，/" and depth <= 0:
            items.append(cur)
            cur = ""
        else:
            cur += ch
    items.append(cur)
    items = [_ETC.sub("", i.strip()) if len(i.strip()) > 3 else i.strip() for i in items]
    return _merge_places([i for i in items if i])


def _merge_places(items: list[str]) -> list[str]:
    out: list[str] = []
    carry = ""
    for item in items:
        if carry and item.startswith("各"):
            out.append(carry.rstrip("、"))
            carry = ""
        if _BARE_PLACE.match(item):
            carry += item + "、"
            continue
        out.append(carry + item)
        carry = ""
    if carry:
        out.append(carry.rstrip("、"))
    return out


def mark_roles(text: str) -> str:
    """``X（牵头）、Y`` -> ``X牵头,Y``: a bracketed mark after a name becomes a role verb."""
    return _MARK.sub(lambda m: m.group("mark") + ",", normalize(text)).rstrip(",")


def join_broken_names(cell: str, is_department: Callable[[str], bool]) -> str:
    """Re-join lines of an owner cell where a line break cut a name (``县卫生健康\\n委``)."""
    lines = [ln.strip() for ln in cell.splitlines() if ln.strip()]
    out: list[str] = []
    for ln in lines:
        if out and _cut_between(out[-1], ln, is_department):
            out[-1] += ln
        else:
            out.append(ln)
    return "\n".join(out)


def _cut_between(before: str, after: str, is_department: Callable[[str], bool]) -> bool:
    last = re.split(r"[、,，;；/]", normalize(before))[-1]
    first = re.split(r"[、,，;；/]", normalize(after))[0]
    if not last or not first or last.endswith(("(", "（")):
        return bool(last) and last.endswith(("(", "（"))
    return not is_department(last) and (is_department(last + first) or len(first) <= 2)


def bracket_groups(text: str) -> list[tuple[int, int]]:
    """(start, end) of every outermost bracket group; end is one past the closing bracket."""
    groups, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            if depth == 0:
                start = i
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                groups.append((start, i + 1))
    return groups


def dedupe_owners(owners: list[Owner]) -> list[Owner]:
    """One owner per name, keeping the strongest role (lead > co > territorial) and first position."""
    rank = {"lead": 0, "co": 1, "territorial": 2}
    best: dict[str, Owner] = {}
    order: list[str] = []
    for o in owners:
        if o.name not in best:
            order.append(o.name)
            best[o.name] = o
        elif rank[o.role] < rank[best[o.name].role]:
            best[o.name] = o
    return [best[n] for n in order]
