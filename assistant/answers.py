"""Answer composition: facts for owner/target questions, quoted sentences for the rest.

Every answer is built only from clause text (facts carry their clause id, sentences are quoted
verbatim), and cites the clauses it used. When the documents do not answer, the composer says
so (``found=False``) and lists the nearest clauses as 相关条文.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from assistant.fact_answers import FactAnswers
from assistant.sentences import Picked, trim_sentence
from assistant.types import Answer, Citation, Context
from assistant.understanding import Question, region_aliases

if TYPE_CHECKING:
    from assistant.core import Assistant

NOT_FOUND = "未在已收录文件中找到"
_ASKS_QUANTITY = re.compile(r"几|多少|多久|多长|哪年|什么时候|比例")
_HAS_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|张|所|名|人|年|月|天|周|项|类|家|岁|倍|次|成)")
_QUESTION_WORDS = re.compile(
    r"(是多少|多少|是什么|什么|哪些|哪个|哪家|哪项|怎么样|怎么|如何|是否|吗|呢|要求|目标|分别|请问|谁|有没有|能不能|可以|需要)"
)


def refusal(message: str, kind: str, related: Sequence[Citation] = (), contexts: Sequence[Context] = ()) -> Answer:
    return Answer(text=message, found=False, kind=kind, related=list(related), contexts=list(contexts))


def too_long(limit: int) -> Answer:
    return refusal(f"问题太长了（超过{limit}字），请精简后再问。", "too_long")


class Composer(FactAnswers):
    """Builds an :class:`Answer` for a parsed question."""

    def __init__(self, bot: "Assistant") -> None:
        self.bot = bot
        store = bot.index.facts
        self.tasks = store.tasks()
        self.targets = store.targets()
        self.conflicts = store.conflicts()
        self.tasks_by_clause: dict[str, list[Any]] = defaultdict(list)
        for t in self.tasks:
            self.tasks_by_clause[t.clause_id].append(t)

    # -- entry -------------------------------------------------------------------------------
    def answer(self, q: Question, timings: dict[str, float]) -> Answer:
        if q.kind == "empty":
            return refusal("请输入问题，例如：巫溪县2027年安宁疗护床位目标是多少？", "empty")
        if q.kind == "injection":
            return refusal(f"{NOT_FOUND}与此相关的内容。本助手只依据已收录的医养结合政策文件回答政策问题。", "injection")
        if q.kind == "not_chinese":
            return refusal(f"{NOT_FOUND}相关内容。请用中文提问，例如：巫溪县2027年安宁疗护床位目标是多少？", "not_chinese")
        if q.kind == "out_of_scope":
            return refusal(f"{NOT_FOUND}相关内容：这个问题超出了已收录的医养结合政策文件范围。", "out_of_scope")
        contexts = self.bot.retrieve(q, timings=timings)
        related = self._related(contexts)
        if q.unknown_places and not q.regions:
            places = "、".join(q.unknown_places)
            have = "、".join(sorted({d.jurisdiction for d in self.bot.docs.values()}))
            return refusal(f"{NOT_FOUND}{places}的相关规定。已收录文件覆盖：{have}。", "unknown_place", related, contexts)
        if q.kind == "comparison":
            return self.comparison(q, contexts, timings)
        year_gap = self._uncovered_year(q)
        if year_gap:
            return refusal(year_gap, q.kind, related, contexts)
        parts = split_question(q, self.bot.parser)
        if len(parts) > 1:
            answer = self.multi_part(q, parts, contexts, timings)
        else:
            answer = self.single(q, contexts)
        answer.contexts = with_cited_first(answer.citations, contexts)
        answer.kind = answer.kind or q.kind
        if timings.get("degraded"):
            answer.flags.append("degraded")
        if not answer.found and not answer.related:
            answer.related = related
        self._flag(answer, q)
        return answer

    def single(self, q: Question, contexts: Sequence[Context]) -> Answer:
        answer = None
        if q.kind == "catalog":
            answer = self.catalog(q)
        elif q.kind == "basis":
            answer = self.basis(q)
        elif q.kind == "meta":
            answer = self.document_facts(q, contexts)
        elif q.kind in ("owner", "deadline"):
            answer = self.owner(q, contexts)
            if answer is None and q.kind == "deadline":
                answer = self.target(q, contexts)
        elif q.kind == "reverse_owner":
            answer = self.reverse_owner(q, contexts)
        elif q.kind == "target":
            answer = self.target(q, contexts)
        return answer or self.from_sentences(q, contexts)

    def multi_part(
        self, q: Question, parts: Sequence[Question], contexts: Sequence[Context], timings: dict[str, float]
    ) -> Answer:
        """"A是多少？其中B占多少？": answer each part, join the lines, cite all."""
        answers = [self.single(p, self.bot.retrieve(p, timings=timings)) for p in parts]
        found = [a for a in answers if a.found]
        if not found:
            return answers[0]
        text = "".join(a.text if a.text.endswith(("。", "\n")) else a.text.rstrip("，,、；; ") + "。" for a in found)
        cites = list({c.clause.id: c for a in found for c in a.citations}.values())
        flags = list(dict.fromkeys(f for a in found for f in a.flags))
        return Answer(text=text, found=True, kind=q.kind, citations=cites, flags=flags)

    # -- relevance and refusal ---------------------------------------------------------------
    def content_words(self, q: Question, substituted: bool = False) -> str:
        """The question without places, years and question words; ``substituted`` swaps colloquial
        words for the documents' terms (养老院 -> 养老机构)."""
        text = (q.match_text or q.text) if substituted else q.text
        for r in q.regions:
            for a in region_aliases(r):
                text = text.replace(a, "")
        text = re.sub(r"20\d\d年?", "", text)
        return _QUESTION_WORDS.sub(" ", text)

    def _related(self, contexts: Sequence[Context], n: int = 3) -> list[Citation]:
        return [self.cite(c.clause) for c in contexts[:n]]

    def _uncovered_year(self, q: Question) -> str:
        """A target year that none of the region's documents mentions: the documents do not say."""
        if q.kind not in ("target", "deadline", "fact") or not q.years or not q.regions:
            return ""
        sources = self.bot.sources_for(q.regions) or []
        texts = [c.text for s in sources for c in self.bot.index.facts.clauses(source=s)]
        missing = [y for y in q.years if not any(str(y) in t for t in texts)]
        if not missing:
            return ""
        years = sorted({t.year for t in self.targets if t.source in sources and t.year})
        span = f"文件给出的目标年份为{'、'.join(map(str, years))}年。" if years else ""
        return f"{NOT_FOUND}{'、'.join(q.regions)}{'、'.join(map(str, missing))}年的相关内容。{span}"

    def cite(self, clause: Any, quote: str = "") -> Citation:
        if quote and quote not in clause.text:
            quote = ""  # a quote must occur literally in its clause
        return Citation(clause=clause, doc=self.bot.docs.get(clause.source), quote=quote)

    def _region_of(self, source: str) -> str:
        d = self.bot.docs.get(source)
        return d.jurisdiction if d else ""

    # -- sentences ---------------------------------------------------------------------------
    def from_sentences(self, q: Question, contexts: Sequence[Context]) -> Answer:
        words = self.content_words(q)
        picks = self.bot.picker.pick(words, contexts, extra_terms=q.expansions, years=q.years,
                                     need_number=q.kind == "target", focus=q.focus, asked=q.text)
        relevance = 0.0
        if picks:
            sentence_only = q.kind == "target"
            relevance = max(
                self._relevance(w, picks[0], sentence_only) for w in {words, self.content_words(q, substituted=True)}
            )
        if (
            not picks
            or relevance < self.bot.config.min_relevance
            or (q.kind == "target" and not _HAS_QUANTITY.search(picks[0].sentence))
        ):
            return refusal(f"{NOT_FOUND}能回答这个问题的条款。", q.kind, self._related(contexts), contexts)
        if not q.regions:
            per_region = self._per_region(q, words, picks)
            if per_region:
                return per_region
        best = picks[0]
        keywords = self.bot.index.tokenizer.tokens(words)
        prefer = _HAS_QUANTITY if _ASKS_QUANTITY.search(q.text) else None
        quote = trim_sentence(best.sentence, keywords, prefer=prefer)
        place = self._region_of(best.context.clause.source)
        prefix = "" if q.regions else f"{place}："
        cites = [self.cite(best.context.clause, quote)]
        second = next((p for p in picks[1:4] if p.context is best.context), None)
        if second and second.score >= 0.85 * best.score and len(quote) + len(second.sentence) <= 160:
            # Two sentences of one clause that answer together, in the document's order.
            pair = sorted([quote, second.sentence], key=best.context.clause.text.find)
            quote_text = "".join(pair)
            cites.append(self.cite(best.context.clause, second.sentence))
            return Answer(text=prefix + quote_text, found=True, kind=q.kind, citations=cites[:1] + cites[1:])
        return Answer(text=prefix + yes_no_lead(q.text, quote) + quote, found=True, kind=q.kind, citations=cites)

    def _relevance(self, words: str, pick: Picked, sentence_only: bool = False) -> float:
        """Share of the question's weighted words found where the answer comes from; words the
        corpus never uses weigh as much as its rarest ones, so an off-topic question scores low."""
        w = self.bot.picker.weights(words)
        unseen = max(self.bot._idf(t) for t in w) if w else 0.0
        total = sum(v if self.bot._idf(t) > 0 else unseen * (1 + 0.35 * min(len(t), 6)) for t, v in w.items())
        where = pick.sentence if sentence_only else pick.context.clause.text + " ".join(pick.context.clause.headings)
        hit = sum(v for t, v in w.items() if t in where)
        return hit / total if total else 0.0

    def _per_region(self, q: Question, words: str, picks: Sequence[Picked]) -> Answer | None:
        """No place named and several documents answer: one short line per jurisdiction."""
        best_by_region: dict[str, Picked] = {}
        for p in picks:
            region = self._region_of(p.context.clause.source)
            if region not in best_by_region and p.score >= 0.8 * picks[0].score:
                best_by_region[region] = p
        if len(best_by_region) < 2:
            return None
        lines, cites = [], []
        for region, p in list(best_by_region.items())[:5]:
            prefer = _HAS_QUANTITY if _ASKS_QUANTITY.search(q.text) else None
            quote = trim_sentence(p.sentence, self.bot.index.tokenizer.tokens(words), limit=60, prefer=prefer)
            lines.append(f"{region}：{quote}")
            cites.append(self.cite(p.context.clause, quote))
        return Answer(text="各地规定不同：\n" + "\n".join(lines), found=True, kind=q.kind, citations=cites)

    # -- comparison --------------------------------------------------------------------------
    def comparison(self, q: Question, contexts: Sequence[Context], timings: dict[str, float]) -> Answer:
        lines, cites, flags = [], [], []
        for region in q.regions:
            sub = Question(raw=q.raw, text=q.text, regions=[region], years=q.years, kind=_sub_kind(q.text),
                           search_text=q.search_text, expansions=q.expansions)
            sub_contexts = self.bot.retrieve(sub, timings=timings)
            a = (self.target(sub, sub_contexts) if sub.kind == "target" else None) or self.from_sentences(sub, sub_contexts)
            if a.found:
                body = a.text.removeprefix(region)
                lines.append(f"{region}：{body}")
                cites += a.citations
                flags += a.flags
            else:
                lines.append(f"{region}：{NOT_FOUND}相关条款")
        found = bool(cites)
        ans = Answer(text="\n".join(lines), found=found, kind="comparison", citations=cites, contexts=list(contexts))
        ans.flags = list(dict.fromkeys(flags))
        return ans

    # -- flags -------------------------------------------------------------------------------
    def _flag(self, answer: Answer, q: Question) -> None:
        docs = [self.bot.docs.get(c.clause.source) for c in answer.citations]
        if any(d and d.is_draft for d in docs):
            answer.flags.append("draft")
        answer.flags = list(dict.fromkeys(answer.flags))
        answer.regions = sorted({d.jurisdiction for d in docs if d})


_ASKS_NEED = re.compile(r"(?:需要|要不要|还要|必须|要)[^？?]{0,12}(?:审批|许可|批准)[^？?]{0,6}(?:吗|么)[？?]?$")
_NOT_NEEDED = re.compile(r"取消[^，。；]{0,6}(?:审批|许可)|改为备案|实行备案管理")


def yes_no_lead(question: str, quote: str) -> str:
    """"还需要行政审批吗？" answered by "取消行政审批，实行备案管理" -> lead with "不需要。".

    Only this narrow case: a clause that allows one subject and forbids another (非营利性 may use
    划拨 land, 营利性 may not) makes a general 可以/不可以 lead unsafe, so the quote speaks alone.
    """
    if _ASKS_NEED.search(question) and _NOT_NEEDED.search(quote):
        return "不需要。"
    return ""


def with_cited_first(citations: Sequence[Citation], contexts: Sequence[Context]) -> list[Context]:
    """The clauses an answer stands on lead its contexts (facts answers may cite clauses that
    retrieval ranked low); the retrieved ones follow, each clause once."""
    top = contexts[0].score if contexts else 1.0
    cited = [Context(clause=c.clause, score=top + 0.001 * (len(citations) - i)) for i, c in enumerate(citations)]
    seen = {c.clause.id for c in cited}
    return cited + [c for c in contexts if c.clause.id not in seen]


def split_question(q: Question, parser: Any) -> list[Question]:
    """"护理型床位2025年要达到多少？其中中医医养护理型床位占多少？" -> one question per part; a later
    part such as "那巫溪县呢" is read as a follow-up of the part before it."""
    pieces = [p for p in re.split(r"[？?]|；|其中", q.text) if len(p.strip("，, ")) >= 4]
    if len(pieces) < 2 or q.kind in ("comparison", "reverse_owner", "meta"):
        return [q]
    out: list[Question] = []
    for p in pieces:
        history = [{"role": "user", "content": out[-1].text}] if out else None
        sub = parser.parse(p + "？", history=history)
        sub.regions = sub.regions or q.regions
        sub.years = sub.years or q.years
        if sub.kind in ("fact", "target") and q.kind in ("target", "fact"):
            sub.kind = _sub_kind(sub.text)
        elif sub.kind == "fact":
            sub.kind = q.kind
        out.append(sub)
    return out


def _sub_kind(text: str) -> str:
    return "target" if re.search(r"多少|比例|目标|达到|几", text) else "fact"
