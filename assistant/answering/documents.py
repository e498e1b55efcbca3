"""Answers about documents: 文号, issuers, date and status; the catalog; the basis documents.

Read from document metadata (``DocumentMeta``) and the preamble, which each answer cites.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import NOT_FOUND, Toolkit, refusal
from assistant.answering.numbers import chinese_date, chinese_number
from assistant.sentences import trim_sentence
from assistant.types import Answer, Context
from assistant.understanding import Question
from corpus.normalize import normalize_for_match

_FIELD = re.compile(r"文号|字号|单位|机关|部门|正式|征求意见|草案|发布|印发|日期|时间|哪天|什么时候|哪一年")
_BASIS = re.compile(r"根据|依据|贯彻落实|为贯彻|按照")
_CITED_DOC = re.compile(r"[《«][^》»]+[》»]")


class DocumentFacts:
    """文号, issuers, date or status of the document asked about."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        """文号, issuers, date or status of a document, from its metadata, citing its preamble."""
        doc = self._document_asked(q, contexts)
        if doc is None:
            return None
        # a follow-up ("…文号多少，什么时候发的？") asks about its last part
        last = re.split(r"[，,]", q.text)[-1]
        body, known = self._fact(last if _FIELD.search(last) else q.text, doc)
        clause = self.kit.preamble_clause(doc)
        if clause is None:
            return None
        title = doc.citation_head().split("(")[0]
        if not known:  # the document does not carry it: say so, and show where one would look
            return refusal(f"{NOT_FOUND}：{title}{body}。", "meta", [self.kit.cite(clause)])
        return Answer(text=f"{title}{body}。", found=True, kind="meta", citations=[self.kit.cite(clause)])

    @staticmethod
    def _fact(text: str, doc: Any) -> tuple[str, bool]:
        """The metadata field asked for, as a phrase, and whether the document states it."""
        if any(w in text for w in ("文号", "字号")):
            return (f"文号为{doc.doc_number}", True) if doc.doc_number else ("未标注文号", False)
        if any(w in text for w in ("单位", "机关", "部门")):
            n = len(doc.issuers)
            if n > 1:
                return f"由{chinese_number(n)}部门联合印发：{'、'.join(doc.issuers)}", True
            return (f"由{doc.issuers[0]}印发", True) if n else ("未写明印发单位", False)
        if any(w in text for w in ("正式", "征求意见", "草案")):
            return ("是征求意见稿，不是正式印发的文件" if doc.is_draft else "是正式印发的文件"), True
        published = getattr(doc, "published", "")
        if "发布" in text and published:
            return f"发布时间为{chinese_date(published)}", True
        if doc.date:
            return f"成文日期为{chinese_date(doc.date)}", True
        if published:
            return f"未写明成文日期，网页发布时间为{chinese_date(published)}", True
        return "未写明成文日期", False

    def _document_asked(self, q: Question, contexts: Sequence[Context]) -> Any | None:
        titles = re.findall(r"《([^》]+)》", q.text)
        for d in self.kit.bot.docs.values():
            if any(t and (t in d.title or d.title in t) for t in titles):
                return d
        sources = self.kit.bot.sources_for(q.regions) or []
        if len(sources) == 1:
            return self.kit.bot.docs[sources[0]]
        return self.kit.bot.docs.get(contexts[0].clause.source) if contexts else None


class Catalog:
    """"收录了哪些文件" / "哪个文件是征求意见稿": the documents, one line each."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context] = ()) -> Answer | None:
        """"收录了哪些文件" / "哪个文件是征求意见稿": the documents, one line each, citing their preambles."""
        docs = sorted(self.kit.bot.docs.values(), key=lambda d: d.source)
        if "征求意见" in q.text or "草案" in q.text:
            docs = [d for d in docs if d.is_draft]
            if not docs:
                return Answer(text="已收录文件中没有征求意见稿。", found=True, kind="catalog")
        lines = [
            f"{d.jurisdiction}：{d.citation_head()}" + ("（征求意见稿）" if d.is_draft and "征求意见稿" not in d.title else "")
            for d in docs
        ]
        cites = [c for c in (self.kit.preamble_clause(d) for d in docs) if c is not None]
        head = f"已收录{chinese_number(len(docs))}份文件：\n" if len(docs) > 1 else ""
        return Answer(text=head + "\n".join(lines), found=True, kind="catalog", citations=[self.kit.cite(c) for c in cites])


class Basis:
    """"这个方案是根据哪个文件制定的": the preamble sentence naming the documents implemented."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context] = ()) -> Answer | None:
        """"这个方案是根据哪个文件制定的": the sentence of the preamble that names the documents it
        implements (根据/依据/贯彻落实《…》), per document asked."""
        sources = self.kit.bot.sources_for(q.regions) or sorted(self.kit.bot.docs)
        lines, cites = [], []
        for source in sources:
            clause, sentence = self._basis_sentence(source)
            if clause is None:
                continue
            limit = 150 if len(sources) == 1 else 70
            quote = trim_sentence(sentence, ["根据", "依据", "贯彻", "《"], limit=limit, prefer=_CITED_DOC).strip()
            place = self.kit.bot.docs[source].jurisdiction
            lines.append(quote if len(sources) == 1 else f"{place}：{quote}")
            cites.append(self.kit.cite(clause, quote))
        if not lines:
            return None
        return Answer(text="\n".join(lines), found=True, kind="basis", citations=cites)

    def _basis_sentence(self, source: str) -> tuple[Any | None, str]:
        for clause in self.kit.clauses_of(source)[:6]:
            for sentence in re.split(r"(?<=[。；;])|(?<=[^\d.]\.)(?=\D)", clause.text):
                if _BASIS.search(sentence) and "《" in normalize_for_match(sentence):
                    return clause, sentence.strip()
        return None, ""
