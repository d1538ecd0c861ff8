"""Where demo records sit on the map: random points inside county polygons, and county areas."""

from __future__ import annotations

from collections.abc import Sequence

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely

from .base import Inputs

DECIMALS = 6  # ~0.1 m; points are tested for containment after rounding, so rounding cannot push one out
EQUAL_AREA_CRS = "EPSG:6933"  # WGS 84 / NSIDC EASE-Grid 2.0 Global: equal-area, good enough at county scale
MAX_CENTRED_TRIES = 20  # a centre near a border may reject most draws: fall back to uniform sampling


def points_in(geom, n: int, rng: np.random.Generator, centre=None, spread: float = 0.0) -> np.ndarray:
    """n (lon, lat) points inside geom, rounded: uniform over it, or scattered normally around centre."""
    minx, miny, maxx, maxy = geom.bounds
    found: list[np.ndarray] = []
    have, tries = 0, 0
    while have < n:
        k = max(64, 4 * (n - have))
        if centre is not None and tries < MAX_CENTRED_TRIES:
            cand = rng.normal(centre, spread, size=(k, 2))
        else:
            cand = np.column_stack([rng.uniform(minx, maxx, k), rng.uniform(miny, maxy, k)])
        cand = np.round(cand, DECIMALS)
        keep = cand[shapely.contains_xy(geom, cand[:, 0], cand[:, 1])]
        found.append(keep)
        have += len(keep)
        tries += 1
    return np.vstack(found)[:n] if found else np.empty((0, 2))


def scatter(inputs: Inputs, adcodes: Sequence[str], rng: np.random.Generator,
            centres: dict[str, tuple[float, float]] | None = None,
            near_share: float = 0.0, spread: float = 0.03) -> tuple[np.ndarray, np.ndarray]:
    """lon, lat for each entry of adcodes, inside its county; near_share of them clustered round the county's centre."""
    codes = np.asarray(adcodes, dtype=object)
    xy = np.full((len(codes), 2), np.nan)
    for code in sorted(set(codes)):
        rows = np.flatnonzero(codes == code)
        geom = inputs.geoms[code]
        centre = (centres or {}).get(code)
        n_near = int(rng.binomial(len(rows), near_share)) if centre is not None else 0
        near = points_in(geom, n_near, rng, centre=centre, spread=spread)
        rest = points_in(geom, len(rows) - n_near, rng)
        xy[rows] = rng.permutation(np.vstack([near, rest]))
    return xy[:, 0], xy[:, 1]


def anchor_points(inputs: Inputs) -> pd.DataFrame:
    """A representative point per county (inside it, away from the border): where its key park clusters."""
    pts = shapely.point_on_surface(inputs.geoms.to_numpy())
    return pd.DataFrame({"lon": shapely.get_x(pts), "lat": shapely.get_y(pts)}, index=inputs.adcodes)


def area_km2(inputs: Inputs) -> pd.Series:
    """County areas in km², from the polygons projected to an equal-area CRS, 1 decimal."""
    series = gpd.GeoSeries(inputs.geoms.to_numpy(), index=inputs.adcodes, crs="EPSG:4326")
    return (series.to_crs(EQUAL_AREA_CRS).area / 1e6).round(1)
