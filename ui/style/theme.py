"""Colours of the dashboard in one place: palette, classed and diverging ramps, semantic colours.

Ramps are ColorBrewer schemes that stay distinguishable under red–green colour blindness;
`.streamlit/config.toml` repeats PRIMARY and the text colours (Streamlit reads only that file).
"""

from __future__ import annotations

PRIMARY = "#1f5fa8"  # 经信蓝: titles, links, the selected county outline
TEXT = "#10141a"  # .streamlit/config.toml textColor: captions (60 % of it) keep 4.5:1 on white
MUTED_TEXT = "#5f6b7a"
ELDER_TEXT = "#000000"  # 长者模式: black body text, and captions as dark as standard body text
BACKGROUND = "#ffffff"
BORDER = "#ffffff"  # county borders: white lines read as boundaries on every fill
SELECTED_BORDER = "#111111"

GRID = "#e5e7eb"  # axis grid lines: visible on screen and projector, quieter than any data
POINT_BASE = "#eef2f7"  # county fill under point maps: the points carry the data
PARK_KIND_COLOURS = {"综合": "#08519c", "化工": "#e08214"}
NO_DATA = "#bdbdbd"  # counties in the filter without a value: a mid grey, listed in the legend
OTHER_CATEGORY = "#d9cbb0"  # a categorical map's 其他: warm grey, apart from 无数据 and the filtered-out fill
FILTERED_OUT = "#f0f0f0"  # counties outside the filter: almost background, listed in the legend
DEMO_MARK = "rgba(200, 30, 30, 0.16)"  # the 演示数据 watermark: visible, never hides the data
DEMO_BADGE = "#c81e1e"

# Sequential (Blues) and diverging (orange–purple, PuOr) ramps, light to dark / negative to positive.
SEQUENTIAL = ("#deebf7", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
DIVERGING = ("#b35806", "#f1a340", "#fee0b6", "#d8daeb", "#998ec3", "#542788")

# Lines of compared counties: Okabe–Ito, distinguishable under colour blindness.
COMPARE_COLOURS = ("#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9")
# Overlay outlines (metro circles, clusters, bases): dark, saturated, apart from the fill ramps.
OVERLAY_COLOURS = ("#111111", "#d55e00", "#009e73", "#cc79a7", "#0072b2")
GROWTH_LEVEL_COLOURS = {  # 工业增长点 tracking levels, largest projects darkest
    "省级跟踪（≥10亿元）": "#08519c", "市级跟踪（≥1亿元）": "#e08214", "县级跟踪（≥2000万元）": "#009e73",
    "未达跟踪线（<2000万元）": "#bdbdbd",
}
# Honour tiers as points over the blue county ramp: greens, darkest = highest.
HONOUR_TIER_COLOURS = {"国家级": "#00441b", "省级": "#238b45", "市级": "#74c476"}
# A named list's members on 全省一张图: at the point of the park or firm, or only at their county.
LIST_POINT_COLOURS = {"登记位置": "#cc79a7", "县域示意位置": "#f5b8d9"}
GROWTH_STATUS_COLOURS = {"在建": COMPARE_COLOURS[4], "投产": COMPARE_COLOURS[0], "达效": COMPARE_COLOURS[2]}
TIER_COLOURS = ("#08519c", "#9ecae1", "#e08214")  # 先进 / 中游 / 后进: blue to orange, colour-blind safe
TARGET_MET = "#08519c"  # a target reached: the darkest blue of the ramp
TARGET_OPEN = "#6baed6"  # open but on the path to the target year: the ramp's middle blue
TARGET_BEHIND = "#e08214"  # behind the path: orange, told apart from blue under red–green colour blindness
TARGET_MISSED = "#b35806"  # a year's target missed: the darker orange
TARGET_LINE = "#111111"

FONT_FAMILY = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, PingFang SC, sans-serif"


def sequential(n: int) -> list[str]:
    """n colours of the sequential ramp, light to dark."""
    if n <= len(SEQUENTIAL):
        step = (len(SEQUENTIAL) - 1) / max(n - 1, 1)
        return [SEQUENTIAL[round(i * step)] for i in range(n)]
    raise ValueError(f"at most {len(SEQUENTIAL)} classes")


def diverging(n_negative: int, n_positive: int) -> list[str]:
    """Colours for classes below zero (orange side) then above zero (purple side)."""
    half = len(DIVERGING) // 2
    if n_negative > half or n_positive > half:
        raise ValueError(f"at most {half} classes on each side of zero")
    return list(DIVERGING[half - n_negative:half]) + list(DIVERGING[half:half + n_positive])


def rgba(colour: str, alpha: int = 255) -> list[int]:
    """A theme colour as pydeck wants it: [r, g, b, a], 0–255 ("#1f5fa8" or "rgba(r, g, b, a)")."""
    if colour.startswith("#"):
        return [int(colour[i:i + 2], 16) for i in (1, 3, 5)] + [alpha]
    r, g, b, *_ = (float(v) for v in colour[colour.index("(") + 1:colour.index(")")].split(","))
    return [int(r), int(g), int(b), alpha]
