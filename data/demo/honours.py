"""Honours of the demo: who holds 专精特新 / 小巨人 / 单项冠军 and the other titles, since when; county counts."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import METRO_WUHAN, YEARS, Inputs, yearly_frame
from .size import Size

# Provincial 专精特新 batches: ≈4,200 by 2023 (4,157 by April 2023), then ≈1,700 a year.
SRDI_BATCHES = {2018: 250, 2019: 400, 2020: 550, 2021: 800, 2022: 1100, 2023: 1100, 2024: 1700, 2025: 1700}
INNOVATIVE_ONLY = 2_800  # 创新型中小企业 not (yet) 专精特新; the scheme starts in 2022
INNOVATIVE_FIRST_YEAR = 2022
# The smallest counties get their first 专精特新 late or not yet, so 全覆盖 has gaps to show.
LATE_COUNTIES = {2024: 5, 2025: 4, 9999: 4}
# National 小巨人: 473 by November 2022, about two thirds in the 武汉 metro circle.
LITTLE_GIANT_BATCHES = {2019: 25, 2020: 95, 2021: 175, 2022: 178, 2023: 85, 2024: 80, 2025: 70}
METRO_SHARE = 2 / 3
# National 单项冠军: 22 by early 2021, ≈40 by 2025; half from 小巨人, half from large firms.
CHAMPION_BATCHES = {2018: 8, 2019: 5, 2020: 4, 2021: 5, 2022: 6, 2023: 5, 2024: 4, 2025: 3}


def _every(years: range, n: int) -> dict[int, int]:
    return dict.fromkeys(years, n)


# Other titles, by the county indicator they feed: (batches by year, pool, weight exponent on revenue).
OTHER_HONOURS = {
    "leading_firm_count": ({2019: 150, 2021: 150, 2023: 100, 2025: 80}, "large", 1.0),
    "chain_leader_count": ({2022: 40, 2023: 20, 2024: 15, 2025: 10}, "large", 1.5),
    "green_factory_national_count": (_every(range(2019, 2026), 40), "above", 0.6),
    "green_factory_provincial_count": (_every(range(2019, 2026), 80), "above", 0.5),
    "green_factory_municipal_count": (_every(range(2019, 2026), 100), "above", 0.3),
    "green_supply_chain_count": (_every(range(2019, 2026), 3), "large", 1.0),
    "efficiency_leader_count": (_every(range(2020, 2026), 10), "above", 0.8),
    "full_5g_factory_count": ({2024: 14, 2025: 22}, "above", 0.8),
    "smart_factory_count": (_every(range(2019, 2026), 120), "above", 0.5),
    "unmanned_workshop_count": ({2023: 20, 2024: 25, 2025: 30}, "above", 0.6),
    "innovation_center_count": ({2019: 3, 2020: 3, 2021: 4, 2022: 4, 2023: 4, 2024: 4, 2025: 4}, "large", 1.0),
    "design_center_count": (_every(range(2019, 2026), 40), "above", 0.5),
    "tech_demo_firm_count": (_every(range(2019, 2026), 30), "above", 0.6),
}
DEFAULT_HONOUR = (_every(range(2019, 2026), 20), "above", 0.5)  # a title added to honours.csv later


def srdi_plan(inputs: Inputs, size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """One row per future 专精特新 firm: its county and award year; metro counties and big ones get more."""
    metro = (inputs.regions["metro_circle"] == METRO_WUHAN).to_numpy()
    w = size.base.to_numpy() ** 1.1 * rng.lognormal(0, 0.4, len(metro)) * np.where(metro, 1.3, 1.0)
    start = np.full(len(w), min(SRDI_BATCHES))
    order = np.argsort(w, kind="stable")
    pos = 0
    for first_year, n in LATE_COUNTIES.items():
        start[order[pos: pos + n]] = first_year
        pos += n
    rows = []
    for year, n in SRDI_BATCHES.items():
        p = np.where(start <= year, w, 0.0)
        counts = rng.multinomial(n, p / p.sum())
        rows += [(code, year) for code, k in zip(size.base.index, counts) for _ in range(k)]
    return pd.DataFrame(rows, columns=["adcode", "srdi_year"])


def innovative_plan(size: Size, rng: np.random.Generator) -> pd.Series:
    """Counties of the 创新型-only firms, spread like output."""
    w = size.base.to_numpy() ** 0.9 * rng.lognormal(0, 0.4, len(size.base))
    counts = rng.multinomial(INNOVATIVE_ONLY, w / w.sum())
    return pd.Series(np.repeat(size.base.index.to_numpy(), counts), name="adcode")


def _pick(pool: np.ndarray, weight: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """n distinct positions from pool, drawn by weight (all of the pool if it is smaller than n)."""
    if n >= len(pool):
        return pool
    return rng.choice(pool, size=n, replace=False, p=weight / weight.sum())


def _pyramid(reg: pd.DataFrame, metro: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Award years (0 = none) of 创新型, 小巨人 and 单项冠军 per register row, nested under 专精特新."""
    n = len(reg)
    srdi = reg["srdi_year"].fillna(0).to_numpy(int)
    rev = reg["revenue_2023"].to_numpy()
    # 创新型 is the bottom tier: the same year as 专精特新 or the year before, and firms that were
    # 专精特新 before the scheme existed are listed in its first year.
    innov = np.where(srdi > 0, np.maximum(INNOVATIVE_FIRST_YEAR, srdi - (rng.random(n) < 0.6)), 0)
    innov_only = (reg["role"] == "innovative").to_numpy()
    years = np.arange(INNOVATIVE_FIRST_YEAR, YEARS[-1] + 1)
    weights = 1 + 0.15 * np.arange(len(years))  # the lists grow a little every year
    innov[innov_only] = rng.choice(years, innov_only.sum(), p=weights / weights.sum())
    little = np.zeros(n, dtype=int)
    for year, k in LITTLE_GIANT_BATCHES.items():
        free = (srdi > 0) & (srdi <= year) & (little == 0)
        k_metro = round(k * METRO_SHARE)
        for mask, m in ((free & metro, k_metro), (free & ~metro, k - k_metro)):
            pool = np.flatnonzero(mask)
            little[_pick(pool, rev[pool] ** 0.7, m, rng)] = year
    champ = np.zeros(n, dtype=int)
    large = reg["role"].isin(["giant", "large"]).to_numpy()
    # Champions cluster in the big industrial counties, so most counties have none.
    pull = rev * reg["county_size"].to_numpy() ** 1.5
    for year, k in CHAMPION_BATCHES.items():
        littles = np.flatnonzero((little > 0) & (little <= year) & (champ == 0))
        chosen = _pick(littles, pull[littles], min(k // 2, len(littles)), rng)
        champ[chosen] = year
        pool = np.flatnonzero(large & (champ == 0))
        champ[_pick(pool, pull[pool], k - len(chosen), rng)] = year
    return {"innovative_sme_count": innov, "srdi_count": srdi, "little_giant_count": little,
            "champion_count": champ}


def _others(reg: pd.DataFrame, indicators: list[str], rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Award years of the titles outside the pyramid, each batch drawn from its pool by revenue."""
    rev = reg["revenue_2023"].to_numpy()
    pools = {"large": reg["role"].isin(["giant", "large"]).to_numpy(), "above": (reg["above_scale"] == "是").to_numpy()}
    out = {}
    for indicator in indicators:
        batches, pool_name, power = OTHER_HONOURS.get(indicator, DEFAULT_HONOUR)
        years = np.zeros(len(reg), dtype=int)
        for year, k in batches.items():
            pool = np.flatnonzero(pools[pool_name] & (years == 0))
            years[_pick(pool, rev[pool] ** power, k, rng)] = year
        out[indicator] = years
    return out


def award(inputs: Inputs, reg: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Honour records (enterprise_id, honour, tier, year_awarded) for every (honour, tier) in honours.csv."""
    metro = reg["adcode"].map(inputs.regions["metro_circle"]).eq(METRO_WUHAN).to_numpy()
    years = _pyramid(reg, metro, rng)
    catalog = inputs.honours
    years |= _others(reg, [i for i in catalog["indicator_id"] if i not in years], rng)
    frames = []
    for honour, tier, indicator in catalog[["honour", "tier", "indicator_id"]].itertuples(index=False):
        held = years[indicator] > 0
        frames.append(pd.DataFrame({"enterprise_id": reg["enterprise_id"].to_numpy()[held], "honour": honour,
                                    "tier": tier, "year_awarded": years[indicator][held]}))
    return pd.concat(frames, ignore_index=True)


def honour_counts(inputs: Inputs, reg: pd.DataFrame, honours: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per county and year: distinct enterprises holding each (honour, tier) awarded in or before that year."""
    held = honours.merge(reg[["enterprise_id", "adcode"]], on="enterprise_id")
    out = {}
    for honour, tier, indicator in inputs.honours[["honour", "tier", "indicator_id"]].itertuples(index=False):
        mine = held[(held["honour"] == honour) & (held["tier"] == tier)]
        out[indicator] = yearly_frame(inputs.adcodes, {
            y: mine[mine["year_awarded"] <= y].groupby("adcode")["enterprise_id"].nunique()
            .reindex(inputs.adcodes, fill_value=0).to_numpy() for y in YEARS})
    return out
