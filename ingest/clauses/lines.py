"""Display lines of the reflowed text, and where a sentence ends in one."""

from __future__ import annotations

import re
from dataclasses import dataclass

_STOP = re.compile(r"[。！？；;!?]|\.(?![0-9０-９A-Za-z])")


@dataclass
class _Line:
    text: str
    start: int

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for t in text.split("\n"):
        if t.strip() or t.startswith("\t"):  # a lone TAB is an empty table cell
            out.append(_Line(t, pos))
        pos += len(t) + 1
    return out
