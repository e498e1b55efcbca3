"""WordprocessingML names and three lookups the .docx reader modules share.

Word parts are read as lxml elements; ``"w:p"``-style names are expanded with the namespaces
Word writes (python-docx's ``qn`` knows the same prefixes, plus ``mc``/``wps`` here).

Example:
    >>> from lxml import etree
    >>> p = etree.fromstring(f'<w:p xmlns:w="{NS["w"]}"><w:pPr><w:outlineLvl w:val="1"/></w:pPr></w:p>')
    >>> attr(child(child(p, "w:pPr"), "w:outlineLvl"), "w:val")
    '1'
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from typing import Any

__all__ = ["NS", "qn", "tag", "child", "children", "attr", "is_on"]

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "v": "urn:schemas-microsoft-com:vml",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}


@lru_cache(maxsize=512)
def qn(name: str) -> str:
    """``"w:p"`` -> ``"{http://...main}p"``."""
    prefix, _, local = name.partition(":")
    return f"{{{NS[prefix]}}}{local}"


def tag(el: Any) -> str:
    """An element's name back in ``w:p`` form ("" for comments and processing instructions)."""
    t = el.tag
    if not isinstance(t, str):
        return ""
    if t.startswith("{"):
        uri, _, local = t[1:].partition("}")
        for prefix, known in NS.items():
            if known == uri:
                return f"{prefix}:{local}"
        return local
    return t


def child(el: Any | None, name: str) -> Any | None:
    """The first child named ``name`` (None when ``el`` is None or has none)."""
    return None if el is None else el.find(qn(name))


def children(el: Any | None, name: str) -> Iterator[Any]:
    """Every child named ``name``."""
    if el is not None:
        yield from el.iterfind(qn(name))


def attr(el: Any | None, name: str) -> str | None:
    """A namespaced attribute (``"w:val"``) of ``el``, None when absent."""
    return None if el is None else el.get(qn(name))


def is_on(el: Any | None) -> bool:
    """A toggle property (``<w:vanish/>``, ``<w:isLgl w:val="0"/>``) that is present and not switched off."""
    return el is not None and attr(el, "w:val") not in ("0", "false", "off")
