"""Text a web page draws or lists rather than writes: the ``<text>`` of inline SVG graphics (a 政策图解's
numbers often exist only there) and ``<dl>`` key-value lists, turned into paragraphs in place.

* An SVG's texts are read in rows by their ``y`` (left to right in a row). Under a row of column
  heads (``2026年 | 2027年``), a row with one value per head that follows a one-text row (its label)
  is written ``label：2026年 10家，2027年 12家``; a graphic without such rows (a card: ``01``,
  ``6000元/张``, ``单个机构最高150万元``) is one line, a chart one statement of its rows (``；``);
  a ``<figure>``'s caption is read before the graphic it titles.
* ``<dt>发文机关</dt><dd>…</dd>`` becomes ``发文机关：…`` (a question and its answer stay two lines).

Example:
    >>> from bs4 import BeautifulSoup
    >>> svg = ('<svg><text x="150" y="26">发展目标</text><text x="95" y="48">2026年</text><text x="225" y="48">2027年</text>'
    ...        '<text x="150" y="72">家庭病床</text><text x="95" y="90">150张</text><text x="225" y="90">220张</text></svg>'
    ...        '<dl><dt>文号</dt><dd>抚政办发〔2026〕8号</dd></dl>')
    >>> soup = BeautifulSoup(svg, "html.parser")
    >>> inline_graphics(soup)
    >>> [p.get_text() for p in soup.find_all("p")]
    ['发展目标；2026年 2027年；家庭病床：2026年 150张，2027年 220张。', '文号：抚政办发〔2026〕8号']
"""

from __future__ import annotations

import re
from typing import Any

_SENTENCE = re.compile(r"[。；;，,！？!?：:]")
ROW = 4.0  # SVG units: texts this close in y are one row
COLUMN = 12.0  # a value within this of a head's x stands under it


def inline_graphics(soup: Any) -> None:
    """Replace every inline SVG holding text and every ``<dl>`` by paragraphs of their text."""
    for figure in soup.find_all("figure"):  # a figure's caption (its <h3> title) comes before what it shows
        caption = figure.find("figcaption", recursive=False)
        if caption is not None and caption is not next(iter(figure.find_all(True, recursive=False)), None):
            figure.insert(0, caption.extract())
    for svg in soup.find_all("svg"):
        lines = _svg_lines(svg)
        if lines:
            svg.replace_with(_paragraphs(soup, lines))
    for dl in soup.find_all("dl"):
        lines = _dl_lines(dl)
        if lines:
            dl.replace_with(_paragraphs(soup, lines))


def _paragraphs(soup: Any, lines: list[str]) -> Any:
    box = soup.new_tag("div")
    for line in lines:
        p = soup.new_tag("p")
        p.string = line
        box.append(p)
    return box


def _svg_lines(svg: Any) -> list[str]:
    texts = []
    for t in svg.find_all("text"):
        words = " ".join(t.get_text(" ", strip=True).split())
        if words:
            texts.append((_number(t.get("y")), _number(t.get("x")), words))
    rows: list[list[tuple[float, float, str]]] = []
    for item in sorted(texts, key=lambda it: (it[0], it[1])):
        if rows and abs(rows[-1][0][0] - item[0]) <= ROW:
            rows[-1].append(item)
        else:
            rows.append([item])
    lines: list[str] = []
    heads: list[tuple[float, float, str]] = []
    label = ""
    for row in rows:
        row.sort(key=lambda it: it[1])
        under = heads and len(row) == len(heads) and all(abs(a[1] - b[1]) <= COLUMN for a, b in zip(row, heads))
        if under and label:
            lines[-1] = f"{label}：" + "，".join(f"{h[2]} {v[2]}" for h, v in zip(heads, row))
            label = ""
            continue
        if len(row) >= 2:
            heads, label = row, ""
        else:
            label = row[0][2]
        lines.append(" ".join(it[2] for it in row))
    if not any("：" in ln for ln in lines):
        return ["　".join(lines)] if lines else []  # a card of a few texts (01 6000元/张 …) reads as one line
    return ["；".join(lines) + "。"]  # one statement: the lines of a chart are not paragraphs of their own


def _dl_lines(dl: Any) -> list[str]:
    lines: list[str] = []
    term = ""
    for child in dl.find_all(["dt", "dd"], recursive=False):
        text = " ".join(child.get_text(" ", strip=True).split())
        if child.name == "dt":  # a short label joins its value; a question (问：…？) stays a line of its own
            term = text if len(text) <= 12 and not _SENTENCE.search(text) else ""
            lines.append(f"{text}：" if term else text)
        elif lines and term and lines[-1].endswith("："):
            lines[-1] += text
        elif text:
            lines.append(text)
    return [ln for ln in lines if ln.rstrip("：")]


def _number(value: Any) -> float:
    try:
        return float(str(value).split()[0].rstrip("px"))
    except (TypeError, ValueError, IndexError):
        return 0.0
