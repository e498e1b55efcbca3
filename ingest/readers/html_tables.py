"""Web page tables on their grid: ``rowspan``/``colspan`` cells placed as Word's merged cells are, so
body cells stay under their headers and stacked header rows combine (补贴标准·一般地区); the lines are
then written by :func:`ingest.readers.grid_tables.grid_lines`.

Example:
    >>> from bs4 import BeautifulSoup
    >>> page = ('<table><tr><th rowspan=2>项目</th><th colspan=2>标准</th></tr><tr><th>一般</th><th>山区</th></tr>'
    ...         '<tr><td>床位</td><td>8000元</td><td>10000元</td></tr></table>')
    >>> rows = BeautifulSoup(page, "html.parser").find_all("tr")
    >>> grid, marked = html_grid(rows, lambda td: [td.get_text()])
    >>> grid_lines(grid, marked)
    ['\\t项目', '\\t标准·一般', '\\t标准·山区', '', '\\t床位', '\\t8000元', '\\t10000元', '']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ingest.readers.grid_tables import Slot, grid_lines

__all__ = ["html_grid", "grid_lines"]

MAX_SPAN = 50  # a broken rowspan="9999" must not make a table of thousands of rows


def html_grid(rows: Sequence[Any], read_cell: Callable[[Any], list[str]]) -> tuple[list[list[Slot]], int]:
    """The rows' cells on the table grid, and how many leading rows are header cells only (``<th>``/``<thead>``)."""
    grid: list[list[Slot]] = []
    below: dict[int, int] = {}  # column -> rows a cell from above still covers
    ident = 0
    marked, heading = 0, True
    for tr in rows:
        cells = tr.find_all(["td", "th"], recursive=False)
        row: list[Slot] = []

        def covered() -> None:
            while below.get(len(row), 0) > 0:
                below[len(row)] -= 1
                row.append(Slot((), "merged", -1))
        for td in cells:
            covered()
            ident += 1
            lines = tuple(read_cell(td))
            cols = _span(td.get("colspan"))
            rows_down = _span(td.get("rowspan")) - 1
            for k in range(cols):
                if rows_down:
                    below[len(row)] = rows_down
                row.append(Slot(lines, "own" if k == 0 else "span", ident))
        covered()
        for col in sorted(c for c, n in below.items() if n > 0 and c >= len(row)):
            row.extend([Slot((), "none", -1)] * (col - len(row)))
            covered()
        heading = heading and bool(cells) and (all(td.name == "th" for td in cells) or tr.find_parent("thead") is not None)
        marked += heading
        if row:
            grid.append(row)
    return grid, marked


def _span(value: Any) -> int:
    try:
        return min(max(int(str(value).strip()), 1), MAX_SPAN)
    except (TypeError, ValueError):
        return 1
