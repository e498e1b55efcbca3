"""Whether a document or a task is still in force: plan periods, deadlines and target years
compared with today's date (``AssistantConfig.today``, injectable for tests).

Example:
    >>> deadline_date("2023年6月底前"), deadline_date("2022年底"), deadline_date("长期坚持")
    (datetime.date(2023, 6, 30), datetime.date(2022, 12, 31), None)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import Toolkit
from assistant.answering.numbers import chinese_date
from assistant.types import Answer, Context
from assistant.understanding import Question

_YEAR_MONTH = re.compile(r"(20\d{2})\s*年\s*(?:(\d{1,2})\s*月)?")
_PERIOD = re.compile(r"(20\d{2})\s*[—\-–~至到]+\s*(20\d{2})")
_DATED = re.compile(r"20\d{2}\s*年(?!度)(?:\s*\d{1,2}\s*月)?(?:底前|以前|底|末|前)?")  # not 2026年度 (a name)
_FRAGMENT_END = re.compile(r"[，,；;。！？]")
_DOC_WORDS = re.compile(r"执行期内|期限内|在内|期内|执行|实施|仍在|还在|是否|方案|文件|规划|计划|通知|意见|政策|有效期|执行期|有效|过期|到期|失效|还|现在|这个|吗|了|没有|截止|时间|期限")
_IN_FORCE = re.compile(r"有效期[^。；]{0,20}|自[^。；]{0,10}(?:起|之日起)施行[^。；]{0,20}")


def deadline_date(text: str) -> dt.date | None:
    """The last day a deadline such as ``2025年底``/``2023年6月底前`` allows; ``None`` when open-ended."""
    found = list(_YEAR_MONTH.finditer(text or ""))
    if not found:
        return None
    m = found[-1]
    year, month = int(m.group(1)), int(m.group(2) or 12)
    month = min(max(month, 1), 12)
    return dt.date(year, month, calendar.monthrange(year, month)[1])


_USER_DATE = re.compile(r"(20\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_MONTHS_AFTER = re.compile(r"(?:满|运营|后)?\s*(\d{1,2}|[一两二三四五六七八九十]{1,2})\s*个\s*月(?:后|以后|之后|即可|方可)")
_ASKS_DAY = re.compile(r"截止(?:到|于|日期|时间)?(?:哪天|哪一天|什么时候|几号|几月|何时)|(?:哪天|几号|什么时候)(?:截止|结束|之前|前)")
_ASKS_WHEN = re.compile(r"哪天|哪一天|什么时候|何时|最早|多久|几号")
_CN_NUM = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10, "十二": 12}


def date_after(question: str, answer_text: str) -> str:
    """"……是2026年9月1日开业的，最早哪天能申请" and a rule "运营3个月后即可": the day it gives,
    counted from the user's own date; "" when the question names no day or the rule no months."""
    day, months = _USER_DATE.search(question), _MONTHS_AFTER.search(answer_text)
    if not day or not months or not _ASKS_WHEN.search(question):
        return ""
    n = int(months.group(1)) if months.group(1).isdigit() else _CN_NUM.get(months.group(1), 0)
    start = dt.date(int(day.group(1)), int(day.group(2)), int(day.group(3)))
    month = start.month - 1 + n
    year, month = start.year + month // 12, month % 12 + 1
    end = dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))
    return f"按所说日期（{chinese_date(start.isoformat())}）推算，{n}个月后为{chinese_date(end.isoformat())}。"


def date_for(sentence: str, asked: Sequence[str]) -> str:
    """The date of ``sentence`` that the words asked stand beside: each date's fragment (from the
    punctuation before it to the one after) scored by the words it holds; the last date on a tie.

    >>> date_for("2026年6月底前开展中期评估，2027年11月底前完成终期评估。", ["中期", "评估"])
    '2026年6月底前'
    """
    best, best_score = "", -1
    for m in _DATED.finditer(sentence):
        if deadline_date(m.group(0)) is None:
            continue
        start = max((e.end() for e in _FRAGMENT_END.finditer(sentence, 0, m.start())), default=0)
        end = _FRAGMENT_END.search(sentence, m.end())
        fragment = sentence[start:end.start() if end else len(sentence)]
        score = sum(1 for w in asked if w in fragment)
        if score >= best_score:
            best, best_score = m.group(0), score
    return best


def time_left(end: dt.date, today: dt.date) -> str:
    """"还有约13个月" (or days, under two months) from today to a period's or deadline's last day."""
    days = (end - today).days
    if days < 0:
        return ""
    return f"还有{days}天" if days < 61 else f"还有约{round(days / 30.44)}个月"


class Validity:
    """"过期了吗 / 现在还有效吗 / 还在执行期内吗": the period or deadline against today."""

    def __init__(self, kit: Toolkit, task_finder: Any | None = None) -> None:
        self.kit = kit
        self.task_finder = task_finder

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        today: dt.date = q.today or self.kit.bot.config.today
        task = self.task_finder.best_task(q, contexts) if self.task_finder is not None else None
        if task is not None and task.deadline:
            return self._task(q, task, today)
        sources = self.kit.bot.sources_for(q.regions) or ([contexts[0].clause.source] if contexts else [])
        sources = list(dict.fromkeys(sources))
        # "申报截止到哪天？": the day something is due, even when the title names that thing
        about_thing = self._about_thing(q, sources) or bool(_ASKS_DAY.search(q.text))
        about_targets = bool(re.search(r"目标|指标|那一列|节点", q.text))
        if q.years and (about_targets or not about_thing):  # "2025年那一列的目标时间过了吗"
            years = self._years(q, sources, today)
            if years is not None:
                return years
        if about_thing:
            dated = self._dated_sentence(q, contexts, today)  # "信息平台对接截止时间过了没有"
            if dated is not None:
                return dated
        lines, cites = [], []
        for source in sources:
            line, clause = self._document(source, today)
            if clause is not None:
                lines.append(line)
                cites.append(self.kit.cite(clause))
        if not lines:
            return None
        return Answer(text="\n".join(lines), found=True, kind="time", citations=cites)

    def _about_thing(self, q: Question, sources: Sequence[str]) -> bool:
        """The question names something inside the document (信息平台对接), not only the document
        itself: a word of the corpus left after the document words and the words of its title."""
        rest = _DOC_WORDS.sub(" ", self.kit.content_words(q))
        titles = " ".join(f"{d.title} {d.wrapper_title}" for s in sources if (d := self.kit.bot.docs.get(s)))
        in_corpus = self.kit.bot.parser.in_corpus
        return any(len(t) >= 2 and t not in titles and in_corpus(t) for t in self.kit.tokens(rest))

    def _dated_sentence(self, q: Question, contexts: Sequence[Context], today: dt.date) -> Answer | None:
        """The best sentence about the thing asked that carries a date: that date against today."""
        words = self.kit.content_words(q, substituted=True)

        asked = [t for t in self.kit.tokens(words) if len(t) >= 2]

        def dated(p: Any) -> str:
            """The sentence's date for the thing asked, when it has one and its clause holds the words."""
            if not _DATED.search(p.sentence) or self.kit.relevance(words, p) < self.kit.bot.config.min_relevance:
                return ""
            return date_for(p.sentence, asked)
        if not any(dated(p) for p in self.kit.bot.picker.candidates(contexts[:5])):
            return None  # no sentence could answer, however they would rank
        picks = self.kit.bot.picker.pick(words, contexts[:5], extra_terms=q.expansions, asked="什么时候" + q.text)
        for p in picks[:3]:
            when = dated(p)
            if not when:
                continue
            end = deadline_date(when)
            state = "已过期" if end < today else "尚未到期"
            text = (f"{when}{state}（截至{chinese_date(today.isoformat())}）：{p.sentence.strip()}"
                    f"{'文件没有记载完成情况。' if end < today else ''}")
            return Answer(text=text, found=True, kind="time", citations=[self.kit.cite(p.context.clause, p.sentence)])
        return None

    def _years(self, q: Question, sources: Sequence[str], today: dt.date) -> Answer | None:
        """"2025年的目标时间过了吗": each asked year against today, citing a target set for it."""
        lines, cites = [], []
        for year in q.years:
            target = next((t for t in self.kit.targets if t.source in sources and t.year == year), None)
            clause = self.kit.clause(target.clause_id) if target else None
            if clause is None:
                continue
            state = "已过" if dt.date(year, 12, 31) < today else "尚未到"
            lines.append(f"{year}年的目标节点（{year}年底）{state}（截至{chinese_date(today.isoformat())}）")
            cites.append(self.kit.cite(clause))
        if not lines:
            return None
        return Answer(text="；".join(lines) + "。文件只规定目标，没有记载完成情况。", found=True, kind="time",
                      citations=cites)

    def _task(self, q: Question, task: Any, today: dt.date) -> Answer:
        end = deadline_date(task.deadline)
        clause = self.kit.clause(task.clause_id)
        if end is None:
            verdict = f"完成时限为“{task.deadline}”，没有截止日期"
        elif end < today:
            verdict = f"完成时限为{task.deadline}，已过期（截至{chinese_date(today.isoformat())}）"
        else:
            verdict = (f"完成时限为{task.deadline}，尚未到期（截至{chinese_date(today.isoformat())}，"
                       f"{time_left(end, today)}）")
        text = f"{task.title}（{task.section}）：{verdict}。"
        return Answer(text=text, found=True, kind="time", citations=[self.kit.cite(clause)] if clause else [])

    def _document(self, source: str, today: dt.date) -> tuple[str, Any | None]:
        doc = self.kit.bot.docs[source]
        head = doc.citation_head()
        clause = self._period_clause(source, doc.period) or self.kit.preamble_clause(doc)
        draft = "（征求意见稿，并非正式印发的文件）" if doc.is_draft else ""
        period = _PERIOD.search(doc.period or "")
        if period:
            start, end = int(period.group(1)), int(period.group(2))
            state = (f"仍在执行期内（距{end}年底{time_left(dt.date(end, 12, 31), today)}）" if today.year <= end
                     else f"执行期已于{end}年底结束")
            return f"{head}{draft}的规划期为{start}—{end}年，截至{chinese_date(today.isoformat())}{state}。", clause
        stated = self._in_force(source)
        if stated is not None:
            return f"{head}{draft}：{stated[1]}。", stated[0]
        latest = self._latest_deadline(source)
        if latest is None:
            return f"{head}{draft}未写明有效期或执行期限。", clause
        end, label, cited = latest
        state = "均已过去" if end < today else "尚未全部到期"
        return (f"{head}{draft}未写明有效期；所列任务和目标的时限最晚为{label}，截至"
                f"{chinese_date(today.isoformat())}{state}。"), cited

    def _period_clause(self, source: str, period: str) -> Any | None:
        if not period:
            return None
        years = _PERIOD.search(period)
        for c in self.kit.clauses_of(source)[:8]:
            m = _PERIOD.search(c.text)
            if m and years and m.groups() == years.groups():
                return c
        return None

    def _in_force(self, source: str) -> tuple[Any, str] | None:
        for c in self.kit.clauses_of(source):
            m = _IN_FORCE.search(c.text)
            if m:
                return c, m.group(0).strip("，, ")
        return None

    def _latest_deadline(self, source: str) -> tuple[dt.date, str, Any] | None:
        best: tuple[dt.date, str, Any] | None = None
        for t in self.kit.tasks:
            end = deadline_date(t.deadline) if t.source == source else None
            if end and (best is None or end > best[0]):
                best = (end, t.deadline, self.kit.clause(t.clause_id))
        for t in self.kit.targets:
            if t.source == source and t.year:
                end = dt.date(t.year, 12, 31)
                if best is None or end > best[0]:
                    best = (end, f"{t.year}年", self.kit.clause(t.clause_id))
        return best
