"""Demo administrative villages: 5G and fibre status behind the county coverage figures of the latest year.

For each county with administrative villages, one record per village (its 统计用区划代码, name,
township, natural villages and how many of them fibre reaches). The county's 行政村5G通达率 and
自然村光纤通达率 of that year are then set from these records, so figures and records agree exactly.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from .base import YEARS, Inputs
from .names import place_names
from .size import Size

VILLAGES_PER_TOWNSHIP = 14
TOWNSHIP_KINDS = ("街道", "镇", "乡")
# Districts are mostly 街道 and 镇; counties mostly 镇, with 乡 in the hills.
KIND_SHARES = {True: (0.45, 0.45, 0.10), False: (0.08, 0.72, 0.20)}
# 统计用区划代码: townships 001–099 街道, 100–199 镇, 200–399 乡; villages 001–199 社区, 200–399 村 (the first is 201).
TOWNSHIP_CODE_FROM = {"街道": 1, "镇": 100, "乡": 200}
VILLAGE_CODE_FROM = {"社区": 1, "村": 201}
# Villages turned into residents' communities (村改居) keep reporting as administrative villages.
COMMUNITY_SHARE = {"街道": 0.6, "镇": 0.1, "乡": 0.0}


def _serial(groups: np.ndarray) -> np.ndarray:
    """Each entry's position within its group (0, 1, 2 …), in order of appearance."""
    order = np.argsort(groups, kind="stable")
    ordered = groups[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    out = np.empty(len(groups), dtype=int)
    out[order] = np.arange(len(groups)) - np.repeat(starts, np.diff(np.r_[starts, len(groups)]))
    return out


def _townships(count: int, district: bool, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A county's townships in code order: 3-digit codes, kinds and names."""
    kind_of = np.sort(rng.choice(len(TOWNSHIP_KINDS), count, p=KIND_SHARES[district]))
    kinds = np.array(TOWNSHIP_KINDS)[kind_of]
    codes = np.array([TOWNSHIP_CODE_FROM[k] for k in kinds]) + _serial(kind_of)
    return codes, kinds, np.char.add(np.array(place_names(count, rng)), kinds)


def _covered(total: int, pct: float, last_year_pct: float) -> int:
    """Units covered: as close to pct as whole units allow, and never a lower share than last year's figure."""
    count = round(pct / 100 * total)
    if not math.isnan(last_year_pct):  # coverage is a stock: it does not fall back
        count = max(count, math.ceil(last_year_pct / 100 * total - 1e-9))
    return min(count, total)


def _fibre(naturals: np.ndarray, remote: np.ndarray, reached: int, rng: np.random.Generator) -> np.ndarray:
    """Natural villages fibre reaches, per village: the gaps fall mostly on the remote villages."""
    owner = np.repeat(np.arange(len(naturals)), naturals)
    gaps = np.argsort(-(remote[owner] + rng.random(len(owner))), kind="stable")[: len(owner) - reached]
    return naturals - np.bincount(owner[gaps], minlength=len(naturals))


def _county(adcode: str, n: int, natural: int, district: bool, pct: dict[str, tuple[float, float]],
            rng: np.random.Generator) -> pd.DataFrame:
    """The administrative villages of one county, with 5G and fibre matching its coverage figures."""
    codes, kinds, names = _townships(max(1, round(n / VILLAGES_PER_TOWNSHIP)), district, rng)
    town_of = np.sort(np.concatenate([np.arange(len(codes)), rng.integers(0, len(codes), n - len(codes))]))
    community = rng.random(n) < np.array([COMMUNITY_SHARE[k] for k in kinds])[town_of]
    number = np.where(community, VILLAGE_CODE_FROM["社区"], VILLAGE_CODE_FROM["村"]) + _serial(2 * town_of + community)
    remote = rng.random(n)  # the farther out, the later 5G and fibre arrive
    has_5g = np.zeros(n, dtype=bool)
    has_5g[np.argsort(remote + 0.5 * rng.random(n), kind="stable")[: _covered(n, *pct["village_5g_pct"])]] = True
    naturals = 1 + rng.multinomial(natural - n, rng.dirichlet(np.full(n, 2.0)))
    fibre = _fibre(naturals, remote, _covered(natural, *pct["natural_village_fibre_pct"]), rng)
    frame = pd.DataFrame({
        "village_code": [f"{adcode}{t:03d}{v:03d}" for t, v in zip(codes[town_of].tolist(), number.tolist())],
        "village_name": np.char.add(np.array(place_names(n, rng)), np.where(community, "社区", "村")),
        "adcode": adcode, "township": names[town_of], "year": YEARS[-1], "has_5g": np.where(has_5g, "是", "否"),
        "natural_villages": naturals, "fibre_natural_villages": fibre})
    return frame.sort_values("village_code", ignore_index=True)


def village_records(inputs: Inputs, size: Size, tables: dict[str, pd.DataFrame],
                    rng: np.random.Generator) -> pd.DataFrame:
    """The latest year's villages; sets that year's county coverage figures from them (tables is updated)."""
    year, last = YEARS[-1], YEARS[-2]
    district = inputs.regions["county_type"] == "市辖区"
    keys = ("village_5g_pct", "natural_village_fibre_pct")
    frames = [_county(adcode, int(n), int(size.natural_villages[adcode]), bool(district[adcode]),
                      {k: (tables[k].at[adcode, year], tables[k].at[adcode, last]) for k in keys}, rng)
              for adcode, n in size.admin_villages.items() if n > 0]
    villages = pd.concat(frames, ignore_index=True)
    by_county = villages.assign(reached_5g=villages["has_5g"] == "是").groupby("adcode")
    totals = by_county[["reached_5g", "natural_villages", "fibre_natural_villages"]].sum()
    tables["village_5g_pct"][year] = (100 * totals["reached_5g"] / by_county.size()).reindex(inputs.adcodes)
    tables["natural_village_fibre_pct"][year] = (
        100 * totals["fibre_natural_villages"] / totals["natural_villages"]).reindex(inputs.adcodes)
    return villages.assign(region_name=villages["adcode"].map(inputs.regions["name"]))
