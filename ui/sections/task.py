"""Sections every task-area page shares: targets and their path, leaders and laggards, the trend.

A task-area page answers, in this order: where do we stand against the plan's target; which
counties lead and lag; how it moves over time; then its own detail common.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from ui.figures import charts, maps, memo, specs
from ui.frame import county_sections, filters
from ui.sections import change, common, industry, meeting, prefecture, snapshot, timeline
from ui.style import labels, theme

MAX_COMPARED = 6  # lines a reader can still tell apart (theme.COMPARE_COLOURS)
NO_TARGET_NOTE = "方案对本项任务未设定量化目标：以下展示各县排名与趋势。"


def area_targets(area: str | None, as_of, *, paths: bool = True) -> None:
    """The targets of a task area (None: all): bars (reached / on the path to 2027 / behind) and each path."""
    targets = queries.run("common/target_progress", area=area, as_of=as_of)
    if targets.empty:
        st.info(NO_TARGET_NOTE, icon=":material/info:")
        return
    targets["status_text"] = [labels.target_status(t) for _, t in targets.iterrows()]
    demo = labels.any_demo(targets)
    title = f"{targets['area_name'].iloc[0]}：方案目标进展（全省）" if area else "方案主要目标进展（全省）"
    bullets = charts.target_bullets(targets, period_text=f"截至{labels.period_label(as_of)}的最新一期（见各行）",
                                    demo=demo, title=title)
    common.show_figure(bullets, key=f"{area or 'all'}_targets")
    series = queries.run("common/target_series", area=area, as_of=as_of)
    if paths and not series.empty:
        fig = charts.target_paths(series, title="目标路径：实际与线性达标路径", demo=demo)
        common.show_figure(fig, key=f"{area}_target_paths")
    if paths:
        county_targets(targets[targets["kind"] == "coverage"], as_of)


def county_targets(targets: pd.DataFrame, as_of) -> None:
    """Targets every county must meet (县域全覆盖): a map each of the counties that meet it and those that don't."""
    for start in range(0, len(targets), 2):
        for (_, target), slot in zip(targets.iloc[start:start + 2].iterrows(), st.columns(2)):
            frame = queries.run("common/target_by_county", target=target["target_id"], as_of=as_of)
            if frame["period"].isna().all():
                continue
            frame, met, unmet = _met_or_not(frame)
            spec = maps.MapSpec(title=f"{target['label']}：各县达标情况", unit="",
                                period_text=labels.period_label(frame["period"].iloc[0], target["frequency"]),
                                source="省经信厅（按指标目录）", demo=labels.any_demo(frame))
            with slot:
                common.category_map(frame, spec, {unmet: theme.TARGET_BEHIND, met: theme.SEQUENTIAL[2]},
                                    key=f"target_map_{target['target_id']}")


@memo.table  # the same county answers give the same labels: not mapped again on every run
def _met_or_not(frame: pd.DataFrame) -> tuple[pd.DataFrame, str, str]:
    """The counties' 达标 / 未达标 in words with the threshold (已达标（≥95%）), and the two words."""
    unit, threshold = frame["unit"].iloc[0], frame["threshold"].iloc[0]
    met, unmet = f"已达标（≥{labels.with_unit(threshold, unit)}）", "未达标"
    return frame.assign(category=frame["category"].map({"达标": met, "未达标": unmet})), met, unmet


def map_controls(key: str, layers: tuple[str, ...], level: str) -> tuple[str, tuple[str, ...], bool]:
    """Colouring, overlay layers and county names of a county map, in one row (it fits 1366 px)."""
    method_col, layer_col, names_col = st.columns([4, 4, 2], vertical_alignment="bottom")
    with method_col:
        method = common.class_method(key=f"{key}_method")
    with layer_col:
        layers = common.overlay_picker(key=f"{key}_layers", default=layers)
    with names_col:  # a prefecture-level map names no county
        names = common.names_toggle(key=f"{key}_names") if level == "county" else False
    return method, layers, names


def leaders(f: filters.Filters, indicators: pd.DataFrame, key: str, default: str | None,
            layers: tuple[str, ...] = ()) -> pd.Series | None:
    """Indicator picker, county map with its timeline and league table, and the selected county; returns the
    chosen indicator. What depends on the period is a fragment, a county section: the timeline reruns it, and a
    click on a county, not the page."""
    if indicators.empty:
        st.info("本项任务尚无已加载的县域数据。", icon=":material/info:")
        return None
    indicators, default = industry.offer(f, indicators, default, key)
    picker_col, level_col = st.columns([4, 1], vertical_alignment="bottom")
    with picker_col:
        indicator = industry.named(f, common.indicator_picker(indicators, key=f"{key}_indicator", default=default))
    with level_col:
        by_prefecture = prefecture.level_picker() == "prefecture"
    industry.note(f, indicator)
    method, layers, names = map_controls(key, layers, "prefecture" if by_prefecture else "county")
    meeting.remember_choice(key, indicator.name, method, layers)  # the 会议材料 deck shows what was shown
    options = timeline.periods(indicator, f.as_of, f.industry)
    if not options:
        st.info(f"截至{labels.period_label(f.as_of)}，“{indicator['name']}”尚无数据。", icon=":material/info:")
        return indicator
    class_values, classes_note = (specs.pooled_class_values(indicator, f.as_of, f.figure_params())
                                  if method != "tiers" else (None, ""))
    timer_on = timeline.playing(key)

    def period_section() -> None:
        left, right = st.columns([11, 9])
        with left:
            map_slot = st.container()  # the map above its timeline, drawn once the timeline has its period
            period = timeline.control(key, options, indicator["frequency"], timer_on=timer_on,
                                      indicator_id=indicator.name)
        frame = queries.run("overview/indicator_by_county", indicator=indicator.name, period=period,
                            **f.figure_params())
        period_text = labels.period_label(period, indicator["frequency"])
        spec = specs.map_spec(indicator, period_text, method, demo=labels.any_demo(frame),
                              layers=layers, class_values=class_values, names=names)
        if by_prefecture:
            rolled = prefecture.map_and_league(f, indicator, period, spec, key, map_slot, right)
            notes = prefecture.rollup_note(rolled)
        else:
            with map_slot:
                common.county_map(frame, spec, key=f"{key}_map")
            with right:
                league(f, indicator, frame, key, period_text, tiers=method == "tiers")
            common.selected_county_card(frame, indicator["unit"])
            notes = classes_note
        source = labels.source_line(indicator["source"], period_text, spec.demo)
        common.source_note(f"{indicator['definition']}。{source}{notes}")
        snapshot.compare(f, indicator, period, key=key)

    county_sections.section(f"{key}_period", period_section, run_every=timeline.PLAY_SECONDS if timer_on else None)
    if st.toggle("两期变化图", key=f"{key}_change_on", bind=filters.URL,
                 help="任选两期，地图按变化着色（增为一色系、减为另一色系，以零为界），并列出变化排行"):
        change.change_section(f, indicator, key, options)
    return indicator


def league(f: filters.Filters, indicator: pd.Series, frame: pd.DataFrame, key: str, period_text: str,
           tiers: bool) -> None:
    st.markdown(f"**{indicator['name']}排行** · {f.describe()} · {period_text}")
    common.league_table(frame, indicator["unit"], key=f"{key}_league", tiers=tiers,
                        title=f"{indicator['name']}排行_{f.describe()}_{period_text}", source=indicator["source"])


def _add_selected_county(compare_key: str) -> None:
    """A county newly selected on a map joins the comparison once (the user may remove it again)."""
    selected = filters.selected_county()
    added_key = f"{compare_key}_added"
    if selected and st.session_state.get(added_key) != selected:
        st.session_state[added_key] = selected
        compared = [a for a in st.session_state.get(compare_key, []) if a != selected]
        st.session_state[compare_key] = [*compared, selected][-MAX_COMPARED:]


def trend(f: filters.Filters, indicator: pd.Series, key: str) -> None:
    """The indicator over time: the spread of the counties in the filter and the counties the user picks (a
    county clicked on a map joins them: a county section)."""
    county_sections.section(f"{key}_trend", _trend, f, indicator, key)


def _trend(f: filters.Filters, indicator: pd.Series, key: str) -> None:
    names = filters.county_names()
    compare_key = f"{key}_compare"
    _add_selected_county(compare_key)
    chosen = st.multiselect("对比县（市、区）", list(names), format_func=names.get, key=compare_key, bind=filters.URL,
                            max_selections=MAX_COMPARED, placeholder="选择县（市、区）与全省分布对比",
                            help="点击地图上的县也会加入对比")
    spread = queries.run("common/indicator_spread", indicator=indicator.name, as_of=f.as_of, **f.figure_params())
    series = {names[a]: queries.run("common/county_trend", indicator=indicator.name, adcode=a, as_of=f.as_of,
                                    industry=f.industry) for a in chosen}
    frequency = indicator["frequency"]
    period_text = (f"{labels.period_label(spread['period'].min(), frequency)}—"
                   f"{labels.period_label(spread['period'].max(), frequency)}") if len(spread) else "—"
    fig = charts.spread_trend(spread, title=f"{indicator['name']}走势 · {f.describe()}",
                              unit=indicator["unit"], period_text=period_text, source=indicator["source"],
                              demo=labels.any_demo(spread), frequency=frequency)
    common.show_figure(fig, key=f"{key}_trend", added=charts.county_lines(series))


def area_indicators(area: str) -> pd.DataFrame:
    """The catalog's indicators of one task area that have county values."""
    indicators = queries.run("common/indicators")
    return indicators[indicators["area"] == area]


def standard(f: filters.Filters, area: str, default: str, layers: tuple[str, ...] = ()) -> pd.Series:
    """The three sections every task-area page opens with; returns the indicator the user mapped."""
    st.subheader("一、对照方案目标")
    area_targets(area, f.as_of)
    st.subheader("二、先进与后进")
    indicator = leaders(f, area_indicators(area), key=area, default=default, layers=layers)
    st.subheader("三、走势")
    if indicator is not None:
        trend(f, indicator, key=area)
    return indicator
