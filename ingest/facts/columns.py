"""What a table column holds, read from its header's meaning rather than one wording.

A header cell is normalized (NFKC, spaces and line breaks dropped: ``牵 头 单 位`` -> ``牵头单位``;
leading numbering ``1.`` / ``一、`` dropped) and looked up in :mod:`ingest.facts.cues`. Roles:

* ``lead`` (牵头单位, 主要责任单位), ``co`` (配合单位, 协同单位, 参与单位), ``owner`` (责任单位,
  负责部门: the first named leads unless the cell marks roles);
* ``deadline`` (完成时限, 时间节点, 进度安排), ``task`` (工作任务, 具体措施, 工作内容);
* ``indicator`` (指标名称), ``unit`` (单位), ``baseline`` (基期, 现状, 2022年基数), ``year``
  (2025年, 2025年目标值, 目标值·2025年), ``value`` (目标值 without a year), ``serial``,
  ``category`` (分类, 领域), ``note``.

A header built from two header rows (:mod:`ingest.tables` writes ``目标值·2025年``) is read part
by part, the lower (more specific) part first. A unit in parentheses is not part of the meaning
(``指标名称（单位）``, ``2025年（%）``); :func:`header_unit` reads it.

Example:
    >>> [column_role(h) for h in ("牵 头 单 位", "主要责任单位", "协同单位", "时间节点", "重点任务")]
    ['lead', 'lead', 'co', 'deadline', 'task']
    >>> column_role("目标值·2027年"), header_year("2025年目标值"), header_unit("床位数（张）")
    ('year', 2025, '张')
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from ingest.facts.cues import HEADER_CUES, HEADER_EXACT

__all__ = ["column_role", "header_year", "header_unit", "columns_by_role", "clean_header", "PART_JOINER"]

PART_JOINER = "·"  # between the upper and the lower cell of a two-row header
_NUMBERING = re.compile(r"^(?:[0-9]{1,2}[.、]|[一二三四五六七八九十]{1,3}、|\([0-9一二三四五六七八九十]{1,3}\))")
_PAREN = re.compile(r"\(([^()]*)\)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:年|$|(?=\D))")
_UNIT = re.compile(r"\((?:单位[:：])?(?P<unit>[^()]{1,6})\)|单位[:：](?P<bare>[^()，,;；]{1,6})$")
_UNIT_WORDS = ("万人次", "人次", "%", "‰", "张", "个", "所", "家", "名", "人", "岁", "项", "类", "次", "元", "万元",
               "亿元", "平方米", "户", "床", "小时", "天", "分钟", "年")


def clean_header(header: str) -> str:
    """NFKC, no whitespace, no leading numbering: ``１．牵 头 单 位`` -> ``牵头单位``."""
    h = re.sub(r"\s+", "", unicodedata.normalize("NFKC", header))
    return _NUMBERING.sub("", h).strip(":：")


def _part_role(part: str) -> str | None:
    inner = [m.group(1) for m in _PAREN.finditer(part)]
    bare = _PAREN.sub("", part) or part
    if bare in HEADER_EXACT:
        role: str | None = HEADER_EXACT[bare]
    else:
        role = next((r for r, cues in HEADER_CUES if any(c in bare for c in cues)), None)
    if role == "owner":  # 责任单位（牵头） / 责任单位（配合）: the note in brackets decides
        role = next((r for p in inner for r in (_part_role(p),) if r in ("lead", "co")), role)
    if _YEAR.search(part) and role not in ("baseline", "deadline"):
        return "year"
    return role


def column_role(header: str) -> str | None:
    """The role of one header (see the module docstring); ``None`` when nothing is recognised."""
    parts = [p for p in clean_header(header).split(PART_JOINER) if p]
    roles = [_part_role(p) for p in parts]
    if "baseline" in roles:
        return "baseline"
    if "year" in roles:
        return "year"
    return next((r for r in reversed(roles) if r), None)


def header_year(header: str) -> int:
    """The year a year or baseline header names (``2022年基数`` -> 2022), else 0."""
    m = _YEAR.search(clean_header(header))
    return int(m.group(1)) if m else 0


def header_unit(header: str) -> str:
    """A unit stated in a header or name: ``（%）``, ``(张)``, ``（单位：个）``, ``单位：人``; else ``""``."""
    for m in _UNIT.finditer(clean_header(header)):
        unit = (m.group("unit") or m.group("bare") or "").removeprefix("单位").strip(":：")
        if unit in _UNIT_WORDS:
            return unit
    return ""


def columns_by_role(headers: Iterable[str]) -> dict[str, list[str]]:
    """Role -> the headers holding it, in table order.

    Example:
        >>> columns_by_role(["序号", "工作任务", "责任单位·牵头单位", "责任单位·配合单位"])["co"]
        ['责任单位·配合单位']
    """
    out: dict[str, list[str]] = {}
    for h in headers:
        role = column_role(h)
        if role:
            out.setdefault(role, []).append(h)
    return out
