"""OCR characters corrected by the words they make: where the recognizer was unsure of a character
and what it read makes no word with its neighbours, the alternative it also saw there that does
make a common word is taken (养考机构 -> 养老机构 when 老 was the runner-up, 工作住务 -> 工作任务).

A noisy-channel choice on one character at a time: the candidates are only what the engine itself
offered (:attr:`ingest.readers.ocr_engine.OcrLine.alternatives`), the language side is jieba's
dictionary with the project's domain terms and department names (卫健委, 县卫健委) added. A reading
is kept whenever some word of two to four characters through it is in the dictionary, so names and
rare words the engine read right are left alone; nothing is corrected without alternatives.

Example:
    >>> line = OcrLine("养考机构护理型床位", ((0, 0), (9, 0), (9, 1), (0, 1)), 0.9,
    ...                alternatives=((1, (("考", 0.5), ("老", 0.4))),))
    >>> corrected(line).text
    '养老机构护理型床位'
"""

from __future__ import annotations

import functools
import math
import re

from ingest.readers.ocr_engine import OcrLine

MIN_FREQ = 20  # a word as common as this (jieba counts) vouches for a character
MIN_PROB = 0.03  # an alternative the engine gave less than this is not considered
_CJK = re.compile(r"[\u4e00-\u9fff]")
_PREFIXES = ("", "县", "市", "区", "省")


@functools.lru_cache(maxsize=1)
def vocabulary() -> dict[str, int]:
    """Word -> frequency: jieba's dictionary, the domain terms and every department name and alias."""
    from corpus.tokenize import _base_dictionary, load_domain_terms
    from ingest.facts.departments import DepartmentDirectory

    words = {w: f for w, f in _base_dictionary()[0].items() if f and 2 <= len(w) <= 6}
    for term in load_domain_terms():
        words[term] = max(words.get(term, 0), 10_000)
    for name in DepartmentDirectory.from_yaml().table:
        for prefix in _PREFIXES:
            words.setdefault(prefix + name, 10_000)
    return words


def corrected(line: OcrLine) -> OcrLine:
    """``line`` with each unsure character replaced by the alternative whose words are common, if any."""
    if not line.alternatives:
        return line
    vocab = vocabulary()
    chars = list(line.text)
    changed = False
    for i, alts in line.alternatives:
        if i >= len(chars) or not _CJK.match(chars[i]) or _support(chars, i, chars[i], vocab) >= MIN_FREQ:
            continue
        best, best_score = None, 0.0
        for ch, prob in alts:
            if ch == chars[i] or prob < MIN_PROB or not _CJK.match(ch):
                continue
            support = _support(chars, i, ch, vocab)
            score = math.log(prob) + math.log(support) if support >= MIN_FREQ else 0.0
            if support >= MIN_FREQ and (best is None or score > best_score):
                best, best_score = ch, score
        if best is not None:
            chars[i], changed = best, True
    if not changed:
        return line
    text = "".join(chars)
    return OcrLine(text=text, quad=line.quad, score=line.score, words=_respelled(line.words, text),
                   alternatives=line.alternatives)


def _support(chars: list[str], i: int, ch: str, vocab: dict[str, int]) -> int:
    """The frequency of the most common word of 2–4 characters through position ``i`` reading ``ch``."""
    best = 0
    for size in (2, 3, 4):
        for start in range(max(0, i - size + 1), min(i, len(chars) - size) + 1):
            word = "".join(ch if k == i else chars[k] for k in range(start, start + size))
            best = max(best, vocab.get(word, 0))
    return best


def _respelled(words: tuple[tuple[str, object], ...], text: str) -> tuple:
    """The engine's word boxes carrying the corrected characters (they spell ``text`` without spaces)."""
    plain = iter(text.replace(" ", ""))
    out = []
    for word, quad in words:
        out.append(("".join(next(plain, c) for c in word), quad))
    return tuple(out)
