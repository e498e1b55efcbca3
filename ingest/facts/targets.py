"""Quantitative targets: indicator x year x value x unit x comparator, from tables and sentences.

Tables: see :mod:`ingest.facts.target_tables` (columns by header meaning, units from header cells,
baseline columns, year-by-row tables); a task-table row is read as sentences in its 完成时限's year.

Sentences: a year phrase (``到2027年``, ``2020年底``) sets the year for what follows in the clause;
each number with a unit (``20张以上``, ``达到40%``, ``78.5岁``) is a target whose indicator is the
sentence's subject (``全县安宁疗护床位`` -> 安宁疗护床位), or the noun after the number when the
subject is a verb (``累计培养50名老年医学人才``), or the previous indicator when the segment has none
(``…比例达到50%,到2020年底达到80%以上``). ``其中X占20%`` is a sub-indicator X. ``（2017，30%）`` before a
value is its baseline. Years before the document's own year are history, not targets.
Comparators come from the words around the number (:mod:`ingest.facts.cues`: 达到50%以上 -> 50, %, 以上;
不低于 / 超过 / 控制在…以内 / 力争达到); a range keeps both ends (``60%—70%`` -> ``60—70``); ``实现全覆盖``
is 100%; a year in brackets after a value dates it (``达到55%（2025年）``); 该比例 is the indicator before.

Example:
    >>> from corpus.schema import Clause, DocumentMeta
    >>> c = Clause.create(source="a.txt", doc_title="方案", section="二、5.", start=0, end=20,
    ...                   text="5. 推广安宁疗护服务。到2027年，全县安宁疗护床位20张以上。")
    >>> t = TargetExtractor().extract(DocumentMeta(source="a.txt", title="方案"), [c])[0]
    >>> (t.indicator, t.year, t.value, t.unit, t.comparator)
    ('安宁疗护床位', 2027, '20', '张', '以上')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from corpus.schema import Clause, DocumentMeta, Target
from ingest.facts.columns import columns_by_role, header_year
from ingest.facts.cues import COMPARATOR_POST, COMPARATOR_SIGNS, COMPARATOR_VERBS, FULL_COVERAGE
from ingest.facts.departments import normalize
from ingest.facts.target_tables import table_row_targets
from ingest.facts.values import NUMBER, RANGE_DASH, UNITS, Value, comparator_of, make_target, range_value, unmarked

__all__ = ["TargetExtractor", "UNITS"]
_YEAR = re.compile(
    r"(?<![\d—\-~～至])(?:到|至|于|在|力争|争取|预计)?(?P<year>(?:19|20)\d{2})年"
    r"(?:\d{1,2}月)?(?:底|末|年底|年末|份)?(?:前|以前|之前)?(?:起)?(?![—\-~～]|\d{1,2}[月日])"  # 到2026年10月底前
)
_BASELINE = re.compile(r"[(（](?P<year>(?:19|20)\d{2})[,，、](?P<value>\d+(?:\.\d+)?)(?P<unit>%|[^)）]{0,2})[)）]")
_MEASURE = re.compile(
    rf"(?<![\d.—\-~～第])(?P<num>{NUMBER})(?:(?:%|‰)?[{RANGE_DASH}](?P<hi>{NUMBER}))?"
    r"(?P<unit>" + "|".join(map(re.escape, UNITS)) + r")"
    r"(?P<post>" + "|".join(sorted(COMPARATOR_POST, key=len, reverse=True)) + ")?"
)
_YEAR_AFTER = re.compile(r"\((?P<year>(?:19|20)\d{2})年?(?:底|末)?\)")  # 达到55%（2025年）
# only when the segment ends there: 全覆盖计划 / 全覆盖的基础上 state no target
_COVERAGE = re.compile(r"(?:基本|全面|逐步)?(?:实现|达到)?(?:" + "|".join(FULL_COVERAGE) + r")(?:目标)?$")
_AGE_QUALIFIER = re.compile(r"^(?:及以上|以上|以下)?的?[\u4e00-\u9fff]{0,3}?(?:老年人|老人|人口|人群|居民|群众|参保)")
_DURATION = re.compile(r"^(?:工作日|月|小时|星期|周|年|天|日)")
_BASELINE_TOKEN = re.compile(r"〈(?P<year>\d{4})\|(?P<value>[\d.]+)[^〉]*〉")
_TRAIL_VERB = re.compile(r"(?:均|分别|将|要|力争|争取|逐步|基本)?("
                         + "|".join(sorted(set(COMPARATOR_VERBS) | {"覆盖", "占", "为"}, key=len, reverse=True))
                         + r"|(?<![签预节合条契制])约)$")  # 约 = about, but 签约 / 预约 are words
_TRAIL_ADVERB = re.compile(r"(?:均|分别|将|要|力争|争取|逐步|基本|可|能)+$")
_CREATE_VERB = re.compile(r"(培养|培训|培育|建设|建立|设立|新建|改建|扩建|建成|打造|争创|创建|认定|引进|配备|设置|开设|"
                          r"组建|遴选|评选|举办|开办|有)$")
_FILLER = re.compile(r"^(?:——|—|-|其中|全县|全区|全省|全市|全城区|城区内|县内|区内|力争|争取|累计|均|并|且|和|及|与|"
                     r"、|建立|建设|设立|新建|建成|创建|打造|争创|实现)+")
_DOUBLING = re.compile(r"(?:实现)?翻(?:一|两|二)?番$")
_SKIP_SENTENCE = re.compile(r"据预测|预测|调查|共有|现有")
_SEGMENT = re.compile(r"[,，;；。:：]|\.(?!\d)")


@dataclass
class _State:
    year: int = 0
    indicator: str = ""
    pending: str = ""
    baseline: tuple[int, str] | None = None
    out: list[Target] = field(default_factory=list)


class TargetExtractor:
    """Extracts :class:`~corpus.schema.Target` records from one document's clauses."""

    def extract(self, doc: DocumentMeta, clauses: Iterable[Clause]) -> list[Target]:
        """Targets from indicator-table rows, task-table rows (year from 完成时限) and sentences."""
        ordered = sorted((c for c in clauses if c.source == doc.source), key=lambda c: (c.start, c.part))
        min_year = _doc_year(doc)
        plan_year = _plan_year(doc)
        targets: list[Target] = []
        state: _State | None = None
        prev_section = None
        history: dict[tuple[str, str], tuple[int, str]] = {}  # 实际 rows of year-by-row tables
        for c in ordered:
            if c.kind == "table_row":
                targets += table_row_targets(doc, c, min_year, history) or self._from_task_row(doc, c)
                continue
            if c.kind in ("heading", "preamble", "attachment"):
                continue
            if state is None or c.section != prev_section:
                state = _State(year=plan_year)  # an annual plan's sentences set that year's targets
                prev_section = c.section
            for line in c.text.split("\n"):  # a line is a paragraph of its own (normalizing drops line ends)
                self._scan(doc, c, normalize(unmarked(line)), state)
            targets += state.out
            state.out = []
        return [t for t in targets if not min_year or t.year >= min_year or t.origin == "table"]

    def from_table_row(self, doc: DocumentMeta, row: Clause) -> list[Target]:
        """One target per year column of an indicator-table row (see :mod:`ingest.facts.target_tables`)."""
        return table_row_targets(doc, row, _doc_year(doc))

    def _from_task_row(self, doc: DocumentMeta, row: Clause) -> list[Target]:
        """A task row's text read as sentences, in the year its 完成时限 names."""
        cols = row.columns or {}
        roles = columns_by_role(cols)
        year = next((header_year(cols[h]) for h in roles.get("deadline", ()) if header_year(cols[h])), 0)
        task = next((cols[h] for h in roles.get("task", ()) if cols[h].strip()), "")
        if not task or not year:
            return []
        state = _State(year=year)
        self._scan(doc, row, normalize(unmarked(task)), state)
        return state.out

    def _scan(self, doc: DocumentMeta, clause: Clause, text: str, state: _State) -> None:
        for sentence in re.split(r"[。;；]|\.(?!\d)", text):
            if _SKIP_SENTENCE.search(sentence):
                continue
            # keep "(2017,30%)" in one segment: it is the baseline of the value after it
            sentence = _BASELINE.sub(lambda b: f"〈{b.group('year')}|{b.group('value')}〉", sentence)
            # a year in brackets after a value dates the value: 占比达到55%（2025年）
            sentence = _YEAR_AFTER.sub(lambda y: f"〈Y{y.group('year')}〉", sentence)
            sentence = re.sub(r"\([^()]*\d[^()]*\)", "", sentence)  # asides such as (90%的居家养老…) are not targets
            for segment in _SEGMENT.split(sentence):
                self._segment(doc, clause, segment, state)

    def _segment(self, doc: DocumentMeta, clause: Clause, segment: str, state: _State) -> None:
        if b := _BASELINE_TOKEN.search(segment):
            state.baseline = (int(b.group("year")), b.group("value"))
            segment = segment[: b.start()] + segment[b.end():]
        if y := re.search(r"〈Y(\d{4})〉", segment):
            segment = f"{y.group(1)}年" + segment[: y.start()] + segment[y.end():]
        years = list(_YEAR.finditer(segment))
        if years:
            # "2020年、2025年分别达到…" pairs years with values; too ambiguous to read, so read nothing
            state.year = int(years[0].group("year")) if len(years) == 1 else 0
            segment = _YEAR.sub("", segment)
        measures = [m for m in _MEASURE.finditer(segment) if _is_target_measure(segment, m)]
        if not measures and (cov := _COVERAGE.search(segment)) and state.year:
            indicator = _subject(segment[: cov.start()], "")[0] or state.pending or state.indicator
            if indicator:  # 签约服务实现全覆盖: a 100% target
                state.out.append(make_target(doc, clause, indicator, state.year, Value("100", "%", "达到"),
                                             state.baseline, "text"))
            return
        if not measures:
            if not years and 2 <= len(segment) <= 30 and re.search(r"[\u4e00-\u9fff]{2}", segment):
                state.pending = _clean_indicator(segment)
            return
        self._measures(doc, clause, segment, measures, state)

    def _measures(self, doc: DocumentMeta, clause: Clause, segment: str, measures: list[re.Match[str]],
                  state: _State) -> None:
        pos = 0
        for i, m in enumerate(measures):
            nxt = measures[i + 1].start() if i + 1 < len(measures) else len(segment)
            pre, post = segment[pos:m.start()], segment[m.end():nxt]
            pos = m.end()
            indicator, verb, sub = _subject(pre, post)
            if not indicator or re.match(r"^(?:该|此|上述|这一)(?:比例|指标|数量|比率|数)?$", indicator):
                indicator = state.pending or state.indicator  # 该比例达到90%: the indicator named before
            elif _TOTAL.fullmatch(indicator) and state.indicator:
                # "年内新增家庭病床90张，总数达到300张": the total of what was just counted
                indicator = _ADDED.sub("", state.indicator) + indicator
            if not indicator or not state.year:
                continue
            if not sub:
                state.indicator = indicator
            state.pending = ""
            value = Value(range_value(m.group("num"), m.group("hi")), m.group("unit"),
                          comparator_of(verb, m.group("post") or "", verb if verb in COMPARATOR_SIGNS else ""))
            state.out.append(make_target(doc, clause, indicator, state.year, value, state.baseline, "text"))
            state.baseline = None


_TOTAL = re.compile(r"总数|总量|总规模|总计|累计|合计|数量|规模")
_ADDED = re.compile(r"^(?:年内|全年|今年|当年|本年度?)?(?:累计)?(?:新增|新建|增加|建成|改建|扩建)?")


def _is_target_measure(segment: str, m: re.Match[str]) -> bool:
    after = segment[m.end():]
    if m.group("unit") == "岁" and _AGE_QUALIFIER.match((m.group("post") or "") + after):
        return False
    if m.group("unit") in ("个", "次") and _DURATION.match(after):
        return False
    before = segment[: m.start()]
    return not re.search(r"(和|、|或|及|每)$", before)


def _subject(pre: str, post: str) -> tuple[str, str, bool]:
    """(indicator, comparator verb, is a 其中 sub-indicator) for one measure."""
    pre = pre.strip("、,，和及与 ")
    sub = pre.startswith("其中")
    verb = ""
    if pre and pre[-1] in COMPARATOR_SIGNS:  # 设置率≥60%
        verb, pre = pre[-1], pre[:-1]
    while (vm := _TRAIL_VERB.search(pre)) and vm.group(1):
        verb = verb or vm.group(1)
        pre = _TRAIL_ADVERB.sub("", pre[: vm.start()])
    head = _clean_indicator(pre)
    if (cv := _CREATE_VERB.search(pre)) and not verb and (vm := _TRAIL_VERB.search(pre[: cv.start()])):
        verb = vm.group(1)  # 至少建成1个
    if not head or cv:
        noun = re.split(r"[,，;；。]", re.sub(r"^(?:及以上|以上|以下|左右)?的?", "", post))[0]
        noun = _clean_indicator(noun)
        if len(noun) >= 2:
            return noun, verb, sub
    return head, verb, sub


def _clean_indicator(text: str) -> str:
    text = _FILLER.sub("", text.strip())
    text = _DOUBLING.sub("", re.sub(r"的$", "", text)).strip("、,， ")
    if text.count("(") < text.count(")") and text.endswith(")"):
        text = text[:-1]
    if text.count("(") > text.count(")") and text.startswith("("):
        text = text[1:]
    return text if re.search(r"[\u4e00-\u9fff]", text) else ""


_ANNUAL_PLAN = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年(?:度)?[^—\-～~至0-9]{0,30}?(?:工作要点|工作计划|实施计划|工作安排|任务安排)")


def _plan_year(doc: DocumentMeta) -> int:
    """The year of an annual plan ("信丰县2026年医养结合工作要点"): its targets without a year of
    their own ("年内新增家庭病床90张，总数达到300张") are that year's; 0 for other documents."""
    titles = f"{doc.title} {doc.wrapper_title}"
    years = set(re.findall(r"(?<!\d)(?:19|20)\d{2}(?!\d)", titles))
    m = _ANNUAL_PLAN.search(titles)
    return int(m.group(1)) if m and len(years) == 1 else 0


def _doc_year(doc: DocumentMeta) -> int:
    m = re.match(r"(\d{4})", doc.date or "")
    return int(m.group(1)) if m else 0
