"""The 会议材料 button: one click builds the 16:9 PPTX deck of the current filters, with a progress bar."""

from __future__ import annotations

import streamlit as st

from ui.files import meeting_pack
from ui.frame import filters
from ui.style import labels

DECK = "meeting_deck"  # session state: (the filters it was built for, file name, bytes)
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _file_name(f: filters.Filters, demo: bool) -> str:
    name = f"会议材料_{labels.period_label(f.as_of)}_{f.describe()}".replace(" · ", "_")
    return f"{name}_{labels.DEMO_MARK}.pptx" if demo else f"{name}.pptx"


def deck_button(f: filters.Filters) -> None:
    """Build on click (10–20 s) and offer the file; a deck built for other filters is not offered."""
    built = st.session_state.get(DECK)
    if built and built[0] == f:
        st.download_button("下载会议材料（PPTX）", built[2], file_name=built[1], mime=PPTX, key="deck_download",
                           icon=":material/download:", type="primary", on_click="ignore")
    if st.button("生成会议材料", icon=":material/slideshow:", key="deck_build",
                 help="按当前期别与筛选生成16:9演示文稿：封面，及每项任务的地图、排行与目标进展"):
        bar = st.progress(0.0, text="准备会议材料…")
        deck = meeting_pack.build_deck(f.as_of, f.query_params(), progress=lambda p, m: bar.progress(p, text=m))
        bar.empty()
        st.session_state[DECK] = (f, _file_name(f, bool(st.session_state.get("has_demo"))), deck)
        st.rerun()
