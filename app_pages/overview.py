"""总览: where does each county stand on any indicator of the plan, and how far is the province from its targets?"""

import streamlit as st

import queries
from ui import filters, task_sections

DEFAULT_INDICATOR = "va_growth_ytd_pct"


def render() -> None:
    f = filters.current()
    st.title("总览")
    indicator = task_sections.leaders(f, queries.run("common/indicators"), key="overview", default=DEFAULT_INDICATOR)
    st.subheader("走势")
    if indicator is not None:
        task_sections.trend(f, indicator, key="overview")
    st.subheader("方案目标进展")
    task_sections.area_targets(None, f.as_of, paths=False)


render()
