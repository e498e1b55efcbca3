"""A sentence that points to an attachment ("材料清单见附件2") is answered with what the attachment
lists: the rows of the document's 附件2 table, counted, each citing its row.

Example:
    >>> attachment_number("申报机构向所在镇（街道）提交申报材料，材料清单见附件2。")
    '2'
    >>> attachment_number("具体标准见附件一"), attachment_number("按规定办理")
    ('1', '')
"""

from __future__ import annotations

import re
from typing import Any

from assistant.answering.base import Toolkit
from assistant.answering.outline import compact_list, item_text, short_title
from assistant.types import Answer, AnswerItem

_SEE = re.compile(r"(?:见|详见|参见|按照?)\s*附件\s*([0-9一二三四五六七八九十]{1,2})")
_CN = "一二三四五六七八九十"
BUDGET = 150  # characters of the listed rows in the answer line (all rows are in ``items``)
KINDS = frozenset({"list", "procedure", "fact", "eligibility"})


def attachment_number(sentence: str) -> str:
    """The number of the attachment a sentence refers the reader to, '' when it refers to none."""
    m = _SEE.search(sentence)
    if not m:
        return ""
    n = m.group(1)
    return n if n.isdigit() else str(_CN.index(n) + 1) if len(n) == 1 else ""


def with_attachment(kit: Toolkit, answer: Answer) -> Answer:
    """The answer followed by the rows of the attachment its quote points to (unchanged if none)."""
    if not answer.found or answer.kind not in KINDS or answer.items or not answer.citations:
        return answer
    cite = answer.citations[0]
    number = attachment_number(cite.quote or answer.text)
    if not number:
        return answer
    rows = _rows(kit, cite.clause.source, number)
    if len(rows) < 2:
        return answer
    title = rows[0].headings[-1] if rows[0].headings else f"附件{number}"
    texts = [item_text(r) for r in rows]
    start = len(answer.citations)
    answer.citations.extend(kit.cite(r) for r in rows)
    answer.items = [AnswerItem(text=t, citation=start + i, group=kit.region_of(cite.clause.source))
                    for i, t in enumerate(texts)]
    answer.text = answer.text.rstrip() + f"附件{number}（{short_title(title)}）共{len(rows)}项：" \
        + compact_list(texts, budget=BUDGET)
    return answer


def _rows(kit: Toolkit, source: str, number: str) -> list[Any]:
    label = f"附件{number}"
    return [c for c in kit.clauses_of(source) if c.kind == "table_row" and c.part == 0
            and (c.section.startswith(label + " ") or (c.headings[:1] == (label,)))]
