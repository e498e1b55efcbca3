"""What every answer unit shares: the services it reads evidence through, and refusals.

An answer unit (owners, targets, structure, sentences, ...) is a small class with one
method, ``answer(q, contexts) -> Answer | None``: it reads one facet of the evidence and
returns a complete, cited answer, or ``None`` when that facet does not answer the question
(the router then tries the next unit). Units never import the assistant itself; they get a
:class:`Toolkit`, built once per index, that holds the documents, the facts tables and the
sentence picker.

Example:
    >>> refusal("未在已收录文件中找到相关内容。", "fact").found
    False
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any, Protocol

from assistant.sentences import Picked, quoted_phrases
from assistant.types import Answer, Citation, Context
from assistant.understanding import Question, region_aliases
from corpus.normalize import normalize_for_match

NOT_FOUND = "未在已收录文件中找到"
SPEAKER_SHARE = 0.5
PASSAGE_TOP = 5  # clauses whose sentences the passage units read
_QUESTION_WORDS = re.compile(
    r"(是多少|多少|是什么|什么|哪些|哪个|哪家|哪项|怎么样|怎么|如何|是否|吗|呢|要求|目标|分别|请问|谁|有没有|能不能|可以|需要)"
)
HAS_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|张|所|名|人|年|月|天|周|项|类|家|岁|倍|次|成)")


_ASKED_UNITS = (
    (re.compile(r"多少钱|几块钱|多少元|几元|金额|补助标准|补贴标准|支付标准|收费标准是多少|收多少|补多少|给多少钱|按多少钱|多少补贴|补贴多少|多少补助|补助多少|发多少"),
     ("元", "万元", "亿元")),
    (re.compile(r"多少张|几张"), ("张",)),
    (re.compile(r"多久[^，。？?]{0,4}一次|多长时间[^，。？?]{0,4}一次|频次|频率|每隔多久"), ("次", "趟", "轮")),
    (re.compile(r"多少(?:位|名)?(?:失能|困难|高龄|空巢)?(?:老人|老年人|人)(?!员)|几个人|多少人"
                r"|(?:几|多少)(?:个|位|名)?(?:执业|注册|全科|专职|专业)?(?:护士|医生|医师|大夫|护理员|社工)"), ("人", "名", "万人", "人次", "位", "%", "％")),
    (re.compile(r"百分之多少|百分之几|比例是多少|多少比例|比例多少|报销比例|占比多少"), ("%", "％", "成")),
    (re.compile(r"多少平方米|几平方米|多少平米|面积多大|多大面积"), ("平方米", "平米", "㎡")),
    (re.compile(r"(?<!哪)几家|多少家|(?<!哪)几所|多少所"), ("家", "所", "个")),
    (re.compile(r"(?<![好哪])几个(?![部单方])|多少个"), ("个", "家", "所", "支", "处", "项")),
)


_OWN_PLAN = re.compile(r"(?:我们|我|咱们|公司|单位|机构)[^，,。？?]{0,6}(?:想|打算|准备|计划)[^，,。？?]{0,10}")


def without_own_plan(text: str) -> str:
    """The question without the user's own plan ("我们想开几家…"), whose numbers are not asked."""
    return _OWN_PLAN.sub(" ", text)


def asked_units(text: str) -> tuple[str, ...]:
    """The units a quantity question wants (多少钱 -> 元): an answer in other units does not answer it.
    The user's own plan is not asked: in "想连着开几家护理院，政策支不支持？" 几家 means a few."""
    text = without_own_plan(text)
    return next((units for pattern, units in _ASKED_UNITS if pattern.search(text)), ())


def has_quantity_in(sentence: str, units: Sequence[str]) -> bool:
    """Whether the sentence states a number in one of ``units`` (``200元``, ``5000 元``)."""
    alternatives = "|".join(sorted(map(re.escape, units), key=len, reverse=True))
    return re.search(rf"[\d０-９一二三四五六七八九十百千万两]+(?:\.\d+)?\s*(?:{alternatives})", sentence) is not None


class Services(Protocol):
    """What the units need of the assistant (``assistant.core.Assistant`` provides it)."""

    docs: dict[str, Any]
    index: Any
    parser: Any
    picker: Any
    config: Any

    def retrieve(self, q: Question, regions: Sequence[str] | None = None,
                 timings: dict[str, float] | None = None) -> list[Context]: ...

    def sources_for(self, regions: Sequence[str]) -> list[str] | None: ...

    def idf(self, token: str) -> float: ...

    def tokens(self, text: str) -> Sequence[str]: ...


class AnswerUnit(Protocol):
    """One answer kind: reads one facet of the evidence."""

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None: ...


def refusal(message: str, kind: str, related: Sequence[Citation] = (), contexts: Sequence[Context] = ()) -> Answer:
    return Answer(text=message, found=False, kind=kind, related=list(related), contexts=list(contexts))


def too_long(limit: int) -> Answer:
    return refusal(f"问题太长了（超过{limit}字），请精简后再问。", "too_long")


class Toolkit:
    """The evidence every unit reads: documents, facts tables, sentences; and how to cite."""

    def __init__(self, bot: Services) -> None:
        self.bot = bot
        store = bot.index.facts
        self.tasks = store.tasks()
        self.targets = store.targets()
        self.conflicts = store.conflicts()
        self.tasks_by_clause: dict[str, list[Any]] = defaultdict(list)
        for t in self.tasks:
            self.tasks_by_clause[t.clause_id].append(t)
        self._clauses: dict[str, list[Any]] = {}
        self._related_terms: dict[str, list[str]] = {}
        spoken = sorted(bot.parser.lexicon.get("spoken_words", []), key=len, reverse=True)
        self._colloquial = re.compile("|".join(map(re.escape, spoken))) if spoken else None

    # -- documents and clauses --------------------------------------------------------------
    def task_titled(self, q: Question) -> Any | None:
        """The task whose title the question quotes ("“统筹规划”那项谁牵头"), in the asked place's
        documents: an exact title first, then a title containing the phrase."""
        phrases = [p for p in quoted_phrases(q.raw) + quoted_phrases(q.text) if len(p) >= 2]
        if not phrases:
            return None
        sources = set(self.sources(q))
        tasks = [t for t in self.tasks if t.source in sources and t.owners]
        for match in (lambda ph, t: t.title.strip("。 ") == ph, lambda ph, t: ph in t.title):
            for ph in phrases:
                hit = next((t for t in tasks if match(ph, t)), None)
                if hit is not None:
                    return hit
        return None

    def clauses_of(self, source: str) -> list[Any]:
        """A document's clauses in reading order (cached: the tree is read for every list answer)."""
        if source not in self._clauses:
            self._clauses[source] = self.bot.index.facts.clauses(source=source)
        return self._clauses[source]

    def clause(self, clause_id: str) -> Any | None:
        return self.bot.index.clause(clause_id)

    def preamble_clause(self, doc: Any) -> Any | None:
        """The clause that carries a document's 文号, else its preamble: what metadata answers cite."""
        clauses = self.clauses_of(doc.source)
        want = normalize_for_match(doc.doc_number) if doc.doc_number else ""
        for c in clauses:
            if want and want in normalize_for_match(c.text):
                return c
        return next((c for c in clauses if c.kind == "preamble"), clauses[0] if clauses else None)

    def region_of(self, source: str) -> str:
        d = self.bot.docs.get(source)
        return d.jurisdiction if d else ""

    def sources(self, q: Question) -> list[str]:
        """The documents a question is about: of its places, else all."""
        return self.bot.sources_for(q.regions) or sorted(self.bot.docs)

    def tokens(self, text: str) -> Sequence[str]:
        return self.bot.tokens(text)

    # -- citing ------------------------------------------------------------------------------
    def cite(self, clause: Any, quote: str = "") -> Citation:
        if quote and quote not in clause.text:
            quote = ""  # a quote must occur literally in its clause
        return Citation(clause=clause, doc=self.bot.docs.get(clause.source), quote=quote)

    def related(self, contexts: Sequence[Context], n: int = 3) -> list[Citation]:
        return [self.cite(c.clause) for c in contexts[:n]]

    # -- relevance ---------------------------------------------------------------------------
    def content_words(self, q: Question, substituted: bool = False) -> str:
        """The question without places, years and question words; ``substituted`` swaps colloquial
        words for the documents' terms (养老院 -> 养老机构)."""
        text = (q.match_text or q.text) if substituted else q.text
        for r in q.regions:
            for a in region_aliases(r):
                text = text.replace(a, "")
        text = re.sub(r"20\d\d年?", "", text)
        text = self._colloquial.sub(" ", text) if self._colloquial is not None else text
        return _QUESTION_WORDS.sub(" ", text)

    def passage_picks(self, q: Question, contexts: Sequence[Context], top: int = PASSAGE_TOP) -> tuple[str, list[Picked]]:
        """The question's content words (in the documents' terms) and the best sentences of the
        top clauses for them: what the passage units read a described passage from."""
        words = self.content_words(q, substituted=True)
        return words, self.bot.picker.pick(words, contexts[:top], extra_terms=q.expansions, asked=q.text)

    def passage_candidates(self, contexts: Sequence[Context]) -> list[Picked]:
        """The sentences :meth:`passage_picks` ranks, unranked (see ``SentencePicker.candidates``)."""
        return self.bot.picker.candidates(contexts[:PASSAGE_TOP])

    def _related(self, token: str) -> list[str]:
        """The documents' terms for a word (老年科 -> 老年病科), looked up once per word."""
        if token not in self._related_terms:
            self._related_terms[token] = self.bot.parser.expansions(token)
        return self._related_terms[token]

    def relevance(self, words: str, pick: Picked, sentence_only: bool = False, speaker: str = "",
                  asked: str = "") -> float:
        """Share of the question's weighted words found where the answer comes from; words the
        corpus never uses weigh as much as its rarest ones, so an off-topic question scores low.
        The asker's own situation (``speaker``, "我们是一家120张床的养老院，") weighs half, its
        numbers not at all: what they say of themselves is not what the clause must say."""
        w = self.bot.picker.weights(words)
        if speaker:
            rest = (asked or words).replace(speaker, " ")
            w = {t: (0.0 if t.isdigit() else v * SPEAKER_SHARE) if t in speaker and t not in rest else v
                 for t, v in w.items()}
            w = {t: v for t, v in w.items() if v > 0}
        idf: Callable[[str], float] = self.bot.idf
        unseen = max(idf(t) for t in w) if w else 0.0
        total = sum(v if idf(t) > 0 else unseen * (1 + 0.35 * min(len(t), 6)) for t, v in w.items())
        clause = pick.context.clause
        doc = self.bot.docs.get(clause.source)
        title = f"{doc.title} {doc.wrapper_title}" if doc is not None else ""
        where = pick.sentence if sentence_only else clause.text + " ".join(clause.headings)
        # a word is found when the documents' term for it is (老年科 -> 老年病科)
        found = {t for t in w if t in where or any(e in where for e in self._related(t))}
        hit = sum(v for t, v in w.items() if t in found)
        if not sentence_only:  # a clause says what its document's title says, half as surely
            hit += 0.5 * sum(v for t, v in w.items() if t not in found and t in title)
        return hit / total if total else 0.0
