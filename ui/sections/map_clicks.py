"""What a click on a county map does: select the county for every page, then rerun what shows it.

The click arrives as the chart's selection event, handled in a callback (on_select): it acts once, when the user
clicks. A selection that outlived its click (kept by the widget) and was looked at on every run re-selected its
county on every run, and two such maps on one page selected theirs in turn, forever.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import streamlit as st

from ui.frame import county_sections, filters


def on_select(key: str, on_click: Callable[[str], None] | None, *, outline: bool) -> Callable[[], None]:
    """The callback of the map under key: on_click(adcode) if given; else a map that outlines the selected county
    toggles it, and one that does not selects it (`choose`).

    Plotly keeps its own selection on a map whose figure stays (no outline), so a second click on its county comes
    as no county at all (plotly's deselection), and a third as the county again: a toggle there would clear on the
    third click."""
    return functools.partial(_clicked, key, on_click or (_toggle if outline else choose))


def choose(adcode: str | None) -> None:
    """From a callback: select the county for every page (None clears it), then rerun what shows it."""
    filters.select_county(adcode)
    county_sections.rerun_after_click()


def _clicked(key: str, act: Callable[[str], None]) -> None:
    clicked = clicked_adcode(st.session_state.get(key))
    if clicked:
        act(clicked)
    else:  # plotly's deselection (see on_select): nothing changes, the page need not run again
        county_sections.rerun_after_click()


def _toggle(adcode: str) -> None:
    """A click on an outlined map selects the county; a click on the selected county clears it, as in the BI tools
    (the outline goes: the map changes)."""
    choose(None if adcode == filters.selected_county() else adcode)


def clicked_adcode(event) -> str | None:
    """The county of a selection event: a choropleth's location, or a point's first customdata (its adcode)."""
    points = (event or {}).get("selection", {}).get("points", []) if isinstance(event, dict) else \
        getattr(getattr(event, "selection", None), "points", [])
    for point in points:
        custom = point.get("customdata")
        if custom:
            return str(custom[0])
        if point.get("location"):
            return str(point["location"])
    return None
