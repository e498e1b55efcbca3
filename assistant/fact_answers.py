"""Answers read from the facts tables and document metadata: who owns a task, what a department
does, which number a target has, a document's 文号 and date.

Facts carry the id of the clause they were read from, so each answer cites that clause; the
sentence-quoting fallback and the routing live in :mod:`assistant.answers`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from assistant.sentences import quoted_phrases, trim_sentence
from assistant.types import Answer, Context
from assistant.understanding import Question, region_aliases
from corpus.normalize import normalize_for_match

MIN_INDICATOR_MATCH = 0.4
MIN_TASK_MATCH = 0.5
REVERSE_LIST_MAX = 6
_DUTY = re.compile(r"[局委厅办部门府院心]\S{0,2}(?:负责|牵头|主管)|由\S{2,20}(?:负责|牵头|确定|制定|审批)")
ROLE_NAMES = {"lead": "牵头", "co": "配合", "territorial": "属地落实"}
_BASIS = re.compile(r"根据|依据|贯彻落实|为贯彻|按照")
_CITED_DOC = re.compile(r"[《«][^》»]+[》»]")
_HAS_QUANTITY = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:个|张|所|名|人|年|月|天|周|项|类|家|岁|倍|次|成)")


class FactAnswers:
    """Owner, department, target and document-metadata answers; mixed into the Composer, which
    provides ``bot``, ``cite``, ``content_words``, ``tasks_by_clause``, ``targets``, ``conflicts``."""

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

    def catalog(self, q: Question) -> Answer | None:
        """"收录了哪些文件" / "哪个文件是征求意见稿": the documents, one line each, citing their preambles."""
        docs = sorted(self.bot.docs.values(), key=lambda d: d.source)
        if "征求意见" in q.text or "草案" in q.text:
            docs = [d for d in docs if d.is_draft]
            if not docs:
                return Answer(text="已收录文件中没有征求意见稿。", found=True, kind="catalog")
        lines = [
            f"{d.jurisdiction}：{d.citation_head()}" + ("（征求意见稿）" if d.is_draft and "征求意见稿" not in d.title else "")
            for d in docs
        ]
        cites = [c for c in (self._preamble_clause(d) for d in docs) if c is not None]
        head = f"已收录{chinese_number(len(docs))}份文件：\n" if len(docs) > 1 else ""
        return Answer(text=head + "\n".join(lines), found=True, kind="catalog", citations=[self.cite(c) for c in cites])

    def basis(self, q: Question) -> Answer | None:
        """"这个方案是根据哪个文件制定的": the sentence of the preamble that names the documents it
        implements (根据/依据/贯彻落实《…》), per document asked."""
        sources = self.bot.sources_for(q.regions) or sorted(self.bot.docs)
        lines, cites = [], []
        for source in sources:
            clause, sentence = self._basis_sentence(source)
            if clause is None:
                continue
            limit = 150 if len(sources) == 1 else 70
            quote = trim_sentence(sentence, ["根据", "依据", "贯彻", "《"], limit=limit, prefer=_CITED_DOC).strip()
            place = self.bot.docs[source].jurisdiction
            lines.append(quote if len(sources) == 1 else f"{place}：{quote}")
            cites.append(self.cite(clause, quote))
        if not lines:
            return None
        return Answer(text="\n".join(lines), found=True, kind="basis", citations=cites)

    def _basis_sentence(self, source: str) -> tuple[Any | None, str]:
        for clause in self.bot.index.facts.clauses(source=source)[:6]:
            for sentence in re.split(r"(?<=[。；;])|(?<=[^\d.]\.)(?=\D)", clause.text):
                if _BASIS.search(sentence) and "《" in normalize_for_match(sentence):
                    return clause, sentence.strip()
        return None, ""

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
                if q.focus:  # "那完善价格政策呢": the follow-up names the task it now asks about
                    fit += 1.0 if any(f in t.title or f in t.text for f in q.focus) else -0.5
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

