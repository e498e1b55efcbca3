"""Read a policy document's metadata from its own text: title, 文号, issuers, date, jurisdiction.

Nothing here knows the corpus files: every value is read from the layout conventions of
Chinese government documents (GB/T 9704 公文格式 and its web and PDF renderings), with a small
table of province names and suffix rules for cities and counties. It works on the raw decoded
text and on the reflowed text (``ingest.layout``) alike: titles wrapped over lines, spaced
issuer names (``福 建 省 教 育 厅``), full-width digits and «» quotes are all expected.

How each field is found:

* **wrapper_title / title** – the first title block before the first ``一、`` heading: a line
  with ``关于`` or ``印发《`` joined with its continuation lines until it ends in ``通知``. When
  the 通知 publishes or forwards a document (``印发《X》的通知``, ``关于《X》公开征求意见的通知``,
  ``关于印发X的通知``) the title is X and the 通知 line is ``wrapper_title``; otherwise the
  block is the title and ``wrapper_title`` is ``""``. A draft keeps its ``（征求意见稿）`` in the
  title, as published, so a citation can never present a draft as policy in force.
* **doc_number** – a 文号 standing alone on its line (or after ``文号：``) before the first
  heading; 文号 cited inside sentences (``（国卫老龄发〔2019〕60 号）``) are never taken.
  Normalized: half-width digits, ``〔〕``, no spaces.
* **issuers** – organ names in the red header above the title block, a name prefixed to
  the title (``福建省卫生健康委员会等十一部门印发…``), and the signature block above the
  signing date. A ``…印发`` line (the printing office) is not an issuer.
* **date** – the signing date: a date alone on its line (Arabic or Chinese numerals), after
  the signing organs on the same line, or labelled ``成文日期：`` as on gov.cn pages; first
  in the head of the document, else in its last lines. Deadlines inside sentences (``请于
  2017年10月30日前反馈``) and ``发布时间`` of a web page are not signing dates: ``""`` then.
* **jurisdiction / level** – the administrative prefix shared by the issuers (``南宁市武鸣区``
  from ``南宁市武鸣区人民政府办公室``), else the title's prefix, else the text: how it refers
  to itself (``全区``, ``区政府``) gives the kind of unit, local branches of national agencies
  (``涪陵银保监分局``, ``涪陵新城区``) give its name. level: 省 (incl. 直辖市, 自治区) | 市 | 区县.
* **period** – a year range in the title, ``2023—2027``. **status** – 征求意见稿 when the title
  says so (征求意见, 草案, 送审稿, 讨论稿), else 正式.

What the text lacks, the container may say: a web page's 信息公开 table or an OFD's DocInfo
(``Extracted.meta``: ``title``, ``doc_number``, ``date``, ``issuer``) fills those fields only
when the text gives nothing, so the document's own words always win.

Corrections go in ``corpus/metadata_overrides.yaml`` (:func:`load_overrides`,
:func:`apply_overrides`), keyed by file name or sha256.

Example:
    >>> text = "巫溪县民政局\\n关于印发《巫溪县养老服务方案》的通知\\n各乡镇：\\n巫溪县民政局\\n2024年1月12日\\n一、目标"
    >>> m = extract_metadata("a.txt", text)
    >>> m.title, m.issuers, m.date, m.jurisdiction, m.level
    ('巫溪县养老服务方案', ('巫溪县民政局',), '2024-01-12', '巫溪县', '区县')
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import unicodedata
from collections import Counter
from pathlib import Path
from collections.abc import Mapping
from typing import Any

from corpus.schema import DocumentMeta
from corpus.normalize import normalize_doc_number

# ---------------------------------------------------------------- data tables

MUNICIPALITIES = ("北京市", "天津市", "上海市", "重庆市")
PROVINCES = MUNICIPALITIES + (
    "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省", "江苏省", "浙江省", "安徽省", "福建省",
    "江西省", "山东省", "河南省", "湖北省", "湖南省", "广东省", "海南省", "四川省", "贵州省",
    "云南省", "陕西省", "甘肃省", "青海省", "台湾省", "内蒙古自治区", "广西壮族自治区",
    "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区", "香港特别行政区", "澳门特别行政区",
)  # fmt: skip
# Words that end like a place name but are not one (城市, 全区, 涪陵新城区, 平潭综合实验区).
NOT_PLACE_ENDINGS = (
    "新城区", "开发区", "高新区", "试验区", "实验区", "示范区", "保护区", "集聚区", "功能区",
    "园区", "社区", "辖区", "景区", "片区", "街区", "小区", "市区", "城市", "都市", "超市",
)  # fmt: skip
# 山区 is a mountain area in 偏远山区, but 红山区, 南山区, 宝山区 are districts: only these words are not places
NOT_PLACES = {"城区", "地区", "县区", "市县", "区县", "县市", "山区", "偏远山区", "边远山区", "贫困山区", "深山区", "丘陵山区"}
NOT_PLACE_CHARS = set("的与及对为全本我各该此等省厅局委办部署")
# How an issuing organ's name ends (the last characters are enough).
ORG_ENDINGS = ("会", "局", "厅", "委", "办", "室", "府", "部", "院", "署", "中心", "队", "所", "处", "组", "党委")
# Local branches of national bodies, written with the bare place name: 涪陵银保监分局.
BRANCH_MARKERS = ("新城区", "银保监分局", "银保监局", "税务局", "红十字会", "供电公司", "消防救援支队", "调查队", "气象局")
SELF_REFERENCES = {
    "省": ("全省", "本省", "我省", "省政府", "省委"),
    "市": ("全市", "本市", "我市", "市政府", "市委"),
    "区": ("全区", "本区", "我区", "区政府", "区委"),
    "县": ("全县", "本县", "我县", "县政府", "县委"),
}
DOC_TYPES = ("方案", "意见", "规划", "办法", "规定", "细则", "计划", "纲要", "决定", "措施", "要点", "清单", "条例", "通知", "公告", "通告", "指南", "标准")  # fmt: skip
DRAFT_MARKERS = ("征求意见", "草案", "送审稿", "讨论稿")

# ---------------------------------------------------------------- patterns

_CJK = "\u4e00-\u9fff"
_SENTENCE_PUNCT = re.compile(r"[。，,；;：:！!？?]")
_GAP = re.compile(r"[\t\u3000]+\s*| {2,}")
_DOCNO = re.compile(
    rf"[{_CJK}]{{1,12}}\s*[〔\[［【(（﹝]\s*(?:19|20|１９|２０)[0-9０-９]{{2}}\s*[〕\]］】)）﹞]\s*[0-9０-９]{{1,4}}\s*号"
)
_NUM = "0-9〇零一二三四五六七八九十"
_DATE = re.compile(rf"([{_NUM}]{{4}})\s*年\s*([{_NUM}]{{1,3}})\s*月\s*([{_NUM}]{{1,3}})\s*日")
_PERIOD = re.compile(r"((?:19|20)[0-9]{2})\s*年?\s*[—–―\-－~～至到]+\s*((?:19|20)[0-9]{2})\s*年")
_HEADING_ONE = re.compile(r"^\s*一\s*[、．.]")
_CITY = re.compile(rf"[{_CJK}]{{2,8}}?(?:自治州|地区|盟|市|州)")
_COUNTY = re.compile(rf"[{_CJK}]{{1,10}}?(?:自治县|自治旗|县|区|旗|市)")
_PROVINCE = re.compile("|".join(sorted(PROVINCES, key=len, reverse=True)))
_ORG_PREFIX = re.compile(
    rf"^([{_CJK}]{{3,30}}?(?:{'|'.join(ORG_ENDINGS)}))(?:等[0-9一二三四五六七八九十]+个?(?:部门|单位))?(?:关于|印发|转发)"
)
_PUBLISH_VERB = re.compile(r"(?:印发|转发|下发|发布|公布|颁布)\s*《|关于\s*《.*征求意见")


def extract_metadata(
    source: str, text: str, sha256: str = "", container: Mapping[str, str] | None = None
) -> DocumentMeta:
    """Read a document's metadata from its text (raw or reflowed).

    Args:
        source: file name, copied to ``DocumentMeta.source``.
        text: the document text.
        sha256: hash of the file bytes, copied through.
        container: what the file's container says (``LoadedText.meta``): ``title``,
            ``doc_number``, ``date``, ``issuer``; used only for fields the text lacks.

    Example:
        >>> m = extract_metadata("x.txt", "关于《某省养老规划（2021—2025年）（征求意见稿）》公开征求意见的通知\\n一、背景")
        >>> m.title, m.period, m.status
        ('某省养老规划（2021—2025年）（征求意见稿）', '2021—2025', '征求意见稿')
    """
    lines = text.splitlines()
    head = _head(lines)
    block = _title_block(head)
    given = container or {}
    if block:
        wrapper, title = _split_wrapper(block[2])
    elif given.get("title"):
        wrapper, title = _split_wrapper(given["title"])
    else:
        wrapper, title = "", _fallback_title(head, source)
    issuers = _issuers(lines, head, block) or [n for n in [_clean_title(given.get("issuer", ""))] if _is_org(n)]
    jurisdiction, level = _jurisdiction(issuers, title, text)
    period = _PERIOD.search(title)
    return DocumentMeta(
        source=source,
        title=title,
        doc_number=_doc_number(head) or normalize_doc_number(given.get("doc_number", "")),
        issuers=tuple(issuers),
        date=_signing_date(lines, len(head))[1] or _container_date(given.get("date", "")),
        jurisdiction=jurisdiction,
        level=level,
        period="—".join(period.groups()) if period else "",
        status="征求意见稿" if any(m in title + wrapper for m in DRAFT_MARKERS) else "正式",
        sha256=sha256,
        wrapper_title=wrapper if wrapper != title else "",
    )


# ---------------------------------------------------------------- title


def _head(lines: list[str]) -> list[str]:
    """The lines before the first ``一、`` heading (all lines, up to 120, if there is none)."""
    for i, line in enumerate(lines):
        if _HEADING_ONE.match(line):
            return lines[:i]
    return lines[:120]


def _is_title_start(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 80 or _SENTENCE_PUNCT.search(s):
        return False
    if s.startswith(("根据", "为", "按照", "经", "现将", "请", "各")):
        return False
    return "关于" in s or re.search(r"(?:印发|转发|下发)\s*[《«]", s) is not None


def _is_continuation(line: str) -> bool:
    s = line.strip()
    return bool(s) and len(s) <= 80 and not any(p.search(s) for p in (_SENTENCE_PUNCT, _DATE, _DOCNO))


def _title_block(head: list[str]) -> tuple[int, int, str] | None:
    """``(first line, last line, joined text)`` of the first 通知 or title block in ``head``."""
    for i, line in enumerate(head):
        if not _is_title_start(line):
            continue
        joined, best, blanks, j = _clean_title(line), None, 0, i
        while True:
            if joined.endswith("通知"):
                return i, j, joined
            if _ends_like_title(joined):
                best = (i, j, joined)
            j += 1
            while j < len(head) and not head[j].strip() and blanks < 2:
                j, blanks = j + 1, blanks + 1
            if j >= len(head) or not _is_continuation(head[j]) or len(joined) > 150 or j - i > 8:
                break
            joined, blanks = joined + _clean_title(head[j]), 0
        if best:
            return best
    return None


def _ends_like_title(s: str) -> bool:
    s = re.sub(r"[（(][^（()）]*[）)]$", "", s.rstrip("》»"))
    return s.endswith(DOC_TYPES)


def _split_wrapper(block: str) -> tuple[str, str]:
    """``(wrapper_title, title)`` from a title block."""
    wrapper = _clean_title(block)
    if not _PUBLISH_VERB.search(wrapper):
        m = re.search(r"关于(?:印发|转发|下发|发布|公布)(.+?)的通知$", wrapper)
        return (wrapper, m.group(1)) if m else ("", wrapper)
    start = wrapper.index("《") + 1
    depth, end = 1, None
    for k in range(start, len(wrapper)):
        depth += {"《": 1, "》": -1}.get(wrapper[k], 0)
        if depth == 0:
            end = k
            break
    if end is None:  # 《 never closed (a real typo in the wild): the title runs to 的通知
        inner = re.sub(r"》?(?:公开征求意见)?的通知$", "", wrapper[start:])
        return wrapper[: start - 1] + "《" + inner + "》" + wrapper[start + len(inner) :], inner
    return wrapper, wrapper[start:end]


def _fallback_title(head: list[str], source: str) -> str:
    for line in head:
        s = _clean_title(line)
        if s and len(s) <= 80 and _ends_like_title(s) and not _SENTENCE_PUNCT.search(s):
            return s
    first = next((_clean_title(x) for x in head if x.strip()), "")
    return first[:80] or Path(source).stem


def _clean_title(s: str) -> str:
    """Display form of a title: «» as 《》, half-width digits, no spaces between CJK."""
    s = s.translate(str.maketrans("«»‹›０１２３４５６７８９", "《》〈〉0123456789"))
    return re.sub(r"(?<![A-Za-z0-9])\s+|\s+(?![A-Za-z0-9])", "", s.strip())


# ---------------------------------------------------------------- 文号 and date


def _doc_number(head: list[str]) -> str:
    """The document's own 文号: alone on its line (or after 文号：), never one cited in a sentence."""
    for line in head:
        s = line.strip()
        labelled = re.match(r"(?:文号|发文字号|发文号|文件编号)\s*[:：]\s*", s)
        if labelled:
            s = s[labelled.end() :]
        m = _DOCNO.match(s)
        if m and (labelled or not s[m.end() :].strip() or _GAP.match(s[m.end() :])):
            return normalize_doc_number(m.group(0))
    return ""


def _signing_date(lines: list[str], head_len: int) -> tuple[int, str]:
    """``(line index, ISO date)`` of the signing date; ``(-1, "")`` when there is none."""
    tail_from = max(head_len, len(lines) - 40)
    for i in [*range(head_len), *range(tail_from, len(lines))]:
        iso = _standalone_date(lines[i])
        if iso:
            return i, iso
    return -1, ""


def _container_date(value: str) -> str:
    """An ISO date given by the container (``2024-03-05``, ``2024年3月5日``), else ``""``."""
    m = re.search(r"([0-9]{4})\D{1,2}([0-9]{1,2})\D{1,2}([0-9]{1,2})", unicodedata.normalize("NFKC", value))
    return _iso(*m.groups()) if m else ""


def _standalone_date(line: str) -> str:
    if line.startswith("\t") or "印发" in line:
        return ""
    s = unicodedata.normalize("NFKC", line).strip()
    m = _DATE.search(s)
    if not m or s[m.end() :].strip():
        return ""
    before = re.sub(r"^(?:成文日期|签发日期|成文时间)\s*:\s*", "", s[: m.start()]).strip()
    if before and not all(_is_org(p) for p in _pieces([before])):
        return ""
    return _iso(*m.groups())


def _iso(year: str, month: str, day: str) -> str:
    try:
        return dt.date(_cn_int(year, digitwise=True), _cn_int(month), _cn_int(day)).isoformat()
    except (KeyError, ValueError):  # 十十年, 2022年13月...: not a date
        return ""


def _cn_int(s: str, digitwise: bool = False) -> int:
    """``"2022"``, ``"二〇二二"`` (digit by digit), ``"十二"``, ``"二十一"`` -> int."""
    digits = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}
    if s.isdigit() and s.isascii():
        return int(s)
    if digitwise or "十" not in s:
        return int("".join(str(digits[c]) for c in s))
    tens, _, ones = s.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[ones] if ones else 0)


# ---------------------------------------------------------------- issuers


def _is_org(name: str) -> bool:
    return (
        3 <= len(name) <= 30
        and re.fullmatch(rf"[{_CJK}（）()]+", name) is not None
        and name.endswith(ORG_ENDINGS)
        and not any(w in name for w in ("关于", "通知", "印发"))
    )


def _pieces(lines: list[str]) -> list[str]:
    """Organ names from signature or header lines: spaced names closed up, wrapped names joined."""
    raw: list[str] = []
    for line in lines:
        for segment in _GAP.split(line.strip()):
            tokens = segment.split()
            if tokens and all(len(t) == 1 for t in tokens):
                raw.append("".join(tokens))
                continue
            run = ""
            for t in tokens:
                if len(t) == 1:
                    run += t
                else:
                    raw.extend(x for x in (run, t) if x)
                    run = ""
            if run:
                raw.append(run)
    out: list[str] = []
    buf = ""
    for piece in raw:  # 福建省人力资源和 + 社会保障厅
        buf += piece
        if _is_org(buf) or len(buf) > 30:
            out.extend(_split_glued(buf))
            buf = ""
    if buf:
        out.extend(_split_glued(buf))
    return out


def _split_glued(name: str) -> list[str]:
    """``福建省教育厅福建省民政厅`` -> both names (reflowed signature lines lose the gap)."""
    prefix = "".join(u for u, _ in _admin_units(name))
    if not prefix:
        return [name]
    pattern = rf"(?<=[{''.join({e[-1] for e in ORG_ENDINGS})}])(?={re.escape(prefix)})"
    return [p for p in re.split(pattern, name) if p]


def _issuers(lines: list[str], head: list[str], block: tuple[int, int, str] | None) -> list[str]:
    found: list[str] = []
    for i, line in enumerate(head):  # a web page may repeat the title: look above each
        if _is_title_start(line):
            found += _header_organs(head, i)
    if block:
        m = _ORG_PREFIX.match(block[2])
        if m:
            found.extend(_split_glued(m.group(1)))  # 六安市卫生健康委员会六安市民政局关于…
    found += _signature_organs(lines, len(head))
    return list(dict.fromkeys(n for n in found if _is_org(n)))


def _header_organs(head: list[str], title_line: int) -> list[str]:
    """Organ lines right above the title block (skipping 文号, ``文件`` and blank lines)."""
    collected: list[str] = []
    for line in reversed(head[:title_line]):
        s = line.strip()
        if not s or s == "文件" or _DOCNO.fullmatch(s.replace(" ", "")):
            continue
        s = re.sub(r"\s*文件$", "", s)
        names = _pieces([s])
        if not names or not all(_is_org(n) for n in names):
            break
        collected[:0] = names
    return collected


def _signature_organs(lines: list[str], head_len: int) -> list[str]:
    """Organ names in the lines above the signing date (and before it on its own line)."""
    at, _ = _signing_date(lines, head_len)
    if at < 0:
        return []
    date_line = unicodedata.normalize("NFKC", lines[at])
    block = [date_line[: _DATE.search(date_line).start()]]  # type: ignore[union-attr]
    blanks = 0
    for line in reversed(lines[max(0, at - 30) : at]):
        s = line.strip()
        if not s:
            blanks += 1
            if blanks > 6:
                break
            continue
        if _SENTENCE_PUNCT.search(s) or "关于" in s or "通知" in s or len(s) > 150:
            break
        block.insert(0, s)
        blanks = 0
    return [n for n in _pieces(block) if _is_org(n)]


# ---------------------------------------------------------------- jurisdiction


def _admin_units(name: str) -> list[tuple[str, str]]:
    """Leading administrative units of a name, with their level: ``南宁市武鸣区…`` ->
    ``[("南宁市", "市"), ("武鸣区", "区县")]``."""
    units: list[tuple[str, str]] = []
    rest = name
    m = _PROVINCE.match(rest)
    if m:
        units.append((m.group(0), "省"))
        rest = rest[m.end() :]
    if not (units and units[0][0] in MUNICIPALITIES):
        m = _CITY.match(rest)
        if m and _is_place(m.group(0)) and len(rest) > m.end():
            units.append((m.group(0), "市"))
            rest = rest[m.end() :]
    m = _COUNTY.match(rest)
    if m and _is_place(m.group(0)) and len(rest) > m.end() and (units or not m.group(0).endswith("市")):
        units.append((m.group(0), "区县"))
    return units


def _is_place(unit: str) -> bool:
    return unit not in NOT_PLACES and not unit.endswith(NOT_PLACE_ENDINGS) and not NOT_PLACE_CHARS & set(unit)


def _jurisdiction(issuers: list[str], title: str, text: str) -> tuple[str, str]:
    """``(jurisdiction, level)`` from the issuers, else the title, else the text's own words."""
    parsed = [_admin_units(n) for n in issuers]
    parsed = [u for u in parsed if u]
    if not parsed and not title.startswith("关于"):
        parsed = [u for u in [_admin_units(title)] if u]
    if parsed:
        common = Counter(tuple(u) for u in parsed).most_common(1)[0][0]
        return "".join(u for u, _ in common), common[-1][1]
    return _jurisdiction_from_text(text)


def _jurisdiction_from_text(text: str) -> tuple[str, str]:
    """For a document that never names itself: ``全区``/``区政府`` say it is a 区, and
    ``涪陵银保监分局``/``涪陵新城区`` say which one."""
    counts = {kind: sum(text.count(w) for w in words) for kind, words in SELF_REFERENCES.items()}
    kind, n = max(counts.items(), key=lambda kv: kv[1])
    place = _branch_place_name(text)
    if not n or not place:
        return "", ""
    level = {"省": "省", "市": "市"}.get(kind, "区县")
    return (place if place.endswith(kind) else place + kind), level


def _branch_place_name(text: str) -> str:
    markers = "|".join(BRANCH_MARKERS)
    tails = re.findall(rf"([{_CJK}]{{2}})(?={markers})", text) + re.findall(rf"健康中国([{_CJK}]{{2,3}})行动", text)
    tails = [t for t in tails if _is_place(t + "区") and t not in ("全区", "全县", "全市", "全省")]
    if not tails:
        return ""
    name = Counter(tails).most_common(1)[0][0]
    for _ in range(2):  # 大渡口: extend while every occurrence has the same character before
        before = {text[m.start() - 1] for m in re.finditer(re.escape(name), text) if m.start() > 0}
        if len(before) != 1 or not re.fullmatch(rf"[{_CJK}]", next(iter(before))):
            break
        name = before.pop() + name
    return name


# ---------------------------------------------------------------- overrides

_OVERRIDABLE = {f.name for f in dataclasses.fields(DocumentMeta)} - {"source", "sha256"}


def load_overrides(path: Path) -> dict[str, dict[str, Any]]:
    """Read the overrides file: ``{file name or sha256: {field: value}}``.

    A missing or empty file means no overrides.

    Raises:
        ValueError: a key that is not a DocumentMeta field, or a bad ``status``.

    Example:
        >>> load_overrides(Path("corpus/metadata_overrides.yaml"))
        {}
    """
    import yaml

    path = Path(path)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping of file name or sha256 to fields")
    out: dict[str, dict[str, Any]] = {}
    for key, fields_ in data.items():
        if not isinstance(fields_, dict):
            raise ValueError(f"{path}: {key}: expected a mapping of fields, got {fields_!r}")
        unknown = set(fields_) - _OVERRIDABLE
        if unknown:
            raise ValueError(f"{path}: {key}: unknown field(s) {sorted(unknown)}; allowed: {sorted(_OVERRIDABLE)}")
        if fields_.get("status", "正式") not in ("正式", "征求意见稿"):
            raise ValueError(f"{path}: {key}: status={fields_['status']!r} is not one of 正式, 征求意见稿")
        out[str(key)] = {k: _override_value(k, v) for k, v in fields_.items()}
    return out


def _override_value(field: str, value: Any) -> Any:
    if field == "issuers":
        return tuple(str(v) for v in (value or ()))
    if isinstance(value, (dt.date, dt.datetime)):  # YAML reads an unquoted 2024-01-12 as a date
        return value.isoformat()[:10]
    value = "" if value is None else str(value)
    return normalize_doc_number(value) if field == "doc_number" else value


def apply_overrides(meta: DocumentMeta, overrides: dict[str, dict[str, Any]]) -> DocumentMeta:
    """Replace the fields listed for this document (by file name, then by sha256).

    Example:
        >>> m = DocumentMeta(source="a.txt", title="方案")
        >>> apply_overrides(m, {"a.txt": {"date": "2024-01-12"}}).date
        '2024-01-12'
    """
    changes: dict[str, Any] = {}
    for key in (meta.source, meta.sha256):
        if key and key in overrides:
            changes.update(overrides[key])
    return dataclasses.replace(meta, **changes) if changes else meta
