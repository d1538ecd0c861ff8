"""Shared ground of the demo generator: inputs, periods, seeded random streams and small helpers."""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass

import numpy as np
import pandas as pd
import shapely

import settings
from geo.boundaries import read_counties
from geo.registry import regions

CATALOG_DIR = settings.CATALOG_DIR
BASE_YEAR = 2022  # simulated so that 2023 has growth rates and stocks to start from; never written
YEARS = (2023, 2024, 2025)  # yearly statistics for 2026 are not out yet (Nov 2026)
LAST_MONTH = (2026, 10)
PROVISIONAL_MONTHS = 2  # the latest months are preliminary figures (初步)
WUHAN = "420100"
YICHANG = "420500"
METRO_WUHAN = "武汉都市圈"


def month_range(first_year: int) -> list[tuple[int, int]]:
    """(year, month) pairs from January of first_year to LAST_MONTH."""
    return [(y, m) for y in range(first_year, LAST_MONTH[0] + 1) for m in range(1, 13)
            if (y, m) <= LAST_MONTH]


SIM_MONTHS = month_range(BASE_YEAR)
MONTHS = month_range(YEARS[0])


def month_label(year: int, month: int) -> str:
    return f"{year}年{month}月"


def year_label(year: int) -> str:
    return f"{year}年"


def stream(seed: int, name: str) -> np.random.Generator:
    """A random stream per named part: editing one part of the generator leaves the others' draws alone."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def read_catalog(name: str) -> pd.DataFrame:
    return pd.read_csv(CATALOG_DIR / f"{name}.csv", dtype=str, keep_default_na=False)


@dataclass(frozen=True)
class Inputs:
    """What the generator reads: regions (index adcode), county polygons, the catalogs."""

    regions: pd.DataFrame
    geoms: pd.Series
    indicators: pd.DataFrame
    honours: pd.DataFrame
    industries: tuple[str, ...]

    @property
    def adcodes(self) -> pd.Index:
        return self.regions.index

    def code_of(self, names: dict[str, object]) -> dict[str, object]:
        """Re-key a {full region name: x} table by adcode; names not in the registry are skipped."""
        by_name = pd.Series(self.regions.index, index=self.regions["name"])
        return {by_name[n]: v for n, v in names.items() if n in by_name.index}


def load_inputs() -> Inputs:
    """Read the registry, the boundaries and the catalogs once."""
    reg = pd.DataFrame([asdict(r) for r in regions()]).set_index("adcode")
    gdf = read_counties()
    # read_counties() is cached and shared: prepare copies, not the shared geometries.
    geoms = shapely.transform(gdf.geometry.values, lambda xy: xy)
    shapely.prepare(geoms)
    geom_by_code = pd.Series(list(geoms), index=gdf["adcode"].to_numpy()).reindex(reg.index)
    if geom_by_code.isna().any():
        raise ValueError(f"no boundary for {list(geom_by_code[geom_by_code.isna()].index)}")
    industries = tuple(read_catalog("industries")["code"])
    return Inputs(reg, geom_by_code, read_catalog("indicators"), read_catalog("honours"), industries)


def allocate(total: int, weights) -> np.ndarray:
    """Split an integer total in proportion to weights (largest remainder), so parts sum exactly."""
    w = np.asarray(weights, dtype=float)
    raw = total * w / w.sum()
    out = np.floor(raw).astype(int)
    order = np.argsort(-(raw - out), kind="stable")
    out[order[: total - out.sum()]] += 1
    return out


def to_long(wide: pd.DataFrame, indicator_id: str) -> pd.DataFrame:
    """Wide county table (index adcode; columns year or (year, month)) → long rows adcode/indicator/period/value."""
    long = wide.stack(list(range(wide.columns.nlevels)), future_stack=True).dropna().reset_index()
    long.columns = ["adcode", *[f"k{i}" for i in range(wide.columns.nlevels)], "value"]
    if wide.columns.nlevels == 2:
        long["period"] = [month_label(y, m) for y, m in zip(long["k0"], long["k1"])]
    else:
        long["period"] = [year_label(y) for y in long["k0"]]
    long["indicator_id"] = indicator_id
    return long[["adcode", "indicator_id", "period", "value"]]


def yearly_frame(index: pd.Index, values: dict[int, np.ndarray]) -> pd.DataFrame:
    """A county × year table from {year: array aligned with index}."""
    return pd.DataFrame({y: np.asarray(v, dtype=float) for y, v in values.items()}, index=index)


def size_index(output: pd.Series) -> pd.Series:
    """Relative county size (1 = median county); counts of activities grow slower than output."""
    return (output / output.median()) ** 0.6
