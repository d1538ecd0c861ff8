"""Yearly county indicators of the demo (C-Y and C grain) that are not roll-ups of parks, firms or projects."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import YEARS, YICHANG, Inputs, stream, yearly_frame
from .size import Size

# Percentages that climb each year: (first-year range, yearly step range, ceiling).
RISING_PCT = {
    "digital_transform_pct": ((60, 85), (1.5, 4.5), 95),
    "rd_active_share_pct": ((28, 55), (0.5, 3.0), 75),
    "rd_institution_share_pct": ((12, 30), (0.3, 2.0), 45),
    "solid_waste_util_pct": ((55, 88), (0.3, 2.5), 98),
    "phosphogypsum_util_pct": ((40, 60), (3.0, 8.0), 85),
}
# Village coverage: first-year draws above 100 become 100, so a few counties are complete each year.
COVERAGE_PCT = {"village_5g_pct": ((85, 100.5), (0.3, 2.0)), "natural_village_fibre_pct": ((80, 100.4), (0.5, 3.0))}
# Yearly activity counts: Poisson((a + b × size) × (1 + g × years since the first)).
FLOW_COUNTS = {
    "tech_vp_count": (3, 12, 0.08), "expo_count": (2, 6, 0.05), "strategic_agreement_count": (1, 4, 0.05),
    "sme_digital_assessment_count": (10, 40, 0.2), "two_integration_count": (5, 20, 0.1),
    "energy_diagnosis_count": (3, 10, 0.1), "energy_supervision_count": (2, 6, 0.05),
}
# Stocks: Poisson(a + b × size) in the first year, then Poisson(c × size) more each year.
STOCK_COUNTS = {"brand_count": (3, 10, 2), "regional_brand_count": (0.5, 1.5, 0.3), "iiot_touchpoint_count": (1, 4, 1)}
PARK_BOND_YI = (45, 58)  # province total a year, so 2024+2025 stays well short of the 200亿 target
PARK_BOND_SHARE = 0.45  # counties that get a bond quota in a year
HQ_FUND_WAN = 150_000  # 省级制造业高质量发展资金 spread over counties a year
Y = len(YEARS)


def rising_pct(n: int, spec: tuple, rng: np.random.Generator) -> np.ndarray:
    """County × year percentages that start in a range and climb by a step a year up to a ceiling."""
    (lo, hi), (step_lo, step_hi), ceiling = spec
    start = rng.uniform(lo, hi, n)[:, None]
    steps = np.column_stack([np.zeros(n), rng.uniform(step_lo, step_hi, (n, Y - 1))])
    return np.round(np.minimum(start + np.cumsum(steps, axis=1), ceiling), 1)


def coverage_pct(n: int, spec: tuple, rng: np.random.Generator) -> np.ndarray:
    """Coverage climbing to 100 %: counties reach 100 one after another and stay there."""
    (lo, hi), (step_lo, step_hi) = spec
    start = rng.uniform(lo, hi, n)[:, None]
    steps = np.column_stack([np.zeros(n), rng.uniform(step_lo, step_hi, (n, Y - 1))])
    return np.round(np.minimum(start + np.cumsum(steps, axis=1), 100.0), 1)


def flow_counts(scale: np.ndarray, spec: tuple, rng: np.random.Generator) -> np.ndarray:
    a, b, g = spec
    return rng.poisson((a + b * scale)[:, None] * (1 + g * np.arange(Y)))


def stock_counts(scale: np.ndarray, spec: tuple, rng: np.random.Generator) -> np.ndarray:
    a, b, c = spec
    adds = np.column_stack([rng.poisson(a + b * scale), rng.poisson(c * scale[:, None], (len(scale), Y - 1))])
    return np.cumsum(adds, axis=1)


def energy_intensity(n: int, rng: np.random.Generator) -> np.ndarray:
    """Change of energy use per unit of value added (%): mostly −1 to −6, a few counties going the wrong way."""
    worse = rng.random((n, Y)) < 0.06
    return np.round(np.where(worse, rng.uniform(0.1, 2.5, (n, Y)), rng.uniform(-6, -1, (n, Y))), 1)


def park_bonds(scale: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Special-bond quota for parks (亿元): some counties a year, bigger ones more often, NaN for none."""
    out = np.full((len(scale), Y), np.nan)
    for j in range(Y):
        gets = rng.random(len(scale)) < np.clip(PARK_BOND_SHARE * scale / scale.mean(), 0.1, 0.95)
        amount = scale[gets] ** 0.5 * rng.lognormal(0, 0.5, gets.sum())
        out[gets, j] = np.round(amount / amount.sum() * rng.uniform(*PARK_BOND_YI), 2)
    return out


def funnel(new: np.ndarray, scale: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """个转企 ≥ 企升规 ≥ 规改股 ≥ 股上市, with 企升规 part of the year's new above-scale firms."""
    to_scale = rng.binomial(new, rng.uniform(0.55, 0.85, new.shape))
    to_firm = np.maximum(to_scale, rng.poisson(25 * scale[:, None] * np.ones(new.shape)))
    to_share = rng.binomial(to_scale, rng.uniform(0.05, 0.25, new.shape))
    listed = np.minimum(to_share, rng.binomial(2, np.clip(0.04 * scale, 0, 0.5)[:, None] * np.ones(new.shape)))
    return {"ind_to_firm_count": to_firm, "firm_to_scale_count": to_scale,
            "scale_to_share_count": to_share, "share_to_listed_count": listed}


def _phosphogypsum_units(inputs: Inputs, leading: pd.DataFrame, parks: pd.DataFrame) -> np.ndarray:
    """宜昌's units that produce phosphogypsum: phosphorus chemistry leads there or a chemical park sits there."""
    chem = set(leading.loc[leading["industry_code"] == "C26", "adcode"]) | set(
        parks.loc[parks["park_kind"] == "化工", "adcode"])
    return ((inputs.regions["prefecture_code"] == YICHANG) & inputs.adcodes.isin(list(chem))).to_numpy()


def yearly_indicators(inputs: Inputs, size: Size, flows: dict, leading: pd.DataFrame,
                      parks: pd.DataFrame, seed: int) -> dict[str, pd.DataFrame]:
    """Wide county × year tables by indicator id (NaN where a county has no such value)."""
    rng = stream(seed, "yearly")
    idx, n, scale = inputs.adcodes, len(inputs.adcodes), size.scale.to_numpy()
    table = {k: rising_pct(n, spec, rng) for k, spec in RISING_PCT.items()}
    table["phosphogypsum_util_pct"][~_phosphogypsum_units(inputs, leading, parks)] = np.nan
    has_villages = size.admin_villages.to_numpy() > 0
    for k, spec in COVERAGE_PCT.items():
        table[k] = np.where(has_villages[:, None], coverage_pct(n, spec, rng), np.nan)
    table |= {k: flow_counts(scale, spec, rng) for k, spec in FLOW_COUNTS.items()}
    table |= {k: stock_counts(scale, spec, rng) for k, spec in STOCK_COUNTS.items()}
    new = flows["new_above_scale_count"][list(YEARS)].to_numpy().astype(int)
    table |= funnel(new, scale, rng)
    table["incubation_pool_count"] = rng.poisson(new * rng.uniform(1.8, 2.8, new.shape))
    table["energy_intensity_change_pct"] = energy_intensity(n, rng)
    table["park_bond_yi"] = park_bonds(scale, rng)
    fund = scale[:, None] ** 0.6 * rng.lognormal(0, 0.5, (n, Y))
    table["hq_fund_wan"] = np.round(fund / fund.sum(axis=0) * HQ_FUND_WAN * rng.uniform(0.9, 1.1, Y), 1)
    table["projects_applied_count"] = rng.poisson((3 + 12 * scale)[:, None] * np.ones((n, Y)))
    table["projects_won_count"] = rng.binomial(table["projects_applied_count"], rng.uniform(0.3, 0.65, (n, 1)))
    out = {k: pd.DataFrame(v, index=idx, columns=list(YEARS)) for k, v in table.items()}
    return out | context(size) | flows


def context(size: Size) -> dict[str, pd.DataFrame]:
    """Context and denominators: output for the year, population, GDP, area (same each year), villages."""
    idx = size.base.index
    same = {k: yearly_frame(idx, dict.fromkeys(YEARS, s.to_numpy()))
            for k, s in (("area_km2", size.area), ("admin_village_count", size.admin_villages),
                         ("natural_village_count", size.natural_villages))}
    return same | {"output_year_yi": size.annual[list(YEARS)], "population_wan": size.population,
                   "gdp_yi": size.gdp}
