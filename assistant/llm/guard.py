"""The guard: a model's answer is shown only if everything it asserts is in the clauses it cites.

Checks, each failure one reason (``"code: detail"``):

* ``no_citation`` - not a single ``[n]``; ``unknown_source: [7]`` - an ``[n]`` outside 1..len(sources).
* ``number`` / ``percent`` / ``date`` / ``doc_number`` / ``organisation`` ``_not_in_sources: X`` -
  a number, percentage, date, 文号 or department/organisation name of a statement that occurs
  neither in the sources that statement cites (a statement without a marker: all sources the answer
  cites) nor in yiyang's extractive answer, which the model was given as evidence (it is built from
  the same clauses and the fact tables; counts such as 共4项 and full names such as 涪陵区税务局 come
  from there). Both sides are compared in :func:`assistant.llm.normalize.fold_numbers` form, so
  ``六十`` = ``60``, ``百分之六十`` = ``60%``, ``［2023］`` = ``〔2023〕``, ``２０２７`` = ``2027``; a number in a
  clause whose table header says ``（%）`` is a percentage; ``区民政局`` in a 涪陵区 document may be
  written ``涪陵区民政局``.
* ``verdict_differs: 可以 vs 不需要`` - the lead verdict (可以/不可以/需要/不需要) is not the
  extractive answer's; ``verdict_unsupported: 可以`` - an eligibility answer leads with a verdict the
  extractive answer deliberately did not give.
* ``model_not_found`` - the model says 未在已收录文件中找到 although the documents answer.

Example:
    >>> src = [Source(1, "《方案》(渝府办发〔2023〕12号) 二、（七）", "由区卫生健康委牵头，到2025年护理型床位占比达到60%。")]
    >>> check_answer("区卫生健康委牵头，2025年护理型床位占比百分之六十[1]。", src).passed
    True
    >>> check_answer("区民政局牵头，2025年占比达到70%[1]。", src).reasons
    ('percent_not_in_sources: 70%', 'number_not_in_sources: 70', 'organisation_not_in_sources: 区民政局')
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from assistant.llm.normalize import fold_numbers

NOT_FOUND_PHRASE = "未在已收录文件中找到"

_MARKER = re.compile(r"[\[【〔]([0-9]{1,3}(?:[,、\-~][0-9]{1,3})*)[\]】〕]")
_STATEMENT_END = re.compile(r"[。!?;\n]+")
_DATE = re.compile(r"(?:19|20)[0-9]{2}年[0-9]{1,2}月(?:[0-9]{1,2}日)?")
_DOC_NUMBER = re.compile(r"([\u4e00-\u9fff]{1,12})〔([0-9]{4})〕([0-9]+)号")
_DOC_PREFIX_CUT = re.compile(r".*(?:根据|依据|按照|印发|文号|即|为|是|的|和|与|及|见|号)")
_PERCENT = re.compile(r"([0-9]+(?:\.[0-9]+)?)%")
_NUMBER = re.compile(r"[0-9]+(?:\.[0-9]+)?")

# Department and organisation names end in one of these (longest first, so 委员会 wins over 委).
_ORG_SUFFIX = re.compile(
    r"委员会|管委会|办事处|办公室|办公厅|人民政府|政府|总局|卫生院|医院|中心|协会|联合会|集团|公司|委|局|厅|部|办|署|院"
)
# A suffix inside an ordinary word (部分, 布局, 办理, 部署, 为中心...) is not the end of a name.
_NOT_ORG_AFTER = {"部": "分门署位件", "局": "面部势", "办": "理法学医好结成件证照养院", "委": "托屈",
                  "署": "名", "中心": "城", "院": "校子落"}
_NOT_ORG_BEFORE = {"部": "全内局外干东西南北中各俱", "局": "格布结大全开当时终", "署": "部签",
                   "办": "举兴开创承督合民公主包代协试么申帮查筹操", "厅": "餐大客门展舞",
                   "中心": "为的", "院": "住出入庭医"}
# Words that never sit inside a name: the name starts after the last of them.
_ORG_BREAK = re.compile(r".*(?:由|会同|联合|牵头|负责|配合|指导|按照|根据|依据|协同|组织|督促|要求|支持|鼓励|推动|落实|的|等|向|经|请|对|将|把|被|在|是|为|其)")
_ORG_LEAD = "和与及同并或"

_VERDICT = re.compile(r"^(?:答[:：])?(?:[\u4e00-\u9fff]{2,10}[:：])?(不可以|不能|不得|不需要|无需|不用|不必|可以|能够|能|需要|必须)(?![力否源])")
_VERDICT_CLASS = {"不可以": "不可以", "不能": "不可以", "不得": "不可以", "不需要": "不需要", "无需": "不需要",
                  "不用": "不需要", "不必": "不需要", "可以": "可以", "能够": "可以", "能": "可以",
                  "需要": "需要", "必须": "需要"}


@dataclass(frozen=True)
class Source:
    """Source ``[number]``: its citation label (《title》(文号) section) and the clause text."""

    number: int
    label: str
    text: str
    place: str = ""  # the document's jurisdiction: its 区民政局 is that place's

    @property
    def folded(self) -> str:
        return fold_numbers(f"{self.label}\n{self.text}")


@dataclass(frozen=True)
class GuardResult:
    """The verdict on one model answer: passed, why not, and which sources it cites."""

    passed: bool
    reasons: tuple[str, ...] = ()
    cited: tuple[int, ...] = ()


def check_answer(text: str, sources: Sequence[Source], extractive_text: str = "", kind: str = "") -> GuardResult:
    """Check a model's ``text`` against the numbered ``sources`` (see the module docstring).

    Args:
        text: the model's answer with ``[n]`` markers.
        sources: what ``[1]``..``[n]`` refer to.
        extractive_text: the answer yiyang composed from the same clauses and facts (evidence too).
        kind: the question's kind; ``eligibility`` answers must not add a verdict of their own.
    """
    folded, extractive = fold_numbers(text), fold_numbers(extractive_text)
    by_number = {s.number: s for s in sources}
    bodies = {s.number: s.folded for s in sources}
    reasons: list[str] = []
    statements = _statements(folded)
    cited_all = sorted({n for _, ns in statements for n in ns})
    for n in cited_all:
        if n not in by_number:
            reasons.append(f"unknown_source: [{n}]")
    if not cited_all:
        reasons.append("no_citation")
    known_cited = [n for n in cited_all if n in by_number] or list(by_number)
    for claim_text, numbers in statements:
        scope = [n for n in (numbers or known_cited) if n in by_number]
        evidence = [bodies[n] for n in scope] + [extractive]
        places = [by_number[n].place for n in scope if by_number[n].place]
        reasons.extend(r for r in _unsupported(claim_text, evidence, places) if r not in reasons)
    reasons.extend(_verdict_problems(folded, extractive, kind))
    if NOT_FOUND_PHRASE in folded and NOT_FOUND_PHRASE not in extractive:
        reasons.append("model_not_found")
    return GuardResult(passed=not reasons, reasons=tuple(reasons), cited=tuple(cited_all))


def _statements(folded: str) -> list[tuple[str, list[int]]]:
    """(statement text without markers, the source numbers it cites); markers that open a
    statement (``。[1]``) belong to the statement before."""
    out: list[tuple[str, list[int]]] = []
    for piece in _STATEMENT_END.split(folded):
        lead = re.match(rf"^(?:{_MARKER.pattern})+", piece)
        if lead and out:
            out[-1][1].extend(_marker_numbers(lead.group(0)))
            piece = piece[lead.end():]
        numbers = _marker_numbers(piece)
        body = _MARKER.sub("|", piece)
        if body.strip("|, ") or numbers:
            out.append((body, numbers))
    return out


def _marker_numbers(s: str) -> list[int]:
    numbers: list[int] = []
    for m in _MARKER.finditer(s):
        for part in re.split(r"[,、]", m.group(1)):
            bounds = re.split(r"[\-~]", part)
            a, b = int(bounds[0]), int(bounds[-1])
            numbers.extend(range(a, min(b, a + 20) + 1) if b >= a else [a, b])
    return numbers


def _unsupported(statement: str, evidence: Sequence[str], places: Sequence[str]) -> Iterable[str]:
    scope = "\n".join(evidence)
    for date in _DATE.findall(statement):
        if date not in scope:
            yield f"date_not_in_sources: {date}"
    for m in _DOC_NUMBER.finditer(statement):
        prefix = _DOC_PREFIX_CUT.sub("", m.group(1))[-8:]
        docno = f"{prefix}〔{m.group(2)}〕{m.group(3)}号"
        if docno not in scope:
            yield f"doc_number_not_in_sources: {docno}"
    numbers = set(map(_canonical, _NUMBER.findall(scope)))
    percents = {_canonical(v) for body in evidence for v in (_NUMBER if "(%)" in body else _PERCENT).findall(body)}
    for value in dict.fromkeys(_PERCENT.findall(statement)):
        if _canonical(value) not in percents:
            yield f"percent_not_in_sources: {value}%"
    for value in dict.fromkeys(_NUMBER.findall(statement)):
        if _canonical(value) not in numbers:
            yield f"number_not_in_sources: {value}"
    for name in organisation_names(statement):
        if name not in scope and not _local_name(name, scope, places):
            yield f"organisation_not_in_sources: {name}"


def _local_name(name: str, scope: str, places: Sequence[str]) -> bool:
    """涪陵区民政局 for a 涪陵区 document's 区民政局 (or 各镇敬老院 of 南宁市武鸣区)."""
    short = [re.sub(r"^.{2,4}?[省市](?=.{2,})", "", p) for p in places]  # 南宁市武鸣区 is also 武鸣区
    for place in dict.fromkeys([*places, *short]):
        rest = name[len(place):] if name.startswith(place) else ""
        if rest and (place[-1] + rest in scope or (len(rest) >= 3 and rest in scope)):
            return True
    return False


def _canonical(number: str) -> str:
    whole, _, frac = number.partition(".")
    whole, frac = whole.lstrip("0") or "0", frac.rstrip("0")
    return f"{whole}.{frac}" if frac else whole


def organisation_names(folded: str) -> list[str]:
    """Department and organisation names in a folded statement, as written.

    >>> organisation_names("由区卫生健康委牵头,区民政局、区大数据发展局配合,统筹全部工作")
    ['区卫生健康委', '区民政局', '区大数据发展局']
    """
    names: list[str] = []
    start = 0
    for m in _ORG_SUFFIX.finditer(folded):
        suffix, before, after = m.group(0), folded[m.start() - 1: m.start()], folded[m.end(): m.end() + 1]
        if (after and after in _NOT_ORG_AFTER.get(suffix, "")) or (before and before in _NOT_ORG_BEFORE.get(suffix, "")):
            continue
        if suffix == "委" and folded.startswith("员", m.end()):
            continue
        run = re.search(r"[\u4e00-\u9fff]*$", folded[max(start, m.start() - 16): m.start()]).group(0)
        name = _ORG_BREAK.sub("", run).lstrip(_ORG_LEAD) + suffix
        start = m.end()
        if len(name) >= 3:
            names.append(name)
    return list(dict.fromkeys(names))


def lead_verdict(folded: str) -> str:
    """可以 / 不可以 / 需要 / 不需要 when the answer opens with one, else ``""``."""
    m = _VERDICT.match(folded.lstrip("*#>- "))
    return _VERDICT_CLASS[m.group(1)] if m else ""


def _verdict_problems(folded: str, extractive: str, kind: str) -> list[str]:
    model, reference = lead_verdict(folded), lead_verdict(extractive)
    if model and reference and model != reference:
        return [f"verdict_differs: {model} vs {reference}"]
    if model and not reference and kind == "eligibility":
        return [f"verdict_unsupported: {model}"]
    return []
