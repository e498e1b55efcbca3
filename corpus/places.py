"""China's administrative divisions, to tell a place a question names from a word that looks like one.

The table is the adcode list the ``cpca`` package ships (provinces, cities and counties with their
12-digit codes; MIT). Each division is known by its full name (平凉市, 点军区, 临澧县) and, where the
level suffix leaves two characters or more, by its short form (平凉, 点军). A short form is also an
ordinary word often enough (安宁 in 安宁疗护, 公安, 资源, 合作), so the tokenizer decides whether a
short form in a question is a place; this module only knows the names.

Example:
    >>> g = Gazetteer.load()
    >>> [(m.text, m.place.name) for m in g.mentions("临澧县医保局牵头的工作")]
    [('临澧县', '临澧县')]
"""

from __future__ import annotations

import csv
import importlib.metadata
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

# Longest first: 自治县 before 县, 林区 before 区.
_SUFFIX = re.compile(
    r"(?:维吾尔自治区|壮族自治区|回族自治区|自治区|特别行政区|自治州|自治县|自治旗|地区|林区|特区|省|市|盟|县|区|旗)$"
)
LONGEST = 12
# Rows that stand for a grouping, not a place: 重庆市 > 市辖区 > 涪陵区, 湖北省 > 省直辖县级行政区划 > 仙桃市.
_GROUPING = re.compile(r"^(?:市辖区|县|(?:省|自治区)直辖县级行政区划)$")


@dataclass(frozen=True)
class Place:
    """One division: ``level`` is province | city | county; ``parent`` the name of the one above."""

    name: str
    code: str
    level: str
    parent: str = ""


@dataclass(frozen=True)
class Mention:
    """A place name found at ``start:end`` of a text; ``short`` when written without its suffix."""

    start: int
    end: int
    text: str
    place: Place
    short: bool


def _level(code: str) -> str:
    if code[2:6] == "0000":
        return "province"
    if code[4:6] == "00":
        return "city"
    return "county"


# The peoples an autonomous division is named for: 麻阳苗族自治县 is 麻阳, 彭水苗族土家族自治县 is 彭水.
_PEOPLES = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|拉祜|水|东乡|纳西|"
    "景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|鄂温克|德昂|保安|裕固|京|"
    "独龙|鄂伦春|赫哲|各"
)
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_PEOPLES})族)+自治(?:区|州|县|旗)$")


def short_form(name: str) -> str:
    """平凉市 -> 平凉; 澧县 -> 澧县 (one character left is no name); 内蒙古自治区 -> 内蒙古;
    麻阳苗族自治县 -> 麻阳."""
    m = _AUTONOMOUS.match(name)
    if m:
        return m.group(1)
    stem = _SUFFIX.sub("", name)
    return stem if len(stem) >= 2 else name


def spoken_forms(name: str) -> list[str]:
    """How people name a division besides its full name: 麻阳苗族自治县 -> 麻阳县, 麻阳."""
    short = short_form(name)
    if short == name:
        return []
    m = _AUTONOMOUS.match(name)
    level = name[-1] if m and name[-1] in "县旗州" else ""
    return [f for f in (short + level if level else "", short) if f]


def _table() -> Path:
    dist = importlib.metadata.distribution("cpca")  # located, not imported: importing it loads pandas
    return Path(str(dist.locate_file("cpca/resources/adcodes.csv")))


class Gazetteer:
    """Full and short names of every division, looked up by leftmost-longest match."""

    def __init__(self, places: list[Place]) -> None:
        self.places = places
        self._full: dict[str, Place] = {}
        self._short: dict[str, Place] = {}
        for p in places:
            self._full.setdefault(p.name, p)
            for s in spoken_forms(p.name):
                self._short.setdefault(s, p)

    @classmethod
    def from_rows(cls, rows: list[tuple[str, str]]) -> "Gazetteer":
        """``rows`` are (12-digit code, name)."""
        names = {code: name for code, name in rows if not _GROUPING.match(name)}
        places = []
        for code, name in rows:
            if _GROUPING.match(name):
                continue
            level = _level(code)
            province = code[:2] + "0" * 10
            up = province if level == "city" else code[:4] + "0" * 8 if level == "county" else ""
            parent = names.get(up) or (names.get(province, "") if level == "county" else "")
            places.append(Place(name, code, level, parent))
        return cls(places)

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "Gazetteer":
        with _table().open(encoding="utf-8") as fh:
            rows = [(r["adcode"], r["name"]) for r in csv.DictReader(fh)]
        return cls.from_rows(rows)

    def get(self, name: str) -> Place | None:
        return self._full.get(name) or self._short.get(name)

    def mentions(self, text: str) -> list[Mention]:
        """Place names in ``text``, leftmost-longest and not overlapping (临澧县, not the 澧县 inside it)."""
        out: list[Mention] = []
        i, n = 0, len(text)
        while i < n:
            hit = None
            for j in range(min(n, i + LONGEST), i + 1, -1):
                word = text[i:j]
                if word in self._full:
                    hit = Mention(i, j, word, self._full[word], False)
                    break
                if word in self._short:
                    hit = Mention(i, j, word, self._short[word], True)
                    break
            if hit:
                out.append(hit)
                i = hit.end
            else:
                i += 1
        return out
