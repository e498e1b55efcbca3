"""Pick the sentences of retrieved clauses that answer a question (extractive, no LLM).

A sentence scores by the question words it contains, weighted by how specific they are
(rare, long words count more), plus the years and numbers the question names, plus a prior
from its clause's retrieval rank. The winner is quoted verbatim, so the quote always occurs
literally in the cited clause.

Example:
    >>> pick = SentencePicker(lambda s: list(s))                              # doctest: +SKIP
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from assistant.types import Context
from corpus.sentences import clause_sentences

_NUM = re.compile(r"\d+(?:\.\d+)?")
_DATE = re.compile(r"\d{1,2}月\d{1,2}日|\d{4}年(?:\d{1,2}月|底|前|末)")
_ASKS_WHEN = re.compile(r"什么时候|何时|截止|哪天|日期|哪一年|哪年|时间")
_ASKS_MEANING = re.compile(r"指什么|是什么意思|什么意思|指的是|是指|是什么|包括哪些|有哪些内容|内容是")
_QUOTED = re.compile(r"[“\"「『]([^”\"」』]{2,40})[”\"」』]")


@dataclass(frozen=True)
class Picked:
    """A sentence, the context it came from, and its score."""

    sentence: str
    context: Context
    score: float
    semantic: float = 0.0  # the sentence's cosine to the question above the candidates' median


_NEGATING = "非不无未"
SEMANTIC_WEIGHT = 0.15
_FIELD = re.compile(r"^[^，。：:]{2,10}[：:]\S")  # 联系电话：028-…
_ENDS = tuple("。；;.!！？?）)")


def occurs(term: str, text: str, question: str = "") -> bool:
    """``term`` occurs in ``text`` and not only as the tail of a negated word (营利性 in 非营利性),
    unless the question itself asks about the negated word (不具备条件)."""
    start = text.find(term)
    while start >= 0:
        before = text[start - 1] if start else ""
        if not before or before not in _NEGATING or term[0] in _NEGATING or before + term in question:
            return True
        start = text.find(term, start + 1)
    return False


def defines(phrase: str, sentence: str) -> bool:
    """The sentence defines the phrase: ``一核：以成都为核心…``, ``“五个一”（一个…）``, ``X是/指/即``."""
    return bool(re.search(re.escape(phrase) + r"[”\"」]?\s*(?:[：:（(]|是指|指的是|即|是)", sentence))


def quoted_phrases(question: str) -> list[str]:
    """Phrases the user put in quotes: they must appear in the answer's clause."""
    return _QUOTED.findall(question)


SPEAKER_WEIGHT = 0.5  # words only of "我们是……，": the asker's situation, not the thing asked
_SPEAKER = re.compile(r"(?:我们|我|咱们|本单位|我们单位|我们机构)(?:是|属于|这边是|这里是)[^，,。？?]{2,40}[，,]")
PHRASE_WEIGHT = 0.1  # share of the two words' weight added when a sentence writes them together
ENUM_BONUS = 0.25  # a sentence listing four or more items (、), for questions asking which ones
# "提供以下服务：（一）…", "需提交：诊所备案信息表；…": a colon before the first of items set off by ；
_OPENS_LIST = re.compile(r"(?:以下|如下|下列)[^。；，,]{0,10}[：:]|包括[：:]|[：:]\s*[●◆•■▪]|[：:][^：:。；;]{1,40}[；;]\s*$")
# "材料交到哪里", "去哪办": the sentence naming the office things go to (向街道办事处提交)
_ASKS_WHERE = re.compile(r"(?:交|报|送|递|提交|申请|申报|办理?|备案)(?:到|去|给)?(?:哪里|哪儿|哪个部门|哪个单位|哪)(?![些几个])|去哪(?:里|儿)?(?:办|交|申请|报|备案)|在哪(?:里|儿)?(?:办|交|申请|备案)")
_GOES_TO = re.compile(r"向[^，。；]{2,20}?(?:提交|报送|申请|提出|备案|申报|报备)|到[^，。；]{2,15}?(?:办理|提交|申请|备案)"
                      r"|报(?:送)?[^，。；向]{2,15}?(?:备案|审核|审批|核准)")
WHERE_BONUS = 0.15
_ITEM_NOUNS = "材料|资料|证件|证明|条件|手续|服务|内容|项目|待遇|措施|情形"
_ASKS_ITEMS = re.compile(rf"哪些|哪几|都有什么|都做些?什么|包括什么|有什么内容|什么内容|几样|(?:啥|什么)(?:{_ITEM_NOUNS})")
_ASKED_NOUN = re.compile(rf"(?:哪些|哪几[个项条类样]?|啥|什么)({_ITEM_NOUNS})")
_LISTED_NOUN = re.compile(rf"(?:以下|如下|下列)({_ITEM_NOUNS})")
TITLE_WEIGHT = 0.4  # a word of the title of the documents read (or mapped to one)
LOCAL_DAMPING = 0.8  # a word in every clause of the documents read keeps a fifth of its weight
LOCAL_MIN_CLAUSES = 8  # fewer clauses say too little about how common a word is there
SENTENCE_CACHE = 20_000  # clauses whose sentences are kept split


def in_title(token: str, titles: str, related: Callable[[str], Sequence[str]]) -> bool:
    """A word of two or more characters that is in the titles, itself or as a term it stands for
    (医保定点 -> 基本医疗保险定点)."""
    return len(token) >= 2 and (token in titles or any(t in titles for t in related(token)))


class SentencePicker:
    """Scores sentences of the top contexts against a question."""

    def __init__(
        self,
        tokenize: Callable[[str], Sequence[str]],
        idf: Callable[[str], float] | None = None,
        similarity: Callable[[str, str], dict[str, float]] | None = None,
        semantic_weight: float = SEMANTIC_WEIGHT,
        document_texts: Callable[[str], Sequence[str]] | None = None,
        document_title: Callable[[str], str] | None = None,
        related_terms: Callable[[str], Sequence[str]] | None = None,
    ) -> None:
        """``similarity(clause_id, question)`` gives each sentence's cosine to the question (the
        index's sentence vectors); its gain over the clause set's median is added to the score.
        ``document_texts(source)`` gives a document's clause texts, for weighing words within the
        documents the candidates come from (see :meth:`local_weights`)."""
        self.tokenize = tokenize
        self.idf = idf or (lambda tok: 1.0)
        self.similarity = similarity
        self.semantic_weight = semantic_weight
        self.document_texts = document_texts
        self.document_title = document_title
        self.related_terms = related_terms or (lambda word: ())
        self._sentences = lru_cache(maxsize=SENTENCE_CACHE)(lambda text, kind: tuple(clause_sentences(text, kind)))

    def weights(self, question: str, extra: Sequence[str] = ()) -> dict[str, float]:
        toks = set(self.tokenize(question)) | set(extra)
        return {t: self.idf(t) * (1.0 + 0.35 * min(len(t), 6)) for t in toks if len(t) >= 2 or t.isdigit()}

    @staticmethod
    def _speaker_part(question: str) -> str:
        """The part where users say who they are ("我们是一家民办养老院，"), before what they ask."""
        m = _SPEAKER.match(question.strip())
        return m.group(0) if m else ""

    def local_weights(self, w: dict[str, float], contexts: Sequence[Context]) -> dict[str, float]:
        """A word in most clauses of the documents being read (医保定点 all through a 医保定点
        办事指南) tells their sentences apart no better than 的: it is rare in the corpus, but
        not here. Each weight is scaled down by the share of those documents' clauses that
        hold the word (at most by ``LOCAL_DAMPING``)."""
        if self.document_title is not None and contexts:
            # the documents' titles say what all of them is about: 申请 and 医保定点 in a 医保定点 指南
            titles = " ".join(self.document_title(s) for s in dict.fromkeys(c.clause.source for c in contexts))
            titled = {t for t in w if in_title(t, titles, self.related_terms)}
            # the parts of a title word weigh as it does (保定 and 医保 of 医保定点)
            titled |= {t for t in w if any(t in u for u in titled)}
            # and the documents' terms for a title word (医保 -> 医疗保险) weigh as it does
            if self.related_terms is not None:
                titled |= {e for u in list(titled) for e in self.related_terms(u) if e in w}
            w = {t: v * (TITLE_WEIGHT if t in titled else 1.0) for t, v in w.items()}
        if self.document_texts is None or not contexts:
            return w
        texts = [t for s in dict.fromkeys(c.clause.source for c in contexts) for t in self.document_texts(s)]
        if len(texts) < LOCAL_MIN_CLAUSES:
            return w
        return {t: v * (1.0 - LOCAL_DAMPING * sum(t in x for x in texts) / len(texts)) for t, v in w.items()}

    def candidates(self, contexts: Sequence[Context], top_contexts: int = 8) -> list[Picked]:
        """Every sentence :meth:`pick` would score, unscored: a unit whose answer needs a sentence
        with some property checks these first, and without one it is spared the ranking (and the
        question's embedding, which only the ranking uses)."""
        return [Picked(sent, ctx, 0.0) for ctx in contexts[:top_contexts] for sent in self.sentences(ctx)]

    def sentences(self, ctx: Context) -> tuple[str, ...]:
        """The sentences of a context's clause (split once per clause text and kind)."""
        return self._sentences(ctx.clause.text, ctx.clause.kind)

    def pick(
        self,
        question: str,
        contexts: Sequence[Context],
        extra_terms: Sequence[str] = (),
        years: Sequence[int] = (),
        top_contexts: int = 8,
        need_number: bool = False,
        focus: Sequence[str] = (),
        asked: str = "",
    ) -> list[Picked]:
        """Sentences ranked best first (at most one list over the first ``top_contexts`` contexts).

        ``focus`` words (the new subject of a follow-up) weigh triple; ``asked`` is the question
        as typed, for cues (when? what does X mean?) that the content words lost.
        """
        w = self.local_weights(self.weights(question, extra_terms), contexts[:top_contexts])
        who = self._speaker_part(asked or question)
        if who:  # "我们是红山区的定点服务机构，服务券怎么结算": who asks is not what is asked
            rest = (asked or question).replace(who, "")
            w = {t: v * (SPEAKER_WEIGHT if t in who and t not in rest else 1.0) for t, v in w.items()}
        for f in focus:
            for t in self.tokenize(f):
                w[t] = w.get(t, self.idf(t) * 2) * 3
        total = sum(w.values()) or 1.0
        asked = asked or question
        # "“一核两带…”中的“一核”指什么": the last quoted phrase is the one asked about.
        phrases = quoted_phrases(asked)[-1:] if _ASKS_MEANING.search(asked) else []
        asks_when = bool(_ASKS_WHEN.search(asked))
        asks_items = bool(_ASKS_ITEMS.search(asked))
        asks_where = bool(_ASKS_WHERE.search(asked))
        asked_noun = m.group(1) if (m := _ASKED_NOUN.search(asked)) else ""
        out: list[Picked] = []
        semantic = self._semantic(asked, contexts[:top_contexts])
        pairs = self._phrases(question, w)
        # a word of one character (a digit) counts only as a word of the sentence, not inside one
        # of its words: only then is the sentence cut into words
        short = any(len(t) < 2 for t in w)
        for rank, ctx in enumerate(contexts[:top_contexts]):
            prior = 0.15 / (1 + rank)
            heading = " ".join(ctx.clause.headings[-1:])
            in_heading = [(t, v) for t, v in w.items() if occurs(t, heading, asked)]
            year_in_clause = any(re.search(rf"{y}", ctx.clause.text) for y in years)
            # A table row reads as one statement: its cells are not sentences of their own.
            for i, sent in enumerate(self.sentences(ctx)):
                toks = set(self.tokenize(sent)) if short else set()
                present = {t for t in w if occurs(t, sent, asked)}
                hit = sum(v for t, v in w.items() if (t in toks or len(t) >= 2) and t in present)
                hit += 0.5 * sum(v for t, v in in_heading if t not in present)
                score = hit / total + prior
                score += PHRASE_WEIGHT * sum(v for phrase, v in pairs if phrase in sent) / total
                if ctx.clause.kind != "table_row":
                    if i == 0 and _is_heading(sent, heading):
                        score -= 0.35  # a task's title names the topic; the sentences after it answer
                    elif not sent.endswith(_ENDS) and not _FIELD.match(sent):
                        score -= 0.2  # a title or heading line, not a statement
                score += 1.0 * any(defines(ph, sent) for ph in phrases)
                if asks_when and _DATE.search(sent):
                    score += 0.3
                if asks_where and _GOES_TO.search(sent):
                    score += WHERE_BONUS
                if asks_items:  # "按哪些原则", "都做些什么": the sentence that lists them, or opens a list
                    listed = _LISTED_NOUN.search(sent)
                    # "要交啥材料": a list of 以下条件 is a list of something else
                    other = bool(listed and asked_noun and listed.group(1) != asked_noun)
                    score += ENUM_BONUS * max(min(sent.count("、"), 4) / 4, opens_list(sent) and not other)
                if years:
                    score += 0.3 * sum(str(y) in sent for y in years) / len(years)
                    if not any(str(y) in sent for y in years) and year_in_clause:
                        score -= 0.05
                if need_number and not _NUM.search(sent):
                    score -= 0.3
                if len(sent) > 220:
                    score -= 0.05 * math.log(len(sent) / 220 + 1)
                margin, closeness = semantic.get((ctx.clause.id, sent), (0.0, 0.0))
                score += self.semantic_weight * closeness
                out.append(Picked(sent, ctx, score, margin))
        out.sort(key=lambda p: -p.score)
        return out


    def _phrases(self, question: str, w: dict[str, float]) -> list[tuple[str, float]]:
        """Two weighted words the question writes side by side (审核 + 结果), with their weight: a
        sentence writing them together (审核结果在…公示) says what is asked more closely than one
        holding them apart (审核未通过的…公示结束后)."""
        words = [t for t in _question_words(self.tokenize, question) if w.get(t)]
        return [(a + b, w[a] + w[b]) for a, b in zip(words, words[1:]) if question.find(a + b) >= 0]

    def _semantic(self, question: str, contexts: Sequence[Context]) -> dict[tuple[str, str], tuple[float, float]]:
        """Each candidate sentence's cosine to the question as (margin over the candidates'
        median, closeness 0..1 from the median to the best): raw cosines of small embedders sit
        in a narrow band for any text, so only the ranking among candidates means something."""
        if self.similarity is None or not question:
            return {}
        raw = {(c.clause.id, s): v for c in contexts for s, v in self.similarity(c.clause.id, question).items()}
        if len(raw) < 3:
            return {}
        median = float(sorted(raw.values())[len(raw) // 2])
        spread = max(raw.values()) - median or 1.0
        return {k: (max(0.0, v - median), max(0.0, v - median) / spread) for k, v in raw.items()}


def _question_words(tokenize: Callable[[str], Sequence[str]], question: str) -> list[str]:
    """The question's words in the order written (search-mode sub-words left out)."""
    out, pos = [], 0
    for t in tokenize(question):
        at = question.find(t, pos)
        if at >= pos:
            out.append(t)
            pos = at + len(t)
    return out


def _is_heading(sentence: str, heading: str) -> bool:
    core = re.sub(r"^[\s（(]*[一二三四五六七八九十\d]+[、.．)）]\s*", "", sentence).strip("。.；; ")
    # A heading with figures in it ("——2020年，初步建立…") is already a statement of fact.
    # (a date range in brackets, "督导评估阶段（2025年6月至11月）", is still only a title)
    return bool(core) and core in heading and not _NUM.search(re.sub(r"[（(][^）)]*[）)]", "", core))


def opens_list(sentence: str) -> bool:
    """"签约医疗卫生机构应当为养老机构提供以下服务：（一）…": the sentence opens a list of items."""
    return bool(_OPENS_LIST.search(sentence))


def trim_sentence(
    sentence: str, keywords: Sequence[str], limit: int = 140, prefer: re.Pattern[str] | None = None
) -> str:
    """Shorten a long sentence to the clause-parts (split at ，) around the keywords it matches;
    a part matching ``prefer`` (e.g. a quantity, for 几年/多少 questions) is where the answer is."""
    if len(sentence) <= limit:
        return sentence
    parts = re.split(r"(?<=[，,：:])", sentence)
    scored = [
        (sum(k in p for k in keywords) + (100 if prefer is not None and prefer.search(p) else 0), i)
        for i, p in enumerate(parts)
    ]
    best = max(scored)[1] if scored else 0
    lo = hi = best
    text = parts[best]
    while True:
        grown = False
        for j in (hi + 1, lo - 1):
            if 0 <= j < len(parts) and len(text) + len(parts[j]) <= limit:
                if j > hi:
                    hi, text = j, text + parts[j]
                else:
                    lo, text = j, parts[j] + text
                grown = True
        if not grown:
            break
    return text
