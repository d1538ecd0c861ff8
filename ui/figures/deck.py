"""全省一张图 as one deck.gl map (pydeck): counties coloured by an indicator, optionally raised in 3D by another,
and point layers over them. Pure: frames in, a pdk.Deck out, no streamlit.

Offline by construction: the base is the county layer itself, over a blank local style
(static/deck_blank_style.json, design.md's traps: map_style=None still fetches a remote style), so no tile,
font or style request leaves the server. The county classes and colours are the Plotly maps' own
(maps.classify), so both maps of one indicator agree.
"""

from __future__ import annotations

import functools
import json
import math
from dataclasses import dataclass

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from geo.boundaries import read_counties, to_geojson
from ui.figures import maps
from ui.style import labels, theme

BLANK_STYLE = "/app/static/deck_blank_style.json"
HUBEI_VIEW = {"latitude": 31.05, "longitude": 112.25, "zoom": 6.5, "pitch": 0, "bearing": 0}
RAISED_VIEW = {**HUBEI_VIEW, "pitch": 45, "bearing": -10}
MAX_HEIGHT_M = 25_000  # the tallest county when raised: readable at the province's zoom, not a skyline
FILL_ALPHA = 230
# Point sizes are in metres (pydeck turns every string argument into an accessor, radius_units="pixels"
# included): a "pixel" of the design is the metres one screen pixel spans at the province's zoom, and the
# min/max keep dots visible and bounded when zooming.
METRES_PER_PIXEL = 1_400
COUNTY_RING_DEGREES = 0.03  # spacing of points placed at their county (no coordinates of their own)


@dataclass(frozen=True)
class Points:
    """One switchable point layer: rows with lon, lat, a category for colour, an optional size, a tooltip."""
    layer_id: str
    name: str
    frame: pd.DataFrame  # lon, lat, category, tooltip, and size_by when given
    colours: dict[str, str]  # category → theme colour
    size_by: str | None = None
    radius_px: float = 2.5


def county_features(frame: pd.DataFrame, spec: maps.MapSpec, raise_by: pd.Series | None = None,
                    raise_name: str = "", raise_unit: str = "") -> list[dict]:
    """Every county as a GeoJSON feature with its class colour, tooltip text and (raised) elevation."""
    classes, _, colours = maps.classify(frame, spec)
    rows = frame.assign(_class=classes).set_index("adcode")
    top = float(raise_by.max()) if raise_by is not None and raise_by.notna().any() else 0.0
    features = []
    for feature in to_geojson()["features"]:
        adcode = feature["id"]
        row = rows.loc[adcode] if adcode in rows.index else None
        value = None if row is None else row["value"]
        text = f"{row['name'] if row is not None else adcode}<br/>{spec.title}：{labels.with_unit(value, spec.unit)}"
        height = 0.0
        if raise_by is not None and top > 0 and pd.notna(raise_by.get(adcode)):
            height = max(float(raise_by[adcode]), 0.0) / top * MAX_HEIGHT_M
            text += f"<br/>{raise_name}：{labels.with_unit(raise_by[adcode], raise_unit)}（高度）"
        colour = colours[int(row["_class"])] if row is not None and colours else theme.NO_DATA
        properties = {"adcode": adcode, "tooltip": text, "fill": theme.rgba(colour, FILL_ALPHA), "height": height}
        features.append({"type": "Feature", "id": adcode, "geometry": feature["geometry"], "properties": properties})
    return features


@functools.cache
def _county_points() -> dict[str, tuple[float, float]]:
    """A point inside each county (shapely's representative point: inside even a crescent-shaped county)."""
    counties = read_counties()
    return {a: (p.x, p.y) for a, p in zip(counties["adcode"], counties.geometry.representative_point())}


def at_counties(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows without lon/lat put inside their county (adcode), on a small ring so several stay apart."""
    frame = frame.copy()
    missing = frame["lon"].isna() | frame["lat"].isna()
    nth = frame[missing].groupby("adcode").cumcount()
    for index, k in nth.items():
        lon, lat = _county_points()[frame.at[index, "adcode"]]
        angle, ring = 2.4 * k, COUNTY_RING_DEGREES * math.sqrt(k)  # a sunflower spiral: even spacing
        frame.loc[index, ["lon", "lat"]] = lon + ring * math.cos(angle), lat + ring * math.sin(angle)
    return frame


def counties_layer(features: list[dict], raised: bool) -> pdk.Layer:
    return pdk.Layer(
        "GeoJsonLayer", id="counties", data={"type": "FeatureCollection", "features": features}, pickable=True,
        stroked=True, filled=True, extruded=raised, wireframe=raised, get_fill_color="properties.fill",
        get_line_color=theme.rgba(theme.BORDER, 255), line_width_min_pixels=1,
        get_elevation="properties.height", auto_highlight=True,
        highlight_color=theme.rgba(theme.PRIMARY, 120),
    )


def point_layer(points: Points) -> pdk.Layer:
    """Dots coloured by category; sized by size_by (area ∝ value) when given."""
    frame = points.frame.dropna(subset=["lon", "lat"]).copy()
    frame["fill"] = [theme.rgba(points.colours.get(c, theme.OTHER_CATEGORY), 200) for c in frame["category"]]
    if points.size_by and frame[points.size_by].notna().any():
        top = float(frame[points.size_by].max()) or 1.0
        frame["radius"] = [points.radius_px * (0.6 + 2.4 * math.sqrt(max(v, 0) / top)) * METRES_PER_PIXEL
                           if pd.notna(v) else points.radius_px * METRES_PER_PIXEL for v in frame[points.size_by]]
    else:
        frame["radius"] = points.radius_px * METRES_PER_PIXEL
    data = frame[["lon", "lat", "fill", "radius", "tooltip"]].to_dict("records")
    return pdk.Layer(
        "ScatterplotLayer", id=points.layer_id, data=data, pickable=True, get_position=["lon", "lat"],
        get_fill_color="fill", get_radius="radius", radius_min_pixels=2, radius_max_pixels=40, stroked=True,
        get_line_color=theme.rgba(theme.BACKGROUND, 255), line_width_min_pixels=0.5,
    )


class CompactDeck(pdk.Deck):
    """A Deck sent without indentation: pydeck pretty-prints its JSON (indent=2), one line per coordinate, which
    made the county layer 1.4 MB on the websocket."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def one_map(features: list[dict], points: list[Points], raised: bool) -> pdk.Deck:
    """The deck: counties under the chosen point layers, the province in view, Chinese tooltips."""
    layers = [counties_layer(features, raised), *(point_layer(p) for p in points)]
    return CompactDeck(
        layers=layers, initial_view_state=pdk.ViewState(**(RAISED_VIEW if raised else HUBEI_VIEW)),
        map_style=BLANK_STYLE, map_provider=None,
        tooltip={"html": "{tooltip}", "style": {"fontFamily": theme.FONT_FAMILY, "fontSize": "14px"}},
    )
