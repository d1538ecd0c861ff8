"""Point maps: parks, projects and enterprises over pale county outlines, one legend entry per category.

Pure builders like ui.figures.maps: frames in, Plotly figure out, no streamlit. Points carry their
own county; the county counts beside a point map come from the same frame, so they agree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from geo.boundaries import GEOJSON_URL, read_counties
from ui.figures import memo
from ui.figures.maps import map_extent, map_figure, unfaded
from ui.style import labels, theme

MAX_MARKER = 26
POINT_OPACITY = 0.8


def county_base(highlight: set[str] | None = None) -> go.Choropleth:
    """All 103 counties, pale; the highlighted ones (e.g. a programme's counties) a shade darker."""
    counties = read_counties()["adcode"].tolist()
    z = [1 if highlight and c in highlight else 0 for c in counties]
    return go.Choropleth(
        geojson=GEOJSON_URL, locations=counties, z=z, featureidkey="id", zmin=0, zmax=1, showscale=False,
        colorscale=[[0, theme.POINT_BASE], [1, theme.SEQUENTIAL[1]]], marker_line_color=theme.BORDER,
        marker_line_width=0.6, hoverinfo="skip", showlegend=False, name="county-base",
        customdata=[[c] for c in counties],  # a click on a county between the points selects it
        unselected=unfaded(),
    )


def _fold_categories(points: pd.DataFrame, category: str,
                     colours: dict[str, str] | None) -> tuple[pd.DataFrame, dict[str, str]]:
    """Give every point a legend entry: the commonest categories their own colour, the rest one 其他."""
    if colours is not None:
        return points, colours
    ranked = list(points[category].value_counts().index)
    if len(ranked) <= len(theme.COMPARE_COLOURS):
        return points, dict(zip(ranked, theme.COMPARE_COLOURS))
    kept = ranked[:len(theme.COMPARE_COLOURS) - 1]
    folded = points.assign(**{category: points[category].where(points[category].isin(kept), "其他")})
    return folded, {**dict(zip(kept, theme.COMPARE_COLOURS)), "其他": theme.OTHER_CATEGORY}


def marker_sizes(values: pd.Series) -> np.ndarray:
    """Marker area proportional to the value (sqrt for the diameter), 5–26 px."""
    v = values.fillna(0).clip(lower=0).to_numpy(dtype=float)
    top = v.max() if len(v) and v.max() > 0 else 1.0
    return 5 + (MAX_MARKER - 5) * np.sqrt(v / top)


@memo.figure
def point_map(points: pd.DataFrame, *, category: str, hover: pd.Series, title: str, period_text: str,
              source: str, demo: bool, size: pd.Series | None = None, size_unit: str = "",
              colours: dict[str, str] | None = None, highlight: set[str] | None = None,
              focus: pd.Series | None = None) -> go.Figure:
    """Points (lon, lat) coloured by the category column, optionally sized, over the county outlines.

    focus: the adcodes the filters keep (the map zooms to them); None or empty for all of Hubei.
    """
    traces = [county_base(highlight)]
    points, palette = _fold_categories(points, category, colours)
    for name, colour in palette.items():
        members = points[points[category] == name]
        sizes = marker_sizes(size.loc[members.index]) if size is not None else 8
        traces.append(go.Scattergeo(
            lon=members["lon"], lat=members["lat"], mode="markers", name=f"{name}（{len(members)}）",
            marker=dict(color=colour, size=sizes, opacity=POINT_OPACITY, line=dict(color=theme.BORDER, width=0.6)),
            unselected=unfaded(POINT_OPACITY),
            text=hover.loc[members.index], hovertemplate="%{text}<extra></extra>",
            customdata=members[["adcode"]].to_numpy() if "adcode" in members else None,  # a click selects its county
        ))
    note = labels.MAP_NOTE + (f"；点的面积与{size_unit}成正比" if size is not None else "")
    geo, _ = map_extent(focus if focus is not None else pd.Series(dtype=str))
    return map_figure(traces, geo, title=title, unit=size_unit, period_text=period_text, source=source, demo=demo,
                      note=note)
