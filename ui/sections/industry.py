"""The sidebar's industry on a page's indicator map: the industry's measures first and by default, names that
say which industry, and a note where a county statistic has no industry breakdown (never a silent ignore).

The measures (catalog kind 'industry') are summed from the firm records at publish
(data/warehouse/industry.py); the queries of mappable figures take the industry (Filters.figure_params).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from ui.frame import filters
from ui.style import labels

DEFAULT_MEASURE = "ind_output_growth_ytd_pct"  # the overview opens on the industry's output growth


def offer(f: filters.Filters, indicators: pd.DataFrame, default: str | None,
          key: str) -> tuple[pd.DataFrame, str | None]:
    """The picker's indicators and default: with an industry chosen, its measures first (the page's own
    task area first), one of them the default; a change of industry puts the picker back on that default."""
    _reset_on_new_industry(f, key)
    measures = queries.run("common/industry_indicators") if f.industry else pd.DataFrame()
    if measures.empty:
        return indicators, default
    areas = set(indicators["area"])
    own = measures["area"].isin(areas) if len(areas) == 1 else measures["id"] == DEFAULT_MEASURE
    measures = pd.concat([measures[own], measures[~own]])
    return pd.concat([measures, indicators], ignore_index=True), measures["id"].iloc[0]


def _reset_on_new_industry(f: filters.Filters, key: str) -> None:
    seen_key, picker_key = f"{key}_industry_seen", f"{key}_indicator"
    if seen_key in st.session_state and st.session_state[seen_key] != f.industry:
        st.session_state.pop(picker_key, None)
        st.query_params.pop(picker_key, None)
    st.session_state[seen_key] = f.industry


def named(f: filters.Filters, indicator: pd.Series) -> pd.Series:
    """The indicator as titles, tables and downloads name it: with the industry, or as 全部行业."""
    if not f.industry:
        return indicator
    out = indicator.copy()
    out["name"] = labels.in_industry(indicator["name"], f.industry_name, measure=labels.is_industry_measure(indicator))
    return out


def note(f: filters.Filters, indicator: pd.Series) -> None:
    """Say so when the chosen industry does not cut the indicator, and how the industry's figures are made."""
    if not f.industry:
        return
    if not labels.is_industry_measure(indicator):
        st.info(f"“{indicator['name']}”是县域统计，没有分行业数据：地图和排行为全部行业，未按“{f.industry_name}”"
                "筛选。选择“分行业”指标可看该行业各县数值。", icon=":material/info:")
        return
    choice = queries.run("common/industry_choices").set_index("id").loc[f.industry]
    if choice["kind"] == "产业" and choice["note"]:
        st.caption(f"{choice['name']}：{choice['note']}。")
    records_check(f)


GAP_SHOWN_PCT = 0.5  # a county whose firm records and statistics differ by more is listed


def records_check(f: filters.Filters) -> None:
    """Where both exist (规上工业总产值), the firm records' sum beside the county statistic: a gap shows."""
    both = queries.run("common/records_vs_statistics", as_of=f.as_of, **f.query_params())
    if both.empty:
        return
    apart = both[both["gap_pct"].abs() > GAP_SHOWN_PCT]
    month = labels.period_label(both["period"].iloc[0])
    verdict = (f"{len(apart)}个县（市、区）差异超过{GAP_SHOWN_PCT:g}%" if len(apart)
               else f"各县差异均不超过{GAP_SHOWN_PCT:g}%")
    with st.expander(f"企业汇总与县域统计核对（规上工业总产值，{month}）：{verdict}"):
        st.caption("分行业数值由企业名录与企业月度产值汇总；全部行业之和应与统计部门的县域规上工业总产值一致。"
                   "差异来自名录缺漏、行业或属地登记不同或数据未同步，下表按差异大小排列。")
        headers = {"name": "县（市、区）", "statistic_yi": "县域统计（亿元）", "records_yi": "企业汇总（亿元）",
                   "gap_yi": "差额（亿元）", "gap_pct": "差异（%）"}
        table = both[list(headers)].rename(columns=headers).round(2)
        st.dataframe(table, hide_index=True, height=280, width="stretch")
