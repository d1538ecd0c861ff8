"""The timeline under an indicator map: a slider over the published periods and a play button.

A Streamlit select_slider bound to the URL rather than Plotly animation frames: frames play in the
browser, but their position never reaches the server, so the link, the league table and the selected
county's card would stay on the latest period. The map section runs as a fragment (ui.sections.task),
so a move of the slider reruns the map and its table only, not the page; while playing, the fragment
reruns every PLAY_SECONDS and moves one period on. The classes are cut from every period pooled
(specs.pooled_class_values), so the legend stays put while the map moves.
"""

from __future__ import annotations

import time
from datetime import date

import pandas as pd
import streamlit as st

from ui.frame import filters
from ui.style import labels

PLAY_SECONDS = 1.5  # long enough to read a month's map, short enough that 46 months play in about a minute


def periods(indicator: pd.Series, as_of: date, industry: str | None = None) -> list[date]:
    """The indicator's periods published at the as-of month, oldest first (an industry's measures: its own)."""
    return filters.published_periods(indicator.name, as_of, industry)


def playing(key: str) -> bool:
    return bool(st.session_state.get(_play_key(key)))


def control(key: str, options: list[date], frequency: str, *, timer_on: bool, indicator_id: str) -> date:
    """Play button and period slider (bound to the link); returns the period to show.

    timer_on: whether the page run set the fragment's timer (it did if playing then).
    """
    slider_key, play_key, shown_key = f"{key}_period", _play_key(key), f"{key}_period_of"
    # Another indicator opens on its latest period (2025年 of a yearly one is not 2025年1月 of a monthly one);
    # so does a new as-of month that no longer has the period. A link's own period stays.
    moved_on = st.session_state.get(shown_key, indicator_id) != indicator_id
    if moved_on or st.session_state.get(slider_key) not in options:
        st.session_state.pop(slider_key, None)
    st.session_state[shown_key] = indicator_id
    if timer_on and playing(key):
        _step(key, options)
    if len(options) < 2:
        return options[-1]
    play_col, slider_col = st.columns([1, 5], vertical_alignment="bottom")
    play_col.toggle("播放", key=play_key, on_change=_play_toggled, args=(key, options),
                    help=f"每{PLAY_SECONDS:g}秒前进一期，至最新一期停止；各期图例一致")
    period = slider_col.select_slider("期别", options, value=options[-1], key=slider_key, bind=filters.URL,
                                      format_func=lambda p: labels.period_label(p, frequency))
    if playing(key) != timer_on:  # the fragment's timer is set by the page run: start or stop it there
        st.rerun(scope="app")
    return period


def _play_key(key: str) -> str:
    return f"{key}_play"


def _step(key: str, options: list[date]) -> None:
    """One period on, once per PLAY_SECONDS whatever reran the fragment; past the last, playing stops."""
    slider_key, stepped_key = f"{key}_period", f"{key}_stepped_at"
    if time.monotonic() - st.session_state.get(stepped_key, 0.0) < PLAY_SECONDS * 0.8:
        return
    st.session_state[stepped_key] = time.monotonic()
    current = st.session_state.get(slider_key, options[-1])
    at = options.index(current) if current in options else len(options) - 1
    if at + 1 < len(options):
        st.session_state[slider_key] = options[at + 1]
    else:
        st.session_state[_play_key(key)] = False


def _play_toggled(key: str, options: list[date]) -> None:
    """Play pressed at the latest period starts from the first (and shows it a full step). Stop pins the period
    this run shows: a timer run that the click cut short may already have moved the browser's slider, and with it
    the link, one period past the map (seen under load: the link said 2023年8月 under a map of 2023年7月)."""
    slider_key = f"{key}_period"
    current = st.session_state.get(slider_key, options[-1])
    if playing(key) and current == options[-1]:
        st.session_state[slider_key] = options[0]
    elif not playing(key) and current in options:
        st.session_state[slider_key] = current  # set, so the slider (and its link) are sent this run's value
    st.session_state[f"{key}_stepped_at"] = time.monotonic()
