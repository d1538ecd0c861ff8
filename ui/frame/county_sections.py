"""What a county click reruns: the sections that show the selected county, not the whole page.

A click on a map selects a county for every page (filters.select_county). On a task page only a few sections
show which county is selected: the map's outline and the county's card, the trend's compared counties, the
line under a secondary map. Each of them is drawn as a named fragment (`section`), and a click reruns just those
(`rerun_after_click`, Streamlit's keyed fragment reruns): the sidebar, the header, the targets and the other
charts are neither rebuilt nor sent again. A full run of 稳步增长 costs the server ~80 ms, its county sections
~35 ms (bench.click_cpu).

Correctness does not rest on every page getting this right: a full run notes whether anything read the
selected county outside a section (`note_read`, called by filters.selected_county), and a page that did is
rerun whole on a click, as before.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

_SECTIONS = "_county_sections"  # the sections the page's last full run drew: key → True
_READ_OUTSIDE = "_county_read_outside"  # whether that run read the selected county outside them
_RECORDING = "_county_recording"  # a full run is under way (app.py opened it): reads are noted
_PAGE = "_county_sections_page"  # the page (script hash) whose sections those are
_inside = contextvars.ContextVar("inside_county_section", default=False)


def start_full_run() -> None:
    """app.py, before the page: forget the last page's sections and start noting reads of the selection."""
    st.session_state[_SECTIONS] = {}
    st.session_state[_READ_OUTSIDE] = False
    st.session_state[_RECORDING] = True


def end_full_run() -> None:
    """app.py, after the page: what reads later (callbacks, fragment reruns) is not the page's layout."""
    st.session_state[_RECORDING] = False
    st.session_state[_PAGE] = _requested_page()


def _requested_page() -> str:
    """The page this run is for. Streamlit has no public call for it; in a callback it is the page the browser
    asked for, set before callbacks run (ScriptRunner: ctx.reset, then on_script_will_rerun)."""
    ctx = get_script_run_ctx()
    return ctx.page_script_hash if ctx else ""


def note_read() -> None:
    """The selected county was read: outside a section, during a full run, the page must rerun whole."""
    if not _inside.get() and st.session_state.get(_RECORDING):
        st.session_state[_READ_OUTSIDE] = True


def section(name: str, draw: Callable[..., Any], /, *args: Any, run_every: float | None = None, **kwargs: Any) -> Any:
    """draw(*args, **kwargs) as a fragment named name (unique on the page) that a county click reruns; returns
    what draw returns.

    Like any fragment it sits in a container of its own, so what it draws keeps its place on the page, and a
    widget inside it reruns only it (give the widget on_change=full_rerun if more depends on it)."""
    def drawn(*a: Any, **k: Any) -> Any:
        token = _inside.set(True)
        try:
            return draw(*a, **k)
        finally:
            _inside.reset(token)

    if st.session_state.get(_RECORDING):
        st.session_state.setdefault(_SECTIONS, {})[name] = True
    return st.fragment(drawn, key=name, run_every=run_every)(*args, **kwargs)


def rerun_after_click() -> None:
    """From a map's click callback, once the county is selected: rerun only the page's county sections, or the
    whole page if it read the selection elsewhere, has no sections, or is not the page asked for (a callback
    firing as another page opens). Never Streamlit's default: for a map inside a fragment that reruns the fragment
    alone, and the rest of the page went on showing the county before."""
    sections = list(st.session_state.get(_SECTIONS, {}))
    same_page = st.session_state.get(_PAGE) == _requested_page()
    st.rerun(sections if sections and same_page and not st.session_state.get(_READ_OUTSIDE, True) else "app")


def full_rerun() -> None:
    """on_change of a widget inside a section whose value more of the page depends on: rerun the page."""
    st.rerun()
