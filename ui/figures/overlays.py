"""Map overlays: outlines of metro circles, industrial clusters and national bases, drawn over any county map.

The groups are data (geo/registry/overlays.csv: layer, name, member prefectures); outlines
are the union of the member counties' simplified polygons, which share their borders exactly,
so a union leaves no slivers.
"""

from __future__ import annotations

import csv
from functools import cache

import plotly.graph_objects as go
import shapely

from geo.boundaries import read_counties
from geo.registry import REGISTRY_DIR, regions
from ui.style import theme

LAYERS = ("都市圈", "产业集群", "国家基地")


@cache
def overlay_rows() -> tuple[dict[str, str], ...]:
    with open(REGISTRY_DIR / "overlays.csv", encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


@cache
def outline(prefecture_codes: str) -> tuple[list[float | None], list[float | None]]:
    """Lon and lat of the outer rings of the union of these prefectures' counties, None between rings."""
    members = {r.adcode for r in regions() if r.prefecture_code in prefecture_codes.split()}
    counties = read_counties()
    union = shapely.union_all(counties.loc[counties["adcode"].isin(members), "geometry"].to_numpy())
    lons: list[float | None] = []
    lats: list[float | None] = []
    for polygon in getattr(union, "geoms", [union]):
        xs, ys = polygon.exterior.coords.xy
        lons += [*xs, None]
        lats += [*ys, None]
    return lons, lats


def traces(layer: str) -> list[go.Scattergeo]:
    """One outline per group of the layer, each with its own dash and colour and a legend entry."""
    rows = [r for r in overlay_rows() if r["layer"] == layer]
    out = []
    for row, colour, dash in zip(rows, theme.OVERLAY_COLOURS, ("solid", "dash", "dot", "dashdot") * 3):
        lons, lats = outline(row["prefecture_codes"])
        out.append(go.Scattergeo(lon=lons, lat=lats, mode="lines", name=row["name"], hoverinfo="skip",
                                 line=dict(color=colour, width=2.2, dash=dash), legendgroup=layer,
                                 legendgrouptitle_text=layer))
    return out


@cache
def _prefecture_rings() -> tuple[list[float | None], list[float | None]]:
    lons: list[float | None] = []
    lats: list[float | None] = []
    for code in sorted({r.prefecture_code for r in regions()}):
        x, y = outline(code)
        lons += x
        lats += y
    return lons, lats


def prefecture_outlines() -> go.Scattergeo:
    """The outlines of the 17 prefecture-level units, one trace without a legend entry (prefecture-level maps)."""
    lons, lats = _prefecture_rings()
    return go.Scattergeo(lon=lons, lat=lats, mode="lines", hoverinfo="skip", showlegend=False,
                         line=dict(color=theme.TEXT, width=1.2), name="市州界")
