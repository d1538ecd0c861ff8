"""Pure chart builders: each returns a Plotly figure that carries its title, unit, period, source and demo mark.

Every figure goes through `card_layout`, so a chart pasted on a slide as it stands still says
what it shows, in which unit, for which period, from which source — and that it is demo data.
"""

from __future__ import annotations

import re

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ui.figures import memo
from ui.style import labels, theme

# Plotly wraps no title or annotation; it clips them at the figure's edge. So the card's texts are cut
# into lines that fit the narrowest place a chart is shown (beside its table on a 1366 px screen: about
# 400 px for text), in the display mode's text size (ui.frame.modes calls fit_card_text with its scale).
# Footers are cut on every chart; titles and subtitles on the narrow ones (maps, charts beside a table).
NARROW_TEXT_PX = 400
MAP_TEXT_PX = 340  # a map's lines: it stands alone on a phone (390 px screen, a 358 px figure), text 340 px
TITLE_PX, SUBTITLE_PX, FOOTER_PX = 20, 14, 11
TITLE_LINE_PX, SUBTITLE_LINE_PX, FOOTER_LINE_PX = 26, 18, 16
TITLE_PAD_PX = 14  # the title's first line from the figure's top
# plotly.js sets a one-line title's baseline 0.7 em (its CAP_SHIFT) under the anchor; a title of several lines gets a
# tspan per line whose dy counts from 0 em, which drops that shift: the whole title rises 0.7 em, however many lines
# it has (measured in chromium: 14 px at 20 px, 19 at 27). Its later lines go down, 1.3 em apart (TITLE_LINE_PX).
TITLE_CAP_SHIFT_EM = 0.7
FOOTER_NAME = "card-footer"
BULLETS_PLOT_MIN_HEIGHT = 80  # one target's bar still gets a readable band
PLAN_BASELINE = pd.Timestamp(2023, 12, 1)  # the plan runs 2024–2027 from the end-2023 level
SMALL_TITLE_CHARS = 8  # a longer title of a small chart (target paths) goes on two lines


def card_layout(fig: go.Figure, **card_args) -> go.Figure:
    """The card (see `card`) laid over a built figure, in one layout update; annotations it already has stay."""
    layout = card(**card_args)
    layout["annotations"] = [*fig.layout.annotations, *layout["annotations"]]
    fig.update_layout(layout)
    return fig


def card(*, title: str, unit: str, period_text: str, source: str, demo: bool, note: str | None = None,
         axis_space: int = 0, narrow: bool = False, top: int = 80, label_px: int = 0, plot_height: int | None = None,
         is_map: bool = False) -> dict:
    """The layout of a card: title with unit, a source line (and note) under the plot, and the 演示数据 watermark
    for demo data. A plain dict, so a builder can make its figure in one step (plotly's object model costs several
    milliseconds per update).

    axis_space: pixels the x axis (ticks and title) or the legend takes below the plot, so the source
    line goes under it. narrow: the chart may be shown in half the page, so a long title or subtitle is
    cut into lines too. top: the top margin for a one-line title and subtitle. label_px: the width of
    the category labels left of the plot (label_width); the footer starts under them, not under the plot.
    plot_height: the plot's own height (rows of bars); the figure is that plus its margins, however many
    lines the title and footer take. is_map: a county map, which 演示模式 grows more than other charts.
    """
    subtitle_parts = [f"单位：{unit}"] if unit else []
    subtitle_parts.append(f"期别：{period_text}")
    if demo:  # the badge sits in the subtitle: the mode bar covers the top-right corner on hover
        subtitle_parts.append(f"<span style='color:{theme.DEMO_BADGE}'><b>【{labels.DEMO_MARK}】</b></span>")
    # One fact per line: a chart with wide axis labels leaves little width under its plot.
    footer = list(filter(None, (labels.source_line(source, period_text, demo=False),
                                labels.DEMO_NOTE if demo else None, note)))
    spec = dict(title=title, subtitle="　".join(subtitle_parts), footer=footer, narrow=narrow, top=top,
                axis_space=axis_space, label_px=label_px, plot_height=plot_height, map=is_map,
                text_px=MAP_TEXT_PX if is_map else NARROW_TEXT_PX)
    text = card_text(spec, 1.0)
    # The title pinned to the top: by default plotly centres it in the top margin, so room added there
    # for more title lines or a legend above the plot would go half above the title.
    text["title"].update(x=0.01, xanchor="left", y=1, yanchor="top", yref="container", font=dict(size=TITLE_PX))
    footer_note = dict(name=FOOTER_NAME, text=text.pop("footer"), xref="paper", yref="paper", x=0, y=0,
                       xshift=-label_px, yshift=-8 - axis_space, xanchor="left", yanchor="top", showarrow=False,
                       align="left", font=dict(size=FOOTER_PX, color=theme.MUTED_TEXT))
    return dict(meta={"card": spec}, font=dict(family=theme.FONT_FAMILY, color=theme.TEXT, size=13),
                paper_bgcolor=theme.BACKGROUND, plot_bgcolor=theme.BACKGROUND,
                annotations=[footer_note, *([DEMO_WATERMARK] if demo else [])], **text)


def card_text(card: dict, scale: float, text_px: int | None = None) -> dict:
    """The card's title, subtitle (narrow charts only) and footer cut into lines of text_px (by default the
    card's own width for text) for text `scale` times the standard size, and the margins (and height) those
    lines need, in standard pixels (ui.frame.modes scales them after): layout keys, and the footer's text."""
    text_px = text_px or card.get("text_px", NARROW_TEXT_PX)

    def cut(text: str, font_px: int, breaks: str, wanted: bool = True) -> list[str]:
        return labels.wrap_text(text, text_px / (font_px * scale), breaks) if wanted else [text]

    titles = cut(card["title"], TITLE_PX, labels.TITLE_BREAKS, card["narrow"])
    subtitles = cut(card["subtitle"], SUBTITLE_PX, labels.SUBTITLE_BREAKS, card["narrow"])
    footer = [piece for line in card["footer"] for piece in cut(line, FOOTER_PX, labels.FOOTER_BREAKS)]
    top = card["top"] + TITLE_LINE_PX * (len(titles) - 1) + SUBTITLE_LINE_PX * (len(subtitles) - 1)
    bottom = card["axis_space"] + 16 + FOOTER_LINE_PX * len(footer)
    # A title of several lines is padded down by the 0.7 em plotly lifts it, so its first line stays where a
    # one-line title's is and its other lines take exactly the room added to the top margin above. (Padding it
    # by a line per extra line, as before, put a three-line title 38 px (51 in 演示模式) lower than the margin held:
    # its subtitle ran over the map.)
    title_pad = TITLE_PAD_PX + (TITLE_CAP_SHIFT_EM * TITLE_PX * scale if len(titles) > 1 else 0)
    text = dict(title=dict(text="<br>".join(titles), subtitle=dict(text="<br>".join(subtitles)),
                           pad=dict(t=title_pad)),
                margin=dict(l=10 + card["label_px"], r=10, t=top, b=bottom), footer="<br>".join(footer))
    if card.get("plot_height"):
        text["height"] = card["plot_height"] + top + bottom
    return text


def fit_card_text(fig: go.Figure, scale: float, text_px: int | None = None) -> None:
    """The card's text of a built figure cut again for text `scale` times the standard size (card_text)."""
    spec = (fig.layout.meta or {}).get("card")
    if not spec:
        return
    text = card_text(spec, scale, text_px)
    footer = text.pop("footer")
    fig.update_layout(text)
    fig.update_annotations(selector=dict(name=FOOTER_NAME), text=footer)


def label_width(names, font_px: int) -> int:
    """Pixels the widest category label takes (its lines, each in its own font-size if it sets one)."""
    widths = [labels.text_em(line) * int((re.findall(r"font-size:(\d+)px", line) or [font_px])[0])
              for name in names for line in str(name).split("<br>")]
    return int(max(widths, default=0)) + 12


# A large diagonal 演示数据 across the plot: it survives screenshots, exports and cropping.
DEMO_WATERMARK = dict(text=labels.DEMO_MARK, xref="paper", yref="paper", x=0.5, y=0.5, showarrow=False, textangle=-20,
                      font=dict(size=72, color=theme.DEMO_MARK), name="demo-watermark")


def target_colour(met: bool | None, on_track: bool | None) -> str:
    """Reached, on the straight path to 2027, or behind it."""
    if met is True:
        return theme.TARGET_MET
    if on_track is None or pd.isna(on_track):  # no 2023 baseline: the pace is unknown
        return theme.NO_DATA
    return theme.TARGET_OPEN if on_track else theme.TARGET_BEHIND


@memo.figure
def target_paths(series: pd.DataFrame, *, title: str, demo: bool) -> go.Figure:
    """Each target's measure over time beside the straight path from the 2023 baseline to the target.

    The unit rides in each small chart's title: as a vertical axis title 个 read as an arrow (←). Every target
    is a floor to reach, so one met at the baseline has a flat path at the target, not one down to it."""
    targets = list(dict.fromkeys(series["target_id"]))
    first = series.drop_duplicates("target_id").set_index("target_id").loc[targets]
    fig = make_subplots(rows=1, cols=len(targets), horizontal_spacing=0.08,
                        subplot_titles=[_small_title(name, unit) for name, unit in zip(first["label"], first["unit"])])
    for col, target in enumerate(targets, start=1):
        rows = series[series["target_id"] == target]
        unit, goal = first.at[target, "unit"], first.at[target, "target_value"]
        fig.add_trace(go.Scatter(x=rows["period_end"], y=rows["current_value"], mode="lines+markers", name="实际",
                                 line=dict(color=theme.PRIMARY, width=2.5), showlegend=col == 1,
                                 hovertemplate=f"%{{x|%Y年%-m月}}：%{{y:,.1f}} {unit}<extra>实际</extra>"), 1, col)
        path_x = [PLAN_BASELINE, pd.Timestamp(int(first.at[target, "target_year"]), 12, 1)]
        baseline = first.at[target, "baseline_value"]
        path_y = [min(baseline, goal) if pd.notna(baseline) else baseline, goal]
        fig.add_trace(go.Scatter(x=path_x, y=path_y, mode="lines+markers", name="达标路径（线性至目标年）",
                                 line=dict(color=theme.TARGET_LINE, width=1.5, dash="dot"), showlegend=col == 1,
                                 hovertemplate=f"%{{x|%Y年%-m月}}：%{{y:,.1f}} {unit}<extra>路径</extra>"), 1, col)
    fig.update_yaxes(gridcolor=theme.GRID, rangemode="tozero")
    # Yearly values stand for the year's end (the period line starts at 2023年末; a point's hover gives its month):
    # bare years are short enough to stand upright in a quarter of the card at 1366 px, where 2023年末 … were
    # turned and ran into the footer. (A longer period line, 各年末，…, ran past the card's edge in 长者模式.)
    year_ends = [pd.Timestamp(y, 12, 1) for y in range(PLAN_BASELINE.year, 2028)]
    fig.update_xaxes(tickvals=year_ends, ticktext=[str(t.year) for t in year_ends], showgrid=False,
                     range=[pd.Timestamp(PLAN_BASELINE.year, 8, 1), pd.Timestamp(2028, 3, 1)])
    latest = labels.period_label(series["period_end"].max(), "monthly")  # a yearly value counts at its December
    card_layout(fig, title=title, unit="见各分图", period_text=f"2023年末—{latest}",
                source="省经信厅（按指标目录）", demo=demo, axis_space=25, top=128)
    # The legend on the title's line, at the figure's top right: above the plot it met the subtitle in
    # 长者模式's larger text.
    fig.update_layout(height=360, legend=dict(orientation="h", xref="container", x=0.99,
                                                            xanchor="right", yref="container", y=0.99, yanchor="top"))
    return fig


def _small_title(label: str, unit: str) -> str:
    """A small chart's title with its unit; a long one on two lines of about equal length, the unit ending the second
    (a quarter of the card is ~170 px at 1366: 有百亿级企业的重点县市 on one line ran past its edge in 长者模式)."""
    unit_text = f"（{unit}）"
    if len(label) <= SMALL_TITLE_CHARS:
        return label + unit_text
    # Chinese breaks between any two characters, but not inside a run of Latin letters or digits (5G).
    cuts = [i for i in range(1, len(label)) if not (label[i - 1].isascii() and label[i].isascii())]
    cut = min(cuts, key=lambda i: max(i, len(label) - i + len(unit_text)), default=len(label))
    return f"{label[:cut]}<br>{label[cut:]}{unit_text}"


@memo.figure
def target_bullets(targets: pd.DataFrame, *, period_text: str, demo: bool,
                   title: str = "方案主要目标进展（全省）") -> go.Figure:
    """The plan's headline targets as horizontal progress bars (0–100% of the target), status under each name.

    The status sits in the axis label, not beside the bar: a long status beside a full bar
    would run off a narrow card.
    """
    rows = targets.iloc[::-1]  # plotly draws bottom-up; keep the table order top-down
    progress = rows["progress_pct"].fillna(0).clip(0, 100)
    colours = [target_colour(met, on_track) for met, on_track in zip(rows["met"], rows["on_track"])]
    names = [f"<b>{label}</b><br><span style='font-size:12px;color:{theme.MUTED_TEXT}'>{status}</span>"
             for label, status in zip(rows["label"], rows["status_text"])]
    fig = go.Figure(go.Bar(x=progress, y=names, orientation="h", marker_color=colours, hovertext=rows["note"],
                           hoverinfo="text", name="进度", text=progress.map(lambda p: f"{p:.0f}%"),
                           textposition="outside", cliponaxis=False))
    fig.add_vline(x=100, line_color=theme.TARGET_LINE, line_width=1.5, line_dash="dot")
    fig.update_xaxes(range=[0, 112], ticksuffix="%", tickvals=[0, 25, 50, 75, 100],
                     title_text="完成进度（占目标的比例）<br>深蓝：已达成　浅蓝：按进度　橙：落后于进度")
    fig.update_yaxes(automargin=True, tickfont_size=14)
    card_layout(fig, title=title, unit="%", period_text=period_text,
                source="省经信厅（各指标数据来源见指标目录）", demo=demo, axis_space=72,
                label_px=label_width(names, 14), plot_height=max(BULLETS_PLOT_MIN_HEIGHT, 52 * len(rows)))
    fig.update_layout(showlegend=False, bargap=0.3)
    return fig


@memo.figure
def spread_trend(spread: pd.DataFrame, *, title: str, unit: str, period_text: str, source: str, demo: bool,
                 frequency: str = "monthly") -> go.Figure:
    """The median and middle half of the counties over time; the chosen counties' lines (county_lines) are
    added where it is shown, so choosing a county builds one line, not the chart."""
    band = theme.SEQUENTIAL[0]
    fig = go.Figure([
        go.Scatter(x=spread["period"], y=spread["p75"], mode="lines", line=dict(width=0), hoverinfo="skip",
                   showlegend=False),
        go.Scatter(x=spread["period"], y=spread["p25"], mode="lines", line=dict(width=0), fill="tonexty",
                   fillcolor=band, name="中间50%的县（四分位区间）", hoverinfo="skip"),
        go.Scatter(x=spread["period"], y=spread["median"], mode="lines", name="各县中位数",
                   line=dict(color=theme.MUTED_TEXT, width=2, dash="dash")),
    ])
    if frequency == "yearly":  # pad the range so the first and last years keep their tick labels
        first, last = pd.to_datetime(spread["period"]).min(), pd.to_datetime(spread["period"]).max()
        fig.update_xaxes(tickformat="%Y年", dtick="M12", showgrid=False,
                         range=[first - pd.DateOffset(months=2), last + pd.DateOffset(months=2)])
    else:
        fig.update_xaxes(tickformat="%Y年%-m月", showgrid=False)
    fig.update_yaxes(title_text=unit, gridcolor=theme.GRID, zeroline=True)
    card_layout(fig, title=title, unit=unit, period_text=period_text, source=source, demo=demo, axis_space=30)
    fig.update_layout(height=400, legend=dict(orientation="h", y=1.02, x=1, xanchor="right", yanchor="bottom"))
    return fig


@memo.table
def county_lines(counties: dict[str, pd.DataFrame]) -> tuple[dict, ...]:
    """The chosen counties' lines over spread_trend, as trace dicts (memo.joined adds them to the chart)."""
    return tuple(memo.json_native(go.Scatter(x=series["period"], y=series["value"], name=name, mode="lines+markers",
                                             line=dict(color=colour, width=2.5), marker_size=5).to_plotly_json())
                 for (name, series), colour in zip(counties.items(), theme.COMPARE_COLOURS))


@memo.figure
def funnel(steps: pd.DataFrame, *, label: str, value: str, title: str, unit: str, period_text: str, source: str,
           demo: bool, reverse: bool = False) -> go.Figure:
    """A funnel (or, reversed, a pyramid from the base up) of counts with their values shown; shown half-width."""
    rows = steps.iloc[::-1] if reverse else steps
    # A pyramid's shares of its top tier mean nothing; a funnel's share of its first step does. Counts in
    # full (10,400, not plotly's 10.4k).
    fig = go.Figure(go.Funnel(y=rows[label], x=rows[value],
                              texttemplate="%{value:,}" if reverse else "%{value:,}<br>%{percentInitial:.0%}",
                              marker_color=theme.SEQUENTIAL[-1] if not reverse else theme.SEQUENTIAL[3],
                              connector=dict(line=dict(color=theme.BORDER))))
    fig.update_yaxes(tickfont_size=14)
    card_layout(fig, title=title, unit=unit, period_text=period_text, source=source, demo=demo, narrow=True,
                label_px=label_width(rows[label], 14))
    fig.update_layout(height=360)
    return fig


@memo.figure
def distance_to_line(frame: pd.DataFrame, *, line: float, title: str, unit: str, period_text: str, source: str,
                     demo: bool) -> go.Figure:
    """Counties' values as bars against a threshold line (e.g. 1000亿元), each with its gap and pace in words."""
    rows = frame.iloc[::-1]
    colours = [theme.TARGET_MET if v >= line else theme.TARGET_OPEN for v in rows["value"]]
    fig = go.Figure(go.Bar(x=rows["value"], y=rows["label"], orientation="h", marker_color=colours,
                           text=rows["note"], textposition="outside", cliponaxis=False, hoverinfo="skip"))
    fig.add_vline(x=line, line_color=theme.TARGET_LINE, line_width=1.5, line_dash="dot",
                  annotation_text=f"{labels.number(line, unit)} {unit}", annotation_position="top")
    fig.update_xaxes(title_text=unit, range=[0, max(rows["value"].max(), line) * 1.45], gridcolor=theme.GRID)
    fig.update_yaxes(automargin=True, tickfont_size=13)
    card_layout(fig, title=title, unit=unit, period_text=period_text, source=source, demo=demo, axis_space=40,
                label_px=label_width(rows["label"], 13))
    fig.update_layout(height=140 + 30 * len(rows), showlegend=False, bargap=0.3)
    return fig


@memo.figure
def share_bars(frame: pd.DataFrame, *, label: str, share: str, note: str, title: str, period_text: str,
               source: str, demo: bool) -> go.Figure:
    """Shares (%) as horizontal bars, largest on top, each with its note (e.g. the amount behind the share)."""
    rows = frame.iloc[::-1]
    fig = go.Figure(go.Bar(x=rows[share], y=rows[label], orientation="h", marker_color=theme.SEQUENTIAL[3],
                           text=rows[note], textposition="outside", cliponaxis=False, hoverinfo="skip"))
    fig.update_xaxes(title_text="%", range=[0, rows[share].max() * 1.5], gridcolor=theme.GRID)
    fig.update_yaxes(automargin=True, tickfont_size=13)
    card_layout(fig, title=title, unit="%", period_text=period_text, source=source, demo=demo, axis_space=40,
                label_px=label_width(rows[label], 13))
    fig.update_layout(height=140 + 30 * len(rows), showlegend=False, bargap=0.3)
    return fig
