"""Place names: the administrative units a name starts with, and the jurisdiction they give a document.

A small table of province names and suffix rules for cities and counties; words that end like a
place name but are not one are listed.
"""

from __future__ import annotations

import re
from collections import Counter

from ingest.metadata.patterns import _CJK

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
# Local branches of national bodies, written with the bare place name: 涪陵银保监分局.
BRANCH_MARKERS = ("新城区", "银保监分局", "银保监局", "税务局", "红十字会", "供电公司", "消防救援支队", "调查队", "气象局")
SELF_REFERENCES = {
    "省": ("全省", "本省", "我省", "省政府", "省委"),
    "市": ("全市", "本市", "我市", "市政府", "市委"),
    "区": ("全区", "本区", "我区", "区政府", "区委"),
    "县": ("全县", "本县", "我县", "县政府", "县委"),
}

_CITY = re.compile(rf"[{_CJK}]{{2,8}}?(?:自治州|地区|盟|市|州)")
_COUNTY = re.compile(rf"[{_CJK}]{{1,10}}?(?:自治县|自治旗|县|区|旗|市)")
_PROVINCE = re.compile("|".join(sorted(PROVINCES, key=len, reverse=True)))


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
    return _jurisdiction_from_text(text, titled=bool(_TITLED.search(title)))


_TITLED = re.compile(r"(?:通知|方案|意见|规划|办法|细则|决定|公告|计划|规定|指南|要点|问答|须知|清单)[）)]?$")


def _jurisdiction_from_text(text: str, titled: bool = False) -> tuple[str, str]:
    """For a document that never names itself: ``全区``/``区政府`` say it is a 区, and
    ``涪陵银保监分局``/``涪陵新城区`` say which one; a document with a title of its own (not a page
    cut from one) may also go by the division its text names most."""
    counts = {kind: sum(text.count(w) for w in words) for kind, words in SELF_REFERENCES.items()}
    kind, n = max(counts.items(), key=lambda kv: kv[1])
    place = _branch_place_name(text)
    if not n or not place:
        return _most_named_division(text) if titled else ("", "")
    level = {"省": "省", "市": "市"}.get(kind, "区县")
    return (place if place.endswith(kind) else place + kind), level


def _most_named_division(text: str) -> tuple[str, str]:
    """A guide whose title and issuer name no place (养老机构内部设置诊所…备案办事指南): the county, else
    the city, its text names most often by full name (松阳县行政服务中心, 松阳县卫生健康局), twice at least."""
    from corpus.places import Gazetteer

    found = Counter((m.place.name, m.place.level) for m in Gazetteer.load().mentions(text) if not m.short)
    for level, tag in (("county", "区县"), ("city", "市")):
        named = [(n, name) for (name, lv), n in found.most_common() if lv == level and n >= 2]
        if named:
            return named[0][1], tag
    return "", ""


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
