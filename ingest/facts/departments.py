"""Department names: strip the jurisdiction prefix, look the rest up in the alias table, put it back.

The alias table is data (``corpus/departments.yaml``): each *body* (卫生健康, 民政, ...) lists its
canonical short forms and their aliases. ``省卫健委`` resolves to ``省卫生健康委`` (body 卫生健康),
``城区卫计局`` to itself (a pre-2018 name of the same body), ``民政厅`` inherits the ``省`` of the
item before it when the caller passes that prefix.

Example:
    >>> d = DepartmentDirectory.from_yaml()
    >>> d.resolve("区大数据局").name, d.resolve("区大数据局").body
    ('区大数据发展局', '大数据')
    >>> d.resolve("民政厅", inherited_prefix="省").name
    '省民政厅'
    >>> d.split_names("区卫生健康委区大数据局")
    ['区卫生健康委', '区大数据局']
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

DEFAULT_TABLE = Path(__file__).resolve().parents[2] / "corpus" / "departments.yaml"

# Longest first: 城区 before 区, 自治区 before 区.
PREFIXES = ("国家", "自治区", "城区", "省", "市", "州", "盟", "县", "区", "旗", "镇", "乡")
_LEVELS = {"国家": "国家", "自治区": "省", "省": "省", "市": "市", "州": "市", "盟": "市",
           "城区": "区县", "县": "区县", "区": "区县", "旗": "区县", "镇": "乡镇", "乡": "乡镇"}
_DEPT_SUFFIX = re.compile(
    r"(局|委|厅|办|部门|委员会|管委会|人民政府|政府|办事处|总队|支队|大队|分局|联合会|红十字会|"
    r"中心|营业部|残联|妇联|团委|部|办公室|督查室|研究室)$"
)
_LOCAL_GOV = re.compile(r"(人民政府|政府|办事处|管委会|街道|乡镇)$")
_PLACE_GROUP = re.compile(r"^各(?:[省市州县区乡镇]|街道|乡镇)+$")  # 各镇(街道), 各县(市、区) without 人民政府
_GENERIC = re.compile(r"^(各|有关|相关|其他|其它|[省市州县区乡镇]级|各级)*(有关|相关)?(部门|单位|机构)$")
_SECTOR_FORM = re.compile(r"^(?P<sector>.+?)(?:行政|主管|管理)?部门$")
_NAME_SUFFIX = re.compile(r"(委员会办公室|委员会|委|局|厅|部|办)$")


def normalize(text: str) -> str:
    """NFKC (full-width digits and punctuation to half-width) and no whitespace (PDF line breaks)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def level_of(prefix: str) -> str:
    """``省`` / ``市`` / ``区县`` / ``乡镇`` / ``国家`` for a standard prefix, ``""`` for place names."""
    return _LEVELS.get(prefix, "")


@dataclass(frozen=True, kw_only=True)
class DepartmentName:
    """One resolved department mention.

    Attributes:
        name: canonical name within its jurisdiction, prefix included (``省民政厅``).
        surface: the words as written (``民政厅``).
        prefix: the jurisdiction prefix used (``省``, ``城区``, ``涪陵``) or ``""``.
        body: the key shared by all names of the body (``民政``); the core name for unknown bodies.
        known: whether the alias table knows the body.
    """

    name: str
    surface: str
    prefix: str
    body: str
    known: bool


class DepartmentDirectory:
    """Canonicalizes department names using an alias table.

    Args:
        table: alias (or canonical) short form -> (canonical short form, body key).
        standalone: canonical forms that carry their own level (团省委) and never take a prefix.
    """

    def __init__(self, table: Mapping[str, tuple[str, str]], standalone: frozenset[str] = frozenset()) -> None:
        if not table:
            raise ValueError("department alias table is empty")
        self.table = dict(table)
        self.standalone = standalone
        self.sectors = self._sector_stems()

    @classmethod
    def from_yaml(cls, path: str | Path | None = None) -> "DepartmentDirectory":
        """Load ``corpus/departments.yaml`` (or another table in the same format)."""
        raw = yaml.safe_load(Path(path or DEFAULT_TABLE).read_text(encoding="utf-8")) or {}
        table: dict[str, tuple[str, str]] = {}
        standalone: set[str] = set()
        for body, entry in raw.items():
            for group in ("names", "former"):
                for canonical, aliases in ((entry or {}).get(group) or {}).items():
                    for alias in [canonical, *(aliases or [])]:
                        table[normalize(alias)] = (canonical, body)
                    if canonical.startswith("团"):
                        standalone.add(canonical)
        return cls(table, frozenset(standalone))

    def _sector_stems(self) -> dict[str, str]:
        stems = {}
        for alias, (_, body) in self.table.items():
            stems.setdefault(body, body)
            stem = _NAME_SUFFIX.sub("", alias)
            if len(stem) >= 2:
                stems.setdefault(stem, body)
        return stems

    def lookup(self, core: str) -> tuple[str, str] | None:
        """(canonical, body) for a name without prefix, including ``<sector>部门`` forms."""
        if core in self.table:
            return self.table[core]
        m = _SECTOR_FORM.match(core)
        if m and m.group("sector") in self.sectors:
            return f"{m.group('sector')}部门", self.sectors[m.group("sector")]
        return None

    def resolve(self, surface: str, inherited_prefix: str = "") -> DepartmentName:
        """Canonical name, prefix and body of one mention; ``inherited_prefix`` fills an ellipsis."""
        item = normalize(surface)
        found = self.lookup(item)
        if found:
            prefix = "" if found[0] in self.standalone else inherited_prefix
            return DepartmentName(name=prefix + found[0], surface=item, prefix=prefix, body=found[1], known=True)
        for p in PREFIXES:
            if item.startswith(p) and (found := self.lookup(item[len(p):])):
                return DepartmentName(name=p + found[0], surface=item, prefix=p, body=found[1], known=True)
        for i in range(2, min(len(item) - 1, 8)):  # a place name before a known body: 涪陵银保监分局
            if (found := self.lookup(item[i:])) and not _GENERIC.match(item[:i]):
                return DepartmentName(name=item[:i] + found[0], surface=item, prefix=item[:i], body=found[1], known=True)
        for p in PREFIXES:
            if item.startswith(p) and len(item) - len(p) >= 2 and not is_local_government(item):
                return DepartmentName(name=item, surface=item, prefix=p, body=item[len(p):], known=False)
        inherit = inherited_prefix if (_DEPT_SUFFIX.search(item) and len(item) <= 7 and not is_local_government(item)) else ""
        return DepartmentName(name=inherit + item, surface=item, prefix=inherit, body=item, known=False)

    def has_prefix(self, surface: str) -> bool:
        """Whether the mention names its own standard jurisdiction prefix (省卫健委 yes, 民政厅 no)."""
        item = normalize(surface)
        if self.lookup(item):
            return False
        return any(item.startswith(p) and len(item) > len(p) + 1 for p in PREFIXES)

    def is_department(self, surface: str) -> bool:
        """A body that can own a task: known, or shaped like one (…局, …委, …人民政府)."""
        item = normalize(surface)
        if not item or _GENERIC.match(item):
            return False
        return self.resolve(item).known or bool(_DEPT_SUFFIX.search(item))

    @cached_property
    def _known_pattern(self) -> re.Pattern[str]:
        names = sorted(self.table, key=len, reverse=True)
        prefixes = "|".join(PREFIXES)
        return re.compile(f"(?:{prefixes})?(?:{'|'.join(map(re.escape, names))})")

    def split_names(self, text: str) -> list[str]:
        """Split a cell or list that runs names together (``区民政局\\n区卫生健康委区大数据局``)."""
        out: list[str] = []
        for chunk in re.split(r"[\s、,，;；/]+", unicodedata.normalize("NFKC", text)):
            if not chunk:
                continue
            if self.lookup(chunk) or self.resolve(chunk).known and len(chunk) <= 12 and not self._runs_together(chunk):
                out.append(chunk)
                continue
            pieces = [m.group(0) for m in self._known_pattern.finditer(chunk)]
            if pieces and "".join(pieces) == chunk:
                out.extend(pieces)
            else:
                out.extend(p for p in re.split(r"(?<=[局委厅办])(?=(?:城区|区|县|省|市)[^场])", chunk) if p)
        return out

    def _runs_together(self, chunk: str) -> bool:
        pieces = [m.group(0) for m in self._known_pattern.finditer(chunk)]
        return len(pieces) > 1 and "".join(pieces) == chunk


def is_local_government(surface: str) -> bool:
    """各乡镇人民政府, 街道办事处, 各市、县(区)人民政府, 平潭综合实验区管委会 ..."""
    item = normalize(surface)
    bare = re.sub(r"\([^)]*\)", "", item)
    return (bool(_LOCAL_GOV.search(item)) or bool(_PLACE_GROUP.match(bare))) and "部门" not in item


def is_generic(surface: str) -> bool:
    """有关部门, 各相关单位: no body to name."""
    return bool(_GENERIC.match(normalize(surface)))
