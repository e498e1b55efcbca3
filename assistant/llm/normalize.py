"""The form the guard compares a model's answer and its sources in.

On top of the index's :func:`corpus.normalize.normalize_for_match` (NFKC: full-width digits and
brackets become ASCII; 〔〕 ［］ 【】 () around a 文号 year become 〔〕; whitespace dropped), numbers
are written one way: Chinese numerals in a quantity become digits (``二〇二七年`` -> ``2027年``,
``六十张`` -> ``60张``, ``两项`` -> ``2项``), ``百分之六十`` -> ``60%``, ``1,000`` -> ``1000``, and
dates read ``2025年3月1日`` whether written ``2025-03-01``, ``2025.3.1`` or ``二〇二五年三月一日``.

Chinese numerals are converted only before a measure word (or after 百分之), so 统一, 一体化,
十四五 and the section labels 二、（七） are left alone: they are words, not quantities.

Example:
    >>> fold_numbers("到二〇二七年，护理型床位占比达到百分之六十以上，新增两所")
    '到2027年,护理型床位占比达到60%以上,新增2所'
    >>> fold_numbers("闽卫老龄〔２０２２〕１３５号，２０２５.０３.０１起")
    '闽卫老龄〔2022〕135号,2025年3月1日起'
"""

from __future__ import annotations

import re

from corpus.normalize import normalize_for_match

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUM = "〇零一二三四五六七八九十百千两"
# Measure words after which a Chinese numeral is a quantity (万/亿 stay as units: 3万 = 三万).
_MEASURES = "年月日号个张家所人名岁天次项倍元床类条种位台辆套份件批级户座周万亿%"
_CN_QUANTITY = re.compile(rf"(百分之)?([{_CN_NUM}]+)(?=[{_MEASURES}])|百分之([{_CN_NUM}]+)")
_PERCENT_WORD = re.compile(r"百分之([0-9]+(?:\.[0-9]+)?)")
_THOUSANDS = re.compile(r"(?<![0-9])([0-9]{1,3}),(?=[0-9]{3}(?![0-9]))")
_ISO_DATE = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})[-./]([0-9]{1,2})[-./]([0-9]{1,2})(?![0-9])")
_CN_DATE = re.compile(r"((?:19|20)[0-9]{2})年0*([0-9]{1,2})月(?:0*([0-9]{1,2})日)?")


def cn_to_int(numeral: str) -> int | None:
    """A Chinese numeral as an int: ``六十`` -> 60, ``二〇二七`` -> 2027, ``十五`` -> 15; None if malformed.

    >>> cn_to_int("一百二十"), cn_to_int("二〇二七"), cn_to_int("十"), cn_to_int("两千")
    (120, 2027, 10, 2000)
    """
    if not numeral or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in numeral):
        return None
    if not any(ch in _CN_UNITS for ch in numeral):
        # 二〇二七: digit by digit, the way years are written
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total, digit = 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            if digit is not None and _CN_DIGITS[ch] != 0:
                return None  # 二三十: two digits in a row inside a positional numeral
            digit = _CN_DIGITS[ch] or None
        else:
            total += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
    return total + (digit or 0)


def _replace_cn(match: re.Match[str]) -> str:
    percent, numeral = (True, match.group(3)) if match.group(3) else (bool(match.group(1)), match.group(2))
    value = cn_to_int(numeral)
    if value is None:
        return match.group(0)
    return f"{value}%" if percent else str(value)


def fold_numbers(text: str) -> str:
    """``normalize_for_match`` plus one spelling for numbers, percentages and dates (module docstring).

    Line breaks are kept (the guard reads a line as the end of a statement); other whitespace goes.
    """
    return "\n".join(_fold_line(line) for line in text.splitlines())


def _fold_line(text: str) -> str:
    s = normalize_for_match(text)
    s = _CN_QUANTITY.sub(_replace_cn, s)
    s = _PERCENT_WORD.sub(r"\1%", s)
    s = _THOUSANDS.sub(r"\1", s)
    s = _ISO_DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日", s)
    return _CN_DATE.sub(lambda m: f"{m.group(1)}年{int(m.group(2))}月" + (f"{int(m.group(3))}日" if m.group(3) else ""), s)
