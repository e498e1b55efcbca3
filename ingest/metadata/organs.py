"""Issuing organs' names: what one looks like, and how header and signature lines break into them."""

from __future__ import annotations

import re

from ingest.metadata.patterns import _CJK, _GAP
from ingest.metadata.places import _admin_units

# How an issuing organ's name ends (the last characters are enough).
ORG_ENDINGS = ("会", "局", "厅", "委", "办", "室", "府", "部", "院", "署", "中心", "队", "所", "处", "组", "党委")


def _is_org(name: str) -> bool:
    return (
        3 <= len(name) <= 30
        and re.fullmatch(rf"[{_CJK}（）()]+", name) is not None
        and name.endswith(ORG_ENDINGS)
        and not any(w in name for w in ("关于", "通知", "印发"))
    )


def _pieces(lines: list[str]) -> list[str]:
    """Organ names from signature or header lines: spaced names closed up, wrapped names joined."""
    raw: list[str] = []
    for line in lines:
        for segment in _GAP.split(line.strip()):
            tokens = segment.split()
            if tokens and all(len(t) == 1 for t in tokens):
                raw.append("".join(tokens))
                continue
            run = ""
            for t in tokens:
                if len(t) == 1:
                    run += t
                else:
                    raw.extend(x for x in (run, t) if x)
                    run = ""
            if run:
                raw.append(run)
    out: list[str] = []
    buf = ""
    for piece in raw:  # 福建省人力资源和 + 社会保障厅
        buf += piece
        if _is_org(buf) or len(buf) > 30:
            out.extend(_split_glued(buf))
            buf = ""
    if buf:
        out.extend(_split_glued(buf))
    return out


def _split_glued(name: str) -> list[str]:
    """``福建省教育厅福建省民政厅`` -> both names (reflowed signature lines lose the gap)."""
    prefix = "".join(u for u, _ in _admin_units(name))
    if not prefix:
        return [name]
    pattern = rf"(?<=[{''.join({e[-1] for e in ORG_ENDINGS})}])(?={re.escape(prefix)})"
    return [p for p in re.split(pattern, name) if p]
