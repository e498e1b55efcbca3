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

from assistant.sentences import Picked, quoted_phrases, trim_sentence
from assistant.types import Answer, Citation, Context
from assistant.understanding import Question, region_aliases
from corpus.normalize import normalize_for_match

if TYPE_CHECKING:
    from assistant.core import Assistant

NOT_FOUND = "未在已收录文件中找到"
MIN_INDICATOR_MATCH = 0.4
MIN_TASK_MATCH = 0.5
REVERSE_LIST_MAX = 6
_DUTY = re.compile(r"[局委厅办部门府院心]\S{0,2}(?:负责|牵头|主管)|由\S{2,20}(?:负责|牵头|确定|制定|审批)")
_ASKS_QUANTITY = re.compile(r"几|多少|多久|多长|哪年|什么时候|比例")
_HAS_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|张|所|名|人|年|月|天|周|项|类|家|岁|倍|次|成)")
ROLE_NAMES = {"lead": "牵头", "co": "配合", "territorial": "属地落实"}
_QUESTION_WORDS = re.compile(
    r"(是多少|多少|是什么|什么|哪些|哪个|哪家|哪项|怎么样|怎么|如何|是否|吗|呢|要求|目标|分别|请问|谁|有没有|能不能|可以|需要)"
)


def refusal(message: str, kind: str, related: Sequence[Citation] = (), contexts: Sequence[Context] = ()) -> Answer:
    return Answer(text=message, found=False, kind=kind, related=list(related), contexts=list(contexts))


def too_long(limit: int) -> Answer:
    return refusal(f"问题太长了（超过{limit}字），请精简后再问。", "too_long")


def bigrams(s: str) -> set[str]:
    s = re.sub(r"[\s\d（）()%％，。、；：]", "", s)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def overlap(indicator: str, question: str) -> float:
    """Share of the indicator's character bigrams found in the question."""
    a = bigrams(indicator)
    return len(a & bigrams(question)) / len(a) if a else 0.0


def match_f1(indicator: str, question: str) -> float:
    """F1 of shared character bigrams: a short indicator inside a long question scores low."""
    a, q = bigrams(indicator), bigrams(question)
    common = len(a & q)
    if not common:
        return 0.0
    p, r = common / len(a), common / len(q)
    return 2 * p * r / (p + r)


class Composer:
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
        if q.kind == "meta":
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
        text = "".join(a.text if a.text.endswith(("。", "\n")) else a.text + "。" for a in found)
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

    # -- document metadata -------------------------------------------------------------------
    def document_facts(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        """文号, issuers, date or status of a document, from its metadata, citing its preamble."""
        doc = self._document_asked(q, contexts)
        if doc is None:
            return None
        text = q.text
        if any(w in text for w in ("文号", "字号")):
            body = f"文号为{doc.doc_number}" if doc.doc_number else "未标注文号"
        elif any(w in text for w in ("单位", "机关", "部门")):
            n = len(doc.issuers)
            body = (f"由{chinese_number(n)}部门联合印发：{'、'.join(doc.issuers)}" if n > 1
                    else f"由{doc.issuers[0]}印发" if n else "未写明印发单位")
        elif any(w in text for w in ("正式", "征求意见")):
            body = "是征求意见稿，不是正式印发的文件" if doc.is_draft else "是正式印发的文件"
        else:
            body = f"成文日期为{chinese_date(doc.date)}" if doc.date else "未写明成文日期"
        clause = self._preamble_clause(doc)
        if clause is None:
            return None
        return Answer(text=f"{doc.citation_head().split('(')[0]}{body}。", found=True, kind="meta",
                      citations=[self.cite(clause)])

    def _document_asked(self, q: Question, contexts: Sequence[Context]) -> Any | None:
        titles = re.findall(r"《([^》]+)》", q.text)
        for d in self.bot.docs.values():
            if any(t and (t in d.title or d.title in t) for t in titles):
                return d
        sources = self.bot.sources_for(q.regions) or []
        if len(sources) == 1:
            return self.bot.docs[sources[0]]
        return self.bot.docs.get(contexts[0].clause.source) if contexts else None

    def _preamble_clause(self, doc: Any) -> Any | None:
        clauses = self.bot.index.facts.clauses(source=doc.source)
        want = normalize_for_match(doc.doc_number) if doc.doc_number else ""
        for c in clauses:
            if want and want in normalize_for_match(c.text):
                return c
        return next((c for c in clauses if c.kind == "preamble"), clauses[0] if clauses else None)

    # -- owners ------------------------------------------------------------------------------
    def owner(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        task = self._best_task(q, contexts)
        if task is None or (q.kind == "deadline" and not task.deadline):
            return None
        duty = self._duty_sentence(q, contexts)
        if duty is not None:
            return duty
        clause = self.bot.index.clause(task.clause_id)
        line = f"{task.title}（{task.section}）：{format_owners(task.owners)}"
        if task.deadline:
            line += f"；完成时限：{task.deadline}"
        place = self._region_of(task.source)
        text = f"{place}{line}。" if not q.regions or len(self.bot.sources_for(q.regions) or []) > 1 else line + "。"
        return Answer(text=text, found=True, kind=q.kind, citations=[self.cite(clause, _owner_quote(clause.text))])

    def _duty_sentence(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        """"审批由哪个部门负责": a sentence of the clause that names who does the asked thing
        (城区卫计局负责…审批) answers better than the clause's owner list."""
        words = self.content_words(q)
        picks = self.bot.picker.pick(words, contexts[:3], extra_terms=q.expansions, asked=q.text)
        for p in picks[:2]:
            sent = p.sentence
            if sent.startswith(("（", "(", "〔")) or not _DUTY.search(sent):
                continue
            if self._relevance(words, p, sentence_only=True) >= 0.6:
                quote = trim_sentence(sent, self.bot.index.tokenizer.tokens(words))
                return Answer(text=quote, found=True, kind=q.kind, citations=[self.cite(p.context.clause, quote)])
        return None

    def _best_task(self, q: Question, contexts: Sequence[Context]) -> Any | None:
        phrases = quoted_phrases(q.raw) + quoted_phrases(q.text)
        for ph in phrases:
            for c in contexts:
                if ph in c.clause.text and self.tasks_by_clause.get(c.clause.id):
                    return self.tasks_by_clause[c.clause.id][0]
        words = self.content_words(q)
        best, best_score = None, 0.0
        for rank, c in enumerate(contexts[:6]):
            tasks = [t for t in self.tasks_by_clause.get(c.clause.id, []) if t.owners]
            if len(tasks) > 1:
                tasks = [self._duty_nearest(tasks, c.clause.text, words)]
            for t in tasks:
                fit = max(overlap(t.title, words), overlap(words, t.text))
                if fit < MIN_TASK_MATCH:
                    continue
                score = fit + 0.3 / (1 + rank)
                if score > best_score:
                    best, best_score = t, score
        return best

    def _duty_nearest(self, tasks: Sequence[Any], text: str, words: str) -> Any:
        """Several duties in one clause ("发展改革部门要…；财政部门要…"): the one whose department is
        named last before the words the question asks about."""
        anchor = -1
        for tok in sorted(self.bot.index.tokenizer.tokens(words), key=len, reverse=True):
            if len(tok) >= 2 and tok in text:
                anchor = text.find(tok)
                break
        if anchor < 0:
            return tasks[0]

        def distance(t: Any) -> int:
            before = [text.rfind(o.surface, 0, anchor + 1) for o in t.owners if o.surface]
            before = [p for p in before if p >= 0]
            return anchor - max(before) if before else len(text)

        return min(tasks, key=distance)

    def reverse_owner(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        dept = q.department
        if not dept:
            return None
        role = "lead" if "牵头" in q.text else "co" if "配合" in q.text else None
        rows = []
        for region in q.regions or [None]:
            rows += self.bot.index.facts.tasks(dept=dept, region=region, role=role)
        if not rows:
            return None
        rows.sort(key=lambda r: ("lead", "co", "territorial").index(r.role) if r.role in ROLE_NAMES else 3)
        shown = rows[:REVERSE_LIST_MAX]
        width = 40 if len(shown) <= 2 else 24
        lines = [f"{r.title[:width]}（{r.section}，{ROLE_NAMES.get(r.role, r.role)}）" for r in shown]
        more = f"共{len(rows)}项" + (f"，以下列出前{len(shown)}项" if len(rows) > len(shown) else "")
        verb = {"lead": "牵头", "co": "配合"}.get(role or "", "参与")
        who = self._as_asked(dept, q)
        text = f"{who}{verb}的任务{more}：" + "；".join(lines) + "。"
        cites = [self.cite(self.bot.index.clause(r.clause_id), _owner_quote(r.text)) for r in shown]
        return Answer(text=text, found=True, kind=q.kind, citations=[c for c in cites if c.clause])

    @staticmethod
    def _as_asked(dept: str, q: Question) -> str:
        """The department as the question wrote it, with its place if given (福建省卫健委)."""
        for region in q.regions:
            for alias in region_aliases(region):
                if alias + dept in q.text:
                    return alias + dept
                if alias + dept.lstrip("省市区县") in q.text:
                    return alias + dept.lstrip("省市区县")
        return dept

    # -- targets -----------------------------------------------------------------------------
    def target(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        sources = set(self.bot.sources_for(q.regions) or self.bot.docs)
        words = self.content_words(q, substituted=True)
        ranked_clauses = {c.clause.id: i for i, c in enumerate(contexts[:8])}
        scored = []
        for t in self.targets:
            if t.source not in sources:
                continue
            s = match_f1(t.indicator, words)
            if q.focus:
                s += 0.5 if any(f in t.indicator for f in q.focus) else -0.5
            if s < MIN_INDICATOR_MATCH:
                continue
            if t.clause_id in ranked_clauses:
                s += 0.15 / (1 + ranked_clauses[t.clause_id])
            if q.years and t.year in q.years:
                s += 0.2
            scored.append((s, t))
        if not scored:
            return None
        scored.sort(key=lambda p: -p[0])
        best = scored[0][1]
        same = [t for s, t in scored if t.source == best.source and _same_indicator(t.indicator, best.indicator)]
        if q.years and not any(t.year in q.years for t in same):
            return None  # the indicator has no target for that year: let the text speak
        year = q.years[0] if q.years else max(t.year for t in same)
        at_year = [t for t in same if t.year == year] or [best]
        main = sorted(at_year, key=lambda t: t.origin != "text")[0]
        place = self._region_of(main.source)
        text = f"{place}{main.indicator}：{_when(main.year)}{_value(main)}"
        # 20 (table) and 20张以上 (text) agree; 20 and 50 do not.
        others = [t for t in at_year if t is not main and _number(t.value) != _number(main.value)]
        others += [t for t in self._conflicting(main) if t.target_id not in {o.target_id for o in others}]
        if others:
            o = others[0]
            text += f"（{'主要指标表' if o.origin == 'table' else '正文'}为{o.indicator}{_value(o)}，表文不一致）"
        series = sorted({(t.year, _value(t)) for t in same if t.origin == "table" and t.year})
        if len(series) > 1:
            text += "；表中逐年：" + "，".join(f"{y}年{v}" for y, v in series)
        text += "。"
        cited = {t.clause_id: t for t in [main, *others] + [t for t in same if t.origin == "table"][:1]}
        cites = [self.cite(self.bot.index.clause(cid), _value_quote(self.bot.index.clause(cid).text, t)) for cid, t in cited.items()]
        ans = Answer(text=text, found=True, kind="target", citations=cites)
        if others:
            ans.flags.append("table_text_conflict")
        if main.year and main.year < self.bot.config.today.year:
            ans.flags.append("past_target")
        return ans

    def _conflicting(self, target: Any) -> list[Any]:
        """The other side of each recorded table/text disagreement this target is part of."""
        out = []
        for c in self.conflicts:
            if c.a.target_id == target.target_id:
                out.append(c.b)
            elif c.b.target_id == target.target_id:
                out.append(c.a)
        return out

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
        return Answer(text=prefix + quote, found=True, kind=q.kind, citations=cites)

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


def with_cited_first(citations: Sequence[Citation], contexts: Sequence[Context]) -> list[Context]:
    """The clauses an answer stands on lead its contexts (facts answers may cite clauses that
    retrieval ranked low); the retrieved ones follow, each clause once."""
    top = contexts[0].score if contexts else 1.0
    cited = [Context(clause=c.clause, score=top + 0.001 * (len(citations) - i)) for i, c in enumerate(citations)]
    seen = {c.clause.id for c in cited}
    return cited + [c for c in contexts if c.clause.id not in seen]


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as documents count bodies: 11 -> 十一."""
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def chinese_date(iso: str) -> str:
    """``2024-01-12`` -> ``2024年1月12日``."""
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})$", iso)
    return f"{m.group(1)}年{int(m.group(2))}月{int(m.group(3))}日" if m else iso


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


def _same_indicator(a: str, b: str) -> bool:
    return a == b or overlap(a, b) >= 0.75 and overlap(b, a) >= 0.75


def _number(value: str) -> float | None:
    try:
        return float(value)
    except ValueError:
        return None


def _when(year: int) -> str:
    return f"到{year}年" if year else ""


def _value(t: Any) -> str:
    return f"{t.value}{t.unit}{t.comparator if t.comparator in ('以上', '左右', '以下') else ''}".strip()


def _value_quote(text: str, t: Any) -> str:
    for sent in re.split(r"(?<=[。；;])", text):
        if t.value in sent:
            return sent.strip()
    return ""


def _owner_quote(text: str) -> str:
    m = re.search(r"[（(〔][^（(〔]*?(?:负责|牵头|落实|配合)[^）)〕]*[）)〕]\s*$", text.strip())
    if m:
        return m.group(0)
    m = re.search(r"责任单位[^。]*", text)
    return m.group(0) if m else ""


def format_owners(owners: Sequence[Any]) -> str:
    """``牵头：省卫健委、民政厅；配合：省发改委、财政厅；属地落实：各市、县（区）人民政府``."""
    by_role: dict[str, list[str]] = defaultdict(list)
    for o in owners:
        name = o.surface or o.name
        if name not in by_role[o.role]:
            by_role[o.role].append(name)
    if list(by_role) == ["co"]:
        return f"由{'、'.join(by_role['co'])}按职责分工负责"
    parts = [f"{ROLE_NAMES[r]}：{'、'.join(by_role[r])}" for r in ("lead", "co", "territorial") if by_role.get(r)]
    if "territorial" in by_role and len(by_role) == 2 and "co" in by_role:
        parts = [f"由{'、'.join(by_role['co'])}按职责分工负责", f"{'、'.join(by_role['territorial'])}负责落实"]
    return "；".join(parts) if parts else "责任单位未写明"
