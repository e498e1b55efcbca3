"""An Answer as a chat client shows it: text with ``[n]`` markers, then a 来源 list of the clauses.

``[n]`` is ``answer.citations[n-1]``, the same order as the ``citations`` field of the API
response. A model-written answer (LLM mode, guard passed) already carries its markers; an
extractive one gets them here, after the line that quotes or names the clause.

Example:
    >>> chat_text(answer)                                     # doctest: +SKIP
    '加强医养结合信息化支撑（二、（七））：由区卫生健康委……负责落实。[1]\\n\\n来源：\\n[1] 《深入推进……》 二、（七）：“（区卫生健康委……）”'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence

from assistant.types import Answer, Citation
from corpus.normalize import normalize_for_match

SOURCES_HEADING = "来源："
RELATED_HEADING = "相关条文（供参考，并未回答这个问题）："
_QUOTE_PROBE = 12  # characters of a quote that identify the line quoting it
_PIECE_END = re.compile(r"(?<=[，。；：！？、,.;:!?\n])")
_CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def chat_text(answer: Answer) -> str:
    """The answer text with ``[n]`` markers, a blank line, and the numbered 来源 (or 相关条文 for a refusal)."""
    if answer.citations:
        body = answer.text if (answer.llm or {}).get("mode") == "llm" else with_markers(answer.text, answer.citations)
        return f"{body}\n\n{SOURCES_HEADING}\n" + "\n".join(
            f"[{i}] {source_line(c)}" for i, c in enumerate(answer.citations, 1)
        )
    if answer.related:
        return f"{answer.text}\n\n{RELATED_HEADING}\n" + "\n".join(f"- {source_line(c)}" for c in answer.related[:5])
    return answer.text


def source_line(c: Citation, limit: int = 80) -> str:
    """``《title》(文号) 二、（七）：“quoted sentence”``."""
    quote = (c.quote or c.clause.text).strip()
    return f"{c.label}：“{quote[:limit]}{'……' if len(quote) > limit else ''}”"


def with_markers(text: str, citations: Sequence[Citation]) -> str:
    """Put ``[n]`` after the line that quotes citation n (or names its section); the rest after the first line."""
    lines = text.split("\n")
    folded = [normalize_for_match(line) for line in lines]
    marks: list[list[int]] = [[] for _ in lines]
    for n, c in enumerate(citations, 1):
        probes = [p for p in (normalize_for_match(c.quote)[:_QUOTE_PROBE], normalize_for_match(c.clause.section)) if len(p) >= 3]
        at = next((i for i, line in enumerate(folded) if any(p in line for p in probes)), 0)
        marks[at].append(n)
    return "\n".join(line + "".join(f"[{n}]" for n in ns) for line, ns in zip(lines, marks))


def strip_sources(text: str) -> str:
    """An earlier assistant turn without its 来源 / 相关条文 list, for the history a follow-up is read against."""
    for heading in (SOURCES_HEADING, RELATED_HEADING):
        cut = text.find(f"\n\n{heading}")
        if cut >= 0:
            text = text[:cut]
    return re.sub(r"\[[0-9]{1,3}\]", "", text)


def pieces(text: str, size: int = 24) -> Iterator[str]:
    """The text in stream-sized pieces, each ending at punctuation where one is near; joined they are ``text``."""
    buf = ""
    for part in _PIECE_END.split(text):
        while len(part) > size:  # a long run without punctuation: cut it
            if buf:
                yield buf
                buf = ""
            yield part[:size]
            part = part[size:]
        if buf and len(buf) + len(part) > size:
            yield buf
            buf = ""
        buf += part
    if buf:
        yield buf


def approx_tokens(text: str) -> int:
    """A token estimate without a tokenizer: one per CJK character, one per four other characters."""
    cjk = len(_CJK.findall(text))
    return cjk + math.ceil((len(text) - cjk) / 4)
