"""County choropleth figures: classed colours, a legend with 无数据, title, unit, period, source and demo mark.

Pure builders: they take frames and return Plotly figures, and never import streamlit, so
the same figure goes to the page, to PNG and to slides. Plotly `geo` (SVG) with no base
map: the map needs no tile server.
"""

from __future__ import annotations

import functools
import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.boundaries import GEOJSON_URL, read_counties, to_geojson
from ui.figures import county_names, legend_space, memo, overlays
from ui.figures.breaks import jenks_breaks, quantile_breaks
from ui.figures.charts import card
from ui.style import labels, theme

MAX_CLASSES = 5
COUNT_UNITS = {"家", "个", "人", "次"}
# The plot's own height: Hubei is about 1.54 times as wide as tall (Mercator, with its padding), so 450 px
# draw it about 690 px wide, nearly the width of a map beside its league table at 1920 px. Titles, legend and
# footer add their own room above and below, so they never shrink the map (ui.frame.modes grows it).
MAP_PLOT_HEIGHT = 450
MAP_PAD = 0.01  # the extent's margin, as a share of its width and height


@dataclass(frozen=True)
class MapSpec:
    """What a county map shows: the words around it and how it classes the values."""
    title: str
    unit: str
    period_text: str
    source: str
    demo: bool
    method: str = "quantile"  # quantile / jenks / tiers (先进/中游/后进 by rank)
    diverging: bool = False  # growth rates: classes split at zero, two colour families
    overlays: tuple[str, ...] = ()  # outline layers drawn on top: 都市圈 / 产业集群 / 国家基地
    # The values the classes are cut from; None: the values shown. Every period's values pooled
    # keep one legend across months (演示模式: consecutive slides compare).
    class_values: tuple[float, ...] | None = None
    names: bool = False  # county names printed where they fit (always when zoomed to one prefecture)
    # prefecture: each county carries its prefecture's value; inner borders vanish and prefecture outlines show
    level: str = "county"


def class_edges(values: np.ndarray, spec: MapSpec) -> list[float]:
    """Edges of the colour classes for the values shown (at most five classes)."""
    if spec.unit in COUNT_UNITS:  # counts: whole-number edges, no class such as 0 – 0
        edges = sorted({float(round(e)) for e in _class_edges(values, spec)})
        return edges if len(edges) > 1 else edges * 2
    return _class_edges(values, spec)


def _class_edges(values: np.ndarray, spec: MapSpec) -> list[float]:
    breaks = jenks_breaks if spec.method == "jenks" else quantile_breaks
    if not spec.diverging or values.min() >= 0 or values.max() <= 0:
        return breaks(values, min(MAX_CLASSES, len(values)))
    below, above = values[values < 0], values[values >= 0]
    low = breaks(below, min(2, len(below)))[:-1] if len(below) else []
    high = breaks(above, min(3, len(above)))[1:] if len(above) else []
    return [float(values.min()), *low[1:], 0.0, *high]


def class_colours(edges: list[float], spec: MapSpec) -> list[str]:
    n = len(edges) - 1
    if spec.diverging and 0.0 in edges[1:-1]:
        negative = edges.index(0.0)
        return theme.diverging(negative, n - negative)
    return theme.sequential(max(n, 1))[:max(n, 1)]


def class_labels(edges: list[float], unit: str) -> list[str]:
    return [f"{labels.number(lo, unit)} – {labels.number(hi, unit)}" for lo, hi in itertools.pairwise(edges)]


def assign_classes(values: pd.Series, edges: list[float]) -> pd.Series:
    """Class index per value; the top edge belongs to the last class."""
    inner = np.asarray(edges[1:-1])
    return pd.Series(np.searchsorted(inner, values.to_numpy(), side="right"), index=values.index)


def hover_text(frame: pd.DataFrame, spec: MapSpec) -> pd.Series:
    """The Chinese hover card of each county: name, prefecture, value with unit, rank."""
    value = frame["value"].map(lambda v: labels.with_unit(v, spec.unit))
    rank = [f"第 {int(r)} / {int(n)} 名" if pd.notna(r) else labels.FILTERED_OUT_LABEL if not f else "—"
            for r, n, f in zip(frame["rank"], frame["ranked_count"], frame["in_filter"])]
    return ("<b>" + frame["name"] + "</b>　" + frame["prefecture"] + "<br>" + spec.title + "：" + value
            + "<br>" + pd.Series(rank, index=frame.index))


def stepped_colorscale(colours: list[str]) -> list[list]:
    """A colorscale that maps the integers 0..n-1 to colours[i] exactly (no blending between classes)."""
    n = len(colours)
    if n == 1:
        return [[0, colours[0]], [1, colours[0]]]
    scale = []
    for i, colour in enumerate(colours):
        scale += [[max(0.0, (i - 0.5) / (n - 1)), colour], [min(1.0, (i + 0.5) / (n - 1)), colour]]
    return scale


def unfaded(opacity: float = 1.0) -> dict:
    """A trace's `unselected` style that keeps its points' opacity. A click on a chart that does not change with
    the selection leaves plotly's own click-selection on it, which fades every other point (county) to a fifth."""
    return {"marker": {"opacity": opacity}}


def legend_entry(label: str, colour: str) -> go.Scattergeo:
    """A legend swatch with no point on the map (choropleth traces have no per-class legend)."""
    return go.Scattergeo(lon=[None], lat=[None], mode="markers", name=label, showlegend=True, hoverinfo="skip",
                         marker=dict(symbol="square", size=13, color=colour, line=dict(width=0)))


@functools.cache
def _selection_outline(adcode: str) -> dict:
    """The selected county's outline as a trace dict, made once per county: only its shape travels with it,
    not the whole province."""
    feature = next(f for f in to_geojson()["features"] if f["id"] == adcode)
    return go.Choropleth(
        geojson={"type": "FeatureCollection", "features": [feature]}, locations=[adcode], z=[0],
        featureidkey="id", showscale=False, showlegend=False, colorscale=[[0, "rgba(0,0,0,0)"], [1, "rgba(0,0,0,0)"]],
        marker_line_color=theme.SELECTED_BORDER, marker_line_width=2.5, hoverinfo="skip", name="selected",
    ).to_plotly_json()


def with_selection(fig: go.Figure, selected: str | None) -> memo.Sent:
    """A county map as sent, with the selected county outlined (the shared map unchanged, see memo.joined)."""
    spec = memo.spec_of(fig)
    drawn = {str(c) for t in spec["data"] if t.get("type") == "choropleth" for c in t.get("locations", ())}
    return memo.joined(fig, [_selection_outline(selected)] if selected and selected in drawn else [])


def classify(frame: pd.DataFrame, spec: MapSpec) -> tuple[pd.Series, list[str], list[str]]:
    """Class index per county, with the legend labels and colours of the classes, 无数据 and 不在筛选范围."""
    shown = frame["in_filter"] & frame["value"].notna()
    names, colours = [], []
    index = pd.Series(0, index=frame.index)
    if shown.any() and spec.method == "tiers":
        index[shown] = frame.loc[shown, "tier"].astype(int) - 1
        names, colours = list(labels.TIERS.values()), list(theme.TIER_COLOURS)
    elif shown.any():
        cut_from = np.asarray(spec.class_values if spec.class_values else frame.loc[shown, "value"], dtype=float)
        edges = class_edges(cut_from, spec)
        index[shown] = assign_classes(frame.loc[shown, "value"], edges)
        names, colours = class_labels(edges, spec.unit), class_colours(edges, spec)
    for mask, name, colour in ((frame["in_filter"] & frame["value"].isna(), labels.NO_DATA_LABEL, theme.NO_DATA),
                               (~frame["in_filter"], labels.FILTERED_OUT_LABEL, theme.FILTERED_OUT)):
        if mask.any():
            index[mask] = len(names)
            names.append(name)
            colours.append(colour)
    return index, names, colours


def map_extent(focus: pd.Series) -> tuple[dict, float]:
    """The map's geo layout framed on the focus counties (all of Hubei when none), without a base map, and its
    width in degrees of longitude.

    The legend runs in one row under the map, so the map takes the card's full width;
    neighbours outside the focus stay drawn, pale, for orientation.
    """
    counties = read_counties()
    chosen = counties[counties["adcode"].isin(focus)] if len(focus) else counties
    west, south, east, north = chosen.total_bounds
    pad_x, pad_y = max((east - west) * MAP_PAD, 0.02), max((north - south) * MAP_PAD, 0.02)
    geo = dict(visible=False, projection=dict(type="mercator"), bgcolor=theme.BACKGROUND,
               lonaxis=dict(range=[west - pad_x, east + pad_x]), lataxis=dict(range=[south - pad_y, north + pad_y]),
               domain=dict(x=[0, 1], y=[0, 1]))
    return geo, east - west + 2 * pad_x


def map_figure(traces: list, geo: dict, *, clickmode: str | None = None, **card_args) -> go.Figure:
    """A county map made in one step: its traces, the geo layout (map_extent) and its card (map_layout).

    Without plotly's validation of the layout: it is built here from fixed parts, and checking it again took
    a third of a map's build (tests/unit/test_map_names checks that validation would neither refuse nor change
    it). A None left in a nested dict would reach plotly.js as null, where validation drops it: leave it out."""
    return go.Figure(traces, dict(map_layout(traces, **card_args), geo=geo, clickmode=clickmode), _validate=False)


@memo.figure
def choropleth(frame: pd.DataFrame, spec: MapSpec) -> go.Figure:
    """County map of frame['value'] (one row per adcode, with name, prefecture, rank, in_filter).

    The selected county's outline is not part of it (with_selection adds it to the shown figure), so a click,
    which changes only the selection, reuses the built and styled map."""
    index, names, colours = classify(frame, spec)
    by_prefecture = spec.level == "prefecture"
    fills = [colours[i] for i in index]
    counties = go.Choropleth(
        geojson=GEOJSON_URL, locations=frame["adcode"], z=index, featureidkey="id", zmin=0,
        zmax=max(len(colours) - 1, 1), colorscale=stepped_colorscale(colours), showscale=False, name=spec.title,
        # At prefecture level a county's border takes its fill: the prefecture reads as one area.
        marker_line_color=fills if by_prefecture else theme.BORDER, marker_line_width=0.6,
        customdata=frame[["adcode"]].to_numpy(), unselected=unfaded(),
        text=hover_text(frame, spec), hovertemplate="%{text}<extra></extra>", showlegend=False,
    )
    traces = [counties, *(legend_entry(n, c) for n, c in zip(names, colours))]
    traces += [overlays.prefecture_outlines()] if by_prefecture else []
    traces += [t for layer in spec.overlays for t in overlays.traces(layer)]
    shown = frame[frame["in_filter"]] if not frame["in_filter"].all() else frame
    geo, span = map_extent(shown["adcode"])
    one_prefecture = shown["prefecture"].nunique() == 1
    if (spec.names or one_prefecture) and not by_prefecture:  # zoomed to a prefecture every name has room
        traces.append(county_names.trace(shown, pd.Series(fills, index=frame["adcode"].to_numpy()),
                                         view_lon_span=span, every_name=one_prefecture))
    return map_figure(traces, geo, clickmode="event+select", title=f"{spec.title} · {spec.period_text}",
                      unit=spec.unit, source=spec.source, period_text=spec.period_text, demo=spec.demo,
                      legend_title=labels.with_unit_title("图例", spec.unit))


@memo.figure
def category_choropleth(frame: pd.DataFrame, spec: MapSpec, colours: dict[str, str]) -> go.Figure:
    """County map of a category column (leading industry, programme membership, gaps); one legend entry each."""
    order = [c for c in colours if c in set(frame["category"])]
    index = frame["category"].map({c: i for i, c in enumerate(order)}).fillna(len(order)).astype(int)
    palette = [colours[c] for c in order] + [theme.NO_DATA]
    hover = "<b>" + frame["name"] + "</b>　" + frame["prefecture"] + "<br>" + frame["category"].fillna("无数据")
    if "detail" in frame:  # a line more per county, e.g. a target beside the figure
        hover = hover + "<br>" + frame["detail"].fillna("")
    counties = go.Choropleth(
        geojson=GEOJSON_URL, locations=frame["adcode"], z=index, featureidkey="id", zmin=0,
        zmax=max(len(palette) - 1, 1), colorscale=stepped_colorscale(palette), showscale=False,
        marker_line_color=theme.BORDER, marker_line_width=0.6, customdata=frame[["adcode"]].to_numpy(),
        text=hover, hovertemplate="%{text}<extra></extra>", showlegend=False, name=spec.title, unselected=unfaded(),
    )
    counts = frame["category"].value_counts()
    entries = [legend_entry(f"{c}（{counts.get(c, 0)}）", colours[c]) for c in order]
    missing = int(frame["category"].isna().sum())
    if missing:
        entries.append(legend_entry(f"{labels.NO_DATA_LABEL}（{missing}）", theme.NO_DATA))
    province, _ = map_extent(pd.Series(dtype=str))
    return map_figure([counties, *entries], province, title=f"{spec.title} · {spec.period_text}", unit=spec.unit,
                      source=spec.source, period_text=spec.period_text, demo=spec.demo)


def map_layout(traces: list, *, title: str, unit: str, source: str, period_text: str, demo: bool,
               note: str = labels.MAP_NOTE, legend_title: str | None = None) -> dict:
    """A map's title, legend and footer: the legend in rows under the map, the footer under the legend.

    The room under the map is the legend's at its narrowest (legend_space); the figure is the plot's
    MAP_PLOT_HEIGHT plus that and the title's and footer's lines, so no text takes anything from the map.
    """
    legend_room = legend_space.legend_px(traces, legend_title)
    layout = card(title=title, unit=unit, source=source, period_text=period_text, demo=demo, note=note,
                  axis_space=legend_room, narrow=True, plot_height=MAP_PLOT_HEIGHT, is_map=True)
    # The legend title on its own row: beside the entries plotly leaves it out of the row width, and
    # the last entry of a full row ran past the figure edge.
    heading = dict(text=legend_title, side="top") if legend_title else dict(side="top")  # no null: see map_figure
    legend = dict(title=heading, orientation="h", x=0, xanchor="left", y=0, yanchor="top",
                  font=dict(size=legend_space.FONT_PX))
    return dict(layout, dragmode=False, legend=legend)
