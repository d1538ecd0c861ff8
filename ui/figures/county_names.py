"""County names printed inside their polygons: short names at each county's pole of inaccessibility.

For the whole province a name is printed only where it fits inside its county on the narrowest map
(beside its league table at 1366 px); zoomed to a prefecture every name is printed. The size is the
standard one here; ui.frame.modes grows it with the mode's text (演示模式: readable on a projector).
"""

from __future__ import annotations

import math
from functools import cache

import pandas as pd
import plotly.graph_objects as go
import shapely
from shapely.ops import polylabel

from geo.boundaries import read_counties
from ui.style import theme

NAME_PX = 11  # a name's font size at text scale 1
TRACE_NAME = "county-names"
NARROWEST_MAP_PX = 460  # the province drawn beside its league table at 1366×768
HUBEI_LAT = 31.0  # Mercator stretches latitude by 1/cos(lat): distances are measured in its local shape
FILL = 0.8  # a name may be a little wider than the largest circle inside its county (polygons are long)


@cache
def label_points() -> pd.DataFrame:
    """Per adcode: lon, lat of the point deepest inside the county, and that depth (radius) in degrees of
    longitude on a Mercator map."""
    stretch = 1 / math.cos(math.radians(HUBEI_LAT))
    rows = []
    for adcode, geometry in zip(read_counties()["adcode"], read_counties()["geometry"]):
        largest = max(getattr(geometry, "geoms", [geometry]), key=lambda p: p.area)
        local = shapely.affinity.scale(largest, xfact=1, yfact=stretch, origin=(0, 0))
        point = polylabel(local, tolerance=0.002)
        rows.append({"adcode": adcode, "lon": point.x, "lat": point.y / stretch,
                     "radius": point.distance(local.exterior)})
    return pd.DataFrame(rows).set_index("adcode")


def fits(names: pd.Series, view_lon_span: float) -> pd.Series:
    """Whether each name (indexed by adcode) fits inside its county on the narrowest map of this view."""
    px_per_degree = NARROWEST_MAP_PX / view_lon_span
    room = 2 * label_points().loc[names.index, "radius"] * px_per_degree
    return room >= FILL * names.str.len() * NAME_PX


def text_colour(fill: str) -> str:
    """The background colour (white) on a dark fill, the body colour on a light one (relative luminance, WCAG)."""
    red, green, blue = (int(fill[i:i + 2], 16) / 255 for i in (1, 3, 5))
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (red, green, blue)]
    return theme.BACKGROUND if 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2] < 0.2 else theme.TEXT


def trace(frame: pd.DataFrame, fills: pd.Series, *, view_lon_span: float, every_name: bool) -> go.Scattergeo:
    """The short names of the frame's counties (adcode, short_name or name): all of them, or those that fit;
    fills: each county's fill colour by adcode, so its name contrasts with it."""
    names = frame.set_index("adcode")["short_name" if "short_name" in frame else "name"].dropna()
    if not every_name:
        names = names[fits(names, view_lon_span)]
    points = label_points().loc[names.index]
    return go.Scattergeo(
        lon=points["lon"], lat=points["lat"], text=names.to_numpy(), mode="text", name=TRACE_NAME,
        textfont=dict(size=NAME_PX, color=[text_colour(fills.get(a, theme.BACKGROUND)) for a in names.index]),
        customdata=[[a] for a in names.index], hoverinfo="skip", showlegend=False,  # a click on a name selects
    )
