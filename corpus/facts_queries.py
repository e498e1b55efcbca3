"""SQL pieces the facts queries share: text normalization, loose region filters, role order, level of a prefix."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

_LEVELS = {"国家": "国家", "自治区": "省", "省": "省", "市": "市", "州": "市", "盟": "市", "城区": "区县",
           "县": "区县", "区": "区县", "旗": "区县", "镇": "乡镇", "乡": "乡镇"}
_REGION_SUFFIX = re.compile(r"(省|市|自治区|自治州|区|县)$")

_TARGET_SELECT = ("SELECT t.*, c.text AS text, c.doc_title AS doc_title FROM targets t "
                  "JOIN clauses c ON c.id = t.clause_id LEFT JOIN documents d ON d.source = t.source")


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def _region_filter(sql: list[str], args: list[Any], region: str, alias: str, exact: bool = False) -> None:
    """A jurisdiction as the documents name it matches by equality (indexed); anything looser
    (福建, 武鸣) by substring of the jurisdiction, title or metadata."""
    if exact:
        sql.append(f"AND {alias}.jurisdiction = ?")
        args.append(region)
        return
    r = _norm(region)
    core = _REGION_SUFFIX.sub("", r) if len(r) > 2 else r
    sql.append(f"AND ({alias}.jurisdiction LIKE ? OR d.title LIKE ? OR d.metadata LIKE ?)")
    args += [f"%{core}%", f"%{core}%", f"%{core}%"]


def _best_role(roles: list[str]) -> str:
    return next((r for r in ("lead", "co", "territorial") if r in roles), "")
