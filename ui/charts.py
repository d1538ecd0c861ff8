"""Pure chart builders: each returns a Plotly figure that carries its title, unit, period, source and demo mark.

Every figure goes through `card_layout`, so a chart pasted on a slide as it stands still says
what it shows, in which unit, for which period, from which source — and that it is demo data.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from ui import labels, theme


def card_layout(fig: go.Figure, *, title: str, unit: str, period_text: str, source: str, demo: bool,
                note: str | None = None, axis_space: int = 0) -> go.Figure:
    """Title with unit, a source line (and note) under the plot, and the 演示数据 watermark for demo data.

    axis_space: pixels the x axis (ticks and title) takes below the plot, so the source line goes under it.
    """
    subtitle = f"单位：{unit}　期别：{period_text}" if unit else f"期别：{period_text}"
    if demo:  # the badge sits in the subtitle: the mode bar covers the top-right corner on hover
        subtitle += f"　<span style='color:{theme.DEMO_BADGE}'><b>【{labels.DEMO_MARK}】</b></span>"
    fig.update_layout(
        title=dict(text=title, subtitle_text=subtitle, x=0.01, xanchor="left", font_size=20),
        font=dict(family=theme.FONT_FAMILY, color=theme.TEXT, size=13),
        paper_bgcolor=theme.BACKGROUND, plot_bgcolor=theme.BACKGROUND,
        margin=dict(l=10, r=10, t=80, b=axis_space + (70 if note else 50)),
    )
    footer = labels.source_line(source, period_text, demo)
    if note:
        footer = f"{footer}<br>{note}"
    fig.add_annotation(text=footer, xref="paper", yref="paper", x=0, y=0, yshift=-8 - axis_space, xanchor="left",
                       yanchor="top", showarrow=False, align="left", font=dict(size=11, color=theme.MUTED_TEXT))
    if demo:
        add_demo_mark(fig)
    return fig


def add_demo_mark(fig: go.Figure) -> go.Figure:
    """A large diagonal 演示数据 across the plot: it survives screenshots, exports and cropping."""
    fig.add_annotation(text=labels.DEMO_MARK, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False,
                       textangle=-20, font=dict(size=72, color=theme.DEMO_MARK), name="demo-watermark")
    return fig


def target_bullets(targets: pd.DataFrame, *, period_text: str, demo: bool) -> go.Figure:
    """The plan's headline targets as horizontal progress bars (0–100% of the 2027 target)."""
    rows = targets.iloc[::-1]  # plotly draws bottom-up; keep the table order top-down
    progress = rows["progress_pct"].fillna(0).clip(0, 100)
    colours = [theme.TARGET_MET if met else theme.TARGET_OPEN for met in rows["met"].fillna(False)]
    fig = go.Figure(go.Bar(
        x=progress, y=rows["label"], orientation="h", marker_color=colours, text=rows["status_text"],
        textposition="outside", cliponaxis=False, hovertext=rows["note"], hoverinfo="text",
        name="进度",
    ))
    fig.add_vline(x=100, line_color=theme.TARGET_LINE, line_width=1.5, line_dash="dot")
    fig.update_xaxes(range=[0, 150], ticksuffix="%", title_text="完成进度（占2027年目标的比例）",
                     tickvals=[0, 25, 50, 75, 100])
    fig.update_yaxes(automargin=True, tickfont_size=14)
    card_layout(fig, title="方案主要目标进展（全省）", unit="%", period_text=period_text,
                source="省经信厅（各指标数据来源见指标目录）", demo=demo, axis_space=55)
    fig.update_layout(height=90 + 38 * len(rows), showlegend=False, bargap=0.35)
    return fig


def trend(series: pd.DataFrame, *, title: str, unit: str, period_text: str, source: str, demo: bool,
          county_name: str) -> go.Figure:
    """One county's series beside the province median (frame: period, value, province_median)."""
    fig = go.Figure([
        go.Scatter(x=series["period"], y=series["value"], name=county_name, mode="lines+markers",
                   line=dict(color=theme.PRIMARY, width=2.5)),
        go.Scatter(x=series["period"], y=series["province_median"], name="全省各县中位数", mode="lines",
                   line=dict(color=theme.MUTED_TEXT, width=1.5, dash="dash")),
    ])
    fig.update_xaxes(tickformat="%Y年%-m月", showgrid=False)
    fig.update_yaxes(title_text=labels.with_unit_title("", unit).strip(), gridcolor="#e5e7eb", zeroline=True)
    card_layout(fig, title=title, unit=unit, period_text=period_text, source=source, demo=demo, axis_space=30)
    fig.update_layout(height=380, legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"))
    return fig
