"""Form tables: a 办事指南 laid out as one table of label cells and their contents
(事项名称 | 医疗卫生机构开展养老服务备案 | 事项类型 | ☑公共服务 …), with section rows across the table
(二、适用范围与申请条件). Such a table is not data with a header row: it is the document's text. Its rows
become lines ``label：content`` (a content's further lines follow as they are), a section row a
line of its own, so the clause parser sees headings and labelled paragraphs.

A table is a form when, leaving out rows that are one cell across, most rows are label/content pairs
(a label is a short phrase: Chinese, at most 12 characters, one line, no sentence punctuation, no
number but a trailing ordinal: 问题1) and either some rows hold two pairs or a section row sits between pair rows;
a data table's header row followed by rows of values is left alone.

Example:
    >>> rows = [[("事项名称",), ("护理站备案",), ("事项类型",), ("公共服务",)],
    ...         [("二、申请条件",)],
    ...         [("适用范围",), ("养老机构内设护理站", "不含诊所")],
    ...         [("收费标准",), ("不收费",)]]
    >>> form_lines(rows)
    ['事项名称：护理站备案', '事项类型：公共服务', '二、申请条件', '适用范围：养老机构内设护理站', '不含诊所', '收费标准：不收费']
"""

from __future__ import annotations

import re
from collections.abc import Sequence

Cell = Sequence[str]  # a cell's lines
_SENTENCE = re.compile(r"[。；;，,！？!?：:]")
_CJK = re.compile(r"[\u4e00-\u9fff]")
LABEL_CHARS = 12


def form_lines(rows: Sequence[Sequence[Cell]]) -> list[str] | None:
    """The table's lines when it is a form (rows as their distinct cells, left to right), else ``None``.

    Rows that are not label/content pairs, of one width, with the row above them of that width as
    their header (序号 | 材料名称 | 数量及形式 under 三、申请材料), are a data table inside the form: they
    stay table rows in the shared layout.
    """
    data = _data_rows(rows)
    body = [r for i, r in enumerate(rows) if len(r) > 1 and i not in data]
    sections = [i for i, r in enumerate(rows) if len(r) == 1 and 0 < i < len(rows) - 1]
    if len(body) < 3:
        return None
    paired = [r for r in body if _pairs(r)]
    double = sum(1 for r in paired if len(r) >= 4)
    if len(paired) < 0.8 * len(body) or not (double >= 2 or sections):
        return None
    lines: list[str] = []
    for i, row in enumerate(rows):
        if i in data:
            for cell in row:
                text = [ln for ln in cell if ln.strip()] or [""]
                lines.append("\t" + text[0])
                lines.extend(text[1:])
            lines.append("")
        elif len(row) == 1 or not _pairs(row):
            lines.extend(line for cell in row for line in cell if line.strip())
        else:
            for label, content in zip(row[0::2], row[1::2]):
                text = [ln for ln in content if ln.strip()]
                name = label[0].strip()
                lines.append(f"{name}：{text[0]}" if text else f"{name}：")
                lines.extend(text[1:])
    return lines


def _data_rows(rows: Sequence[Sequence[Cell]]) -> set[int]:
    """Indexes of the rows of data tables inside the form, with their header rows."""
    out: set[int] = set()
    i = 0
    while i < len(rows):
        width = len(rows[i])
        if width < 2 or _pairs(rows[i]) or i == 0 or len(rows[i - 1]) != width:
            i += 1
            continue
        j = i
        while j < len(rows) and len(rows[j]) == width and not _pairs(rows[j]):
            j += 1
        out.update(range(i - 1, j))  # the header above, then the rows
        i = j
    return out


def _pairs(row: Sequence[Cell]) -> bool:
    """Cells alternate label, content: an even number, every even one a label."""
    return len(row) % 2 == 0 and all(_label(c) for c in row[0::2])


def _label(cell: Cell) -> bool:
    lines = [ln for ln in cell if ln.strip()]
    if len(lines) != 1:
        return False
    text = lines[0].strip()
    return (len(text) <= LABEL_CHARS and bool(_CJK.search(text)) and not _SENTENCE.search(text)
            and (not re.search(r"\d", text) or bool(re.fullmatch(r"[\u4e00-\u9fff]+\d{1,2}", text))))  # 问题1
