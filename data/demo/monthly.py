"""Monthly county indicators of the demo (C-M grain): output, growth rates, firm stock and 5G network."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import MONTHS, Inputs, stream
from .size import Size
from .stocks import base_stations, firm_stock, per_10k, redcap_share

# Price deflator (points) between nominal output growth and value-added growth at comparable prices.
DEFLATOR = {2023: 1.2, 2024: 0.9, 2025: 1.0, 2026: 1.0}
INVEST_GROWTH = {2023: 6.5, 2024: 8.0, 2025: 5.5, 2026: 6.0}  # province 工业投资, cumulative %
TECHINV_GROWTH = {2023: 9.0, 2024: 12.0, 2025: 10.0, 2026: 8.0}  # province 技改投资, cumulative %
TAX_DIVERGENT = 8  # counties whose tax growth keeps running away from value added (三匹配 flags them)


def _wide(index: pd.Index, cols: dict) -> pd.DataFrame:
    out = pd.DataFrame(cols, index=index)
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out


def value_added_growth(monthly: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """当月 and 1–N月 growth: nominal output growth against the same months a year earlier, less the deflator."""
    month, ytd = {}, {}
    for y, m in MONTHS:
        now, before = monthly[(y, m)], monthly[(y - 1, m)]
        month[(y, m)] = ((now / before - 1) * 100 - DEFLATOR[y]).round(1)
        cum_now = monthly[[(y, k) for k in range(1, m + 1)]].sum(axis=1)
        cum_before = monthly[[(y - 1, k) for k in range(1, m + 1)]].sum(axis=1)
        ytd[(y, m)] = ((cum_now / cum_before - 1) * 100 - DEFLATOR[y]).round(1)
    return _wide(monthly.index, month), _wide(monthly.index, ytd)


def _cumulative_noise(n: int, rng: np.random.Generator, year_sd: float, month_sd: float) -> dict:
    """Noise of a 1–N月 cumulative rate: a county-year level plus month noise that shrinks as months add up."""
    level = {y: rng.normal(0, year_sd, n) for y in sorted({y for y, _ in MONTHS})}
    return {(y, m): level[y] + rng.normal(0, month_sd, n) / np.sqrt(m) for y, m in MONTHS}


def tracking(va_ytd: pd.DataFrame, rng: np.random.Generator, bias_sd: float,
             divergent: int = 0) -> pd.DataFrame:
    """A cumulative rate that tracks value-added growth; `divergent` counties stay 7–12 points off it."""
    n = len(va_ytd)
    bias = rng.normal(0, bias_sd, n)
    off = rng.choice(n, divergent, replace=False)
    bias[off] = rng.choice([-1, 1], divergent) * rng.uniform(7, 12, divergent)
    noise = _cumulative_noise(n, rng, 1.2, 2.5)
    return _wide(va_ytd.index, {k: (va_ytd[k] + bias + noise[k]).round(1) for k in MONTHS})


def investment(index: pd.Index, province: dict, county_sd: float, month_sd: float,
               rng: np.random.Generator) -> pd.DataFrame:
    """A cumulative investment growth rate: province level + county spread + month noise."""
    noise = _cumulative_noise(len(index), rng, county_sd, month_sd)
    return _wide(index, {(y, m): np.round(province[y] + noise[(y, m)], 1) for y, m in MONTHS})


def monthly_indicators(inputs: Inputs, size: Size, seed: int) -> tuple[dict, dict]:
    """Wide monthly tables by indicator id, and the yearly firm flows that go with the firm stock."""
    rng = stream(seed, "monthly")
    va, va_ytd = value_added_growth(size.monthly)
    stock, new, exits = firm_stock(size, stream(seed, "firm_stock"))
    bs, rural = base_stations(inputs, size, stream(seed, "base_stations"))
    tables = {
        "output_yi": size.monthly[MONTHS],
        "va_growth_pct": va,
        "va_growth_ytd_pct": va_ytd,
        "electricity_growth_pct": tracking(va_ytd, rng, 1.5),
        "tax_growth_pct": tracking(va_ytd, rng, 2.0, TAX_DIVERGENT),
        "invest_growth_pct": investment(size.base.index, INVEST_GROWTH, 7, 6, rng),
        "techinv_growth_pct": investment(size.base.index, TECHINV_GROWTH, 12, 10, rng),
        "above_scale_firm_count": stock,
        "bs_5g_count": bs,
        "bs_5g_per_10k": per_10k(bs, size.population),
        "rural_bs_new_count": rural,
        "redcap_share_pct": redcap_share(inputs, stream(seed, "redcap")),
    }
    return tables, {"new_above_scale_count": new, "exit_above_scale_count": exits}
