"""Items named by their number: "第十三条", "第11项" of a plan whose items are numbered （一）（二）… or 1. 2. 3.

Example:
    >>> article_markers("那第十三条配合的呢？"), article_markers("第9项谁牵头")
    (['（十三）'], ['（九）', '9.'])
    >>> bool(WHO_OF_ITEM.search("第十三条谁配合")), bool(WHO_OF_ITEM.search("第十三条的补贴标准"))
    (True, False)
"""

from __future__ import annotations

import re

__all__ = ["ARTICLE_ASKED", "WHO_OF_ITEM", "article_markers"]

ARTICLE_ASKED = re.compile(r"第\s*([一二三四五六七八九十]{1,3}|[0-9]{1,2})\s*(?:条|项)")
_CN_DIGITS = "零一二三四五六七八九"
WHO_OF_ITEM = re.compile(r"(?:第\s*(?:[一二三四五六七八九十]{1,3}|[0-9]{1,2})\s*(?:条|项))[^，。？]{0,8}(?:牵头|配合|负责|谁)")


def article_markers(text: str) -> list[str]:
    """"第十三条" of a plan numbered （一）（二）…: the markers that item carries (（十三）, and 13.
    for a number written in digits), for search and for finding the task."""
    out = []
    for m in ARTICLE_ASKED.finditer(text):
        n = m.group(1)
        if n.isdigit():
            out.append(f"{int(n)}.")  # a plan numbered 1. 2. 3.
            tens, ones = divmod(int(n), 10)
            n = ("" if tens <= 1 else _CN_DIGITS[tens]) + ("十" if tens else "") + (_CN_DIGITS[ones] if ones or not tens else "")
        out.insert(0, f"（{n}）")
    return out
