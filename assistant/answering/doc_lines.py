"""Labelled lines of a document: 抄送, 主送 (the addressee line under the title), 公开方式, 联系人, 联系电话, 电子邮箱, who interprets it.

Government documents close (or open) with lines such as ``抄送：…``, ``公开方式：主动公开``,
``联 系 人：吴刚、张志强``. A question naming one of them is answered with the line itself, read
from the document's clauses; the labels and the words that ask for them are data
(``document_lines`` in ``lexicon.yaml``). A value with masked digits (``0572-2××××××``) is not
stated, and is said so.

Example:
    >>> label_pattern("联系人").search("联 系 人：吴刚、张志强").group(1)
    '吴刚、张志强'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import NOT_FOUND, Toolkit, refusal
from assistant.types import Answer, AnswerItem, Context
from assistant.understanding import Question

_NEXT_LABEL = re.compile(r"[，,；;]\s*[^，,；;：:\s]{2,8}[：:]")  # "电话：…，工作时间：…": the next label ends the value
_MASKED = re.compile(r"[×＊*]{2,}|[Xx]{3,}")


def label_pattern(label: str) -> re.Pattern[str]:
    """``联系人`` also as ``联 系 人``, then ``：`` and the value to the end of the line."""
    return re.compile(r"\s*".join(map(re.escape, label)) + r"\s*[：:]\s*([^\n]+)")


def _unbracketed(value: str) -> str:
    """A value written inside brackets ends at the bracket that closes them: ``0455-6723150）投诉举报`` ->
    ``0455-6723150``."""
    depth = 0
    for i, ch in enumerate(value):
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            if depth == 0:
                return value[:i]
            depth -= 1
    return value


class DocumentLines:
    """The labelled lines a question asks for, with the document facts it also asks for."""

    def __init__(self, kit: Toolkit, facts: Any, find_document: Any) -> None:
        self.kit = kit
        self.facts = facts
        self.find_document = find_document

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        spec: dict[str, dict[str, Any]] = self.kit.bot.parser.lexicon.get("document_lines", {})
        asked = [name for name, s in spec.items() if any(c in q.text for c in s.get("cues", []))]
        if not asked:
            return None
        doc = self.find_document(q, contexts)
        if doc is None:
            return None
        clauses = self.kit.clauses_of(doc.source)
        body = self.kit.bot.parser.department_in(q.text)  # "县医疗保障局的投诉电话": that body's line only
        lines, cites, masked = [], [], []
        for name in asked:
            hit = self._line(spec[name], clauses, body)
            attributed = hit is None and bool(body) and self._attributed(spec[name], clauses)
            if hit is None and body and not attributed:
                hit = self._line(spec[name], clauses)  # the lines name no body: the document's own line
            if attributed:  # each body has its own line, and not the one asked about
                return refusal(f"{NOT_FOUND}{body}的{spec[name].get('noun', name)}：{doc.citation_head().split('(')[0]}"
                               f"没有写明。", q.kind, self.kit.related(contexts), contexts)
            held = getattr(doc, spec[name].get("attribute", ""), "") if hit is None and spec[name].get("attribute") else ""
            if held:  # 索引号 from the 信息公开 table, which is not part of the text
                preamble = self.kit.preamble_clause(doc)
                lines.append(f"{name}：{held}")
                if preamble is not None:
                    cites.append(self.kit.cite(preamble))
                continue
            if hit is None:
                continue
            clause, quote, value = hit
            (masked if _MASKED.search(value) else lines).append(f"{name}：{value}")
            cites.append(self.kit.cite(clause, quote))
        title = doc.citation_head().split("(")[0]
        if masked and not lines:
            return refusal(f"{NOT_FOUND}完整的{'、'.join(asked)}：{title}中{'；'.join(masked)}，号码未完整公开。",
                           q.kind, cites, contexts)
        if not lines:
            # the document is known and carries no such line: say so rather than quote something else
            preamble = self.kit.preamble_clause(doc)
            related = [self.kit.cite(preamble, preamble.text[:80])] if preamble is not None else []
            return refusal(f"{title}未写明{'、'.join(spec[n].get('noun', n) for n in asked)}。", q.kind, related, contexts)
        text = f"{title}{'；'.join(lines)}。"
        other = self.facts.answer(q, contexts) if q.kind == "meta" else None
        if other is not None and other.found:
            text = other.text.rstrip("。") + "；" + "；".join(lines) + "。"
            cites = other.citations + cites
        items = [AnswerItem(text=line, citation=min(i, len(cites) - 1)) for i, line in enumerate(lines)]
        return Answer(text=text, found=True, kind=q.kind, citations=cites, items=items)

    def _attributed(self, spec: dict[str, Any], clauses: Sequence[Any]) -> bool:
        """Some labelled value in the document has a body's name right before it (向县民政局（电话：…）)."""
        department_in = self.kit.bot.parser.department_in
        for c in clauses:
            for pattern in (label_pattern(label) for label in spec.get("labels", [])):
                if any(department_in(c.text[max(0, at - 12):at]) for at in range(len(c.text)) if pattern.match(c.text, at)):
                    return True
        return False

    @staticmethod
    def _line(spec: dict[str, Any], clauses: Sequence[Any], body: str = "") -> tuple[Any, str, str] | None:
        """The first clause line with one of the labels (or, for a statement such as 此件公开发布 or
        由区医保局负责解释, the sentence itself): clause, quote, value. With ``body``, only a label the
        body's name stands right before (``向县民政局（电话：…）``)."""
        labels = [label_pattern(label) for label in spec.get("labels", [])]
        statement = re.compile(spec["statement"]) if spec.get("statement") else None
        for c in clauses:
            for pattern in labels:
                m = next((m for at in range(len(c.text)) if (m := pattern.match(c.text, at))
                          and (not body or body in c.text[max(0, at - 12):at])), None) if body else pattern.search(c.text)
                if m:
                    value = _unbracketed(_NEXT_LABEL.split(m.group(1))[0]).strip().rstrip("。；;，, ")
                    return c, m.group(0).strip(), value
            m = statement.search(c.text) if statement and not body else None
            if m:  # a statement pattern may capture the value alone (the 主送 line without its colon)
                value = (m.group(1) if m.re.groups else m.group(0)).strip()
                return c, m.group(0).strip(), value
        return None
