"""总览: where does each county stand on any indicator of the plan, and how far is the province from its targets?"""

import streamlit as st

import queries
from ui.frame import filters
from ui.sections import task

DEFAULT_INDICATOR = "va_growth_ytd_pct"


def render() -> None:
    f = filters.current()
    st.title("总览")
    indicator = task.leaders(f, queries.run("common/indicators"), key="overview", default=DEFAULT_INDICATOR)
    st.subheader("走势")
    if indicator is not None:
        task.trend(f, indicator, key="overview")
    st.subheader("方案目标进展")
    task.area_targets(None, f.as_of, paths=False)


render()
