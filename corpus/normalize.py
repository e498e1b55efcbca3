"""Match-normalization: the form two strings are compared in, never what is displayed.

Documents and questions are both passed through :func:`normalize_for_match` before keyword
or substring matching, so ``闽卫老龄 〔２０２２〕１３５号`` in a PDF and ``闽卫老龄[2022]135号``
in a question meet as ``闽卫老龄〔2022〕135号``. Display text (clause text, titles) keeps the
original characters.

What :func:`normalize_for_match` does, in order:

1. NFKC: full-width digits, letters and most punctuation become ASCII (``，`` -> ``,``,
   ``（`` -> ``(``, ``＋`` -> ``+``, ``　`` -> space). ``、`` ``。`` ``《》`` stay: they have no
   compatibility form.
2. Brackets: ``«»`` -> ``《》`` and ``‹›`` -> ``〈〉`` (PDF fonts render 书名号 that way); the
   tortoise-shell family ``﹝〘⦗❲`` and full-width square brackets -> ``〔〕``; quotes
   ``“”„‟〝〞「」『』`` -> ``"`` and ``‘’`` -> ``'``.
3. All whitespace (and zero-width characters) removed: PDF text has spaces inside words
   (``福 建 省 教 育 厅``); Chinese needs none to separate words. ASCII letters are lowercased.
4. Any run of dashes or tildes *between two digits* becomes ``-``: ``2023—2027``,
   ``2023 – 2027``, ``2023～2027`` all read ``2023-2027``. Dashes elsewhere (``——政府主导``) stay.
5. 文号 brackets: ``[2022]``, ``【2022】``, ``(2022)`` right after a Chinese character and
   before ``N号`` become ``〔2022〕``; elsewhere ``[`` and ``(`` keep their meaning.

The result is idempotent (``f(f(s)) == f(s)``) and never raises.

Example:
    >>> normalize_for_match("闽卫老龄 〔２０２２〕１３５号")
    '闽卫老龄〔2022〕135号'
    >>> normalize_for_match("«关于进一步推进医养结合发展的实施方案»（2023 — 2027年）")
    '《关于进一步推进医养结合发展的实施方案》(2023-2027年)'
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

_BRACKETS = str.maketrans(
    {
        "«": "《", "»": "》", "‹": "〈", "›": "〉",
        "﹝": "〔", "﹞": "〕", "〘": "〔", "〙": "〕", "⦗": "〔", "⦘": "〕", "❲": "〔", "❳": "〕",
        "“": '"', "”": '"', "„": '"', "‟": '"', "〝": '"', "〞": '"', "〟": '"',
        "「": '"', "」": '"', "『": '"', "』": '"', "‘": "'", "’": "'", "‚": "'", "‛": "'",
    }
)  # fmt: skip
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff\u00ad]+")
_DIGIT_DASH = re.compile(r"(?<=[0-9])[\-\u2010-\u2015\u2212\u301c~]+(?=[0-9])")
_DOCNO_BRACKET = re.compile(r"(?<=[\u4e00-\u9fff])[\[【(〔]((?:19|20)[0-9]{2})[\]】)〕](?=[0-9]+号)")


def normalize_for_match(s: str) -> str:
    """The form a string is compared in (see the module docstring for each step).

    Example:
        >>> normalize_for_match("南武政办〔2017〕153号 ")
        '南武政办〔2017〕153号'
    """
    s = _fold(s).translate(_ASCII_LOWER)
    s = _DIGIT_DASH.sub("-", s)
    return _DOCNO_BRACKET.sub(r"〔\1〕", _fold(s))


def _fold(s: str) -> str:
    """Steps 1-3 without lowercasing: NFKC, bracket and quote unification, no whitespace."""
    s = _INVISIBLE.sub("", unicodedata.normalize("NFKC", s).translate(_BRACKETS))
    # Removing spaces can bring a combining mark next to its base letter: compose again.
    return _INVISIBLE.sub("", unicodedata.normalize("NFKC", s))


@lru_cache(maxsize=1)
def _t2s() -> Any:
    from opencc import OpenCC

    return OpenCC("t2s")


def to_simplified(s: str) -> str:
    """Traditional Chinese to simplified (OpenCC ``t2s``); other text passes through.

    Example:
        >>> to_simplified("醫養結合發展規劃")
        '医养结合发展规划'
    """
    if s.isascii():
        return s
    return _t2s().convert(s)


def normalize_question(s: str) -> str:
    """A user's question in match form: simplified characters, then :func:`normalize_for_match`.

    Example:
        >>> normalize_question("巫溪縣 安寧療護床位（２０２７年）？")
        '巫溪县安宁疗护床位(2027年)?'
    """
    return normalize_for_match(to_simplified(s))


def normalize_doc_number(s: str) -> str:
    """A 文号 in its canonical display form: half-width digits, ``〔〕``, no spaces.

    Example:
        >>> normalize_doc_number("闽卫老龄 〔２０２２〕１３５号")
        '闽卫老龄〔2022〕135号'
        >>> normalize_doc_number("渝卫发[2020]34 号")
        '渝卫发〔2020〕34号'
    """
    return re.sub(r"[\[【(〔]((?:19|20)[0-9]{2})[\]】)〕]", r"〔\1〕", _fold(s))
