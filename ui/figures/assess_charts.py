"""Pure figure builders of the 强县考核 page: the 三匹配 scatter and the biggest movers of the league.

Like ui/charts, they return Plotly figures that carry title, unit, period, source and the demo
mark (through charts.card_layout), and never import streamlit.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui.figures import legend_space, memo
from ui.figures.charts import card_layout, label_width
from ui.figures.maps import unfaded
from ui.style import labels, theme

THREE_MATCH_SOURCE = "省统计局（增加值）、国网湖北省电力公司（用电量）、省税务局（税收）"
MOVERS = 5


def _hover(frame: pd.DataFrame) -> pd.Series:
    """Name, and the three growth rates behind the two gaps."""
    def rate(column: str) -> pd.Series:  # text even when empty: "…" + an empty float Series raises
        return frame[column].map(lambda v: labels.with_unit(v, "%")).astype(object)
    return labels.hover_lines(frame["name"] + "　" + frame["prefecture"], "增加值增速 " + rate("va_growth_pct"),
                              "用电量增速 " + rate("electricity_growth_pct"), "税收增速 " + rate("tax_growth_pct"))


def _labels(rows: pd.DataFrame, reach: float) -> tuple[list[str], list[str]]:
    """Names beside the flagged points, away from the axis, on the other side or left out where they would
    overlap a name already placed (the table below lists every county). Sizes are rough pixels of the card."""
    per_x, per_y = 2 * reach / 600, 2 * reach / 320  # data units per pixel of the plot area
    boxes: list[tuple[float, float, float, float]] = []
    text, sides = [""] * len(rows), ["middle right"] * len(rows)
    order = sorted(range(len(rows)), key=lambda i: -abs(rows["tax_gap_pp"].iloc[i]))  # the farthest first
    for i in order:
        x, y, name = rows["electricity_gap_pp"].iloc[i], rows["tax_gap_pp"].iloc[i], rows["short_name"].iloc[i]
        width, half = (12 * len(name) + 4) * per_x, 8 * per_y
        for side in (("middle right", "middle left") if x >= 0 else ("middle left", "middle right")):
            left = x + 6 * per_x if side == "middle right" else x - 6 * per_x - width
            box = (left, left + width, y - half, y + half)
            if not any(box[0] < b[1] and b[0] < box[1] and box[2] < b[3] and b[2] < box[3] for b in boxes):
                boxes.append(box)
                text[i], sides[i] = name, side
                break
    return text, sides


@memo.figure
def three_match_scatter(frame: pd.DataFrame, *, threshold: float, period_text: str, demo: bool) -> go.Figure:
    """Each county at (electricity − value added, tax − value added): inside the square the three agree."""
    shown = frame.dropna(subset=["electricity_gap_pp", "tax_gap_pp"])
    reach = max(threshold * 1.5, float(shown[["electricity_gap_pp", "tax_gap_pp"]].abs().max().max() or 0) * 1.1)
    fig = go.Figure()
    for flagged, name, colour in ((False, "三项匹配", theme.SEQUENTIAL[3]),
                                  (True, f"偏离超过 {threshold:g} 个百分点", theme.TARGET_BEHIND)):
        rows = shown[shown["flagged"] == flagged]
        text, sides = _labels(rows, reach) if flagged else (None, "middle right")
        fig.add_trace(go.Scatter(
            x=rows["electricity_gap_pp"], y=rows["tax_gap_pp"], mode="markers+text" if flagged else "markers",
            name=f"{name}（{len(rows)}）", text=text, textposition=sides,
            textfont=dict(size=11, color=theme.TEXT), customdata=rows[["adcode"]].to_numpy(),
            hovertext=_hover(rows), hoverinfo="text", unselected=dict(unfaded(), textfont=dict(color=theme.TEXT)),
            marker=dict(size=9 if flagged else 7, color=colour, line=dict(width=0.5, color=theme.BACKGROUND))))
    fig.add_shape(type="rect", x0=-threshold, x1=threshold, y0=-threshold, y1=threshold, layer="below",
                  line=dict(color=theme.TARGET_LINE, width=1, dash="dot"), fillcolor=theme.SEQUENTIAL[0])
    fig.update_xaxes(title_text="用电量增速 − 增加值增速（百分点）", range=[-reach, reach], gridcolor=theme.GRID,
                     zeroline=True, zerolinecolor=theme.MUTED_TEXT)
    fig.update_yaxes(title_text="税收增速 − 增加值增速（百分点）", range=[-reach, reach], gridcolor=theme.GRID,
                     zeroline=True, zerolinecolor=theme.MUTED_TEXT)
    card_layout(fig, title=f"三匹配：用电、税收增速与增加值增速之差 · {period_text}", unit="百分点",
                period_text=f"{period_text}（1—N月累计增速）", source=THREE_MATCH_SOURCE, demo=demo,
                note=f"虚线框内：两项差距均不超过 {threshold:g} 个百分点；框外的县列入核查清单", axis_space=45,
                narrow=True, top=80 + legend_space.legend_px(fig.data))  # beside the check list; the legend
    # sits between subtitle and plot and wraps upwards, so the top margin holds its rows
    fig.update_layout(height=560, clickmode="event+select", dragmode=False,
                      legend=dict(orientation="h", x=0, xanchor="left", y=1.01, yanchor="bottom"))
    return fig


@memo.figure
def movers(frame: pd.DataFrame, *, against: str, period_text: str, demo: bool) -> go.Figure | None:
    """The counties that gained and lost most places (frame: name, moved = places gained), or None if none moved."""
    moved = frame.dropna(subset=["moved"])
    moved = moved[moved["moved"] != 0]
    if moved.empty:
        return None
    up = moved[moved["moved"] > 0].nlargest(MOVERS, "moved")
    down = moved[moved["moved"] < 0].nsmallest(MOVERS, "moved")
    rows = pd.concat([down.iloc[::-1], up.iloc[::-1]]) if len(down) else up.iloc[::-1]
    colours = [theme.TIER_COLOURS[0] if m > 0 else theme.TIER_COLOURS[2] for m in rows["moved"]]
    text = [f"▲{int(m)}" if m > 0 else f"▼{int(-m)}" for m in rows["moved"]]
    fig = go.Figure(go.Bar(x=rows["moved"], y=rows["label"], orientation="h", marker_color=colours, text=text,
                           textposition="outside", cliponaxis=False, hoverinfo="skip", showlegend=False))
    span = max(float(moved["moved"].abs().max()), 1) * 1.3
    fig.update_xaxes(title_text=f"名次变化（较{against}，正为上升）", range=[-span, span], gridcolor=theme.GRID,
                     zeroline=True, zerolinecolor=theme.MUTED_TEXT)
    fig.update_yaxes(automargin=True, tickfont_size=13)
    card_layout(fig, title=f"名次进退最大的县 · 较{against}", unit="名", period_text=period_text,
                source="由本系统按评分细则计算", demo=demo, axis_space=40, label_px=label_width(rows["label"], 13))
    fig.update_layout(height=150 + 30 * len(rows), bargap=0.3)
    return fig
