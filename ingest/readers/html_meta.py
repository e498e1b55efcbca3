"""What a government web page says about its document, outside the document's own text.

Three places, best first:

* the **信息公开 attribute table** above the body (``索引号 / 主题分类 / 发布机构 / 成文日期 /
  名称 / 文号 / 发布日期``), written as a table, a list or label/value spans: found as the
  smallest element holding at least three such labels, read as label → value pairs, then
  removed from the page so it never becomes a clause;
* the **info line** under the title: ``发布时间：2024-03-08 16:20  来源：…``;
* ``<meta>`` tags of the CMS: ``ArticleTitle``, ``PubDate``, ``firstpublishedtime``...

Keys returned (only those found): ``published`` (ISO date the page went online), ``date``
(成文日期, ISO), ``doc_number`` (文号, normalized), ``issuer`` (发布机构/发文机关), ``title``,
``index_number`` (索引号), ``subject`` (主题分类).

Example:
    >>> from bs4 import BeautifulSoup
    >>> soup = BeautifulSoup("<ul><li>索引号：001/2024-01</li><li>文号：某民发〔2024〕3号</li>"
    ...     "<li>成文日期：2024年1月5日</li></ul><p>发布时间：2024-01-08 10:00</p>", "html.parser")
    >>> meta = page_meta(soup)
    >>> meta["doc_number"], meta["date"], meta["published"], meta["index_number"]
    ('某民发〔2024〕3号', '2024-01-05', '2024-01-08', '001/2024-01')
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from corpus.normalize import normalize_doc_number

LABELS = {
    "索引号": "index_number", "主题分类": "subject", "发布机构": "issuer", "发文机关": "issuer",
    "发文单位": "issuer", "发布单位": "issuer", "成文日期": "date", "发文字号": "doc_number",
    "文号": "doc_number", "发文号": "doc_number", "名称": "title", "标题": "title", "文件名称": "title",
    "发布日期": "published", "公开日期": "published",
}  # fmt: skip
_LABEL = re.compile(rf"^({'|'.join(sorted(LABELS, key=len, reverse=True))})[:：]?(.*)$")
_LABEL_START = re.compile(r"^\s*[\u4e00-\u9fff][\s\u3000]*[\u4e00-\u9fff]")  # cheap pre-filter: starts with CJK
_HOLDERS = {"table", "ul", "ol", "dl", "div", "section"}
_PUBLISHED = re.compile(
    r"(?<![\u4e00-\u9fff])(?:发布时间|发布日期|发稿时间|发表时间|日期)\s*[:：]\s*"
    r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})"
)
_META_PUBLISHED = ("PubDate", "firstpublishedtime", "publishdate", "article:published_time", "pubtime")
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")


def page_meta(soup: Any) -> dict[str, str]:
    """Read the page's metadata and remove the attribute table from ``soup``.

    Call it before the article is cut out: the info line and the table sit outside the body.
    """
    table = _attribute_container(soup)
    found = _attribute_pairs(table) if table is not None else {}
    if table is not None and not _content_list(table):
        table.decompose()
    published = (_info_line_date(soup) or _iso(found.get("published", "")) or _time_element_date(soup)
                 or _meta_tag_date(soup))
    meta = {k: v for k, v in found.items() if v}
    if published:
        meta["published"] = published
    for key in ("date",):
        if key in meta:
            meta[key] = _iso(meta[key])
    if "doc_number" in meta:
        meta["doc_number"] = normalize_doc_number(meta["doc_number"])
    if "title" not in meta:
        tag = soup.find("meta", attrs={"name": re.compile("^ArticleTitle$", re.I)})
        if tag is not None and tag.get("content", "").strip():
            meta["title"] = tag["content"].strip()
    return {k: v for k, v in meta.items() if v}


def _content_list(el: Any) -> bool:
    """A ``<dl>`` of the article (文件速览: 发文机关, 文号, 施行日期, 有效期, 牵头部门) names its document's
    attributes among others: it is read for them and left in the text."""
    if el.name != "dl":
        return False
    terms = [_squeeze(dt.get_text()).rstrip("：:") for dt in el.find_all("dt")]
    return sum(1 for t in terms if t and t not in LABELS) >= 2


def _attribute_container(soup: Any) -> Any | None:
    """The innermost element holding three or more different attribute labels (and little else).

    Found from the label strings upwards, so a large page is not walked once per element.
    """
    labels: dict[int, set[str]] = {}
    holders: dict[int, Any] = {}
    for s in soup.find_all(string=_LABEL_START):
        m = _LABEL.match(_squeeze(str(s)))
        if not m:
            continue
        for depth, parent in enumerate(s.parents):
            if depth > 6 or parent.name in ("body", "html", "[document]"):
                break
            if parent.name in _HOLDERS:
                labels.setdefault(id(parent), set()).add(m.group(1))
                holders[id(parent)] = parent
    found = [holders[k] for k, v in labels.items() if len(v) >= 3 and not _holds_column_headers(holders[k])]
    small = [el for el in found if sum(len(t) for t in _strings(el)) <= 1200]
    inner = [el for el in small if not any(o is not el and _within(o, el) for o in small)]
    return inner[0] if inner else None


def _holds_column_headers(el: Any) -> bool:
    """Holds a data table whose header row names such columns (文件名称 | 文号 | 发布日期): the body's."""
    for tr in el.find_all("tr"):
        bare = [_is_bare_label(td.get_text()) for td in tr.find_all(["td", "th"], recursive=False)]
        if any(a and b for a, b in zip(bare, bare[1:])):  # two labels side by side: column headers
            return True
    return False


def _is_bare_label(text: str) -> bool:
    m = _LABEL.match(_squeeze(text))
    return m is not None and not m.group(2).strip(":： ")


def _within(el: Any, ancestor: Any) -> bool:
    return any(p is ancestor for p in el.parents)  # identity: bs4 tags compare by content


def _attribute_pairs(el: Any) -> dict[str, str]:
    """``{key: value}`` from label/value strings: ``文号：X`` or ``文号：`` followed by ``X``."""
    strings = _strings(el)
    out: dict[str, str] = {}
    for i, s in enumerate(strings):
        m = _LABEL.match(s)
        if not m:
            continue
        value = m.group(2).strip()
        if not value and i + 1 < len(strings) and not _LABEL.match(strings[i + 1]):
            value = strings[i + 1]
        out.setdefault(LABELS[m.group(1)], value)
    return out


def _strings(el: Any) -> list[str]:
    """Text pieces with spaces inside labels closed (``名　　称：``, ``索 引 号：``)."""
    return [t for t in (_squeeze(s) for s in el.stripped_strings) if t]


def _squeeze(s: str) -> str:
    s = unicodedata.normalize("NFKC", s)
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff:：])", "", s).strip()


_TIME_HINT = re.compile(r"publish[_-]?(?:time|date)|pub[_-]?(?:time|date)|post[_-]?(?:time|date)|release[_-]?(?:time|date)", re.I)


def _time_element_date(soup: Any) -> str:
    """An element the page marks as the publication time (``<em id="publish_time">`` of a WeChat
    article, ``<span class="pubtime">``, ``<time datetime=…>``) holding a date."""
    marked = soup.find_all(lambda el: el.name == "time" or _TIME_HINT.search(
        " ".join([el.get("id") or "", *(el.get("class") or [])])))
    for el in marked:
        m = _DATE.search(unicodedata.normalize("NFKC", el.get("datetime") or el.get_text()))
        if m and (iso := _iso_parts(*m.groups())):
            return iso
    return ""


def _info_line_date(soup: Any) -> str:
    """The date after ``发布时间：`` (or ``发布日期``/``日期``) on a short line of the page."""
    for s in soup.find_all(string=_PUBLISHED):
        text = unicodedata.normalize("NFKC", str(s))
        if len(text.strip()) <= 120 and s.parent.name not in ("script", "style", "textarea"):
            iso = _iso_parts(*_PUBLISHED.search(text).groups())  # type: ignore[union-attr]
            if iso:
                return iso
    return ""


def _meta_tag_date(soup: Any) -> str:
    for name in _META_PUBLISHED:
        tag = soup.find("meta", attrs={"name": name}) or soup.find("meta", attrs={"property": name})
        if tag is not None and _iso(tag.get("content", "")):
            return _iso(tag["content"])
    return ""


def _iso(s: str) -> str:
    m = _DATE.search(unicodedata.normalize("NFKC", s))
    return _iso_parts(*m.groups()) if m else ""


def _iso_parts(year: str, month: str, day: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""
