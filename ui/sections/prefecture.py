"""An indicator map at prefecture level (level=prefecture in the link): the 13 prefectures and 4 province-administered
units, each rolled up from its counties (sums for counts and amounts, the median of counties otherwise, stated
under the map), with their league table; a click on a prefecture drills to its counties.

The map is the county map with every county carrying its prefecture's value (the county borders take the fill,
prefecture outlines are drawn over it), so classes, legend, modes, export and the timeline stay one code path.
"""

from __future__ import annotations

import dataclasses

import pandas as pd
import streamlit as st

import queries
from ui.figures import maps
from ui.frame import filters
from ui.sections import common

LEVELS = {"county": "县级", "prefecture": "市州级"}
DRILLED = "prefecture_drilled"  # session state: a click asked for the prefecture's county map


def prefecture_frame(f: filters.Filters, indicator: pd.Series, period) -> pd.DataFrame:
    return queries.run("overview/indicator_by_prefecture", indicator=indicator.name, period=period,
                       **f.figure_params())


def county_frame(prefectures: pd.DataFrame) -> pd.DataFrame:
    """One row per county carrying its prefecture's value, rank and tier: what the county map draws; the hover
    names the prefecture and how its figure was made."""
    regions = queries.run("common/regions")[["adcode", "prefecture_code", "county_type", "metro_circle"]]
    rows = regions.merge(prefectures, left_on="prefecture_code", right_on="code")
    rows["prefecture"] = [f"{n}个县（市、区）{ROLLUPS[r]}" for n, r in zip(rows["counties"], rows["rollup"])]
    return rows


def map_and_league(f: filters.Filters, indicator: pd.Series, period, spec: maps.MapSpec, key: str,
                   map_slot, league_slot) -> pd.DataFrame:
    """The prefecture map in map_slot and its league table in league_slot; returns the prefecture rows."""
    if st.session_state.pop(DRILLED, False):
        # The click's callback ran in the map's fragment: the filters and the level are the whole page's.
        st.rerun(scope="app")
    prefectures = prefecture_frame(f, indicator, period)
    shown = prefectures[prefectures["in_filter"] & prefectures["value"].notna()]["value"]
    # Classes from the 17 figures shown (not from every county's copy of them, nor pooled over periods).
    spec = dataclasses.replace(spec, title=f"{indicator['name']}（按市州）", level="prefecture",
                               class_values=tuple(shown) or None, names=False)
    with map_slot:
        fig = maps.choropleth(county_frame(prefectures), spec)
        common.show_figure(fig, f"{key}_prefecture_map", selectable=True, on_click=drill_to_counties)
    with league_slot:
        st.markdown(f"**{spec.title}排行** · {f.describe()} · {spec.period_text}")
        common.league_table(prefectures, indicator["unit"], key=f"{key}_prefecture_league",
                            tiers=spec.method == "tiers", place=common.PREFECTURE_HEADER,
                            title=f"{spec.title}排行_{f.describe()}_{spec.period_text}", source=indicator["source"])
    return prefectures


ROLLUPS = {"合计": "合计", "中位数": "中位数", "重算": "企业汇总重算"}


def rollup_note(prefectures: pd.DataFrame) -> str:
    """How the prefecture figures were made, for the note under the map."""
    made = set(prefectures["rollup"])
    if made == {"重算"}:
        how = "由所辖县（市、区）该行业企业的产值汇总后重算"
    elif made <= {"合计"}:
        how = "为所辖县（市、区）合计"
    else:
        how = "为所辖县（市、区）的中位数：比率、增速与得分不能相加，指标目录未给出分子与分母以重算"
    return f"　市州数值{how}（仅计筛选范围内的县）；分级按本期各市州数值划分。"


def drill_to_counties(adcode: str) -> None:
    """A click on a prefecture: its counties, at county level."""
    code = queries.run("common/regions").set_index("adcode")["prefecture_code"].get(adcode)
    if code:
        st.session_state[filters.PREFECTURE_KEY] = code
        st.session_state[filters.LEVEL_PARAM] = "county"
        st.session_state[DRILLED] = True


def level_picker() -> str:
    """县级 / 市州级, the same on every page; in the link as level=prefecture."""
    filters.take_linked_code(filters.LEVEL_PARAM, list(LEVELS), "county")
    level = st.segmented_control("层级", list(LEVELS), format_func=LEVELS.get, key=filters.LEVEL_PARAM,
                                 help="市州级：13个市州和4个省直管单位，由所辖县汇总；点击市州进入其县级地图")
    level = level or "county"  # a second click on the chosen segment clears it
    filters.write_linked_code(filters.LEVEL_PARAM, level, "county")
    return level
