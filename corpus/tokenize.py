"""Chinese tokenization for the keyword index, shared by ingest (documents) and the assistant (queries).

jieba segments the text; a user dictionary keeps domain terms (安宁疗护, 医养结合, 护理型床位 ...)
and every department name found in the corpus (区卫生健康委, 城区卫计局 ...) whole. The dictionary
built at ingest time is saved beside the index, so queries are cut exactly as documents were.

Example:
    >>> tok = PolicyTokenizer(extra_terms=["区大数据发展局"])
    >>> "区大数据发展局" in tok.tokens("区大数据发展局负责什么")
    True
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import jieba

from corpus.places import Gazetteer

DOMAIN_TERMS_FILE = Path(__file__).with_name("domain_terms.txt")

# Single characters and particles that carry no retrieval signal in these documents.
STOPWORDS = frozenset(
    "的 了 和 与 及 或 等 在 对 为 由 是 要 将 把 从 以 其 并 按 向 于 中 上 下 之 有 哪些 什么 多少 吗 呢 "
    "哪个 哪里 怎么 如何 是否 还 需要 可以 能 个 年 月 日 到 达到 以上 一 二 三 "
    "？ ? ， , 。 . 、 ； ; ： : （ ） ( ) 《 》 “ ” \" ' ！ ! 〔 〕 —— - ".split()
)

_WS = re.compile(r"\s+")

jieba.setLogLevel(logging.WARNING)


@lru_cache(maxsize=1)
def _base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's main dictionary, loaded once per process (loading it costs ~1 s)."""
    base = jieba.Tokenizer()
    base.initialize()
    return base.FREQ, base.total


def _new_jieba() -> jieba.Tokenizer:
    tk = jieba.Tokenizer()
    freq, total = _base_dictionary()
    tk.FREQ, tk.total = dict(freq), total
    tk.initialized = True
    return tk


def load_domain_terms(path: Path = DOMAIN_TERMS_FILE) -> list[str]:
    """Domain terms, one per line (``#`` comments allowed)."""
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.split("#", 1)[0].strip() for ln in lines if ln.split("#", 1)[0].strip()]


_ADMIN_NAME = re.compile(r"(?:^|(?<=[省市州\u3000\s]))[\u4e00-\u9fff]{2,3}?(?:区|县|旗)(?![级域内城乡直属])(?![\u4e00-\u9fff]*(?:局|委|办|厅|政府|医院))")
_NOT_A_PLACE = re.compile(r"社区|城区|景区|园区|辖区|片区|地区|山区|市区|县区|城乡|农村|街区|小区|新区|开发区")


class PolicyTokenizer:
    """jieba with the domain dictionary; a callable usable as bm25s's ``splitter``."""

    def __init__(self, extra_terms: Iterable[str] = ()) -> None:
        self._jieba = _new_jieba()
        self.terms: list[str] = sorted(set(load_domain_terms()) | {t for t in extra_terms if t})
        self._term_set = frozenset(self.terms)
        self._pos: object | None = None
        for term in self.terms:
            # A high frequency makes jieba prefer the whole term over its parts.
            self._jieba.add_word(term, freq=200000)

    def save_terms(self, path: Path) -> None:
        """Write the dictionary that built an index, so queries are cut the same way."""
        path.write_text("\n".join(self.terms) + "\n", encoding="utf-8")

    @classmethod
    def from_terms_file(cls, path: Path) -> "PolicyTokenizer":
        return cls(extra_terms=load_domain_terms(path) if path.exists() else ())

    def tokens(self, text: str) -> list[str]:
        """Search-mode tokens (whole terms plus their sub-words), lower-cased, NFKC, no stopwords."""
        text = unicodedata.normalize("NFKC", text).lower()
        text = _WS.sub("", text)
        out = []
        for tok in self._jieba.cut_for_search(text):
            if tok and tok not in STOPWORDS and not tok.isspace():
                out.append(tok)
                if len(tok) >= 4:
                    out.extend(self._inner_terms(tok))
        return out

    def _inner_terms(self, tok: str) -> list[str]:
        """Dictionary terms inside a longer token (安宁疗护 inside 安宁疗护床位), which jieba's
        search mode does not emit beyond 2- and 3-grams."""
        n = len(tok)
        return [
            tok[i:j]
            for i in range(n)
            for j in range(i + 4, n + (1 if i else 0))
            if tok[i:j] in self._term_set
        ]

    def place_names(self, text: str) -> list[str]:
        """Words jieba tags as place names (ns): 拉萨市, 日本, 北京."""
        text = unicodedata.normalize("NFKC", text)
        cut = list(self._posseg().cut(text))
        words = [w.word for w in cut if w.flag == "ns" and len(w.word) >= 2]
        words += [w for w in self._division_names(text, cut) if w not in words]
        # An administrative name jieba does not know (青秀区, 长寿县): a word ending in a level suffix.
        words += [m.group(0) for m in _ADMIN_NAME.finditer(text)
                  if m.group(0) not in words and not _NOT_A_PLACE.search(m.group(0))]
        return words

    def division_names(self, text: str) -> list[str]:
        """Only the names of the national table of divisions (see ``_division_names``)."""
        text = unicodedata.normalize("NFKC", text)
        return self._division_names(text, list(self._posseg().cut(text)))

    def _posseg(self):
        import jieba.posseg

        if self._pos is None:
            self._pos = jieba.posseg.POSTokenizer(self._jieba)
        return self._pos

    def _division_names(self, text: str, cut: list) -> list[str]:
        """Divisions of the national table named in ``text``: a full name (临澧县, 平凉市) that starts
        a word, or a short form (平凉, 点军) that is a word of its own and not a common one (安宁 inside
        安宁疗护, 公安, 资源 are not places)."""
        bounds, pos = {0}, 0
        for w in cut:
            pos += len(w.word)
            bounds.add(pos)
        tags = self._pos.word_tag_tab
        names = []
        for m in Gazetteer.load().mentions(text):
            if m.start not in bounds:
                continue
            if m.short and (m.end not in bounds or _common_word(m.text, tags.get(m.text), _base_dictionary()[0])):
                continue
            names.append(m.text)
        return names

    __call__ = tokens


# How often (in jieba's dictionary) a short place name must occur as a word of the kind jieba tags
# it to be taken for that word: tagged a name (nr, nz, j) it must be very common (和平, 武功); a noun,
# common (资源, 公安, 港口; not 合肥, 烟台); a verb, adjective or anything else, hardly (合作, 东方, 安居).
COMMON_FREQUENCY = {"name": 3000, "n": 1500, "other": 100}
_NAME_TAGS = frozenset("nr nrt nrfg nz j".split())


def _common_word(word: str, tag: str | None, freq: dict[str, int]) -> bool:
    """A short place name that jieba's dictionary knows as a frequent word, unless it tags it a place."""
    if tag is None or tag == "ns":
        return False
    kind = "name" if tag in _NAME_TAGS else "n" if tag == "n" else "other"
    return freq.get(word, 0) >= COMMON_FREQUENCY[kind]
