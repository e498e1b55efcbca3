"""The fallback for every question: quote the sentences of the retrieved clauses that answer it."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.answering.conditions import (AGE, NATIONAL_FIGURE, condition_fitting, fitting_phrase, national_number,
                                            other_age)
from assistant.answering.matching import overlap
from assistant.answering.verdict import verdict
from assistant.answering.base import (HAS_QUANTITY, NOT_FOUND, Toolkit, asked_units, has_quantity_in, refusal,
                                      without_own_plan)
from assistant.sentences import Picked, opens_list, trim_sentence
from corpus.sentences import clause_sentences
from assistant.types import Answer, Context
from assistant.understanding import Question, region_aliases

_ASKED_HEAD = re.compile(r"([\u4e00-\u9fff]{2,8})(?:是谁|是哪位|叫什么|是多少|是什么)")
_COUNT_OF = re.compile(r"(?:几|多少)(个|家|所)(?:市|县|区|州|地方|城市|机构|医院|部门|单位)")
_WHETHER = re.compile(r"吗[？?]?$|能不能|可不可以|可以不|是否|算不算|要不要|需不需要")
_HOW = re.compile(r"怎么|如何|怎样|流程|程序|步骤")
_ASKS_QUANTITY = re.compile(r"几|多少|多久|多长|哪年|什么时候|比例")
VERDICT_KINDS = ("eligibility", "procedure", "fact")
LEDGER_YIELD = 0.7
DISTINCT_DEPTH = 5
_BODY_NAME = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:委员会|委|局|厅|办公室|(?<![么样咋哪里去来要能好难再就])办)(?=负责|牵头|参与|配合|承担|管|要|的|有|在|是|，|？|$)")
_ASKS_DUTY = re.compile(r"负责|牵头|参与|配合|承担|任务|职责|管什么|做什么|干什么|(?:做|干|管)哪些|哪些工作|什么工作")
_COUNTED = re.compile(r"(?:几|多少)(?:家|所|张|个|名|位|元|钱)?([\u4e00-\u9fff]{2,6})")
UNITS_YIELD = 0.6  # a sentence in the asked unit answers before a better one in another unit from this share
LIST_LIMIT = 320  # "提供以下服务：（一）…；（二）…；" is read to its last item
WHOLE_LIMIT = 140
_LABELLED = re.compile(r"(?=[\u4e00-\u9fff]{2,10}[：:])")
_CHECKED = re.compile(r"[☑☒✓✔■]\s*([^☐☑☒✓✔■\s　，,；;。]+?)(?=[\s　，,；;。☐☑☒✓✔■]|[一二三四五六七八九十]+、|$)")


def _in_asked_units(q: Question, picks: list[Picked]) -> list[Picked]:
    """"能拿多少补助" wants 元: a close sentence stating yuan goes before one stating 张."""
    units = asked_units(q.text)
    if not units or not picks or has_quantity_in(picks[0].sentence, units):
        return picks
    m = _COUNTED.search(q.text)  # "几家老年病医院": the 家 must count 老年病医院
    noun = re.split(r"[的以是有要呢吗和与]", m.group(1))[0] if m else ""
    stated = next((p for p in picks[1:6] if p.score >= UNITS_YIELD * picks[0].score
                   and has_quantity_in(p.sentence, units) and (len(noun) < 2 or noun in p.sentence)), None)
    return picks if stated is None else [stated] + [p for p in picks if p is not stated]


def _whole(pick: Picked) -> str:
    """The picked sentence up to the end of its period: "需提交：A；B；C。" and "原则上由…核定；具备条件的，
    鼓励招标。" are one statement; a part that ends in ； is only its beginning."""
    if pick.context.clause.kind == "table_row" or not pick.sentence.rstrip().endswith(("；", ";")):
        return pick.sentence
    sentences = clause_sentences(pick.context.clause.text, pick.context.clause.kind)
    if pick.sentence not in sentences:
        return pick.sentence
    out = pick.sentence
    limit = LIST_LIMIT if opens_list(pick.sentence) else WHOLE_LIMIT
    for nxt in sentences[sentences.index(pick.sentence) + 1:]:
        if len(out) + len(nxt) > limit:
            return out
        out += nxt
        if not nxt.rstrip().endswith(("；", ";")):
            break
    return out


def _ticked(question: str, quote: str) -> list[str]:
    """The ticked boxes of the form line the question is about: ``是否收费：☐是　☑否`` -> ``["否"]``;
    of several labelled lines (办理形式：☑窗口办理 …是否收费：☐是 ☑否) the one whose label shares most
    of the question's words."""
    if "☐" not in quote:
        return []
    lines = [ln for ln in _LABELLED.split(quote) if "☐" in ln or _CHECKED.search(ln)]
    best = max(lines, key=lambda ln: overlap(ln.split("：")[0], question), default="")
    return _CHECKED.findall(best)


class Sentences:
    """The best sentence(s) of the top clauses, quoted verbatim; a refusal when none is relevant."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer:
        words = self.kit.content_words(q)
        unsaid = self._unsaid_attribute(q) or self._unknown_body(q)
        if unsaid:
            return refusal(f"{NOT_FOUND}关于“{unsaid}”的规定：文件中没有出现这一内容。", q.kind,
                           self.kit.related(contexts), contexts)
        if self._none_can_answer(q, contexts):
            return refusal(f"{NOT_FOUND}能回答这个问题的条款。", q.kind, self.kit.related(contexts), contexts)
        picks = self.kit.bot.picker.pick(words, contexts, extra_terms=q.expansions, years=q.years,
                                     need_number=q.kind == "target" or bool(_ASKS_QUANTITY.search(without_own_plan(q.text))),
                                     focus=q.focus, asked=q.text)
        picks = self._rules_before_ledger(q, picks)
        picks = _in_asked_units(q, picks)
        if picks and _COUNT_OF.search(q.text) and self._relevant(q, words, picks, contexts):
            counted = self._enumeration(q, words, picks[0])
            if counted is not None:
                return counted
        if (
            not picks
            or not self._relevant(q, words, picks, contexts)
            or (q.kind == "target" and not HAS_QUANTITY.search(picks[0].sentence))
            or (asked_units(q.text) and not has_quantity_in(picks[0].sentence, asked_units(q.text)))
        ):
            return refusal(f"{NOT_FOUND}能回答这个问题的条款。", q.kind, self.kit.related(contexts), contexts)
        if NATIONAL_FIGURE.search(q.text) and not national_number(picks[0].sentence):
            # "那全国平均是多少岁": a local plan that only says it beats the national level does not say it
            return refusal(f"{NOT_FOUND}全国的相关数值：文件只作了比较，没有给出全国的数字。", q.kind,
                           self.kit.related(contexts), contexts)
        if other_age(q.text, picks[0].context.clause.text):
            # "60岁以上的老人有多少" is not answered by a figure for 65岁以上: another population
            return refusal(f"{NOT_FOUND}针对{AGE.search(q.text).group(0)}的相关规定。", q.kind,
                           self.kit.related(contexts), contexts)
        fitting = condition_fitting(q.text, picks)  # relevance was decided on the best match; the rule
        if fitting is not None:                        # the user's own number meets answers
            picks = [fitting] + [p for p in picks if p is not fitting]
        if not q.regions:
            per_region = self._per_region(q, words, picks)
            if per_region:
                return per_region
        best = picks[0]
        keywords = self.kit.tokens(words)
        prefer = HAS_QUANTITY if _ASKS_QUANTITY.search(without_own_plan(q.text)) else None
        fit = fitting_phrase(q.text, best.sentence)
        whole = _whole(best)
        quote = trim_sentence(whole, keywords, limit=max(140, len(whole) if opens_list(best.sentence) else 0),
                              prefer=re.compile(re.escape(fit)) if fit else prefer)
        place = self.kit.region_of(best.context.clause.source)
        prefix = "" if q.regions else f"{place}："
        cites = [self.kit.cite(best.context.clause, quote)]
        second = next((p for p in picks[1:4] if p.context is best.context), None)
        if prefer is not None and not HAS_QUANTITY.search(quote):
            # "多久能拿证": the sentence of the same clause that carries the number answers with it
            second = next((p for p in picks[1:8] if p.context is best.context and HAS_QUANTITY.search(p.sentence)
                           and p.score >= 0.5 * best.score), second)
            if second is not None and len(quote) + len(second.sentence) <= 220:
                second = Picked(second.sentence, second.context, max(second.score, best.score), second.semantic)
        if second and second.sentence not in quote and second.score >= 0.85 * best.score and len(quote) + len(second.sentence) <= 220:
            # Two sentences of one clause that answer together, in the document's order.
            pair = sorted([quote, second.sentence], key=best.context.clause.text.find)
            quote_text = "".join(pair)
            cites.append(self.kit.cite(best.context.clause, second.sentence))
            return Answer(text=prefix + self._lead(q, quote_text, quote) + quote_text, found=True, kind=q.kind,
                          citations=cites)
        return Answer(text=prefix + self._lead(q, quote) + quote, found=True, kind=q.kind, citations=cites)

    def _none_can_answer(self, q: Question, contexts: Sequence[Context]) -> bool:
        """Whichever sentence would rank first, the answer is the refusal below: no sentence states
        the quantity the question needs. Checked before the ranking, which then is not needed (nor
        the question's embedding)."""
        candidates = self.kit.bot.picker.candidates(contexts)
        if not candidates:
            return True
        if _COUNT_OF.search(q.text):  # a count may be answered by naming the items instead
            return False
        if q.kind == "target" and not any(HAS_QUANTITY.search(p.sentence) for p in candidates):
            return True
        units = asked_units(q.text)
        return bool(units) and not any(has_quantity_in(p.sentence, units) for p in candidates)

    def _rules_before_ledger(self, q: Question, picks: list[Picked]) -> list[Picked]:
        """A row of a task ledger (措施内容 | 牵头部门 | 完成时间) names a measure and who does it by
        when; a question of whether, how or what is answered by the sentence that states the rule,
        so such a row yields to a body sentence that matches nearly as well."""
        if q.kind in ("owner", "deadline", "reverse_owner") or not picks:
            return picks
        whether = q.kind == "eligibility" or bool(_WHETHER.search(q.text)) or bool(_HOW.search(q.text))

        def ledger(p: Picked) -> bool:
            # a whether-question ("能申请吗") is answered by a rule, which a row of any table is not
            row = p.context.clause.kind == "table_row"
            return row and (whether or bool(self.kit.tasks_by_clause.get(p.context.clause.id)))
        if not ledger(picks[0]):
            return picks
        rule = next((p for p in picks[1:8] if not ledger(p) and p.score >= LEDGER_YIELD * picks[0].score), None)
        if rule is None:
            return picks
        return [rule] + [p for p in picks if p is not rule]

    def _enumeration(self, q: Question, words: str, best: Picked) -> Answer | None:
        """"支持开展国家级试点的有几个市": the sentence names them (雅安、攀枝花、德阳、广元市) without a
        number; the count is the number of names in the part of the sentence the question is about."""
        keywords = self.kit.tokens(words)
        parts = [p for p in re.split(r"[，,；;。：:]", best.sentence) if "、" in p]
        if not parts:
            return None
        part = max(parts, key=lambda p: sum(k in p for k in keywords if len(k) >= 2))
        names = part.split("、")
        if len(names) < 2 or any(len(n) > 16 for n in names[1:-1]):
            return None
        unit = _COUNT_OF.search(q.text).group(1)
        place = "" if q.regions else f"{self.kit.region_of(best.context.clause.source)}："
        more = "等" in names[-1]  # "乐山等市（州）": the list is open; say what is named
        text = f"{place}{'列举了' if more else '共'}{len(names)}{unit}{'（原文有“等”）' if more else ''}：{part.strip()}。"
        return Answer(text=text, found=True, kind=q.kind, citations=[self.kit.cite(best.context.clause, part.strip())])

    def _unsaid_attribute(self, q: Question) -> str:
        """"领导小组组长是谁", "完整号码是多少": the thing asked for, named right before the question
        word, is a word the documents never use (nor a colloquial word mapped to theirs): they do
        not say it, whatever else the nearest clause says."""
        m = _ASKED_HEAD.search(q.text)
        if not m:
            return ""
        parser = self.kit.bot.parser
        tokens = [t for t in self.kit.tokens(m.group(1)) if len(t) >= 2]
        head = tokens[-1] if tokens else ""
        synonyms = parser.lexicon.get("synonyms", {})
        if not head or head in synonyms or parser.find_regions(head)[0]:
            return ""
        if any(head in w or w in head for w in synonyms):
            return ""
        if not q.regions:
            return "" if parser.in_corpus(head) else head
        # of a named place, only its own documents count: 组长 in another place's text says nothing
        # here; a word most documents use (时间, 标准) is a generic attribute, not a missing thing
        if head in parser.lexicon.get("attribute_words", []):
            return ""
        sources = set(self.kit.bot.sources_for(q.regions) or [])
        using = {s for s in self.kit.bot.docs if any(head in c.text for c in self.kit.clauses_of(s))}
        if not sources or sources & using or 2 * len(using) >= len(self.kit.bot.docs):
            return ""
        return head

    def _unknown_body(self, q: Question) -> str:
        """"区文化旅游委负责哪些任务": a body asked about by what it does, which neither the corpus's
        departments nor the asked place's documents name (as written or by a mapped word)."""
        if not q.regions or not _ASKS_DUTY.search(q.text):
            return ""
        parser = self.kit.bot.parser
        texts = [c.text for s in (self.kit.bot.sources_for(q.regions) or []) for c in self.kit.clauses_of(s)]
        for m in _BODY_NAME.finditer(q.text):
            name = re.split(r"[里的中和与及在]", m.group(0))[-1]  # "方案里区文化旅游委" -> 区文化旅游委
            for r in q.regions:
                for alias in sorted(region_aliases(r), key=len, reverse=True):
                    name = name.replace(alias, "")
            core = re.sub(r"^[区县市省]", "", name)
            if len(core) < 3 or parser.department_in(name):
                continue
            if not any(core in t or any(e in t for e in parser.expansions(core)) for t in texts):
                return name
        return ""

    @staticmethod
    def _lead(q: Question, quote: str, main: str = "") -> str:
        checked = _ticked(q.text, main) or _ticked(q.text, quote)
        if checked:  # a form's check boxes (是否收费：☐是 ☑否): the boxes ticked are the answer
            return f"勾选的是“{'、'.join(checked)}”。"
        return verdict(q.text, quote) if q.kind in VERDICT_KINDS else ""

    def _relevant(self, q: Question, words: str, picks: Sequence[Picked], contexts: Sequence[Context]) -> bool:
        """Enough of the question's words are where the answer comes from; or, with some lexical
        support, the sentence stands out: it means what the question asks (a clear semantic margin
        on a top-ranked clause), or it outscores every sentence of every other clause by far on the
        top-ranked clause (colloquial questions share few words with the clause, but the ones they
        share are found together in one place only)."""
        best = picks[0]
        sentence_only = q.kind == "target"
        where = best
        if sentence_only:  # "空巢老人、失能老人各有多少": two sentences of one clause answer together
            second = next((p for p in picks[1:3] if p.context is best.context and HAS_QUANTITY.search(p.sentence)), None)
            if second is not None:
                where = Picked(best.sentence + second.sentence, best.context, best.score, best.semantic)
        speaker = self.kit.bot.picker._speaker_part(q.text)
        relevance = max(self.kit.relevance(w, where, sentence_only, speaker=speaker, asked=q.text)
                        for w in {words, self.kit.content_words(q, True)})
        cfg = self.kit.bot.config
        if relevance >= cfg.min_relevance:
            return True
        if relevance < cfg.min_relevance * cfg.semantic_lexical_floor:
            return False
        top = [c.clause.id for c in contexts[:3]]
        if best.semantic >= cfg.semantic_accept and best.context.clause.id in top:
            return True
        other = next((p.score for p in picks if p.context.clause.id != best.context.clause.id), 0.0)
        # a sentence this far ahead of any other clause's is specific, wherever in the first few
        # clauses retrieval put it (three rankings fused can place an exact rare term fourth)
        near = [c.clause.id for c in contexts[:DISTINCT_DEPTH]]
        return best.context.clause.id in near and best.score >= cfg.distinct_ratio * other

    def _per_region(self, q: Question, words: str, picks: Sequence[Picked]) -> Answer | None:
        """No place named and several documents answer: one short line per jurisdiction."""
        best_by_region: dict[str, Picked] = {}
        for p in picks:
            region = self.kit.region_of(p.context.clause.source)
            if region not in best_by_region and p.score >= 0.8 * picks[0].score:
                best_by_region[region] = p
        if len(best_by_region) < 2:
            return None
        lines, cites = [], []
        for region, p in list(best_by_region.items())[:5]:
            prefer = HAS_QUANTITY if _ASKS_QUANTITY.search(without_own_plan(q.text)) else None
            quote = trim_sentence(p.sentence, self.kit.tokens(words), limit=60, prefer=prefer)
            lines.append(f"{region}：{quote}")
            cites.append(self.kit.cite(p.context.clause, quote))
        return Answer(text="各地规定不同：\n" + "\n".join(lines), found=True, kind=q.kind, citations=cites)
