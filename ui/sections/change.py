"""The change map: how far each county moved on an indicator between two chosen periods, with its movers.

Diverging classes split at zero (rises in one colour family, falls in the other), so a reader sees
at once where the indicator went up and where down; the table beside it lists the counties by change.
"""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

import queries
from ui.figures import maps
from ui.frame import filters
from ui.sections import common
from ui.style import labels


def change_frame(f: filters.Filters, indicator: pd.Series, start: date, end: date) -> pd.DataFrame:
    """The counties at the end period with value = end − start, ranked by it (largest rise first)."""
    before = queries.run("overview/indicator_by_county", indicator=indicator.name, period=start, **f.figure_params())
    after = queries.run("overview/indicator_by_county", indicator=indicator.name, period=end, **f.figure_params())
    frame = after.assign(start_value=after["adcode"].map(before.set_index("adcode")["value"]),
                         end_value=after["value"])
    return ranked_changes(frame)


def ranked_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """value = end_value − start_value, ranked (largest rise first) among the counties in the filter."""
    frame = frame.assign(value=frame["end_value"] - frame["start_value"])
    ranked = frame["in_filter"] & frame["value"].notna()
    frame["rank"] = frame["value"].where(ranked).rank(ascending=False, method="min")
    frame["ranked_count"] = int(ranked.sum())
    return frame


def since_snapshot(f: filters.Filters, compared: pd.DataFrame) -> pd.DataFrame:
    """snapshot/indicator_vs_snapshot's rows (the counties in the filter) as a change frame of all 103."""
    regions = queries.run("common/regions").merge(
        queries.run("common/regions_in_filter", **f.query_params())[["adcode", "in_filter"]], on="adcode")
    values = compared.set_index("adcode")
    return ranked_changes(regions.assign(start_value=regions["adcode"].map(values["value_then"]),
                                         end_value=regions["adcode"].map(values["value"]),
                                         is_demo=regions["adcode"].map(values["is_demo"])))


def change_section(f: filters.Filters, indicator: pd.Series, key: str, options: list[date]) -> None:
    """Two periods on one slider (bound to the link), the change map and the movers' table."""
    if len(options) < 2:
        return
    frequency = indicator["frequency"]
    start, end = st.select_slider("比较两期", options, value=(options[max(0, len(options) - 13)], options[-1]),
                                  key=f"{key}_change", bind=filters.URL,
                                  format_func=lambda p: labels.period_label(p, frequency))
    if start == end:
        st.info("请选择两个不同的期别。", icon=":material/info:")
        return
    span = f"{labels.period_label(start, frequency)}—{labels.period_label(end, frequency)}"
    change_view(change_frame(f, indicator, start, end), indicator, span, key)


def change_view(frame: pd.DataFrame, indicator: pd.Series, span: str, key: str) -> None:
    """The change map on a diverging scale around zero, and the movers' table beside it."""
    unit = labels.change_unit(indicator["unit"])
    spec = maps.MapSpec(title=f"{indicator['name']}变化", unit=unit, period_text=span, source=indicator["source"],
                        demo=bool(frame["is_demo"].fillna(False).any()), diverging=True)
    left, right = st.columns([11, 9])
    with left:
        common.county_map(frame, spec, key=f"{key}_change_map")
    with right:
        movers(frame, indicator, unit, span, key)


def movers(frame: pd.DataFrame, indicator: pd.Series, unit: str, span: str, key: str) -> None:
    """The counties in the filter by change, largest rise first, with both periods' values."""
    shown = frame[frame["in_filter"] & frame["value"].notna()].sort_values("rank")
    st.markdown(f"**{indicator['name']}变化排行** · {span}")
    table = pd.DataFrame({
        "排名": shown["rank"].astype("Int64"),
        "县（市、区）": [labels.county_with_prefecture(n, p) for n, p in zip(shown["short_name"], shown["prefecture"])],
        labels.with_unit_title("变化", unit): shown["value"],
        labels.with_unit_title("起", indicator["unit"]): shown["start_value"],
        labels.with_unit_title("止", indicator["unit"]): shown["end_value"],
    })
    places = labels.decimals(indicator["unit"])
    level = st.column_config.NumberColumn(format=f"%,.{places}f")  # 2.0, not 2, beside 1.6
    st.dataframe(table, hide_index=True, height=common.LEAGUE_HEIGHT, key=f"{key}_movers",
                 column_config={labels.with_unit_title("变化", unit): st.column_config.NumberColumn(
                     format=f"%+.{places}f"), **{c: level for c in table.columns[3:5]}})
    demo = bool(shown["is_demo"].fillna(False).any())
    common.table_downloads(table, title=f"{indicator['name']}变化排行_{span}", source=indicator["source"],
                           demo=demo, key=f"{key}_movers")
