"""The evidence an answer stands on, numbered [1]..[n], and the messages that ask a model to write it up.

The model sees only what the extractive answer already gathered: the cited clauses (each with
《title》(文号) section and its headings), and the extractive answer itself, whose facts come from
those clauses. It is told to answer from them alone, to put ``[n]`` after every statement and to
say 未在已收录文件中找到 when the sources do not say.

Example:
    >>> from corpus.schema import Clause                                   # doctest: +SKIP
    >>> sources = sources_of(answer)                                       # doctest: +SKIP
    >>> build_messages("谁负责？", answer, sources)[1].content[:12]         # doctest: +SKIP
    '问题：谁负责？\\n\\n来源：\\n'
"""

from __future__ import annotations

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from assistant.llm.guard import NOT_FOUND_PHRASE, Source
from assistant.types import Answer

MAX_SOURCE_CHARS = 1200  # a long clause (a whole table) is cut; its start holds what was quoted

SYSTEM_PROMPT = f"""你是医养结合政策问答助手，只能依据用户消息中编号的“来源”回答，不得使用来源以外的任何知识。
规则：
1. 每一句陈述之后用 [n] 标注它依据的来源编号，例如“……由区民政局负责[2]。”；只能使用给出的编号。
2. 数字、年份、日期、百分比、文号、部门和机构名称必须照抄来源原文的写法，不换算、不补全地名或简称。
3. 来源没有说明的内容，直接回答“{NOT_FOUND_PHRASE}”，不要猜测或推断。
4. “参考答案”是系统从同样的来源中抽取的结论；你的结论（可以/不可以/需要/不需要）必须与它一致，参考答案没有下结论时你也不要下结论。
5. 用简洁、完整的中文回答，不超过 300 字；不要另列来源清单。"""


def sources_of(answer: Answer) -> list[Source]:
    """The answer's citations as sources ``[1]``..``[n]``, in the order of ``answer.citations``."""
    sources = []
    for i, c in enumerate(answer.citations, 1):
        headings = " > ".join(h for h in c.clause.headings if h)
        text = c.clause.text[:MAX_SOURCE_CHARS]
        place = c.doc.jurisdiction if c.doc else ""
        sources.append(Source(i, c.label, f"（{headings}）{text}" if headings else text, place))
    return sources


def build_messages(question: str, answer: Answer, sources: list[Source]) -> list[BaseMessage]:
    """System rules plus one user message: the question, the numbered sources, the extractive answer."""
    lines = [f"问题：{question}"]
    if answer.question and answer.question != question:
        lines.append(f"（结合上文，问题理解为：{answer.question}）")
    lines += ["", "来源："]
    for s in sources:
        lines += [f"[{s.number}] {s.label}", s.text, ""]
    lines += ["参考答案（系统抽取）：", answer.text]
    return [SystemMessage(content=SYSTEM_PROMPT), HumanMessage(content="\n".join(lines))]
