"""Structure, lists and counts read from the clause tree and tables, exhaustively (never top-k).

"这个方案分哪几部分" lists a document's top-level parts; "主要任务一共几条" the children of the
section whose heading matches; "重点任务清单有多少项" the rows of the table whose title matches.
The count comes first, then every item, each citing its clause.

Example:
    >>> strip_list_words("保障措施一共有几条？")
    '保障措施'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from assistant.answering.base import Toolkit
from assistant.llm.normalize import cn_to_int
from assistant.answering.matching import overlap
from assistant.answering.numbers import chinese_number
from assistant.answering.outline import (STEP_COLUMN, TEXT_BUDGET, Node, cell_filters, compact_list, heading_fit,
                                         item_text, last_marker, short_title, table_groups)
from assistant.sentences import quoted_phrases
from assistant.types import Answer, AnswerItem, Context
from assistant.understanding import Question, region_aliases

MIN_NODE_MATCH = 0.45
KINDS_MATCH = 0.3
COLUMNS_MATCH = 0.2  # the only table of the document, asked for its columns, still needs its name half-said
_LIST_WORDS = re.compile(
    r"分(?:为|成)?(?:哪|几)[条项个部类块点大]?|一共|总共|共有|共计|总计|一共有|有几|几[条项个部类块点大]|多少[条项个部类块]|哪几[条项个部类块点大]?|哪些|分别|分为|分成|"
    r"包括|包含|都有|列出|列一下|具体|主要有|是哪|有哪|叫啥|叫什么|讲了?(?:些)?啥|下面|下设|底下|名字|标题|什么|内容|方面|部分|板块|章节|[？?，,。、\s]|请问|吗|呢|了|是|的|有"
)
_QUOTES = re.compile(r"[“”\"'‘’「」『』《》〈〉]")
_TRAILING = re.compile(r"(?:里|里面|当中|中的|之中)(?=[^\u4e00-\u9fff]|$)|[条项类个]+$")
_WHOLE_DOC = re.compile(r"实施方案|行动方案|工作方案|实施意见|指导意见|工作要点|方案|文件|通知|意见|规划|计划|办法|这个|那个|这次|本次|此次|该|本|整个|全文|这份|那份")
_STRUCTURE_UNIT = re.compile(r"(?:几|多少)(?:大)?(?:条|项|部分|类|方面|块|章|节|点|个[^，。？]{0,4}(?:任务|指标|部分|方面|措施|条款|工作|事项|项目|环节|阶段|步骤))")
_UNIT = re.compile(r"(?:具体|主要|重点|政策|工作)?(?:措施|任务|举措|条款|条目)")
_CHAPTERS_AND_ARTICLES = re.compile(r"几章.{0,4}几条|多少章.{0,4}多少条")
_ARTICLE = re.compile(r"第[一二三四五六七八九十百零〇\d]+条$")
_CHAPTER = re.compile(r"第[一二三四五六七八九十百零〇\d]+章")
_ASKS_COLUMNS = re.compile(r"(?:哪|几)(?:几)?(?:个)?[栏列]|哪些[栏列]|表头|栏目|列名")


_NAMES_TABLE = re.compile(r"表|清单|一览")
# what a 办事指南 gives a section or a table of its own: "要交哪些材料" is that section
_LISTED = re.compile(r"(?:哪些|哪几[个项条类样]?|啥|什么)(材料|资料|证件|证明|条件|情形)")
LISTED_NOUN_MATCH = 0.55
_ASKS_ATTACHMENTS = re.compile(r"(?:几|多少|哪些|哪几)个?附件|附件[^，。？]{0,4}(?:几个|哪些|是什么|有哪|分别|都有|叫什么)")
_ATTACHMENT_NOTE = re.compile(r"^\s*附\s*件\s*[:：]\s*")
_NUMBERED_LINE = re.compile(r"(?:^|\n)\s*(\d{1,2}\s*[.．、]\s*[^\n]+)")
_ASKS_STEPS = re.compile(r"流程|步骤|环节|程序|几步|哪几步|怎么走")
_ASKS_PARTS = re.compile(r"部分|方面|板块|章|块")
_ASKS_KINDS = re.compile(r"(?:几|哪几|哪些|多少)(?:个)?(?:类|种类|大类)|分类")
_NTH_PART = re.compile(r"第\s*([一二三四五六七八九十两\d]{1,3})\s*(?:个|大)?(部分|板块|大块|块|方面|篇|大项|章|节)")


def asked_part(text: str) -> tuple[int, str]:
    """"重点任务第二个板块叫啥": the part counted by its place (2) and the text without it; (0, text)
    when no part is named by number.

    >>> asked_part("福建方案第二部分叫啥，下面几条？")
    (2, '福建方案叫啥，下面几条？')
    """
    m = _NTH_PART.search(text)
    if not m:
        return 0, text
    n = int(m.group(1)) if m.group(1).isdigit() else (cn_to_int(m.group(1)) or 0)
    return n, text[:m.start()] + text[m.end():]


def _grouped(members: Sequence[Any], names: Sequence[str]) -> dict[str, list[str]]:
    """The item names by the category column of a table whose every row has one, else ``{}``."""
    if not members or isinstance(members[0], Node):
        return {}
    groups = table_groups(members, first_only=True)
    if len(groups) < 2 or sum(map(len, groups.values())) != len(members):
        return {}
    name_of = {id(m): n for m, n in zip(members, names)}
    return {v: [name_of[id(r)] for r in g] for v, g in groups.items()}


def _attachment_name(node: Node) -> str:
    """附件2 by what it is: the first line after its label (its title), else the label."""
    lines = [l.strip() for l in node.clause.text.split("\n") if l.strip()]
    rest = [l for l in lines if not re.fullmatch(r"附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?", l)]
    label = item_text(node)
    return f"{label}：{rest[0][:40]}" if rest and rest[0] not in label else label


def _beyond(text: str, title: str) -> str:
    """What ``text`` says beyond the title: every run of two or more characters found in the
    title left out ("设医养结合机构要交材料" of 医养结合机构设立办事指南 -> "设要交材料")."""
    out, i = [], 0
    while i < len(text):
        j = i + 2
        while j <= len(text) and text[i:j] in title:
            j += 1
        if j - 1 - i >= 2:
            i = j - 1
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def _unit_asked(text: str) -> str:
    """Count in the user's unit: "有几条" -> 条, "几个部分" -> 个部分; 项 otherwise."""
    m = re.search(r"(?:几|多少)(个部分|个方面|条|项|个|类|部分|方面|章|节|家|种|样|份)", text)
    return m.group(1) if m else "项"


def _counted_noun(text: str) -> str:
    """What a count question counts: ``分几个阶段`` -> ``阶段``; ``""`` for units like 条/项."""
    m = re.search(r"(?:几|多少)(?:个|大|类)?([\u4e00-\u9fff]{2})", text)
    return m.group(1) if m and m.group(1)[0] not in "条项部分方面块章节点是" else ""


def _without_places(q: Question) -> str:
    text = q.text
    for r in q.regions:
        for a in region_aliases(r):
            text = text.replace(a, "")
    return re.sub(r"20\d\d年?", "", text)


def strip_list_words(text: str) -> str:
    """What a list question is about, without its list and question words, quotes and units."""
    text = _QUOTES.sub("", text)
    text = _LIST_WORDS.sub("", text)
    return _TRAILING.sub("", text)


class Picked(list):
    """Rows of ``table`` whose ``header`` cell is ``value`` (the question named it), and the rows of each
    value of that column the question named (``by_value``: "基本服务和拓展服务各有几项")."""

    def __init__(self, rows: Sequence[Any], table: str, header: str, value: str, by_value: dict[str, list[Any]]):
        super().__init__(rows)
        self.table, self.header, self.value, self.by_value = table, header, value, by_value


class Listing:
    """Parts of a document, items of a section, rows of a table: counted and listed in full."""

    def __init__(self, kit: Toolkit) -> None:
        self.kit = kit

    def answer(self, q: Question, contexts: Sequence[Context]) -> Answer | None:
        # "带了几个附件？分别是什么？" (with the parts of the body too, the parts' listing adds them)
        if _ASKS_ATTACHMENTS.search(q.text) and not re.search(r"部分|正文|章|板块|方面", q.text):
            sources = self._sources(q, contexts)
            listed = self._attachment_list(q, sources[0]) if len(sources) == 1 else None
            if listed is not None:
                return listed
        if q.kind == "count" and not _STRUCTURE_UNIT.search(q.text):
            return None  # "有多少家医养结合机构": a number in the world, not a count of the document's items
        if q.kind == "procedure" and not _ASKS_STEPS.search(q.text):
            return None  # "怎么申请": a passage; "流程怎么走": the steps, listed
        nth, asked = asked_part(_without_places(q))
        about = strip_list_words(asked)
        noun = _counted_noun(q.text)
        sources = self._sources(q, contexts)
        if not sources:
            return None
        if _ASKS_COLUMNS.search(q.text):
            return self._columns(q, sources, about)
        if _CHAPTERS_AND_ARTICLES.search(q.text):
            counted = self._chapters(q, sources)
            if counted is not None:
                return counted
        best: tuple[float, str, list[Any], str] | None = None
        for source in sources:
            for score, title, members in self._candidates(source, about, q.kind == "structure" or nth > 0, noun, q.text):
                if best is None or score > best[0]:
                    best = (score, title, members, source)
        if best is None or best[0] < self._needed(q, best[2]):
            return None
        _, title, members, source = best
        if not isinstance(members, Picked) and self._quotes_a_leaf(q, sources):
            return None  # "“加强要素保障”说要在哪些方面…": a passage of that section, not a list of parts
        if isinstance(members, Picked) and len(members.by_value) >= 2:
            return self._by_value(q, source, members)
        if 0 < nth <= len(members) and isinstance(members[nth - 1], Node):
            return self._part(q, source, nth, members[nth - 1])
        if _ASKS_KINDS.search(q.text) and members and not isinstance(members[0], Node):
            kinds = self._kinds(q, source, title, members)
            if kinds is not None:
                return kinds
        return self._listed(q, source, title, members)

    @staticmethod
    def _needed(q: Question, members: Sequence[Any]) -> float:
        """How well the best candidate must match: less for "分几类" when it is a table whose rows
        fall into kinds (the question names the kinds, not the table)."""
        if _ASKS_KINDS.search(q.text) and members and not isinstance(members[0], Node) \
                and len(table_groups(members, first_only=True)) >= 2:
            return KINDS_MATCH
        return MIN_NODE_MATCH

    def _quotes_a_leaf(self, q: Question, sources: Sequence[str]) -> bool:
        """The question quotes the heading of a section that has no items of its own."""
        phrases = [p for p in quoted_phrases(q.text) if len(p) >= 3]
        for source in sources if phrases else ():
            nodes = self._nodes(source)
            for node in nodes:
                if any(p in node.title for p in phrases):
                    kids = [n for n in nodes if n.depth == node.depth + 1 and n.section.startswith(node.section)
                            and n.section != node.section]
                    return len(kids) < 2
        return False

    # -- what can be listed ------------------------------------------------------------------
    def _candidates(self, source: str, about: str, whole: bool, noun: str = "",
                    asked: str = "") -> list[tuple[float, str, list[Any]]]:
        nodes = self._nodes(source)
        out: list[tuple[float, str, list[Any]]] = []
        rest = _WHOLE_DOC.sub("", about)
        listed = m.group(1) if (m := _LISTED.search(asked)) else ""
        title = self.kit.bot.docs[source].title
        unit = _UNIT.search(rest)
        core = _UNIT.sub("", rest)
        # "这个方案分哪几部分": the document's parts; "一共多少条具体措施": the numbered items under them
        top = [n for n in nodes if n.depth == 1 and not n.section.startswith("附件")]
        second = [n for n in nodes if n.depth == 2 and not n.section.startswith("附件")]
        level = second if unit and not whole and len(second) >= 2 else top
        if len(level) >= 2:
            fit = (0.95 if unit else 1.0) if len(core) < 2 else 0.9 * overlap(core, title)
            if whole:
                fit = max(fit, 0.9)
            if _ASKS_KINDS.search(asked) and not _ASKS_PARTS.search(asked):
                fit *= 0.8  # "补贴分几类": kinds of a thing (a table's 类别), not the document's parts
            if not whole and level is top and self._names_a_part(source, _beyond(core, title)):
                fit *= 0.6  # "岚皋设医养结合机构要交哪些材料": 材料 is a part of it, not the whole
            label = title if level is top else f"{title}的{unit.group(0) if unit else '条目'}"
            out.append((fit, label, level))
        for node in nodes:
            children = [n for n in nodes if n.depth == node.depth + 1 and n.section.startswith(node.section)
                        and n.section != node.section]
            if len(children) >= 2:
                fit = heading_fit(node.title, rest)
                if listed and listed in node.title and listed not in title:
                    fit = max(fit, LISTED_NOUN_MATCH)  # "要交哪些材料": the section headed 申请材料
                if noun and noun not in title and sum(noun in c.title for c in children) >= 0.6 * len(children):
                    fit = max(fit, 0.9)  # "分几个阶段": the section whose items are each a 阶段
                out.append((fit, node.title, children))
        steps = bool(_ASKS_STEPS.search(asked))
        for table, rows in self._tables(source).items():
            # a table the question names as one ("标准表里", "清单上") before a heading that names it
            fit = heading_fit(table, rest) + (0.15 if _NAMES_TABLE.search(about) else 0.05)
            if listed and listed in table and listed not in title:
                fit = max(fit, LISTED_NOUN_MATCH)
            if steps and rows and any(STEP_COLUMN.fullmatch(h.strip()) for h in rows[0].columns or {}):
                fit = max(fit, 0.5) + 0.2  # "流程怎么走": the table of steps (环节 申请 / 受理 / …)
            out.append((fit, table, rows))
            for value, group in table_groups(rows).items():  # "主要指标里服务体系类有几项" / "有几个是约束性指标"
                score = 0.5 * heading_fit(table, rest) + 0.6 * overlap(value, rest)
                out.append((score, f"{short_title(table)}中“{value}”类", group))
            named = cell_filters(rows, asked)
            for (header, value), group in named.items():  # "完成时限是2026年9月底前的有哪几项"
                by_value = {v: g for (h, v), g in named.items() if h == header}
                picked = Picked(group, table, header, value, by_value)
                out.append((0.5 * heading_fit(table, rest) + 0.65, f"{short_title(table)}中{header}为“{value.strip('“”')}”的", picked))
        return out

    def _names_a_part(self, source: str, words: str) -> bool:
        """Some two characters of ``words`` head a section or a table of the document."""
        heads = [n.title for n in self._nodes(source)] + list(self._tables(source))
        return any(words[i:i + 2] in h for i in range(len(words) - 1) for h in heads)

    def _nodes(self, source: str) -> list[Node]:
        seen: dict[str, Node] = {}
        for c in self.kit.clauses_of(source):
            if c.kind in ("preamble", "table_row") or not c.section or c.headings[:1] == ("版记",):
                continue
            if c.section not in seen:
                seen[c.section] = Node(c.section, len(c.headings), c.headings[-1] if c.headings else c.text, c)
        return list(seen.values())

    def _tables(self, source: str) -> dict[str, list[Any]]:
        tables: dict[str, list[Any]] = {}
        for c in self.kit.clauses_of(source):
            if c.kind == "table_row" and c.part == 0:
                name = c.headings[-1] if c.headings else c.section
                if re.fullmatch(r"表\s*[0-9一二三四五六七八九十]*", name) and len(c.headings) >= 2:
                    name = f"{c.headings[-2]}{name}"  # a table without a caption is known by its section
                tables.setdefault(name, []).append(c)
        return tables

    def _sources(self, q: Question, contexts: Sequence[Context]) -> list[str]:
        if q.regions:
            return self.kit.bot.sources_for(q.regions) or []
        return [contexts[0].clause.source] if contexts else []

    def _columns(self, q: Question, sources: Sequence[str], about: str) -> Answer | None:
        """"任务清单分了哪几栏": the header of the table the question names, and its row count."""
        rest = _WHOLE_DOC.sub("", _ASKS_COLUMNS.sub("", about))
        tables = [(heading_fit(t, rest), t, rows, s) for s in sources for t, rows in self._tables(s).items() if rows[0].columns]
        if not tables:
            return None
        fit, table, rows, source = max(tables, key=lambda p: p[0])
        if fit < MIN_NODE_MATCH and len(tables) > 1 or fit < COLUMNS_MATCH:
            return None  # "申请表要填哪些栏目": a table the documents do not hold is not the one they hold
        headers = list(rows[0].columns)
        lead = f"{short_title(table)}共{len(headers)}栏："
        text = lead + "、".join(headers) + f"；共{len(rows)}行。"
        if not q.regions:
            text = f"{self.kit.region_of(source)}：{text}"
        cite = self.kit.cite(rows[0])
        items = [AnswerItem(text=h, citation=0, group=self.kit.region_of(source)) for h in headers]
        return Answer(text=text, found=True, kind=q.kind, citations=[cite], lead=lead, items=items)

    def _chapters(self, q: Question, sources: Sequence[str]) -> Answer | None:
        """"一共几章几条": the 章 of a 办法 and the 条 under each, first to last."""
        for source in sources[:1] if len(sources) == 1 else []:
            nodes = self._nodes(source)
            chapters = [n for n in nodes if n.depth == 1 and _CHAPTER.fullmatch(n.section)]
            if len(chapters) < 2:
                return None
            lines, total, cites = [], 0, []
            for ch in chapters:
                arts = [n for n in nodes if n.depth == 2 and n.section.startswith(ch.section) and _ARTICLE.search(n.section)]
                total += len(arts)
                span = f"（{last_marker(arts[0].section)}至{last_marker(arts[-1].section)}）" if len(arts) > 1 else ""
                lines.append(f"{item_text(ch)}{span}")
                cites.append(self.kit.cite(ch.clause))
            title = short_title(self.kit.bot.docs[source].title)
            lead = f"{title}共{len(chapters)}章{total}条："
            items = [AnswerItem(text=t, citation=i, group=self.kit.region_of(source)) for i, t in enumerate(lines)]
            return Answer(text=lead + compact_list(lines), found=True, kind=q.kind, citations=cites, lead=lead, items=items)
        return None

    # -- the answer --------------------------------------------------------------------------
    def _kinds(self, q: Question, source: str, title: str, rows: Sequence[Any]) -> Answer | None:
        """"补贴分哪几类": the values of the table's category column, each with its count of rows."""
        groups = table_groups(rows, first_only=True)
        if len(groups) < 2:
            return None
        lead = f"{short_title(title)}共{len(rows)}项，分{len(groups)}类："
        if not q.regions:
            lead = f"{self.kit.region_of(source)}：{lead}"
        citations = [self.kit.cite(g[0]) for g in groups.values()]
        items = [AnswerItem(text=f"{v}（{len(g)}项）", citation=i, group=self.kit.region_of(source))
                 for i, (v, g) in enumerate(groups.items())]
        return Answer(text=lead + compact_list([it.text for it in items]), found=True, kind=q.kind,
                      citations=citations, lead=lead, items=items)

    def _by_value(self, q: Question, source: str, picked: Picked) -> Answer:
        """"基本服务和拓展服务各有几项": the rows of each value named, counted and listed value by value."""
        region = self.kit.region_of(source)
        lead = f"{short_title(picked.table)}按{picked.header or '类别'}："
        if not q.regions:
            lead = f"{region}：{lead}"
        parts, citations, items = [], [], []
        for value, rows in picked.by_value.items():
            names = [item_text(r) for r in rows]
            parts.append(f"“{value.strip('“”')}”共{len(rows)}{_unit_asked(q.text)}（{'；'.join(names)}）")
            for r, name in zip(rows, names):
                citations.append(self.kit.cite(r))
                items.append(AnswerItem(text=name, citation=len(citations) - 1, group=value))
        return Answer(text=lead + "；".join(parts) + "。", found=True, kind=q.kind, citations=citations,
                      lead=lead, items=items)

    def _part(self, q: Question, source: str, nth: int, node: Node) -> Answer:
        """"第二部分叫啥，下面几条": the part's heading, then its items counted and listed."""
        nodes = self._nodes(source)
        kids = [n for n in nodes if n.depth == node.depth + 1 and n.section.startswith(node.section)
                and n.section != node.section]
        m = _NTH_PART.search(q.text)
        name = item_text(node)
        ordinal = f"第{chinese_number(nth)}{m.group(2) if m else '部分'}"
        head = f"“{name}”" if name.startswith(ordinal) else f"{ordinal}是“{name}”"
        if not q.regions:
            head = f"{self.kit.region_of(source)}：{head}"
        if not kids:
            return Answer(text=head + "。", found=True, kind=q.kind, citations=[self.kit.cite(node.clause)], lead=head)
        listed = self._listed(q, source, node.title, kids)
        lead = f"{head}，下设{len(kids)}{_unit_asked(q.text)}："
        listed.text = lead + compact_list([it.text for it in listed.items])
        listed.lead = lead
        listed.citations.insert(0, self.kit.cite(node.clause))
        listed.items = [AnswerItem(it.text, it.citation + 1, it.group) for it in listed.items]
        return listed

    def _listed(self, q: Question, source: str, title: str, members: Sequence[Any]) -> Answer:
        citations, items = [], []
        for m in members:
            clause = m.clause if isinstance(m, Node) else m
            citations.append(self.kit.cite(clause))
            items.append(AnswerItem(text=item_text(m), citation=len(citations) - 1,
                                    group=self.kit.region_of(source)))
        what = short_title(title)
        lead = f"{what}共{len(members)}{_unit_asked(q.text)}："
        if not q.regions:
            lead = f"{self.kit.region_of(source)}：{lead}"
        text = lead + compact_list([it.text for it in items])
        grouped = _grouped(members, [it.text for it in items])
        if grouped:  # a table sorted into kinds (服务体系 / 服务能力 / 惠民有感): the kinds are part of the list
            unit = _unit_asked(q.text)
            lead = lead.rstrip("：") + f"，分{len(grouped)}类："
            line = "；".join(f"{v}（{len(names)}{unit}）：{'、'.join(names)}" for v, names in grouped.items()) + "。"
            if len(line) > TEXT_BUDGET:  # the kinds counted, then the items as far as they fit
                kinds = "、".join(f"{v}（{len(names)}{unit}）" for v, names in grouped.items()) + "。"
                line = kinds + compact_list([it.text for it in items], budget=max(60, TEXT_BUDGET - len(kinds)))
            text = lead + line
        attached = self._attachments(source) if "附件" in q.text and title == self.kit.bot.docs[source].title else []
        if attached:  # "正文由哪几部分组成？附件是什么？"
            names = [re.sub(r"^附\s*件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?\s*", "", item_text(n)) or item_text(n)
                     for n in attached]
            text = text.rstrip("。") + "。附件：" + "；".join(names) + "。"
            citations += [self.kit.cite(n.clause) for n in attached]
        return Answer(text=text, found=True, kind=q.kind, citations=citations, lead=lead, items=items)

    def _attachment_list(self, q: Question, source: str) -> Answer | None:
        """The document's attachments counted and named: the items of its 附件说明 ("附件：1.… 2.…"),
        else its attachment parts (附件1, 附件2) by their first line."""
        nodes = self._nodes(source)
        parts = self._attachments(source)
        note = next((n for n in parts if _ATTACHMENT_NOTE.match(n.title)), None)
        names: list[str] = []
        cited: list[Any] = []
        if note is not None:
            kids = [n for n in nodes if n.depth == note.depth + 1 and n.section.startswith(note.section)]
            for n in [note, *kids]:
                found = _NUMBERED_LINE.findall(_ATTACHMENT_NOTE.sub("", n.clause.text))
                names += [re.sub(r"\s+", "", f) for f in found]
                cited += [n] * len(found)
        if not names and note is not None and (single := _ATTACHMENT_NOTE.sub("", note.title).strip()):
            names, cited = [single], [note]  # "附件：推进医养结合发展重点任务清单": one, unnumbered
        if not names:
            cited = [n for n in parts if n is not note]
            names = [_attachment_name(n) for n in cited]
        if not names:
            return None
        lead = f"{short_title(self.kit.bot.docs[source].title)}共{len(names)}个附件："
        if not q.regions:
            lead = f"{self.kit.region_of(source)}：{lead}"
        citations = [self.kit.cite(n.clause) for n in dict.fromkeys(cited)]
        index = {id(n): i for i, n in enumerate(dict.fromkeys(cited))}
        out = [AnswerItem(text=name, citation=index[id(n)], group=self.kit.region_of(source))
               for name, n in zip(names, cited)]
        return Answer(text=lead + compact_list(names), found=True, kind=q.kind, citations=citations,
                      lead=lead, items=out)

    def _attachments(self, source: str) -> list[Node]:
        """The document's attachments (附件1 …), each once."""
        return [n for n in self._nodes(source) if n.depth == 1 and n.section.startswith("附件")]
