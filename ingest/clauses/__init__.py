"""Reflowed policy text -> the clause tree every answer cites.

Each heading level is tracked on its own, by marker type, with a stack: a marker of a type
already on the stack closes that level and everything below it (a new ``二、`` closes the
``（十）`` and ``1.`` under ``一、``); a marker of a new type nests under the current one. So
``1.``-``20.`` that run on across ``（一）``-``（五）`` stay under their own parent, and
``（十一）``-``（二十二）`` that run on across ``三、`` and ``四、`` land under the right one. No
"most frequent numbering style" guess is made, so no parent is lost.

Conventions:

* ``section``: the document's own markers in canonical form, concatenated: ``二、（一）5.``
  (``(一)`` -> ``（一）``, ``1．``/``1、``/``4. `` -> ``1.``, ``(1)`` -> ``（1）``, ``第三条``). ``——``
  bullets are numbered within their parent: ``二、（三）——3``. A 重点项目 block is
  ``四、（七）重点项目``. Attachments are ``附件`` (``附件1``...), and what sits in them
  ``附件 …``. Table rows: see :mod:`ingest.tables`.
* ``headings``: heading texts along the path as written; for a clause that runs on after its
  heading (``（七）加强医养结合信息化支撑。利用现有…``) the lead sentence up to the first
  ``。``/``.``/``；`` (cut at the first comma when longer than 40 characters).
* Unnumbered paragraphs belong to the clause above them (its continuation): the second
  paragraph of 000's （十六）, the ``支持开展上门服务。…`` paragraph after （十八）, the body
  under ``(一)提高认识,加强组织领导``. A clause's text is its heading line plus those paragraphs.
* A numbered line with nothing but children under it is ``kind="heading"``.
* Everything before the first numbered heading (通知, 文号, issuers, the plan's own title and
  foreword) is ``kind="preamble"`` with ``section=""``; closing furniture (``抄送``/``送:``,
  ``公开方式``, ``…印发``) too, with ``headings=("版记",)``.
* Headings the file marks by style (``outline``: Word's heading styles and outline levels) but
  that carry no number (a Heading 2 ``保障措施``) open a section labelled with their text
  (``一、保障措施``); they nest under the nearest styled heading of a higher level (or, with no
  styled heading open, at the depth their level names), and the paragraphs after them are
  their body. A styled line with a number behaves as its number says. A lone top-level styled
  line before every other heading is the document's title and stays in the preamble; a styled
  sentence is body text, and styles are ignored when most paragraphs carry one.
* A document with no numbered heading at all: one ``kind="paragraph"`` clause per paragraph,
  ``section="第3段"``.
* A clause longer than ``max_chars`` is split, preferring paragraph then sentence boundaries
  (``。；;！？`` and ``.`` before a non-digit), into ``part=1,2,…`` with the same section and
  headings; a responsibility note (``（区卫生健康委…负责）``) stays with the sentence before it.
* ``start``/``end`` are offsets in the original file text (through ``Reflowed.span``).

Modules: :mod:`.markers` (numbering patterns), :mod:`.tree` (the heading stack and the clauses
it emits), :mod:`.outline` (styled headings), :mod:`.split` (long clauses into parts),
:mod:`.lines` (display lines), :mod:`.display` (:func:`format_tree`).

Example:
    >>> from ingest.layout import reflow
    >>> text = "一、主要任务\\n（一）优化体系。\\n1. 推广安宁疗护服务。到2027年，床位20张以上。\\n"
    >>> [(c.section, c.kind) for c in parse_clauses("a.txt", "方案", reflow(text))]
    [('一、', 'heading'), ('一、（一）', 'heading'), ('一、（一）1.', 'clause')]
"""

from __future__ import annotations

from collections.abc import Sequence

from corpus.schema import Clause
from ingest.clauses.display import format_tree
from ingest.clauses.markers import Marker, parse_marker
from ingest.clauses.tree import _Parser
from ingest.layout import Reflowed

__all__ = ["Marker", "parse_marker", "parse_clauses", "format_tree"]


def parse_clauses(
    source: str,
    doc_title: str,
    reflowed: Reflowed,
    max_chars: int = 400,
    *,
    outline: Sequence[tuple[int, int]] = (),
) -> list[Clause]:
    """Parse a reflowed document into clauses, in document order.

    Args:
        source: the file name stored on every clause.
        doc_title: the policy's title stored on every clause.
        reflowed: the output of :func:`ingest.layout.reflow` for the file.
        max_chars: clauses longer than this are split into parts.
        outline: ``(offset in the original text, level)`` of heading lines the file marks by
            style (``LoadedText.outline``); empty for plain text.

    Returns:
        Clauses (preamble, headings, clauses, table rows, attachments) with original offsets.
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be >= 1, got {max_chars}")
    return _Parser(source, doc_title, reflowed, max_chars, outline).run()
