"""总览: where does each county stand on any indicator of the plan, and how far is the province from its targets?"""

import pandas as pd
import streamlit as st

import queries
from geo import maps
from ui import charts, filters, labels, sections

DEFAULT_INDICATOR = "va_growth_ytd_pct"


def map_spec(indicator: pd.Series, period_text: str, method: str, demo: bool) -> maps.MapSpec:
    growth = indicator["unit"] == "%" and any(w in indicator["name"] for w in ("增速", "变化"))
    return maps.MapSpec(title=indicator["name"], unit=indicator["unit"], period_text=period_text,
                        source=indicator["source"], demo=demo, method=method, diverging=growth)


def county_section(f: filters.Filters) -> None:
    """Map and league table of one indicator, and the selected county."""
    indicators = queries.run("common/indicators")
    pick, method_col = st.columns([3, 1], vertical_alignment="bottom")
    with pick:
        indicator = sections.indicator_picker(indicators, key="overview_indicator", default=DEFAULT_INDICATOR)
    with method_col:
        method = sections.class_method(key="overview_method")
    period = filters.period_for(indicator, f.as_of)
    frame = queries.run("overview/indicator_by_county", indicator=indicator.name, period=period,
                        **f.query_params())
    period_text = labels.period_label(period, indicator["frequency"])
    spec = map_spec(indicator, period_text, method, demo=bool(frame["is_demo"].fillna(False).any()))
    left, right = st.columns([11, 9])
    with left:
        sections.county_map(frame, spec, key="overview_map")
    with right:
        st.markdown(f"**{indicator['name']}排行** · {f.describe()} · {period_text}")
        sections.league_table(frame, indicator["unit"], key="overview_league")
    selected_county(frame, indicator, spec)
    source = labels.source_line(indicator["source"], period_text, spec.demo)
    sections.source_note(f"{indicator['definition']}。{source}")


def selected_county(frame: pd.DataFrame, indicator: pd.Series, spec: maps.MapSpec) -> None:
    """The clicked county: its figures and its series against the province median."""
    row = sections.selected_county_card(frame, indicator["unit"])
    if row is None:
        st.info("点击地图上的县（市、区），查看该县详情。", icon=":material/touch_app:")
        return
    series = queries.run("overview/county_trend", indicator=indicator.name, adcode=row["adcode"])
    fig = charts.trend(series, title=f"{row['name']} · {indicator['name']}", unit=indicator["unit"],
                       period_text=f"{labels.period_label(series['period'].min(), indicator['frequency'])}—"
                       f"{labels.period_label(series['period'].max(), indicator['frequency'])}",
                       source=indicator["source"], demo=spec.demo, county_name=row["name"])
    sections.show_figure(fig, key="overview_trend")


def targets_section() -> None:
    """The plan's headline targets with the province's progress."""
    targets = queries.run("overview/target_progress")
    targets["status_text"] = [labels.target_status(t) for _, t in targets.iterrows()]
    latest = labels.period_label(targets["period"].max(), "monthly")
    fig = charts.target_bullets(targets, period_text=f"各指标最新期（至{latest}）",
                                demo=bool(targets["is_demo"].fillna(False).any()))
    sections.show_figure(fig, key="overview_targets")


def render() -> None:
    f = filters.current()
    st.title("总览")
    county_section(f)
    st.subheader("方案目标进展")
    targets_section()


render()
