"""The verdict an eligibility question asks for, when the quoted clause states it.

"我们能不能…" / "还需要审批吗" / "支不支持" lead with 可以 / 不可以 / 需要 / 不需要 / 鼓励（非强制） / 支持, and say when
the clause attaches a condition. No verdict when the clause does not state one, or when the
clause speaks of a differently qualified subject than the question (非营利性 vs 营利性).

Example:
    >>> verdict("养老机构内设医务室还需要审批吗？", "取消行政审批，实行备案管理。")
    '不需要。'
    >>> verdict("营利性养老机构能用划拨土地吗？", "非营利性养老机构可以依法使用国有划拨土地。")
    ''
"""

from __future__ import annotations

import re

_ASKS_NEED = re.compile(r"需要|要不要|需不需要|还要|必须|是否要|得不得")
_ASKS_CAN = re.compile(r"能不能|可不可以|可以吗|能否|是否可以|可否|允许|能.{0,12}吗|可以.{0,12}吗|行不行|让不让")
_NOT_NEEDED = re.compile(r"取消[^，。；]{0,8}(?:审批|许可|审核)|改为备案|实行备案|无需|不需要|不再(?:审批|办理|另行)|免于|免予")
_NEEDED = re.compile(r"(?:必须|须|应当|需要|需)[^，。；]{0,12}(?:审批|许可|备案|申请|登记|办理|取得|具备)")
_FORBIDDEN = re.compile(r"不得|禁止|严禁|不予|不能|不可|不允许|不在[^，。；]{0,8}范围|不属于[^，。；]{0,8}范围|不纳入")
_ALLOWED = re.compile(r"可以|可按|可申请|可依法|允许|准予|(?<!已)享受|纳入|按规定[^，。]{0,6}(?:享受|执行|纳入)|可[^，。；]{0,2}(?:提出|使用|开展|设立|举办|采取|采用|实行|通过|选择|申请|办理)|开通|予以|给予")
_ASKS_SUPPORT = re.compile(r"支持(?:吗|么)|支不支持|鼓励(?:吗|么)|鼓不鼓励")
_EXCLUDED = re.compile(r"有下列情形之一的[^。：:]{0,8}(?:不予|不得|不能|不再|停止)")
_ENCOURAGED = re.compile(r"鼓励|支持|提倡|引导")
_MANDATORY = re.compile(r"必须|须|应当|要求")
_CONDITION = re.compile(r"符合条件的|具备条件的|有条件的|经[^，。]{1,10}认定|按规定|满足[^，。]{1,10}(?:条件|要求)|达到[^，。]{1,10}标准")
_QUALIFIED = re.compile(r"(非?)(营利性|营利|公办|民办|社会办|政府办)")


def verdict(question: str, sentence: str) -> str:
    """The lead the clause supports for an eligibility question, or ``""``."""
    if _qualifier_mismatch(question, sentence):
        return ""
    sentence = _part_about_subject(question, sentence)
    if _ASKS_NEED.search(question) and re.search(r"审批|许可|备案|申请|登记|办理|手续|证", question):
        if _NOT_NEEDED.search(sentence):
            return "不需要。"
        if _NEEDED.search(sentence):
            return "需要。"
        return ""
    support = _ASKS_SUPPORT.search(question)
    if support and _ENCOURAGED.search(sentence) and not _FORBIDDEN.search(sentence):
        return "鼓励。" if "鼓励" in support.group(0) else "支持。"  # "政策支不支持" -> 支持。
    if not _ASKS_CAN.search(question):
        return ""
    if _EXCLUDED.search(sentence) or (_FORBIDDEN.search(sentence) and not _ALLOWED.search(sentence)):
        return "不可以。"  # "有下列情形之一的，不予受理": the case asked about is one of those listed
    condition = "，但须符合条件" if _CONDITION.search(sentence) else ""
    if _ALLOWED.search(sentence):
        return f"可以{condition}。"
    if _ENCOURAGED.search(sentence) and not _FORBIDDEN.search(sentence):
        return "可以，文件鼓励（非强制）。" if not _MANDATORY.search(sentence) else f"可以{condition}。"
    return ""


def _part_about_subject(question: str, sentence: str) -> str:
    """Where a clause treats 非营利性 and 营利性 apart, only the part about the asked one decides."""
    if len(set(_QUALIFIED.findall(sentence))) < 2:
        return sentence  # the clause speaks of one kind only: all of it is about that kind
    for neg, kind in _QUALIFIED.findall(question):
        parts = [p for p in re.split(r"[，,；;。]", sentence) if p]
        own = [p for p in parts if any(n == neg and k.rstrip("性") == kind.rstrip("性") for n, k in _QUALIFIED.findall(p))]
        if own and len(own) < len(parts):
            return "，".join(own)
    return sentence


def _qualifier_mismatch(question: str, sentence: str) -> bool:
    """The question asks about 营利性 X and the clause allows only 非营利性 X (or the reverse)."""
    asked = {(neg, kind) for neg, kind in _QUALIFIED.findall(question)}
    stated = {(neg, kind) for neg, kind in _QUALIFIED.findall(sentence)}
    for neg, kind in asked:
        core = kind.rstrip("性")
        said = {n for n, k in stated if k.rstrip("性") == core}
        if said and neg not in said:
            return True
    return False
