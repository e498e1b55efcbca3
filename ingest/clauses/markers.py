"""Heading markers: the numbering a line starts with (``一、`` ``（一）`` ``1.`` ``（1）`` ``①`` ``第X章/节/条``
``第X部分`` ``01 | `` ``——``) and its canonical label for section paths."""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN = "一二三四五六七八九十百零〇"
_MARKERS: list[tuple[str, re.Pattern[str]]] = [
    ("chapter", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,5}})\s*章")),
    ("part", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,5}})\s*节")),
    ("article", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,5}})\s*条")),
    ("section_part", re.compile(rf"^第\s*([{_CN}0-9０-９]{{1,3}})\s*部分[\s、：:]*")),
    # "01 | 总体目标": the boxed headings of articles laid out for phones (WeChat, news sites)
    ("boxed", re.compile(r"^(0[1-9]|[1-9][0-9]?)\s*[|｜丨]\s*(?=\S)")),
    ("cn", re.compile(r"^([一二三四五六七八九十]{1,3})\s*[、．.](?![0-9０-９])\s*")),
    ("paren_cn", re.compile(r"^[（(]\s*([一二三四五六七八九十]{1,3})\s*[）)]\s*")),
    ("arabic", re.compile(r"^([0-9０-９]{1,2})\s*[.．、](?![0-9０-９])\s*")),
    ("paren_arabic", re.compile(r"^[（(]\s*([0-9０-９]{1,2})\s*[）)]\s*")),
    ("circled", re.compile(r"^([①-⑳])\s*")),
    ("bullet", re.compile(r"^(?:——|[•●▪◆])(?!—)\s*")),
]
_FULL = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class Marker:
    """A heading marker at the start of a line.

    Attributes:
        type: cn | paren_cn | arabic | paren_arabic | circled | chapter | part | article | section_part |
            boxed | bullet.
        label: canonical form for section paths (``（一）``, ``5.``); ``——`` for a bullet.
        length: characters the marker (and the spaces after it) take in the line.
    """

    type: str
    label: str
    length: int


def parse_marker(line: str) -> Marker | None:
    """The heading marker a display line starts with, if any.

    Example:
        >>> parse_marker("(一)推进居家社区医养结合设施建设.").label, parse_marker("1．统筹").label
        ('（一）', '1.')
    """
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if not m:
            continue
        num = m.group(1).translate(_FULL) if m.groups() else ""
        label = {
            "cn": f"{num}、",
            "paren_cn": f"（{num}）",
            "arabic": f"{num.lstrip('0') or '0'}.",
            "paren_arabic": f"（{num.lstrip('0') or '0'}）",
            "circled": num,
            "chapter": f"第{num}章",
            "part": f"第{num}节",
            "article": f"第{num}条",
            "section_part": f"第{num}部分",
            "boxed": f"{num.zfill(2)} |",
            "bullet": "——",
        }[kind]
        return Marker(kind, label, m.end())
    return None
