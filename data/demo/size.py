"""County size model of the demo: 2022 baseline output, the monthly output path, population, GDP and villages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .base import BASE_YEAR, SIM_MONTHS, WUHAN, YEARS, Inputs, allocate, size_index, stream, yearly_frame
from .points import area_km2

# 规上工业总产值 2022 (亿元) and trend against the province (growth points a year), set by hand
# where public reporting gives an order of magnitude. The negative trends are why only 青山 passes
# 1000亿 by 2025 while 东西湖, 大冶 and 仙桃 stay within reach: 东西湖 loses food and logistics
# plants, the auto districts (蔡甸, 汉南) follow the joint-venture slump, 仙桃's non-woven boom
# fades after 2022.
ANCHORS = {
    "江岸区": (60, 0.0), "江汉区": (35, 0.0), "硚口区": (110, -0.02), "武昌区": (80, 0.0),
    "青山区": (1300, 0.02), "东西湖区": (1050, -0.11), "蔡甸区": (900, -0.12), "汉南区": (650, -0.12),
    "江夏区": (760, -0.04), "洪山区": (600, 0.0), "大冶市": (850, -0.04), "仙桃市": (900, -0.06),
    "宜都市": (750, -0.04), "枣阳市": (650, 0.0), "潜江市": (800, -0.05), "枝江市": (650, 0.01),
    "钟祥市": (550, 0.0),
}
# Mountain counties: little industry (20–80亿).
MOUNTAIN = {
    "神农架林区": 20, "五峰土家族自治县": 45, "鹤峰县": 40, "英山县": 60, "竹溪县": 55, "来凤县": 50,
    "郧西县": 60, "宣恩县": 55, "咸丰县": 65, "巴东县": 70, "建始县": 70, "罗田县": 75, "通山县": 70,
    "竹山县": 75, "房县": 65, "保康县": 80,
}
TYPE_MEDIAN_YI = {"市辖区": 280, "县级市": 380, "县": 230, "自治县": 140, "林区": 25}
OTHER_RANGE_YI = (40, 600)  # no unanchored county may rival the hand-set big ones
PROVINCE_2022_YI = 35_500
# Nominal output growth of the province by year; value-added growth is this minus the deflator.
PROVINCE_GROWTH = {2023: 0.066, 2024: 0.087, 2025: 0.080, 2026: 0.075}
# Month shares of a year's output: Spring Festival lowers January and February, year-end pushes December.
SEASON = np.array([6.2, 5.6, 8.4, 8.2, 8.4, 9.0, 8.0, 8.2, 8.8, 8.4, 8.8, 11.4])

WUHAN_POP = {  # relative resident population of Wuhan's districts (census order of magnitude)
    "江岸区": 96, "江汉区": 65, "硚口区": 67, "汉阳区": 84, "武昌区": 128, "青山区": 50, "洪山区": 170,
    "东西湖区": 64, "汉南区": 14, "蔡甸区": 82, "江夏区": 100, "黄陂区": 115, "新洲区": 86,
}
TYPE_POP_WAN = {"市辖区": 45, "县级市": 75, "县": 45, "自治县": 35, "林区": 7}
PROVINCE_POP_WAN, WUHAN_POP_WAN = 5840, 1370  # 2023
PROVINCE_GDP_YI = {2023: 55_800, 2024: 58_000, 2025: 60_000}
WUHAN_GDP_SHARE = 0.35
ADMIN_VILLAGES = 23_000
URBAN_CORE_KM2 = 120  # districts smaller than this are fully urban: no administrative villages


@dataclass(frozen=True)
class Size:
    base: pd.Series  # 规上工业总产值 2022, 亿元
    monthly: pd.DataFrame  # columns (year, month), 2022-01 … 2026-10, 亿元 rounded to 2 decimals
    annual: pd.DataFrame  # columns 2022 … 2025: exact sums of the rounded months
    population: pd.DataFrame  # columns YEARS, 万人
    gdp: pd.DataFrame
    area: pd.Series
    admin_villages: pd.Series
    natural_villages: pd.Series

    @property
    def scale(self) -> pd.Series:
        return size_index(self.base)


def _squash(v: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Soft ceiling: values pass unchanged up to the knee, then bend towards hi without piling up at it."""
    knee = lo + 0.6 * (hi - lo)
    bent = knee + (hi - knee) * np.tanh((v - knee) / (hi - knee))
    return np.maximum(lo, np.where(v > knee, bent, v))


def _fill(raw: np.ndarray, total: float, lo: float, hi: float) -> np.ndarray:
    """Scale raw so that, squashed into [lo, hi], it sums to total."""
    scale = total / raw.sum()
    for _ in range(60):
        scale *= total / _squash(raw * scale, lo, hi).sum()
    return _squash(raw * scale, lo, hi)


def baseline(inputs: Inputs, rng: np.random.Generator) -> tuple[pd.Series, pd.Series]:
    """2022 output and yearly trend per county: anchors by hand, the rest lognormal filling the province total."""
    reg = inputs.regions
    anchors = inputs.code_of(ANCHORS) | {c: (v, 0.0) for c, v in inputs.code_of(MOUNTAIN).items()}
    medians = reg["county_type"].map(TYPE_MEDIAN_YI).fillna(200).to_numpy(float)
    raw = medians * rng.lognormal(0.0, 0.5, len(reg))
    # Unanchored counties that start big do not outgrow the province: the 1000亿 race is the anchors'.
    trend = rng.normal(0.0, 0.02, len(reg))
    fixed = reg.index.isin(list(anchors))
    rest = PROVINCE_2022_YI - sum(v for v, _ in anchors.values())
    base = np.zeros(len(reg))
    base[~fixed] = _fill(raw[~fixed], rest, *OTHER_RANGE_YI)
    trend = np.where(base > 0.7 * OTHER_RANGE_YI[1], np.minimum(trend, 0.0), trend)
    for code, (value, drift) in anchors.items():
        i = reg.index.get_loc(code)
        base[i], trend[i] = value, drift
    return pd.Series(base, index=reg.index), pd.Series(trend, index=reg.index)


def monthly_output(base: pd.Series, trend: pd.Series, rng: np.random.Generator) -> pd.DataFrame:
    """Monthly output: the county's yearly level × its own seasonality × month noise, rounded to 0.01亿."""
    n = len(base)
    level = {BASE_YEAR: base.to_numpy(float)}
    for y, g in PROVINCE_GROWTH.items():
        level[y] = level[y - 1] * (1 + g + trend.to_numpy() + rng.normal(0, 0.015, n))
    season = SEASON * rng.lognormal(0.0, 0.03, (n, 12))
    season /= season.sum(axis=1, keepdims=True)
    cols = {}
    for y, m in SIM_MONTHS:
        noise = rng.lognormal(0.0, 0.025, n)
        cols[(y, m)] = np.round(level[y] * season[:, m - 1] * noise, 2)
    out = pd.DataFrame(cols, index=base.index)
    out.columns = pd.MultiIndex.from_tuples(out.columns)
    return out


def annual_output(monthly: pd.DataFrame) -> pd.DataFrame:
    """Whole-year output as the exact sum of the twelve rounded months (complete years only)."""
    years = sorted({y for y, _ in monthly.columns if (y, 12) in monthly.columns})
    return yearly_frame(monthly.index, {y: monthly[y].sum(axis=1).round(2) for y in years})


def population(inputs: Inputs, rng: np.random.Generator) -> pd.DataFrame:
    """Resident population (万人): Wuhan's districts from census weights, the rest lognormal by county type."""
    reg = inputs.regions
    wuhan = (reg["prefecture_code"] == WUHAN).to_numpy()
    weights = pd.Series(inputs.code_of(WUHAN_POP), dtype=float).reindex(reg.index).fillna(50).to_numpy()
    pop = np.zeros(len(reg))
    pop[wuhan] = weights[wuhan] / weights[wuhan].sum() * WUHAN_POP_WAN
    other = reg["county_type"].map(TYPE_POP_WAN).fillna(40).to_numpy(float)[~wuhan]
    other *= rng.lognormal(0.0, 0.35, len(other))
    pop[~wuhan] = other / other.sum() * (PROVINCE_POP_WAN - WUHAN_POP_WAN)
    # Wuhan still draws people from the rest of the province.
    drift = np.where(wuhan, 0.006, -0.003) + rng.normal(0, 0.002, len(reg))
    return yearly_frame(reg.index, {y: np.round(pop * (1 + drift) ** (y - YEARS[0]), 2) for y in YEARS})


def gdp(inputs: Inputs, pop: pd.DataFrame, annual: pd.DataFrame) -> pd.DataFrame:
    """GDP (亿元): services scale with population (richer in cities), industry with output; Wuhan ≈ a third."""
    reg = inputs.regions
    wuhan = (reg["prefecture_code"] == WUHAN).to_numpy()
    per_head = np.where(wuhan, 10.0, np.where(reg["county_type"] == "市辖区", 5.0, 3.0))
    out = {}
    for y in YEARS:
        w = pop[y].to_numpy() * per_head + 0.35 * annual[y].to_numpy()
        total = PROVINCE_GDP_YI[y]
        share = np.where(wuhan, w / w[wuhan].sum() * WUHAN_GDP_SHARE, w / w[~wuhan].sum() * (1 - WUHAN_GDP_SHARE))
        out[y] = np.round(share * total, 2)
    return yearly_frame(reg.index, out)


def villages(inputs: Inputs, area: pd.Series, rng: np.random.Generator) -> tuple[pd.Series, pd.Series]:
    """Administrative villages by area (fewer in districts, none in the urban core); natural villages 5–8× that."""
    district = (inputs.regions["county_type"] == "市辖区").to_numpy()
    w = area.to_numpy() ** 0.85 * np.where(district, 0.6, 1.0) * rng.lognormal(0, 0.25, len(area))
    w[district & (area.to_numpy() < URBAN_CORE_KM2)] = 0.0
    admin = allocate(ADMIN_VILLAGES, w)
    natural = np.round(admin * rng.uniform(5, 8, len(area))).astype(int)
    return pd.Series(admin, index=area.index), pd.Series(natural, index=area.index)


def build_size(inputs: Inputs, seed: int) -> Size:
    rng = stream(seed, "size")
    base, trend = baseline(inputs, rng)
    monthly = monthly_output(base, trend, rng)
    annual = annual_output(monthly)
    pop = population(inputs, rng)
    area = area_km2(inputs)
    admin, natural = villages(inputs, area, rng)
    return Size(base, monthly, annual, pop, gdp(inputs, pop, annual), area, admin, natural)
