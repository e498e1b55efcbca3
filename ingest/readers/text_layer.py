"""Whether a PDF page's text layer decodes to real text.

Some PDFs carry a text layer that decodes to nonsense: fonts without a usable ``ToUnicode``
map come out as private-use code points (U+E000–U+F8FF), as pdfminer's ``(cid:123)``
placeholders or as U+FFFD; some map glyphs to arbitrary symbols. Indexing that would put
garbage into clauses, so such a page counts as having no text layer (it needs OCR).

A layer of real characters that form no words (a font whose map to Unicode is shuffled) is
caught by :func:`nonsense`: jieba finds almost no dictionary words in it.

Example:
    >>> garbled(list("关于推进医养结合发展的实施意见")), garbled(["\\ue01a", "\\ue3b0", "\\ue0ff", "的"])
    (False, True)
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["garbled", "nonsense", "unreadable"]

_MAX_BAD = 0.3  # share of glyphs that are placeholders or private-use characters
_MIN_GOOD = 0.5  # share of glyphs that are CJK, Latin letters, digits or usual punctuation


def unreadable(text: str) -> bool:
    """A glyph text that stands for no known character: ``(cid:N)``, private use, U+FFFD."""
    return text.startswith("(cid:") or any(0xE000 <= ord(c) <= 0xF8FF or c == "\ufffd" for c in text)


def garbled(glyph_texts: Sequence[str]) -> bool:
    """Whether a page's glyphs (their texts, one per glyph) are mostly not readable text.

    Args:
        glyph_texts: the text of each glyph on the page, blanks included (they are ignored).
    """
    texts = [t for t in glyph_texts if t.strip()]
    if not texts:
        return False
    bad = sum(1 for t in texts if unreadable(t))
    good = sum(1 for t in texts if not unreadable(t) and all(_usual(c) for c in t))
    return bad > _MAX_BAD * len(texts) or good < _MIN_GOOD * len(texts)


# Chinese read from a font whose character map is shuffled is made of real characters in no real
# words: jieba finds dictionary words of two or more characters covering 80-95% of a page of real
# text (tables included), about 20% of such a page.
_MIN_CJK = 40
_MIN_WORD_COVER = 0.45


def nonsense(glyph_texts: Sequence[str]) -> bool:
    """Whether a page's Chinese characters form no words: a text layer of real characters that
    stand for other ones (a font whose map to Unicode is wrong)."""
    import re

    chars = "".join(re.findall(r"[\u4e00-\u9fff]+", "".join(glyph_texts)))
    if len(chars) < _MIN_CJK:
        return False
    words = _dictionary().cut(chars, HMM=False)
    return sum(len(w) for w in words if len(w) >= 2) < _MIN_WORD_COVER * len(chars)


def _dictionary():  # noqa: ANN202 - a jieba Tokenizer over its main dictionary
    from corpus.tokenize import _new_jieba

    global _JIEBA
    if _JIEBA is None:
        _JIEBA = _new_jieba()
    return _JIEBA


_JIEBA = None


def _usual(c: str) -> bool:
    o = ord(c)
    return (
        0x4E00 <= o <= 0x9FFF  # CJK unified ideographs
        or 0x3400 <= o <= 0x4DBF  # extension A
        or 0x3000 <= o <= 0x303F  # CJK punctuation: 、。《》【】
        or 0xFF00 <= o <= 0xFFEF  # full-width forms: （）：；０-９
        or 0x2010 <= o <= 0x206F  # dashes, quotes, ellipsis
        or 0x2460 <= o <= 0x24FF  # ①②
        or 0x20 <= o <= 0x7E
        or c in "·×÷±°℃√□■●○◆▲△※→"
    )
