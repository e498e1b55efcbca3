"""Word's automatic list numbering (``numbering.xml``) rendered as Word displays it.

Government files from OA systems number their headings with list numbering, so ``一、``,
``（一）`` and ``1.`` are not in the paragraph text. :class:`ListNumbering` keeps Word's
counters while the reader walks the paragraphs in document order and returns each numbered
paragraph's marker:

* a paragraph's ``numId`` -> ``w:num`` -> ``abstractNumId`` (or an abstract definition that only
  links a numbering style, ``numStyleLink``); ``lvlOverride`` replaces a level or restarts it
  (``startOverride``) the first time that ``numId`` is used;
* counters belong to the abstract definition, so two ``numId`` of one definition continue one
  list (as Word does; Word's "restart at 1" writes a new ``numId`` with a ``startOverride``);
* a level restarts when a higher level is used (``lvlRestart`` changes which one; ``0`` never);
* ``lvlText`` placeholders ``%1``..``%9`` show each level's counter in that level's ``numFmt``
  (decimal under ``isLgl``), e.g. ``（%1）`` -> ``（一）``, ``%1.%2`` -> ``1.2``.

Number formats follow Word: ``chineseCounting`` 十, 十一, 二十一 (digit by digit from 100:
一〇〇); ``chineseCountingThousand`` also 一百, 一百〇一; ``ideographTraditional`` 甲..癸;
``decimalEnclosedCircle`` ①..⑳; beyond what a format can show, Word falls back to decimal.

Example:
    >>> lv = Level(fmt="chineseCounting", text="%1、")
    >>> numbering = ListNumbering(abstract={"0": {0: lv}}, nums={"1": ("0", {})})
    >>> [numbering.marker("1", 0) for _ in range(11)][-2:]
    ['十、', '十一、']
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from ingest.readers.docx_xml import attr, child, children

__all__ = ["Level", "ListNumbering", "format_number", "numbering_from_xml"]

_DIGITS = "〇一二三四五六七八九"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_LEGAL = "零壹贰叁肆伍陆柒捌玖"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip
# Bullets drawn from Symbol/Wingdings private-use code points; "•" is what a reader expects.
_PUA_BULLETS = {"\uf0b7": "•", "\uf06c": "●", "\uf0a7": "▪", "\uf0d8": "➢", "\uf076": "❖", "\uf0fc": "√", "\uf06e": "■"}
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class Level:
    """One ``w:lvl``: how a list level counts and what it shows.

    Attributes:
        start: first value (``w:start``).
        fmt: ``w:numFmt`` value (``decimal``, ``chineseCounting``, ``bullet``, ``none``...).
        text: ``w:lvlText`` with ``%1``..``%9`` placeholders.
        restart: ``w:lvlRestart`` (1-based level whose use restarts this one; 0 never); None = default.
        legal: ``w:isLgl``: every placeholder shown in decimal.
        suffix: ``w:suff``: ``tab`` (default), ``space`` or ``nothing``.
        style: ``w:pStyle``: the paragraph style this level is linked to.
    """

    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."
    restart: int | None = None
    legal: bool = False
    suffix: str = "tab"
    style: str = ""


def format_number(value: int, fmt: str) -> str:
    """``value`` in Word's number format ``fmt``.

    Example:
        >>> format_number(21, "chineseCounting"), format_number(3, "decimalEnclosedCircle"), format_number(4, "upperRoman")
        ('二十一', '③', 'IV')
    """
    if fmt == "none":
        return ""
    if value < 1 and fmt not in ("decimal", "decimalZero"):
        return str(value)
    render = _FORMATS.get(fmt)
    out = render(value) if render else None
    return out if out is not None else str(value)


def _chinese(value: int, *, thousand: bool) -> str | None:
    if value < 10:
        return _DIGITS[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")
    if value > 9999:
        return None
    if not thousand:  # Word's chineseCounting writes 100 and above digit by digit
        return "".join(_DIGITS[int(d)] for d in str(value))
    out, zero = "", False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = value // unit % 10
        if digit:
            out += ("〇" if zero and out else "") + _DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return out


def _letters(value: int, upper: bool) -> str:
    letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)  # Word: a..z, aa..zz
    return letter.upper() if upper else letter


def _roman(value: int, upper: bool) -> str | None:
    if value >= 4000:
        return None
    out = ""
    for unit, sym in _ROMAN:
        count, value = divmod(value, unit)
        out += sym * count
    return out.upper() if upper else out


def _cycle(chars: str) -> Callable[[int], str]:
    return lambda v: chars[(v - 1) % len(chars)]


def _legal(value: int) -> str | None:
    plain = _chinese(value, thousand=True)
    if plain is None:
        return None
    return plain.translate(str.maketrans("〇一二三四五六七八九十百千", "零壹贰叁肆伍陆柒捌玖拾佰仟"))


_FORMATS: dict[str, Callable[[int], str | None]] = {
    "decimal": str,
    "decimalZero": lambda v: f"{v:02d}",
    "decimalFullWidth": lambda v: str(v).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalFullWidth2": lambda v: str(v).translate(str.maketrans("0123456789", "０１２３４５６７８９")),
    "decimalHalfWidth": str,
    "decimalEnclosedCircle": lambda v: _CIRCLED[v - 1] if v <= 20 else None,
    "decimalEnclosedCircleChinese": lambda v: _CIRCLED[v - 1] if v <= 20 else None,
    "decimalEnclosedParen": lambda v: f"({v})",
    "decimalEnclosedFullstop": lambda v: f"{v}.",
    "chineseCounting": lambda v: _chinese(v, thousand=False),
    "chineseCountingThousand": lambda v: _chinese(v, thousand=True),
    "taiwaneseCounting": lambda v: _chinese(v, thousand=False),
    "taiwaneseCountingThousand": lambda v: _chinese(v, thousand=True),
    "japaneseCounting": lambda v: _chinese(v, thousand=True),
    "chineseLegalSimplified": _legal,
    "ideographLegalTraditional": _legal,
    "ideographDigital": lambda v: "".join(_DIGITS[int(d)] for d in str(v)),
    "taiwaneseDigital": lambda v: "".join(_DIGITS[int(d)] for d in str(v)),
    "ideographTraditional": lambda v: _STEMS[v - 1] if v <= 10 else None,
    "ideographZodiac": lambda v: _BRANCHES[v - 1] if v <= 12 else None,
    "lowerLetter": lambda v: _letters(v, upper=False),
    "upperLetter": lambda v: _letters(v, upper=True),
    "lowerRoman": lambda v: _roman(v, upper=False),
    "upperRoman": lambda v: _roman(v, upper=True),
    "ordinal": lambda v: f"{v}th" if 10 <= v % 100 <= 20 else f"{v}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(v % 10, 'th')}",
    "cardinalText": str,
}


@dataclass
class ListNumbering:
    """Numbering definitions plus the running counters of one document.

    Attributes:
        abstract: abstractNumId -> level index -> :class:`Level`.
        nums: numId -> (abstractNumId, level index -> (start override or None, replacing Level or None)).
    """

    abstract: dict[str, dict[int, Level]]
    nums: dict[str, tuple[str, dict[int, tuple[int | None, Level | None]]]]
    _counters: dict[str, list[int | None]] = field(default_factory=dict, repr=False)
    _seen: set[str] = field(default_factory=set, repr=False)

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """The level definition a paragraph with ``num_id``/``ilvl`` uses, overrides applied."""
        levels = self._levels(num_id)
        return levels.get(ilvl) if levels else None

    def linked_level(self, num_id: str, style_id: str) -> int | None:
        """The level whose ``w:pStyle`` is ``style_id`` (how a heading style picks its level)."""
        for ilvl, lv in sorted((self._levels(num_id) or {}).items()):
            if lv.style == style_id:
                return ilvl
        return None

    def marker(self, num_id: str, ilvl: int) -> str:
        """Advance the list of ``num_id`` at level ``ilvl`` and return the marker Word shows ("" if none)."""
        levels = self._levels(num_id)
        if not levels or ilvl not in levels or not 0 <= ilvl < 9:
            return ""
        abstract_id = self.nums[num_id][0]
        counters = self._counters.setdefault(abstract_id, [None] * 9)
        if num_id not in self._seen:
            self._seen.add(num_id)
            for lvl_index, (start, _) in self.nums[num_id][1].items():
                if start is not None and 0 <= lvl_index < 9:
                    counters[lvl_index] = start - 1
        current = counters[ilvl]
        counters[ilvl] = levels[ilvl].start if current is None else current + 1
        for deeper in range(ilvl + 1, 9):
            lv = levels.get(deeper)
            # lvlRestart names a higher level (1-based); one that is not higher is ignored
            threshold = lv.restart if lv and lv.restart is not None and lv.restart <= deeper else deeper
            if threshold and ilvl < threshold:
                counters[deeper] = None
        return self._render(levels, counters, ilvl)

    def _levels(self, num_id: str) -> dict[int, Level] | None:
        entry = self.nums.get(num_id)
        if entry is None or entry[0] not in self.abstract:
            return None
        levels = dict(self.abstract[entry[0]])
        for ilvl, (start, replacing) in entry[1].items():
            if replacing is not None:
                levels[ilvl] = replacing
            elif start is not None and ilvl in levels:
                levels[ilvl] = replace(levels[ilvl], start=start)
        return levels

    def _render(self, levels: dict[int, Level], counters: list[int | None], ilvl: int) -> str:
        lv = levels[ilvl]
        if lv.fmt == "bullet":
            return "".join(_PUA_BULLETS.get(c, "•" if "\ue000" <= c <= "\uf8ff" else c) for c in lv.text).strip()

        def show(m: re.Match[str]) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, Level())
            value = counters[k] if counters[k] is not None else other.start
            return format_number(value, "decimal" if lv.legal and other.fmt != "none" else other.fmt)

        return _PLACEHOLDER.sub(show, lv.text).strip()


def numbering_from_xml(root: Any | None, style_num_id: Callable[[str], str | None]) -> ListNumbering:
    """Read ``word/numbering.xml`` (its root element, or None when the file has none).

    Args:
        root: the ``w:numbering`` element.
        style_num_id: numbering style id -> its ``numId``, to follow ``numStyleLink``.
    """
    if root is None:
        return ListNumbering({}, {})
    abstract: dict[str, dict[int, Level]] = {}
    links: dict[str, str] = {}
    for an in children(root, "w:abstractNum"):
        aid = attr(an, "w:abstractNumId") or ""
        abstract[aid] = {int(attr(lv, "w:ilvl") or 0): _level(lv) for lv in children(an, "w:lvl")}
        link = attr(child(an, "w:numStyleLink"), "w:val")
        if link:
            links[aid] = link
    nums = {}
    for num in children(root, "w:num"):
        overrides: dict[int, tuple[int | None, Level | None]] = {}
        for ov in children(num, "w:lvlOverride"):
            start = attr(child(ov, "w:startOverride"), "w:val")
            replacing = child(ov, "w:lvl")
            overrides[int(attr(ov, "w:ilvl") or 0)] = (
                int(start) if start and start.lstrip("-").isdigit() else None,
                _level(replacing) if replacing is not None else None,
            )
        nums[attr(num, "w:numId") or ""] = (attr(child(num, "w:abstractNumId"), "w:val") or "", overrides)
    for aid, style in links.items():  # an abstract that only says "use numbering style X"
        target = nums.get(style_num_id(style) or "")
        if target and abstract.get(target[0]):
            abstract[aid] = abstract[target[0]]
    return ListNumbering(abstract, nums)


def _level(lv: Any) -> Level:
    def val(tag: str) -> str | None:
        return attr(child(lv, tag), "w:val")

    start, restart = val("w:start"), val("w:lvlRestart")
    legal = child(lv, "w:isLgl")
    return Level(
        start=int(start) if start and start.lstrip("-").isdigit() else 1,
        fmt=val("w:numFmt") or "decimal",
        text=val("w:lvlText") or "",
        restart=int(restart) if restart and restart.isdigit() else None,
        legal=legal is not None and attr(legal, "w:val") not in ("0", "false", "off"),
        suffix=val("w:suff") or "tab",
        style=val("w:pStyle") or "",
    )
