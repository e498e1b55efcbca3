"""Answers about documents: 文号, issuers, date and status; the catalog; the basis documents.

Read from document metadata (``DocumentMeta``) and the preamble, which each answer cites.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import NOT_FOUND, Toolkit, refusal
from assistant.answering.numbers import chinese_date, chinese_number
from assistant.sentences import trim_sentence
from assistant.types import Answer, Context
from assistant.understanding import Question
from corpus.normalize import normalize_for_match

_IN_FORCE = re.compile(r"有效期|起施行|之日起实施|起执行|废止")
_FIELD_WORDS = (
    ("number", re.compile(r"文号|字号")),
    ("issuers", re.compile(r"单位|机关|部门|谁发|哪里发|发文机构|发布机构|(?:哪|几)几?家[^，。？]{0,4}发")),
    ("status", re.compile(r"正式|征求意见|草案")),
    ("validity", re.compile(r"有效期|施行|实施时间|执行时间|生效|废止")),
    ("published", re.compile(r"发布|挂网|网上|网站|上网|公布|推送|公众号")),
    ("date", re.compile(r"日期|哪天|什么时候|哪一年|何时|时间|印发")),
)
_FIELD = re.compile(r"文号|字号|单位|机关|部门|正式|征求意见|草案|发布|推送|印发|日期|时间|哪天|什么时候|哪一年|有效期|施行")


def _fields(text: str) -> list[str]:
    """Every metadata field a question names, in a fixed order; the date when it names none."""
    found = [name for name, pattern in _FIELD_WORDS if pattern.search(text)]
    if "published" in found and "date" in found and not re.search(r"成文|印发|落款", text):
        found.remove("date")
    if "published" in found and "issuers" in found and not re.search(r"时间|日期|哪天|什么时候|何时", text):
        found.remove("published")  # "哪些部门发布的": who, not when
    if "validity" in found and "date" in found and not re.search(r"成文|印发|落款|日期", text):
        found.remove("date")
    found = found or ["date"]
    if "date" in found and "印发" in text:
        found[found.index("date")] = "printed"  # the 成文 date, and the 版记's printing date when it differs
    return found


_PRINTED = re.compile(r"(\d{4}年\d{1,2}月\d{1,2}日)\s*印发\s*$", re.M)
_SINCE = re.compile(r"多久了|多长时间了|多少年了|几年了|过去多久|距今|到今天多久|到现在多久")
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
        asked = last if q.followup and _FIELD.search(last) else q.text
        clause = self.kit.preamble_clause(doc)
        if clause is None:
            return None
        fields = _fields(asked)
        facts = [self._fact(field, doc) for field in fields]
        title = doc.citation_head().split("(")[0]
        cites = [self.kit.cite(clause)] + [self.kit.cite(c) for _, _, c in facts if c is not None and c.id != clause.id]
        body = "；".join(phrase for phrase, _, _ in facts)
        known = [f for f, (_, k, _) in zip(fields, facts) if k]
        # the document does not carry it ("正式印发是哪天" of a draft: that it is a draft is no date)
        if not known or (known == ["status"] and len(fields) > 1):
            return refusal(f"{NOT_FOUND}：{title}{body}。", "meta", cites)
        body += self._elapsed(q, doc, fields)
        return Answer(text=f"{title}{body}。", found=True, kind="meta", citations=cites)

    def _elapsed(self, q: Question, doc: Any, fields: Sequence[str]) -> str:
        """"发布的？到今天多久了？": the time from the date answered to today."""
        if not _SINCE.search(q.text):
            return ""
        when = getattr(doc, "published", "") if "published" in fields else ""
        when = when or doc.date
        try:
            start = dt.date.fromisoformat(when)
        except ValueError:
            return ""
        today = q.today or self.kit.bot.config.today
        months = (today.year - start.year) * 12 + today.month - start.month - (today.day < start.day)
        if months < 0:
            return ""
        span = (f"{months // 12}年" if months >= 12 else "") + (f"{months % 12}个月" if months % 12 or months < 12 else "")
        return f"，距今（截至{chinese_date(today.isoformat())}）{span}"

    def _fact(self, field: str, doc: Any) -> tuple[str, bool, Any | None]:
        """One metadata field as a phrase, whether the document states it, and the clause saying it."""
        if field == "number":
            return (f"文号为{doc.doc_number}", True, None) if doc.doc_number else ("未标注文号", False, None)
        if field == "issuers":
            n = len(doc.issuers)
            if n > 1:
                return f"由{'两' if n == 2 else chinese_number(n)}部门联合印发：{'、'.join(doc.issuers)}", True, None
            return (f"由{doc.issuers[0]}印发", True, None) if n else ("未写明印发单位", False, None)
        if field == "status":
            return ("是征求意见稿，不是正式印发的文件" if doc.is_draft else "是正式印发的文件"), True, None
        if field == "validity":
            clause, said = self._in_force(doc.source)
            return (said, True, clause) if said else ("未规定有效期", False, None)
        published = getattr(doc, "published", "")
        if field == "published" and published:
            return f"发布时间为{chinese_date(published)}（{published}）", True, None
        if doc.date:
            printed = self._printed(doc.source) if field == "printed" else None
            if printed and printed[1] != chinese_date(doc.date):
                return f"成文日期为{chinese_date(doc.date)}，印发日期为{printed[1]}（版记）", True, printed[0]
            return f"成文日期为{chinese_date(doc.date)}", True, None
        if published:
            return f"未写明成文日期，网页发布时间为{chinese_date(published)}", True, None
        return "未写明成文日期", False, None

    def _printed(self, source: str) -> tuple[Any, str] | None:
        """The 版记's printing date (``县卫生健康局办公室 2025年11月6日印发``) and its clause."""
        for c in reversed(self.kit.clauses_of(source)):
            m = _PRINTED.search(c.text)
            if m:
                return c, unicodedata.normalize("NFKC", m.group(1))
        return None

    def _in_force(self, source: str) -> tuple[Any | None, str]:
        """The sentence that says from when and how long the document applies."""
        for c in self.kit.clauses_of(source):
            for sentence in re.split(r"(?<=[。；])|\n", c.text):
                if _IN_FORCE.search(sentence):
                    return c, sentence.strip().rstrip("。；")
        return None, ""

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
