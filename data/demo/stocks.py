"""Month-end stocks of the demo and their flows: above-scale firms (入规/退规) and 5G base stations."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import MONTHS, SIM_MONTHS, YEARS, Inputs, allocate, yearly_frame
from .size import Size

PROVINCE_FIRMS_2022 = 17_526  # 规上工业企业, end of 2022 (provincial statistics)
NEW_RATE, EXIT_RATE = 0.113, 0.083  # of the stock at the start of the year: net ≈ +2.7 % a year
# Entries and exits are mostly settled in the annual review that takes effect in January.
JANUARY_SHARE = {"new": 0.8, "exit": 0.7}
BS_2022 = 85_000  # 5G base stations, end of 2022
BS_ADDED = {2023: 24_000, 2024: 18_000, 2025: 14_000, 2026: 9_000}  # 2026: January–October
REDCAP_START = (2024, 1)  # RedCap upgrades begin in 2024; zero before


def _wide(index: pd.Index, cols: dict) -> pd.DataFrame:
    out = pd.DataFrame(cols, index=index)
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out


def _months_of(year: int) -> list[int]:
    return [m for y, m in SIM_MONTHS if y == year]


def _split_months(totals: np.ndarray, year: int, january: float, rng: np.random.Generator) -> np.ndarray:
    """Split yearly counts over the months of a year: a January share, the rest spread over February–December."""
    jan = rng.binomial(totals, january)
    rest = np.array([rng.multinomial(t, np.full(11, 1 / 11)) for t in totals - jan])
    months = np.column_stack([jan, rest])
    return months[:, : len(_months_of(year))]


def _growth_ratio(size: Size, year: int) -> np.ndarray:
    """Output this year over last year (2026: January–October against the same months of 2025)."""
    months = _months_of(year)
    now = size.monthly[[(year, m) for m in months]].sum(axis=1)
    before = size.monthly[[(year - 1, m) for m in months]].sum(axis=1)
    return (now / before).to_numpy()


def firm_stock(size: Size, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Monthly stock of 规上 firms and yearly new and exiting firms: stock(Dec) = stock(last Dec) + new − exit."""
    stock = allocate(PROVINCE_FIRMS_2022, size.base.to_numpy() ** 0.75 * rng.lognormal(0, 0.15, len(size.base)))
    cols, new, exits = {}, {}, {}
    for year in sorted({y for y, _ in MONTHS}):
        # Counties that grow faster lift more firms over the 2000万 revenue line and lose fewer.
        pull = np.clip(1 + 4 * (_growth_ratio(size, year) - 1.07), 0.5, 1.6)
        n_new = rng.poisson(stock * NEW_RATE * pull)
        n_exit = np.minimum(rng.poisson(stock * EXIT_RATE / np.sqrt(pull)), stock // 2)
        flows = (_split_months(n_new, year, JANUARY_SHARE["new"], rng)
                 - _split_months(n_exit, year, JANUARY_SHARE["exit"], rng))
        for i, m in enumerate(_months_of(year)):
            stock = stock + flows[:, i]
            cols[(year, m)] = stock.copy()
        new[year], exits[year] = n_new, n_exit
    idx = size.base.index
    years = {y: v for y, v in new.items() if y in YEARS}
    return (_wide(idx, cols), yearly_frame(idx, years),
            yearly_frame(idx, {y: v for y, v in exits.items() if y in YEARS}))


def base_stations(inputs: Inputs, size: Size, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Monthly stock of 5G base stations and cumulative rural new builds within each year."""
    pop = size.population[YEARS[0]].to_numpy()
    weight = pop ** 0.8 * size.area.to_numpy() ** 0.2 * rng.lognormal(0, 0.15, len(pop))
    stock = allocate(BS_2022, weight)
    rural = np.where(size.admin_villages.to_numpy() == 0, 0.0,
                     np.where(inputs.regions["county_type"] == "市辖区", 0.25, 0.55) + rng.uniform(-0.1, 0.1, len(pop)))
    cols, rural_cols = {}, {}
    for year, added in BS_ADDED.items():
        months = _months_of(year)
        per_county = rng.multinomial(added, _norm(weight, rng))
        ramp = np.linspace(1.0, 1.5, len(months))  # more sites are switched on late in the year
        monthly = np.array([rng.multinomial(n, ramp / ramp.sum()) for n in per_county])
        rural_new = rng.binomial(monthly, rural[:, None])
        for i, m in enumerate(months):
            stock = stock + monthly[:, i]
            cols[(year, m)] = stock.copy()
            rural_cols[(year, m)] = rural_new[:, : i + 1].sum(axis=1)
    return _wide(size.base.index, cols), _wide(size.base.index, rural_cols)


def _norm(weight: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Probabilities of a county getting a new site this year: its weight with a yearly wobble."""
    w = weight * rng.lognormal(0, 0.25, len(weight))
    return w / w.sum()


def per_10k(count: pd.DataFrame, population: pd.DataFrame) -> pd.DataFrame:
    """Base stations per 10 000 residents, with that year's population (the latest year's for later months)."""
    out = count.astype(float).copy()
    for y, m in count.columns:
        out[(y, m)] = (count[(y, m)] / population[min(y, max(population.columns))]).round(2)
    return out


def redcap_share(inputs: Inputs, rng: np.random.Generator) -> pd.DataFrame:
    """Share of base stations upgraded to RedCap: zero before 2024, then an S-curve to 30–50 % by late 2026."""
    n = len(inputs.regions)
    target = rng.uniform(36, 52, n) + np.where(inputs.regions["county_type"] == "市辖区", 4.0, 0.0)
    mid = rng.normal(22, 3, n)  # months after January 2024 at which half the target is reached
    cols = {}
    for y, m in MONTHS:
        t = (y - REDCAP_START[0]) * 12 + (m - REDCAP_START[1])
        cols[(y, m)] = np.zeros(n) if t < 0 else np.round(target / (1 + np.exp(-(t - mid) / 5)), 1)
    return _wide(inputs.regions.index, cols)
