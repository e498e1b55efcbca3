"""Find the article in a saved government web page and cut away the page around it.

A page saved from a government site holds one document wrapped in the site: header, menus,
breadcrumb (``当前位置：首页 > …``), font-size and print buttons, share bars, prev/next links,
related links and a footer with 主办单位 / ICP备 / 版权所有. The article is found the way
readability does it, tuned for Chinese: every paragraph scores by its text and its Chinese
punctuation (menus and link lists have none), the score goes to its parent and half of it to
its grandparent, a container's total is cut by its link density and nudged by the content
hints government CMSs use (``TRS_Editor``, ``zoom``, ``article``, ``content``, ``detail``...).
Siblings that score like the winner join it (a 通知 and its attached 方案 in two divs). The
title usually sits outside the body (an ``h1`` or ``.title`` above it) and is put back in front.

Inside the chosen blocks, elements that are mostly links or carry a furniture class are
removed, and :func:`is_furniture_line` drops the lines left over (``【字体：大 中 小】``,
``打印本页``, ``浏览次数``, ``发布时间：…``). A page with too little text to judge (under
:data:`MIN_ARTICLE_SCORE`) is read whole, with the same cleaning.

Example:
    >>> from bs4 import BeautifulSoup
    >>> body = "<div id='zoom'><p>" + "为做好养老服务，现通知如下。" * 8 + "</p></div>"
    >>> soup = BeautifulSoup("<div class='nav'><a>首页</a></div>" + body, "html.parser")
    >>> [b.get("id") for b in article_blocks(soup)]
    ['zoom']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

MIN_ARTICLE_SCORE = 10.0
_PUNCT = re.compile(r"[，。；：、！？“”（）《》,;]")
_POSITIVE = re.compile(r"trs_editor|article|content|zoom|xxgk|detail|zhengwen|zw\b|text|main|body|view|con\b", re.I)
_NEGATIVE = re.compile(
    r"nav|menu|header|foot|bottom|top|share|bshare|jiathis|print|tool|crumb|location|position|weizhi|"
    r"related|xglj|xgwz|link|side|left|right|copyright|banner|logo|search|pages|prev|next|comment|hits|count",
    re.I,
)
_TITLE_HINT = re.compile(r"title|(?:^|[-_ ])(?:bt|tit|biaoti)(?:$|[-_ ])", re.I)
_DOC_TITLE = re.compile(r"关于|(?:通知|意见|方案|办法|规定|细则|计划|规划|决定|公告|通告|批复|函|指南|措施|要点|条例)[）)]?$")
_LOOSE_TITLE_TAGS = {"td", "div", "p", "font", "b", "strong", "span", "center", "h4"}
_UNIT_TAGS = {"p", "pre", "li", "td", "dd", "h1", "h2", "h3", "h4", "blockquote"}
_CONTAINER_TAGS = {"div", "section", "article", "main", "td", "body", "form", "center", "font", "span", "dd"}
_PRUNABLE = {"div", "p", "ul", "ol", "li", "dl", "span", "section", "aside", "header", "footer", "form", "center"}
_FURNITURE = re.compile(
    r"^(?:当前位置|您现在的位置|您的位置|现在位置|所在位置)"
    r"|^(?:发布时间|发布日期|发稿时间|更新时间|来源|信息来源|作者|责任编辑|浏览次数|点击数|访问量|阅读次数|字号|字体)\s*[:：]"
    r"|[【\[]\s*字[体号]|字[体号]\s*[:：]\s*[\[【]?\s*大\s*中\s*小|[【\[]\s*(?:打印|关闭)\s*[】\]]"
    r"|打印(?:本页|此页|文章|正文)|关闭(?:窗口|本页|此页)|分享到|^分享\s*[:：]|浏览次数|点击数|访问量|阅读次数"
    r"|^(?:上一篇|下一篇)|^(?:相关链接|相关文章|相关阅读|相关新闻|相关文件|相关信息|相关稿件)\s*[:：]?\s*$"
    r"|主办单位|承办单位|^主办\s*[:：]|承办\s*[:：]|主办\s*$|网站标识码|ICP备|公网安备|版权所有|Copyright|"
    r"技术支持\s*[:：]|联系我们|网站地图|网站声明|^政府网站\s*[:：]|扫一扫|我要纠错|手机版|无障碍"
    r"|^[—–\-－]+\s*(?:END|完|the\s*end)\s*[—–\-－]+$|长按(?:识别|扫描)?二维码|^(?:往期推荐|往期回顾|推荐阅读)$",
    re.I,
)
# An info line under the title carries two or more of these: 日期：… 来源：… 点击：…
_INFO_LABEL = re.compile(r"(?:发布时间|发布日期|日期|时间|来源|作者|编辑|审核|校对|浏览|点击|阅读|字号|字体)\s*(?:次数|数|量)?\s*[:：]")


def article_blocks(soup: Any) -> list[Any]:
    """The elements to read, in page order: the title (when outside the body), the body, its peers.

    Example:
        >>> from bs4 import BeautifulSoup
        >>> len(article_blocks(BeautifulSoup("<p>短</p>", "html.parser")))
        1
    """
    root = soup.body or soup
    scores = _paragraph_scores(root)
    # <body> collects half of every top-level cell's score; it is the article only when nothing else is
    enough = [sc for sc in scores.values() if sc.total >= MIN_ARTICLE_SCORE and sc.el is not root]
    enough = enough or [sc for sc in scores.values() if sc.total >= MIN_ARTICLE_SCORE]
    best = max(enough, key=lambda sc: _final_score(sc.el, sc.total), default=None)
    if best is None:
        prune_furniture(root)
        return [root]
    blocks = _with_peers(best.el, scores)
    title = _title_outside(soup, blocks[0])
    for block in blocks:
        prune_furniture(block)
    return ([title] if title is not None else []) + blocks


@dataclass
class _Score:
    el: Any
    total: float = 0.0


def _paragraph_scores(root: Any) -> dict[int, _Score]:
    """Readability's scoring: each paragraph's score to its parent, half to its grandparent.

    Keyed by ``id()``: bs4 tags hash by their serialized markup, slow and equal for twins.
    """
    scores: dict[int, _Score] = {}
    for unit in _paragraphs(root):
        text = _text(unit)
        if len(text) < 10:
            continue
        score = 1 + len(_PUNCT.findall(text)) + min(len(text) / 100, 3)
        holder = unit if _has_own_text(unit) and unit.name in _CONTAINER_TAGS else unit.parent
        for share, ancestor in zip(_SHARES, _containers(holder)):
            scores.setdefault(id(ancestor), _Score(ancestor)).total += score * share
    return scores


# Readability's shares of a paragraph's score for its parent, grandparent and the levels above: pages
# that wrap every paragraph in one to three <section>s (WeChat articles) still add up in the body.
_SHARES = (1.0, 0.5, 1 / 6, 1 / 9, 1 / 12)
# Blocks that hold a paragraph when they hold no other block: <section><span>…</span></section>
_LEAF_BLOCKS = {"div", "section", "article", "td", "dd", "center"}
_BLOCKS = ["p", "div", "section", "article", "table", "ul", "ol", "li", "dl", "h1", "h2", "h3", "h4",
           "h5", "h6", "blockquote", "pre", "br"]


def _paragraphs(root: Any) -> list[Any]:
    """Text units: paragraphs, cells of layout tables, data tables whole, divs holding bare text."""
    tables = _data_tables(root)
    units = []
    for el in root.find_all(True):
        if id(el) in tables:
            units.append(el)
        elif el.name != "table" and not _inside(el, tables):
            if el.name in _UNIT_TAGS or (el.name in _CONTAINER_TAGS and _has_own_text(el)) or (
                    el.name in _LEAF_BLOCKS and el.find(_BLOCKS) is None and el.find_parent(_UNIT_TAGS) is None):
                units.append(el)
    return units


def _data_tables(root: Any) -> set[int]:
    """ids of the data tables under ``root`` (bs4 tags compare by content: ids are cheap)."""
    return {id(t) for t in root.find_all("table") if _is_data_table(t)}


def _inside(el: Any, tables: set[int]) -> bool:
    return any(id(parent) in tables for parent in el.parents)


def _containers(el: Any) -> list[Any]:
    """``el`` and its ancestors that can hold an article (not tr/tbody/table), nearest first."""
    chain = []
    while el is not None and getattr(el, "name", None) and el.name != "[document]" and len(chain) < len(_SHARES):
        if el.name in _CONTAINER_TAGS or el.name in ("td", "li", "ul"):
            chain.append(el)
        el = el.parent
    return chain


def _final_score(el: Any, score: float) -> float:
    hints = _hints(el)
    bonus = (25 if _POSITIVE.search(hints) else 0) - (25 if _NEGATIVE.search(hints) else 0)
    return (score + bonus) * (1 - link_density(el))


def _with_peers(best: Any, scores: dict[int, _Score]) -> list[Any]:
    """The winner and those siblings that score like an article too (readability's sibling rule)."""
    parent = best.parent
    if parent is None:
        return [best]
    floor = max(MIN_ARTICLE_SCORE, scores[id(best)].total * 0.2)
    return [
        el for el in parent.find_all(True, recursive=False)
        if el is best or (id(el) in scores and scores[id(el)].total >= floor and link_density(el) < 0.25)
    ]  # fmt: skip


def _title_outside(soup: Any, first_block: Any) -> Any | None:
    """The heading closest above the body, preferring one the page's <title> repeats.

    ``None`` when the body starts with its own heading (the title is read with it then).
    """
    if any(_looks_like_title(el) for el in first_block.find_all(True, limit=30)):
        return None
    page_title = soup.title.get_text() if soup.title else ""
    article_title = soup.find("meta", attrs={"name": re.compile("^ArticleTitle$", re.I)})
    page_title += article_title.get("content", "") if article_title else ""
    candidates = [el for el in first_block.find_all_previous(True) if _looks_like_title(el, loose=True)]
    matching = [el for el in candidates if _text(el) in page_title]
    named = [el for el in candidates if _DOC_TITLE.search(_text(el))]  # not the site's name
    ranked = [el for el in matching if any(el is n for n in named)] + named + matching + candidates
    return ranked[0] if ranked else None


def _looks_like_title(el: Any, *, loose: bool = False) -> bool:
    """A heading or ``.title`` element; ``loose``: also a bare cell or bold line reading like a
    document title (``白云区民政局关于…的通知`` in a ``<td><font><b>`` of an old site)."""
    if el.name in ("meta", "title"):
        return False
    text = _text(el)
    if not 5 <= len(text) <= 120 or re.search("[，。；]", text) or is_furniture_line(text):
        return False
    marked = el.name in ("h1", "h2", "h3") or _TITLE_HINT.search(_hints(el)) is not None
    if not (marked or (loose and _bare_document_title(el, text))):
        return False
    return not any(_NEGATIVE.search(_hints(a)) for a in el.parents if getattr(a, "attrs", None) is not None)


def _bare_document_title(el: Any, text: str) -> bool:
    """Unmarked text that names a document, standing alone (no links, no blocks inside)."""
    if el.name not in _LOOSE_TITLE_TAGS or not _DOC_TITLE.search(text) or text.startswith(("根据", "为", "按照")):
        return False
    return el.find(["a", "p", "div", "table", "li", "br"]) is None and el.find_parent("a") is None


def prune_furniture(block: Any) -> None:
    """Remove share bars, link lists, prev/next and other furniture elements inside ``block``."""
    tables = _data_tables(block)
    for el in block.find_all(_PRUNABLE):
        if el.decomposed or _inside(el, tables):
            continue
        hints = _hints(el)
        if _NEGATIVE.search(hints) and not _POSITIVE.search(hints):
            el.decompose()
        elif el.find("a") is not None and link_density(el) > 0.5 and not _text(el).startswith("附件"):
            el.decompose()


def is_furniture_line(line: str) -> bool:
    """A short line that belongs to the site, not the document (``打印本页``, ``版权所有 ©…``).

    Example:
        >>> is_furniture_line("【字体：大 中 小】"), is_furniture_line("一、工作目标")
        (True, False)
    """
    s = line.strip()
    if not 0 < len(s) <= 120 or re.search("[。；]", s):
        return False
    return _FURNITURE.search(s) is not None or len(_INFO_LABEL.findall(s)) >= 2


def link_density(el: Any) -> float:
    """Share of an element's text that sits inside links."""
    text = len(_text(el))
    if not text:
        return 0.0
    return min(1.0, sum(len(_text(a)) for a in el.find_all("a")) / text)


def _is_data_table(el: Any) -> bool:
    """A table of rows and columns, not a page laid out in table cells."""
    if getattr(el, "name", None) != "table" or el.find("table") is not None:
        return False
    rows = [tr for tr in el.find_all("tr") if tr.find_parent("table") is el]
    return any(len(tr.find_all(["td", "th"], recursive=False)) >= 2 for tr in rows) and link_density(el) < 0.5


def _has_own_text(el: Any) -> bool:
    from bs4 import NavigableString

    return any(type(c) is NavigableString and len(c.strip()) >= 10 for c in el.children)


def _hints(el: Any) -> str:
    classes = el.get("class") or []
    return " ".join([*(classes if isinstance(classes, list) else [classes]), el.get("id") or ""]).strip()


def _text(el: Any) -> str:
    return re.sub(r"\s+", "", el.get_text())
