"""Question -> what is asked: jurisdiction(s), years, kind, search words; follow-ups resolved.

The parser knows the corpus's jurisdictions (from the indexed documents, with their short
forms: 南宁市武鸣区 -> 武鸣区, 武鸣) and a lexicon (``lexicon.yaml``) of colloquial synonyms,
cue words for each kind of question, places outside the corpus and injection patterns.

Example:
    >>> qp = QuestionParser(["涪陵区", "巫溪县", "福建省"])
    >>> q = qp.parse("那2025年呢？", history=[{"role": "user", "content": "巫溪县2027年安宁疗护床位目标是多少？"}])
    >>> q.text, q.regions, q.years
    ('巫溪县2025年安宁疗护床位目标是多少？', ['巫溪县'], [2025])
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from assistant.item_numbers import ARTICLE_ASKED, WHO_OF_ITEM, article_markers
from corpus.normalize import to_simplified
from corpus.places import spoken_forms
from corpus.tokenize import load_domain_terms

LEXICON = Path(__file__).with_name("lexicon.yaml")
MAX_QUESTION_CHARS = 500
TEXT_CACHE = 4096  # texts whose places, expansions and folded form are remembered

_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_PUNCT_ONLY = re.compile(r"^[\W_]+$", re.UNICODE)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_ASKS_BASIS = re.compile(r"(?:根据|依据|贯彻)[^？?，,。]{0,8}(?:哪个|哪份|哪些|什么)(?:文件|政策|精神)")
_LEVEL_SUFFIX = ("自治区", "自治州", "自治县", "省", "市", "区", "县", "州", "盟", "旗")


@lru_cache(maxsize=1)
def load_lexicon(path: Path = LEXICON) -> dict[str, Any]:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


_PATTERN_CACHE: dict[int, dict[str, list[re.Pattern[str]]]] = {}


def _kind_patterns(key: int, lexicon: dict[str, Any]) -> dict[str, list[re.Pattern[str]]]:
    """The lexicon's ``kind_patterns`` compiled once per lexicon."""
    if key not in _PATTERN_CACHE:
        _PATTERN_CACHE[key] = {k: [re.compile(p) for p in v] for k, v in (lexicon.get("kind_patterns") or {}).items()}
    return _PATTERN_CACHE[key]


def region_aliases(jurisdiction: str) -> list[str]:
    """Ways a question may name a jurisdiction: 南宁市武鸣区 -> [南宁市武鸣区, 武鸣区, 武鸣]."""
    names = {jurisdiction}
    m = re.match(r"^(.{2,}?[省市])(.{2,}[区县市旗])$", jurisdiction)
    inner = m.group(2) if m else jurisdiction
    names.add(inner)
    spoken = spoken_forms(inner)
    names.update(spoken)
    for suf in () if spoken else _LEVEL_SUFFIX:
        if inner.endswith(suf) and len(inner) - len(suf) >= 2:
            names.add(inner[: -len(suf)])
            break
    return sorted(names, key=len, reverse=True)


@dataclass
class Question:
    """A parsed question.

    Attributes:
        raw: as typed. text: resolved against the history, simplified Chinese, NFKC-folded.
        regions: corpus jurisdictions named (or inherited from the history / the region selector).
        unknown_places: places named that are not in the corpus.
        years: years named. kind: basis | catalog | meta | owner | reverse_owner | deadline | target | eligibility |
            procedure | fact | comparison | out_of_scope | injection | not_chinese | empty.
        search_text: text plus synonym expansions, for retrieval.
        followup: True when the question was completed from the history (kept in ``history``).
    """

    raw: str
    text: str
    regions: list[str] = field(default_factory=list)
    unknown_places: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    kind: str = "fact"
    search_text: str = ""
    followup: bool = False
    expansions: list[str] = field(default_factory=list)
    match_text: str = ""
    focus: list[str] = field(default_factory=list)
    department: str = ""
    today: dt.date | None = None
    history: list[dict[str, str]] = field(default_factory=list)


class QuestionParser:
    """Parses questions against the jurisdictions of the indexed documents."""

    def __init__(
        self,
        jurisdictions: Iterable[str],
        lexicon: dict[str, Any] | None = None,
        departments: Iterable[str] = (),
        place_finder: Callable[[str], list[str]] | None = None,
        in_corpus: Callable[[str], bool] | None = None,
        divisions: Callable[[str], list[str]] | None = None,
    ) -> None:
        """``place_finder`` tags place names in a question; a tagged place the corpus never
        mentions (``in_corpus`` false) is outside the collected documents. ``divisions`` names only
        administrative divisions (临澧县), so that a corpus name inside another (澧县) is not taken."""
        self.lexicon = lexicon or load_lexicon()
        self.place_finder = place_finder
        self.divisions = divisions
        self.in_corpus = in_corpus or (lambda word: False)
        self.departments = sorted({d for d in departments if len(d) >= 2}, key=len, reverse=True)
        self.jurisdictions = sorted({j for j in jurisdictions if j})
        self._parents = sorted({m.group(1) for j in self.jurisdictions
                                if (m := re.match(r"^(.{2,}?[省市])(.{2,}[区县市旗])$", j))} - set(self.jurisdictions))
        self._alias_to_region: list[tuple[str, str]] = sorted(
            ((a, j) for j in self.jurisdictions for a in region_aliases(j)), key=lambda p: -len(p[0])
        )
        self._domain_terms = sorted(load_domain_terms(), key=len, reverse=True)
        self._places_of = lru_cache(maxsize=TEXT_CACHE)(self._find_regions)
        self._expansions_of = lru_cache(maxsize=TEXT_CACHE)(self._expansions)

    # -- pieces ------------------------------------------------------------------------------
    def find_regions(self, text: str) -> tuple[list[str], list[str]]:
        """Corpus jurisdictions named in ``text`` (in order of mention) and other places named
        (remembered per text: a question is looked at several times, and tagging runs jieba's POS model)."""
        regions, unknown = self._places_of(text)
        return list(regions), list(unknown)

    def _find_regions(self, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        found: list[tuple[int, str]] = []
        rest = text
        others = self._other_places(text)
        for alias, region in self._alias_to_region:
            for m in re.finditer(re.escape(alias), rest):
                pos = m.start()
                if any(a <= pos and pos + len(alias) <= b and (a, b) != (pos, pos + len(alias))
                       for a, b in others):
                    continue  # 澧县 inside 临澧县: another county's name, not this one
                if region not in [r for _, r in found]:
                    found.append((pos, region))
                rest = rest[:pos] + "　" * len(alias) + rest[pos + len(alias):]
        regions = [r for _, r in sorted(found)]
        unknown = []
        candidates = [p for p in self.lexicon.get("places", []) if p in rest]
        if self.place_finder is not None:
            candidates += self.place_finder(rest)
        for place in candidates:
            # A place the documents mention (成都 in the 四川 plan, 厦门市税务局) is not outside them.
            whole = re.search(re.escape(place) + r"(?:市|省)?(?:全市|全省|市级|省级|市本级|本级)", rest)
            if any(place in a for a, _ in self._alias_to_region) or (self.in_corpus(place) and not whole):
                # 成都 in the 四川 plan is spoken of there; "重庆全市" asks about the whole city, which
                # only a city document answers
                continue
            if not any(place in u or u in place for u in unknown):
                unknown.append(place)
        if regions:
            # 重庆市涪陵区: the parent place is not a second jurisdiction; but 六安舒城县, where only
            # 六安市 is collected, asks about a county the city's documents do not speak of.
            unknown = [u for u in unknown if _LOWER_LEVEL.search(u) and len(u) >= 3
                       and not any(u in r or r.endswith(u) for r in regions)]
        else:
            # 南宁市 alone, where only 南宁市武鸣区 is collected: the city's own documents are not here
            unknown += [p for p in self._parents if p in rest and not any(p in u or u in p for u in unknown)]
        return tuple(regions), tuple(unknown)

    def _other_places(self, text: str) -> list[tuple[int, int]]:
        """Spans of place names in ``text`` that are no corpus jurisdiction's name."""
        if self.divisions is None:
            return []
        aliases = {a for a, _ in self._alias_to_region}
        spans = []
        for word in dict.fromkeys(self.divisions(text)):
            if word not in aliases:
                spans += [(m.start(), m.end()) for m in re.finditer(re.escape(word), text)]
        return spans

    def department_in(self, text: str) -> str:
        """The longest department name (canonical or as written in the corpus) in ``text``."""
        return next((d for d in self.departments if d in text), "")

    def classify(self, text: str, regions: Sequence[str]) -> str:
        lex = self.lexicon
        low = text.lower()
        if any(p.lower() in low for p in lex.get("injection", [])):
            return "injection"
        if any(p in text for p in lex.get("off_topic", [])):
            return "out_of_scope"
        kinds = lex["kinds"]
        if len(regions) >= 2 and (any(c in text for c in kinds["comparison"]) or re.search("[和与跟同及、]", text)):
            return "comparison"
        if _ASKS_BASIS.search(text):
            return "basis"
        if ARTICLE_ASKED.search(text) and WHO_OF_ITEM.search(text):
            return "owner"  # "那第十三条配合的呢": who owns the item named by its number
        if self.department_in(text) and (
            any(w in text for w in lex.get("task_words", []))
            or any(re.search(p, text) for p in lex.get("department_task_patterns", []))
        ):
            return "reverse_owner"
        patterns = _kind_patterns(id(lex), lex)
        for kind in ("basis", "catalog", "meta", "time", "results", "locate", "structure", "reverse_owner", "owner", "count",
                     "list", "deadline", "eligibility", "procedure", "target"):
            if any(c in text for c in kinds[kind]) or any(p.search(text) for p in patterns.get(kind, ())):
                if kind == "meta" and any(w in text for w in lex.get("basis_words", [])):
                    continue
                return kind
        return "fact"

    def substitute(self, text: str) -> str:
        """Colloquial words replaced by the documents' first term (养老院 -> 养老机构), for matching."""
        # longest first: 只剩老人 -> 空巢 before 老人 -> 老年人 takes its word away
        for word, terms in sorted(self.lexicon.get("synonyms", {}).items(), key=lambda p: -len(p[0])):
            if word in text and terms and terms[0] not in text:
                # a word inside a term of the documents (病床 in 家庭病床) is not that word
                kept = [t for t in self._domain_terms if word in t and t != word and t in text]
                masked = text
                for i, t in enumerate(kept):
                    masked = masked.replace(t, f"\x00{i}\x00")
                masked = masked.replace(word, terms[0])
                for i, t in enumerate(kept):
                    masked = masked.replace(f"\x00{i}\x00", t)
                text = masked
        return text

    def expansions(self, text: str) -> list[str]:
        """The documents' terms for the words of ``text`` (remembered: asked for every weighed word)."""
        return list(self._expansions_of(text))

    def _expansions(self, text: str) -> tuple[str, ...]:
        out: list[str] = article_markers(text)
        for word, terms in self.lexicon.get("synonyms", {}).items():
            if word in text:
                out.extend(t for t in terms if t not in text and t not in out)
        return tuple(out)

    def _is_followup(self, text: str, history: Sequence[dict[str, str]]) -> bool:
        if not history:
            return False
        cues = self.lexicon.get("followup_cues", [])
        short = len(text) <= 16
        if short and (any(text.startswith(c) for c in cues) or text.endswith("呢？") or text.endswith("呢")):
            return True
        if len(text) <= 32 and any(text.startswith(c) for c in cues) and text.rstrip("？?").endswith("呢"):
            return True  # "那基层卫生院和医养结合机构设床位呢？": 那…呢 asks the last question again of X
        if self._refers_back(text) and not self.find_regions(text)[0]:
            return True
        # "2022年的基数是多少？" / "啥时候要完成？谁负责？": too short to stand alone, no place of its own
        regions, unknown = self.find_regions(text)
        return len(re.sub(r"[？?，,。\s]", "", text)) <= 12 and not regions and not unknown

    def _refers_back(self, text: str) -> bool:
        """"这项任务谁牵头" / "它的完成时限" / "那部分呢": the question points at the previous answer."""
        return any(w in text for w in self.lexicon.get("reference_words", []))

    def _previous_subject(self, history: Sequence[dict[str, str]]) -> str:
        """The previous user question, itself resolved against the turns before it, so a subject
        is kept across several follow-ups."""
        resolved = ""
        earlier: list[dict[str, str]] = []
        for h in history:
            if h.get("role") == "user" and h.get("content"):
                text = fold(h["content"])
                if resolved and self._is_followup(text, earlier):
                    text = self._resolve_against(text, resolved, earlier)
                resolved = text
            earlier.append(h)
        return resolved

    def _resolve_followup(self, text: str, history: Sequence[dict[str, str]]) -> str:
        previous = self._previous_subject(history)
        return self._resolve_against(text, previous, history) if previous else text

    def _resolve_against(self, text: str, previous: str, history: Sequence[dict[str, str]]) -> str:
        if self._refers_back(text):
            # "这项任务是谁牵头的": the task the previous answer named, else the previous question's subject.
            subject = _answered_task(history) or _subject_of(previous)
            core = text
            for w in sorted(self.lexicon.get("reference_words", []), key=len, reverse=True):
                core = core.replace(w, "")
            regions, _ = self.find_regions(previous)
            place = regions[0] if regions and regions[0] not in subject else ""
            return f"{place}{subject}，{core.strip('，, ')}"
        new_years = _YEAR.findall(text)
        new_regions, _ = self.find_regions(text)
        resolved = previous
        if new_years:
            old_years = _YEAR.findall(previous)
            if old_years:
                resolved = resolved.replace(old_years[0], new_years[0], 1)
            else:
                resolved = f"{new_years[0]}年{resolved}"
        if new_regions:
            old_regions, _ = self.find_regions(previous)
            if old_regions:
                alias = next(a for a, r in self._alias_to_region if r == old_regions[0] and a in previous)
                resolved = resolved.replace(alias, new_regions[0], 1)
            else:
                resolved = new_regions[0] + resolved
        if not new_years and not new_regions:
            # "那配合单位呢？": keep the previous subject, ask the new thing; a message that asks
            # in its own words ("那得满足啥条件才能申请？") replaces what the previous one asked
            core = re.sub(r"^(那么|那|还有)|呢[？?]?$", "", text).strip("？?，, ")
            subject = self._without_ask(previous) if core and self._asks(core) else previous.rstrip("？?")
            resolved = f"{subject}，{core}？" if core else previous
        return resolved

    def _asks(self, text: str) -> bool:
        """``text`` carries a question of its own (a question word, or a cue of some answer kind)."""
        return bool(_WH.search(text)) or self._ask_start(text) is not None

    def _ask_start(self, text: str) -> int | None:
        """Where the first cue of any answer kind starts in ``text`` (None: it has none)."""
        kinds = self.lexicon["kinds"]
        patterns = _kind_patterns(id(self.lexicon), self.lexicon)
        starts = [text.find(c) for k in _ASK_KINDS for c in kinds.get(k, ()) if c in text]
        starts += [m.start() for k in _ASK_KINDS for p in patterns.get(k, ()) if (m := p.search(text))]
        return min(starts) if starts else None

    def _without_ask(self, question: str) -> str:
        """The previous question without what it asked: "吴兴医养结合机构申请医保定点找哪个部门？"
        -> "吴兴医养结合机构申请医保定点"; the whole question when what is left says too little."""
        start = self._ask_start(question)
        if start is None:
            return question.rstrip("？?")
        head = re.sub(r"(?:[找问由是归和跟与的]|要|需要|应该|应当|具体|一般)+$", "", question[:start]).strip("，, ")
        return head if len(head) >= 4 else question.rstrip("？?")

    @staticmethod
    def followup_focus(text: str) -> list[str]:
        """The new subject of "那护士呢？": words the answer must be about."""
        core = re.sub(r"^(那么|那|还有|如果是|换成)|呢[？?]?$|[？?]$", "", text).strip("？?，, ")
        core = _YEAR.sub("", core).strip("年 ")
        if re.search(r"单位|部门|时限|时间|什么时候|多少|目标", core):
            return []  # "那配合单位呢": a new question about the same subject, not a new subject
        return [core] if len(core) >= 2 else []

    # -- all together ------------------------------------------------------------------------
    def parse(
        self, raw: str, history: Sequence[dict[str, str]] | None = None, region: str | None = None,
        today: dt.date | None = None,
    ) -> Question:
        """``today`` turns 今年 / 明年 / 去年 into the years they are ("今年要做到多少张" -> 2026年)."""
        text = relative_years(fold(raw), today) if today else fold(raw)
        history = list(history or [])
        if today:
            history = [{**h, "content": relative_years(str(h.get("content", "")), today)} for h in history]
        if not text or _PUNCT_ONLY.match(text):
            return Question(raw=raw, text=text, kind="empty")
        if not _CJK.search(text):
            injection = any(p.lower() in text.lower() for p in self.lexicon.get("injection", []))
            return Question(raw=raw, text=text, kind="injection" if injection else "not_chinese")
        followup = self._is_followup(text, history)
        focus: list[str] = []
        if followup:
            focus = self.followup_focus(text)
            text = self._resolve_followup(text, history)
        regions, unknown = self.find_regions(text)
        focus = [f for f in focus if f not in regions and not self.find_regions(f)[0]]
        if not regions and history and not unknown:
            # A follow-up that names no place keeps the place of the conversation.
            for h in reversed(history):
                if h.get("role") == "user":
                    regions, _ = self.find_regions(fold(h.get("content", "")))
                    if regions:
                        break
        if region and region not in ("", "全部"):
            chosen = [j for j in self.jurisdictions if j == region or region in region_aliases(j)]
            if chosen and not regions:
                regions = chosen
            elif not chosen and not regions:
                unknown = [region]  # a region filter outside the corpus: the documents do not say
        years = [int(y) for y in _YEAR.findall(text)]
        kind = self.classify(text, regions)
        exp = self.expansions(text)
        return Question(
            raw=raw,
            text=text,
            regions=regions,
            unknown_places=unknown,
            years=years,
            kind=kind,
            search_text=text + (" " + " ".join(exp) if exp else ""),
            followup=followup,
            expansions=exp,
            match_text=self.substitute(text),
            focus=focus,
            department=self.department_in(text),
            history=history,
        )


_TASK_IN_ANSWER = re.compile(r"^(?:[^：:\n]{0,12}[：:])?([^（(：:\n]{4,40})[（(]([一二三四五六七八九十]+、[^）)]{0,20})[）)]")


def _answered_task(history: Sequence[dict[str, str]]) -> str:
    """The task title a previous answer led with: ``加强医养结合信息化支撑（二、（七））：…``."""
    last = next((h.get("content", "") for h in reversed(history) if h.get("role") == "assistant"), "")
    m = _TASK_IN_ANSWER.search(last.strip())
    return m.group(1).strip() if m else ""


_RELATIVE_YEARS = {"前年": -2, "去年": -1, "今年": 0, "本年度": 0, "当年": 0, "明年": 1, "后年": 2}
# "到今年算实行几年了" counts up to now: that 今年 is no year asked about
_RELATIVE_YEAR = re.compile("(?<![到至止])(?:" + "|".join(_RELATIVE_YEARS) + ")")


def relative_years(text: str, today: dt.date) -> str:
    """今年 / 明年 / 去年 (and 本年度, 前年, 后年) written as the years they are, seen from ``today``.

    >>> relative_years("今年家庭病床要做到多少张？明年呢？", dt.date(2026, 12, 1))
    '2026年家庭病床要做到多少张？2027年呢？'
    """
    return _RELATIVE_YEAR.sub(lambda m: f"{today.year + _RELATIVE_YEARS[m.group(0)]}年", text)


_WH = re.compile(r"啥|什么|哪|谁|几|多少|怎|如何|是否|吗|么|能不能|可不可以|要不要|有没有")
_ASK_KINDS = ("meta", "time", "results", "locate", "structure", "owner", "count", "list", "deadline",
              "eligibility", "procedure", "target")


def _subject_of(question: str) -> str:
    """What a question is about: without its question words and trailing punctuation."""
    core = re.sub(r"(是什么|有哪些|有什么|怎么样|是多少|多少|哪些|哪个|谁|吗|呢)[？?]?$", "", question.rstrip("？? "))
    return core.strip("，, ")


_LOWER_LEVEL = re.compile(r"(?:县|区|镇|乡|街道|旗)$")


@lru_cache(maxsize=TEXT_CACHE)
def fold(text: str) -> str:
    """Simplified Chinese, NFKC digits and letters, Chinese question mark, trimmed."""
    text = (text or "").encode("utf-8", "replace").decode("utf-8")  # lone surrogates from JSON
    text = to_simplified(unicodedata.normalize("NFKC", text)).strip()
    text = text.replace("?", "？")
    return re.sub(r"\s+", " ", text)
