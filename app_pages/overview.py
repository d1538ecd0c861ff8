"""总览: where does each county stand on any indicator of the plan, and how far is the province from its targets?"""

import streamlit as st

import queries
from ui import charts, filters, labels, sections, task_sections

DEFAULT_INDICATOR = "va_growth_ytd_pct"


def targets_section() -> None:
    """The plan's headline targets with the province's progress and pace."""
    targets = queries.run("common/target_progress", area=None)
    targets["status_text"] = [labels.target_status(t) for _, t in targets.iterrows()]
    fig = charts.target_bullets(targets, period_text="各指标最新一期（见各行）",
                                demo=bool(targets["is_demo"].fillna(False).any()))
    sections.show_figure(fig, key="overview_targets")


def render() -> None:
    f = filters.current()
    st.title("总览")
    indicator = task_sections.leaders(f, queries.run("common/indicators"), key="overview", default=DEFAULT_INDICATOR)
    st.subheader("走势")
    task_sections.trend(f, indicator, key="overview")
    st.subheader("方案目标进展")
    targets_section()


render()
