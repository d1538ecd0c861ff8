"""The 会议材料 button: one click builds the 16:9 PPTX deck of the current filters and of what the presenter chose on
each task page (indicator, colouring, overlays), with a progress bar; optionally against a meeting snapshot."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import queries
from ui.figures import memo
from ui.files import meeting_pack
from ui.frame import filters
from ui.style import labels

DECK = "meeting_deck"  # session state: (the filters it was built for, file name, bytes)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _file_name(f: filters.Filters, demo: bool) -> str:
    name = f"会议材料_{labels.period_label(f.as_of)}_{f.describe()}".replace(" · ", "_")
    return f"{name}_{labels.DEMO_MARK}.pptx" if demo else f"{name}.pptx"


CHOICES = "meeting_choices"  # session state: task page → meeting_pack.Choice, the map it showed last


def remember_choice(page: str, indicator: str, method: str, layers: tuple[str, ...]) -> None:
    """Kept outside the widgets' state, which Streamlit drops once the presenter moves to another page."""
    st.session_state.setdefault(CHOICES, {})[page] = meeting_pack.Choice(indicator, method, tuple(layers))


def presenter_choices() -> dict[str, meeting_pack.Choice]:
    """What each task page's map showed in this session, for the pages the presenter opened."""
    return dict(st.session_state.get(CHOICES, {}))


def _snapshot_picker():
    """The meeting snapshot to compare with on the 自上次会议以来 slide (the newest by default), or None."""
    saved = queries.run("snapshot/snapshots").set_index("snapshot_id")
    if saved.empty:
        return None
    names = _snapshot_names(saved)
    chosen = st.selectbox("对比会议快照", [None, *names], index=1, key="deck_snapshot",
                          format_func=lambda i: "不对比" if i is None else names[i])
    return None if chosen is None else saved.loc[chosen]


@memo.table  # on every task page's every run: iterrows was a percent of it
def _snapshot_names(saved: pd.DataFrame) -> dict:
    """snapshot_id → 名称（期别）."""
    return {i: f"{name}（{labels.period_label(as_of)}）" for i, name, as_of in zip(saved.index, saved["name"],
                                                                                 saved["as_of"])}


def deck_button(f: filters.Filters) -> None:
    """Build on click (10–20 s) and offer the file; a deck built for other filters or choices is not offered."""
    snapshot = _snapshot_picker()
    wanted = (f, presenter_choices(), None if snapshot is None else int(snapshot.name))
    built = st.session_state.get(DECK)
    if built and built[0] == wanted:
        st.download_button("下载会议材料（PPTX）", built[2], file_name=built[1], mime=PPTX, key="deck_download",
                           icon=":material/download:", type="primary", on_click="ignore")
    if st.button("生成会议材料", icon=":material/slideshow:", key="deck_build",
                 help="按当前期别与筛选生成16:9演示文稿：封面，每项任务的地图（各页所选指标与着色）、排行与目标进展，"
                      "强县考核赛马，以及与所选会议快照的对比"):
        bar = st.progress(0.0, text="准备会议材料…")
        deck = meeting_pack.build_deck(f.as_of, f.query_params(), choices=wanted[1], snapshot=snapshot,
                                       progress=lambda p, m: bar.progress(p, text=m), industry=f.industry)
        bar.empty()
        st.session_state[DECK] = (wanted, _file_name(f, bool(st.session_state.get("has_demo"))), deck)
        st.rerun()
