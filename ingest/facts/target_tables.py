"""Targets from indicator-table rows, whatever the table's layout.

Columns are read by role (:mod:`ingest.facts.columns`): an indicator column (指标名称 / 项目), year
columns (``2025年``, ``2025年目标值``, ``目标值·2025年``: one target each), a 目标值 column without a year
(its year from a 完成时限 column), a 单位 column, and 基期 / 现状 / ``2022年基数`` columns (the baseline;
without one, a year column not after the document's own year is the baseline of the later ones).
A table whose rows are years (``年度`` | ``医养结合机构（个）`` | …) gives one target per indicator
column; a ``2023年（实际）`` row is the baseline of the rows after it.

The unit is the first of: the value cell's own (``55%``), the 单位 column, the indicator name
(``护理型床位占比（%）``), the year header (``2025年（张）``), the indicator header (``指标（%）``).

Example:
    >>> from corpus.schema import Clause, DocumentMeta
    >>> row = Clause.create(source="a.txt", doc_title="方案", section="附表 1", start=0, end=1, kind="table_row",
    ...                     text="", columns={"指标名称": "护理型床位占比", "单位": "%", "基期值": "45", "2025年": "≥55"})
    >>> [(t.indicator, t.year, t.value, t.unit, t.comparator, t.baseline)
    ...  for t in table_row_targets(DocumentMeta(source="a.txt", title="方案"), row)]
    [('护理型床位占比', 2025, '55', '%', '不低于', '45')]
"""

from __future__ import annotations

from dataclasses import replace

from corpus.schema import Clause, DocumentMeta, Target
from ingest.facts.columns import column_role, columns_by_role, header_unit, header_year
from ingest.facts.cues import ACTUAL_ROW
from ingest.facts.departments import normalize
from ingest.facts.values import UNITS, Value, make_target, parse_value, split_unit, unmarked

__all__ = ["table_row_targets"]


def table_row_targets(doc: DocumentMeta, row: Clause, doc_year: int = 0,
                      history: dict[tuple[str, str], tuple[int, str]] | None = None) -> list[Target]:
    """One target per year (or dated 目标值) cell of an indicator-table row; ``[]`` for other rows.

    ``history`` carries the 实际 rows of a year-by-row table to the rows after them (their baseline);
    pass the same dict for every row of a document.
    """
    cols = {normalize(unmarked(k)): normalize(unmarked(v)) for k, v in (row.columns or {}).items()}
    roles = columns_by_role(cols)
    if "period" in roles and "year" not in roles:
        return _year_row_targets(doc, row, cols, roles["period"][0], {} if history is None else history)
    # no 指标 header (a blank corner cell): the first text column names the indicator
    name_col = next(iter(roles.get("indicator", ())), None) or next(
        (h for h in cols if column_role(h) is None and cols[h] and not parse_value(cols[h])), None)
    if name_col is None or not cols[name_col]:
        return []
    years = [(header_year(h), h) for h in roles.get("year", ())]
    years += _dated_values(cols, roles, row.headings[-1] if row.headings else "")
    if not years:
        return []
    indicator, name_unit = split_unit(cols[name_col])
    unit_col = next((cols[h] for h in roles.get("unit", ()) if _is_unit(cols[h])), "")
    baseline = _baseline(cols, roles, years, doc_year)
    out = []
    for year, key in years:
        value = parse_value(cols[key])
        if value is None:
            continue
        unit = value.unit or unit_col or name_unit or header_unit(key) or header_unit(name_col)
        base = baseline if baseline and baseline[0] != year else None
        out.append(make_target(doc, row, indicator, year, replace(value, unit=unit), base, "table"))
    return out


def _year_row_targets(doc: DocumentMeta, row: Clause, cols: dict[str, str], period: str,
                      history: dict[tuple[str, str], tuple[int, str]]) -> list[Target]:
    """年度 | 医养结合机构（个） | 护理型床位占比（%）: one target per indicator column of the row's year."""
    year = header_year(cols[period])
    if not year:
        return []
    actual = any(w in cols[period] for w in ACTUAL_ROW)
    table = row.section.rsplit(" ", 1)[0]
    out = []
    for header, cell in cols.items():
        if column_role(header) not in (None, "indicator") or not (value := parse_value(cell)):
            continue
        indicator, unit = split_unit(header)
        base = history.get((table, indicator))
        out.append(make_target(doc, row, indicator, year, replace(value, unit=value.unit or unit),
                               None if actual else base, "table"))
        if actual:
            history[(table, indicator)] = (year, value.number)
    return out


def _is_unit(cell: str) -> bool:
    return cell in UNITS or cell in ("户", "床", "元", "万元", "天", "小时") or 0 < len(cell) <= 4 and "/" in cell


def _dated_values(cols: dict[str, str], roles: dict[str, list[str]], title: str) -> list[tuple[int, str]]:
    """A 目标值 column without a year, dated by the row's 完成时限 cell (``2025年底``) or the table's
    title (``2025年主要指标``)."""
    when = next((header_year(cols[h]) for h in roles.get("deadline", ()) if header_year(cols[h])), 0)
    when = when or header_year(title)
    # a 工作目标 column of sentences is a task's text, not a value
    return [(when, h) for h in roles.get("value", ()) if len(cols[h]) <= 12] if when else []


def _baseline(cols: dict[str, str], roles: dict[str, list[str]], years: list[tuple[int, str]],
              doc_year: int) -> tuple[int, str] | None:
    for h in roles.get("baseline", ()):
        if value := parse_value(cols[h]):
            return header_year(h), value.number
    first_year, first_col = min(years)
    if doc_year and first_year > doc_year:  # 2025年 | 2027年 in a 2023 plan: both are targets
        return None
    value: Value | None = parse_value(cols[first_col])
    return (first_year, value.number) if value else None
