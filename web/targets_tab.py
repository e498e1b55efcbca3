"""The 指标目标 tab: an indicator's targets by year and place (chart, bars, table) and 表文不一致."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import gradio as gr
import pandas as pd

from web.tab_parts import ALL, clause_card, opt, regions, write_csv

TARGET_COLUMNS = ["地区", "指标", "年份", "目标值", "基线", "出处", "条款", "文件"]
DEFAULT_INDICATOR = "65岁以上老年人健康管理率"


def target_frame(rows: Sequence[Any]) -> pd.DataFrame:
    return pd.DataFrame([[r.jurisdiction, r.indicator, r.year or "", f"{r.value}{r.unit}{r.comparator}",
                          f"{r.baseline}{r.unit}（{r.baseline_year}年）" if r.baseline else "",
                          "表格" if r.origin == "table" else "正文", r.section, r.doc_title] for r in rows],
                        columns=TARGET_COLUMNS)


def _number(text: str) -> float | None:
    m = re.search(r"-?\d+(?:\.\d+)?", text or "")
    return float(m.group()) if m else None


def trend_frame(rows: Sequence[Any]) -> tuple[pd.DataFrame, str]:
    """Points (year, value) per place for one indicator: baseline, then each target year.

    Only rows in the most common unit are kept, so places are compared only where comparable;
    a table value wins over the same year's value in the text.
    """
    units = pd.Series([r.unit for r in rows if _number(r.value) is not None]).value_counts()
    unit = str(units.index[0]) if len(units) else ""
    points: dict[tuple[str, int], tuple[float, int]] = {}
    for r in rows:
        if r.unit != unit:
            continue
        series = r.jurisdiction if len({x.indicator for x in rows if x.jurisdiction == r.jurisdiction}) == 1 \
            else f"{r.jurisdiction}·{r.indicator}"
        rank = 0 if r.origin == "table" else 1
        for year, value in ((r.baseline_year, r.baseline), (r.year, r.value)):
            v = _number(value) if year else None
            if v is not None and points.get((series, year), (0, 9))[1] >= rank:
                points[(series, year)] = (v, rank)
    frame = pd.DataFrame([{"年份": y, "目标值": v, "地区": s} for (s, y), (v, _) in sorted(points.items())],
                         columns=["年份", "目标值", "地区"])
    return frame, unit


def compare_frame(trend: pd.DataFrame, year: int | None = None) -> tuple[pd.DataFrame, int | str]:
    """One bar per place for ``year`` (default: the year most places state a value for)."""
    if trend.empty:
        return trend.rename(columns={}), ""
    if year is None or year not in set(trend["年份"]):
        counts = trend.groupby("年份")["地区"].nunique()
        year = int(counts[counts == counts.max()].index.max())
    return trend[trend["年份"] == year][["地区", "目标值"]].reset_index(drop=True), year


def targets_tab(holder: Any) -> tuple:
    """Filters, chart, table and conflicts; returns the (fn, inputs, outputs) to run on page load."""
    facts = holder.current.index.facts
    everything = facts.targets()
    indicators = sorted({r.indicator for r in everything})
    years = [ALL] + [str(y) for y in sorted({r.year for r in everything if r.year})]
    with gr.Row():
        indicator = gr.Dropdown([""] + indicators, value=DEFAULT_INDICATOR, label="指标（可输入关键词）",
                                allow_custom_value=True, scale=3, elem_id="target-indicator")
        region = gr.Dropdown(regions(holder), value=ALL, label="地区", scale=1)
        year = gr.Dropdown(years, value=ALL, label="目标年份", scale=1)
    with gr.Row():
        plot = gr.LinePlot(x="年份", y="目标值", color="地区", label="指标走势（基线 → 目标年份，按地区）",
                           x_axis_format="d", scale=3, elem_id="target-chart")
        bars = gr.BarPlot(x="地区", y="目标值", color="地区", label="各地区对比（同一年份）", scale=2,
                          x_label_angle=-30, y_lim=[0, None], elem_id="target-bars")
    note = gr.Markdown(elem_classes="yy-meta")
    table = gr.Dataframe(interactive=False, wrap=True, max_height=360, elem_id="targets")
    export = gr.DownloadButton("导出 CSV", size="sm")
    clause_view = gr.HTML()
    ids = gr.State([])
    gr.Markdown("### 表文不一致\n同一文件中同一指标、同一年份出现两个不同的数值：两处都列出，请以原文核对。")
    gr.Dataframe(conflict_frame(facts.conflicts()), interactive=False, wrap=True, elem_id="conflicts")

    def refresh(ind: str, reg: str, yr: str) -> tuple:
        rows = facts_now().targets(indicator=(ind or "").strip() or None, region=opt(reg),
                                   year=int(yr) if yr and yr != ALL else None)
        chart_rows = facts_now().targets(indicator=(ind or "").strip() or None, region=opt(reg)) if ind else []
        trend, unit = trend_frame(chart_rows)
        compare, when = compare_frame(trend, int(yr) if yr and yr != ALL else None)
        said = (f"图中数值单位：{unit or '无'}；只比较同一单位的数值。右图为 {when} 年各地区的目标值。" if len(trend) else
                "选择或输入一个指标，查看它在各年份、各地区的目标值。")
        frame = target_frame(rows)
        return trend, compare, said, frame, write_csv(frame, "指标目标"), [r.clause_id for r in rows], ""

    def facts_now() -> Any:
        return holder.current.index.facts

    outputs = [plot, bars, note, table, export, ids, clause_view]
    gr.on([indicator.change, region.change, year.change], refresh, [indicator, region, year], outputs,
          api_visibility="private")

    def show(clause_ids: list[str], evt: gr.SelectData) -> str:
        return clause_card(holder, clause_ids[evt.index[0]]) if evt.index and evt.index[0] < len(clause_ids) else ""

    table.select(show, [ids], clause_view, api_visibility="private")
    return refresh, [indicator, region, year], outputs


def conflict_frame(rows: Sequence[Any]) -> pd.DataFrame:
    def side(t: Any) -> str:
        return f"{t.value}{t.unit}（{'表格' if t.origin == 'table' else '正文'} {t.section}）"

    return pd.DataFrame([[r.doc_title, r.indicator, r.year, side(r.a), side(r.b)] for r in rows],
                        columns=["文件", "指标", "年份", "一处", "另一处"])
