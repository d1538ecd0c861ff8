"""Demo administrative villages: 5G and fibre status behind the county coverage figures of the latest year.

For each county with administrative villages, one record per village (its code, name, township,
natural villages and how many of them fibre reaches). The county's 行政村5G通达率 and 自然村光纤
通达率 of that year are then set from these records, so figures and records agree exactly.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import YEARS, Inputs
from .size import Size

PLACE_CHARS = list("杨柳桥塘湾岗坪畈冲岭港河湖山林田庄铺店集坡垸台岩口")
NAME_CHARS = list("新石白黄金龙马刘王张李陈周高胡何朱罗宋谢桂花枫竹松兴和平安丰乐福寿长永双三五")
TOWNSHIP_SUFFIXES = ("镇", "镇", "镇", "乡", "街道")
VILLAGES_PER_TOWNSHIP = 14


def _names(n: int, suffix: str, rng: np.random.Generator) -> list[str]:
    """n distinct two-character place names with a suffix (村 …): candidates drawn in bulk, repeats dropped."""
    if n > len(NAME_CHARS) * len(PLACE_CHARS):
        raise ValueError(f"{n} villages need more name characters than the demo has")
    names: list[str] = []
    while len(names) < n:
        first = np.array(NAME_CHARS)[rng.integers(len(NAME_CHARS), size=2 * n)]
        second = np.array(PLACE_CHARS)[rng.integers(len(PLACE_CHARS), size=2 * n)]
        names = list(dict.fromkeys(names + [a + b + suffix for a, b in zip(first, second)]))
    return names[:n]


def _spread(total: int, parts: int, floor: int, rng: np.random.Generator) -> np.ndarray:
    """total split into parts of at least floor each, at random."""
    extra = total - floor * parts
    return floor + rng.multinomial(max(extra, 0), rng.dirichlet(np.full(parts, 2.0)))


def _county(adcode: str, n: int, natural: int, pct_5g: float, pct_fibre: float, rng) -> pd.DataFrame:
    towns = max(1, round(n / VILLAGES_PER_TOWNSHIP))
    town_of = np.sort(rng.integers(0, towns, n))
    town_names = [name + TOWNSHIP_SUFFIXES[rng.integers(len(TOWNSHIP_SUFFIXES))] for name in _names(towns, "", rng)]
    serial = pd.Series(town_of).groupby(town_of).cumcount().to_numpy() + 1
    has_5g = np.zeros(n, dtype=bool)
    has_5g[rng.permutation(n)[: round(pct_5g / 100 * n)]] = True
    naturals = _spread(natural, n, 1, rng)
    reached = np.bincount(rng.permutation(np.repeat(np.arange(n), naturals))[: round(pct_fibre / 100 * natural)],
                          minlength=n)
    return pd.DataFrame({
        "village_code": [f"{adcode}{t + 1:03d}{s + 200:03d}" for t, s in zip(town_of, serial)],
        "village_name": _names(n, "村", rng), "adcode": adcode,
        "township": [town_names[t] for t in town_of], "year": YEARS[-1],
        "has_5g": np.where(has_5g, "是", "否"), "natural_villages": naturals, "fibre_natural_villages": reached,
    })


def village_records(inputs: Inputs, size: Size, tables: dict[str, pd.DataFrame],
                    rng: np.random.Generator) -> pd.DataFrame:
    """The latest year's villages; sets that year's county coverage figures from them (tables is updated)."""
    year = YEARS[-1]
    frames = [_county(adcode, int(n), int(size.natural_villages[adcode]), tables["village_5g_pct"].at[adcode, year],
                      tables["natural_village_fibre_pct"].at[adcode, year], rng)
              for adcode, n in size.admin_villages.items() if n > 0]
    villages = pd.concat(frames, ignore_index=True)
    by_county = villages.assign(reached_5g=villages["has_5g"] == "是").groupby("adcode")
    totals = by_county[["reached_5g", "natural_villages", "fibre_natural_villages"]].sum()
    counts = by_county.size()
    tables["village_5g_pct"][year] = (100 * totals["reached_5g"] / counts).reindex(inputs.adcodes)
    tables["natural_village_fibre_pct"][year] = (
        100 * totals["fibre_natural_villages"] / totals["natural_villages"]).reindex(inputs.adcodes)
    return villages.assign(region_name=villages["adcode"].map(inputs.regions["name"]))
