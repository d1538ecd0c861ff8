"""Display modes: 标准, 演示模式 (projector: chrome hidden, large type, classes fixed across periods) and 长者模式.

The mode is a URL parameter (?mode=present / ?mode=elder), so a link opens in the same mode.
Page type scales with the root font size (Streamlit sizes in rem); figures are scaled where
they are shown (ui/sections.show_figure), so chart builders stay mode-free.
长者模式 follows the 适老化 practice for government sites: larger base font, near-black text,
click targets of at least 48 px. Every mode keeps the colour-blind-safe palettes of ui/theme.
"""

from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go
import streamlit as st

from ui import theme

KEY = "mode"
STANDARD, PRESENT, ELDER = "standard", "present", "elder"
LABELS = {STANDARD: "标准", PRESENT: "演示模式", ELDER: "长者模式"}


@dataclass(frozen=True)
class Mode:
    font_px: int  # the root font size: every rem of the page follows it
    figure_scale: float  # figure text (and for projection, figure height) grows by this factor
    css: str


_PRESENT_CSS = """
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[data-testid='stToolbar'] {display:none}
[data-testid='stMainBlockContainer'] {max-width:100%; padding:1rem 2rem}
"""
_ELDER_CSS = f"""
body, p, li, label, [data-testid='stMarkdownContainer'] {{color:{theme.ELDER_TEXT}}}
[data-testid='stCaptionContainer'], small {{color:{theme.TEXT} !important}}
button, [role='button'], [data-baseweb='select'] > div, [data-baseweb='tab'] {{min-height:48px}}
a {{color:{theme.PRIMARY}; text-decoration:underline}}
"""
MODES = {STANDARD: Mode(16, 1.0, ""), PRESENT: Mode(20, 1.35, _PRESENT_CSS), ELDER: Mode(20, 1.3, _ELDER_CSS)}


def current() -> str:
    """The mode of this run (standard until the sidebar control is drawn)."""
    mode = st.session_state.get(KEY) or STANDARD
    return mode if mode in MODES else STANDARD


def picker() -> None:
    """The mode control in the sidebar; the link carries ?mode=present / elder (standard: no parameter).

    Synced by hand rather than with bind=: a bound widget writes its Chinese label into the
    link, and ?mode=present is the link people type and the tests use.
    """
    if KEY not in st.session_state:  # a fresh session opens in the link's mode
        st.session_state[KEY] = _link_mode()
    st.segmented_control("显示模式", list(MODES), format_func=LABELS.get, key=KEY,
                         help="演示模式：隐藏侧栏，放大字号与图表，各期分级统一，便于投影；长者模式：大字、高对比、大按钮")
    if current() == STANDARD:
        st.query_params.pop(KEY, None)
    else:
        st.query_params[KEY] = current()


def _link_mode() -> str:
    asked = st.query_params.get(KEY)
    if asked is None or asked in MODES:
        return asked or STANDARD
    st.toast("链接中的显示模式无法识别，已按标准模式显示。", icon=":material/link_off:")
    return STANDARD


def apply() -> None:
    """The page CSS of the current mode, and in 演示模式 a way back (its sidebar is hidden)."""
    mode = MODES[current()]
    st.html(f"<style>html{{font-size:{mode.font_px}px}}{mode.css}</style>")
    if current() == PRESENT:
        st.button("退出演示模式", icon=":material/close_fullscreen:", key="leave_present",
                  on_click=_leave_present, type="tertiary")


def _leave_present() -> None:
    st.session_state[KEY] = STANDARD


def fixed_classes() -> bool:
    """True in 演示模式: colour classes are cut over every period, so consecutive months share one legend."""
    return current() == PRESENT


def style_figure(fig: go.Figure) -> go.Figure:
    """The figure with its text (and, for projection, its height) scaled for the current mode."""
    mode_name = current()
    factor = MODES[mode_name].figure_scale
    if factor == 1.0:
        return fig
    fig = go.Figure(fig)  # a copy: a builder's figure may be shown twice
    layout = fig.layout
    fig.update_layout(font_size=(layout.font.size or 13) * factor)
    if layout.title.font.size:
        fig.update_layout(title_font_size=layout.title.font.size * factor)
    if layout.legend.font.size:
        fig.update_layout(legend_font_size=layout.legend.font.size * factor)
    for annotation in layout.annotations:  # the source footer sits a fixed number of pixels under the plot
        if annotation.font.size:
            annotation.font.size = annotation.font.size * factor
        if annotation.yshift:
            annotation.yshift = annotation.yshift * factor
    margin = layout.margin
    fig.update_layout(margin=dict(t=(margin.t or 80) * factor, b=(margin.b or 40) * factor))
    if layout.height:  # larger text needs the room: taller, never narrower
        fig.update_layout(height=layout.height * factor)
    return fig
