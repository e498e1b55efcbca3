"""The clause tree as terminal text (``yiyang show``)."""

from __future__ import annotations

from corpus.schema import Clause


def format_tree(clauses: list[Clause], width: int = 48) -> str:
    """A clause tree for the terminal, one line per clause, indented by depth.

    Example:
        >>> from ingest.clauses import parse_clauses
        >>> from ingest.layout import reflow
        >>> print(format_tree(parse_clauses("a.txt", "方案", reflow("一、总则\\n（一）适用范围。本办法适用于全省。"))))
        一、  一、总则
          一、（一）  （一）适用范围。本办法适用于全省。
    """
    lines = []
    for c in sorted(clauses, key=lambda c: (c.start, c.part)):
        depth = max(len(c.headings) - 1, 0) if c.kind not in ("preamble", "paragraph") else 0
        label = (c.section or "前言") + (f" [{c.part}]" if c.part else "") + (f" ({c.page_label})" if c.pages else "")
        first = c.text.split("\n", 1)[0]
        snippet = first if len(first) <= width else first[:width] + "…"
        lines.append(f"{'  ' * depth}{label}  {snippet}")
    return "\n".join(lines)
