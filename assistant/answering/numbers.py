"""Numbers and dates as the documents write them."""

from __future__ import annotations

import re


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as documents count bodies: 11 -> 十一."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def chinese_date(iso: str) -> str:
    """``2024-01-12`` -> ``2024年1月12日``."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})$", iso)
    return f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日" if m else iso
