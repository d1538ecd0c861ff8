"""Display modes: 标准, 演示模式 (projector: chrome hidden, large type, maps grown) and 长者模式.

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

from ui.figures import charts
from ui.style import theme

KEY = "mode"
STANDARD, PRESENT, ELDER = "standard", "present", "elder"
LABELS = {STANDARD: "标准", PRESENT: "演示模式", ELDER: "长者模式"}
BUSY_TEXT = "正在更新…"


@dataclass(frozen=True)
class Mode:
    font_px: int  # the root font size: every rem of the page follows it
    text_scale: float  # figure text grows by this factor
    height_scale: float  # and figure height by this one, so the larger text keeps its room
    css: str
    strong_text: bool = False  # muted figure text (sources, axis notes) drawn in the body colour
    map_scale: float = 1.0  # a county map's plot grows by this (it leads the room; its text stays text_scale)
    map_text_px: int | None = None  # a map's title and footer lines when wider than the card's own (演示模式)


# The mode hides Streamlit's header and with it the running indicator; while a run redraws the page its
# old elements are marked stale, so a badge says work is under way (after 0.4 s: a quick click shows nothing).
_PRESENT_CSS = f"""
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], [data-testid='stHeader'],
[data-testid='stToolbar'] {{display:none}}
[data-testid='stMainBlockContainer'] {{max-width:100%; padding:0.5rem 2rem}}
h1 {{font-size:2rem !important; padding:0.25rem 0 !important}}
.stApp:has([data-stale='true'])::after {{content:'{BUSY_TEXT}'; position:fixed; top:0.75rem; right:2rem;
  z-index:999990; padding:0.35rem 1rem; border-radius:1rem; background:{theme.PRIMARY}; color:{theme.BACKGROUND};
  font-size:1rem; animation:present-busy 0.2s 0.4s both}}
@keyframes present-busy {{from {{opacity:0}} to {{opacity:1}}}}
"""
_ELDER_CSS = f"""
body, p, li, label, [data-testid='stMarkdownContainer'] {{color:{theme.ELDER_TEXT}}}
button[kind^='primary'] :is(p, [data-testid='stMarkdownContainer']) {{color:inherit}}
[data-testid='stCaptionContainer'], small {{color:{theme.TEXT} !important}}
button, [role='button'], [data-baseweb='select'] > div, [data-baseweb='tab'] {{min-height:48px}}
a {{color:{theme.PRIMARY}; text-decoration:underline}}
"""
# 演示模式 grows the text more than the height: map and league table still share one 1920×1080 screen.
# A map in 演示模式 grows by 1.3: at 1920×1080 it is drawn about 900 px wide, and with its legend fills the screen.
# In 长者模式 it keeps its height: beside the sidebar it is as wide as in the standard view.
MODES = {STANDARD: Mode(16, 1.0, 1.0, ""), PRESENT: Mode(20, 1.35, 1.15, _PRESENT_CSS, map_scale=1.3,
                                                            map_text_px=640),
         ELDER: Mode(20, 1.3, 1.3, _ELDER_CSS, strong_text=True)}


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
                         help="演示模式：隐藏侧栏，放大字号与地图，便于投影；长者模式：大字、高对比、大按钮")
    if current() == STANDARD:
        st.query_params.pop(KEY, None)
    else:
        st.query_params[KEY] = current()


def _link_mode() -> str:
    """The link's mode; an unknown one opens standard (and the link check, ui/filters, says so)."""
    asked = st.query_params.get(KEY)
    return asked if asked in MODES else STANDARD


def apply() -> None:
    """The page CSS of the current mode, and in 演示模式 a way back (its sidebar is hidden)."""
    mode = MODES[current()]
    st.html(f"<style>html{{font-size:{mode.font_px}px}}{mode.css}</style>")
    if current() == PRESENT:
        st.button("退出演示模式", icon=":material/close_fullscreen:", key="leave_present",
                  on_click=_leave_present, type="tertiary")


def _leave_present() -> None:
    st.session_state[KEY] = STANDARD


def style_figure(fig: go.Figure) -> go.Figure:
    """The figure with its text and height scaled for the current mode (and stronger text in 长者模式).

    Axis and legend text get explicit colours in every mode: Streamlit's Plotly theme would draw
    them in its own light grey (3.7:1 on white, under the 4.5:1 that WCAG asks of text).
    """
    mode = MODES[current()]
    if mode.text_scale == 1.0 and not mode.strong_text:
        # Setting the colours is idempotent, so the figure is changed in place: a copy re-validates
        # every trace, 10-18 % of a page run's CPU (AppTest, warm cache, measured 2026-12-02).
        _readable_text(fig, theme.MUTED_TEXT)
        return fig
    fig = go.Figure(fig)  # a copy: scaling twice would not be idempotent, and a builder's figure may be shown twice
    _readable_text(fig, theme.ELDER_TEXT if mode.strong_text else theme.MUTED_TEXT)
    if mode.text_scale == 1.0:
        return fig
    layout, k = fig.layout, mode.text_scale
    card = (layout.meta or {}).get("card") or {}
    # Larger text: titles and footers cut shorter, then every margin scaled. 演示模式 hides the sidebar, so
    # its maps are wider (716 px at 1366): their lines may be longer.
    charts.fit_card_text(fig, k, mode.map_text_px if card.get("map") else None)
    fig.update_layout(font_size=(layout.font.size or 13) * k)
    for part in (layout.title.font, layout.legend.font):
        if part.size:
            part.size = part.size * k
    fig.for_each_trace(lambda trace: _scale_trace_text(trace, k))  # e.g. county names on a map
    fig.for_each_xaxis(lambda axis: _scale_ticks(axis, k))
    fig.for_each_yaxis(lambda axis: _scale_ticks(axis, k))
    for annotation in layout.annotations:  # the source footer sits a fixed number of pixels under the plot
        if annotation.font.size:
            annotation.font.size = annotation.font.size * k
        if annotation.yshift:
            annotation.yshift = annotation.yshift * k
        if annotation.xshift:  # and starts under the category labels, which grow with the text
            annotation.xshift = annotation.xshift * k
        if mode.strong_text and annotation.font.color == theme.MUTED_TEXT:
            annotation.font.color = theme.ELDER_TEXT
    margin = layout.margin
    top, bottom = (margin.t or 80) * k, (margin.b or 40) * k
    fig.update_layout(margin=dict(t=top, b=bottom, l=(margin.l or 10) * k))
    if card.get("plot_height"):  # rows of bars, maps: the plot grows like the height, the margins like the text
        grow = mode.map_scale if card.get("map") else mode.height_scale
        fig.update_layout(height=card["plot_height"] * grow + top + bottom)
    elif layout.height:
        fig.update_layout(height=layout.height * mode.height_scale)
    return fig


def _readable_text(fig: go.Figure, colour: str) -> None:
    # Attribute by attribute: the same layout as update_xaxes/update_layout with magic underscores, at
    # half their cost (about 2 ms a figure saved, a few per page run; measured 2026-12-02).
    for axis in (*fig.select_xaxes(), *fig.select_yaxes()):
        axis.tickfont.color = colour
        axis.title.font.color = colour
    fig.layout.legend.title.font.color = colour
    fig.layout.legend.font.color = theme.TEXT


def _scale_ticks(axis, k: float) -> None:
    if axis.tickfont.size:
        axis.tickfont.size = axis.tickfont.size * k


def _scale_trace_text(trace, k: float) -> None:
    font = getattr(trace, "textfont", None)
    if font is not None and isinstance(font.size, (int, float)):
        font.size = font.size * k
