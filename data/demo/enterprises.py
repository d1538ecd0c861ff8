"""Enterprise register of the demo: the firms, their credit codes, names, industries, places and yearly revenue."""

from __future__ import annotations

import numpy as np
import pandas as pd

from geo.registry import strip_suffix

from .base import YEARS, Inputs, allocate, year_label, yearly_frame
from .industries import draw_industries
from .names import company_names, uscc_codes
from .points import scatter
from .size import Size

N_GIANTS = 32  # firms round or above 100亿 revenue in 2023; growth and slumps move a few across the line later
GIANT_ROOM = 0.55  # the giants of a county together sell at most this share of its output
LARGE_FIRMS = 950  # large (non-SME) firms: one per county at least, the rest by output
REGISTER_SHARE = 0.85  # the register's firms together cannot outsell their county's output
# 2023 revenue by role (亿元): median, sigma, floor, ceiling.
REVENUE = {"large": (12, 0.8, 2, 95), "srdi": (1.3, 0.8, 0.21, 40), "innovative": (0.6, 0.8, 0.05, 10)}
ABOVE_SCALE_YI = 0.2  # 规模以上: main-business revenue of 2000万元 and more
NEAR_PARK_SHARE = 0.55  # firms that sit in or next to the county's key park
# At most this share of a county's 规上 stock is in the register; firms beyond it are above the revenue
# line but not yet 入库 (what the 入规培育库 is for), so they are written as 否.
REGISTERED_SHARE = 0.9
ROLE_ORDER = {"giant": 0, "large": 1, "srdi": 2, "innovative": 3}


def _giants(size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """The 百亿级 firms: Pareto revenues placed one by one in big counties that still have room for them."""
    output = size.annual[YEARS[0]]
    room = output * GIANT_ROOM
    rows = []
    for _ in range(N_GIANTS):
        # Some start just under 100亿 and cross the line later, so the count moves from year to year.
        revenue = min(100 * (0.95 + rng.pareto(1.6)), 600.0)
        fits = room[room >= revenue]
        if fits.empty:
            continue
        weight = output[fits.index] ** 3  # concentrated in the big industrial counties
        code = rng.choice(fits.index.to_numpy(), p=(weight / weight.sum()).to_numpy())
        room[code] -= revenue
        rows.append((code, "giant", np.nan, round(revenue, 2)))
    return pd.DataFrame(rows, columns=["adcode", "role", "srdi_year", "revenue_2023"])


def _draw_revenue(role: str, n: int, rng: np.random.Generator) -> np.ndarray:
    median, sigma, lo, hi = REVENUE[role]
    return np.clip(rng.lognormal(np.log(median), sigma, n), lo, hi)


def _roles(size: Size, srdi: pd.DataFrame, innovative: pd.Series, rng: np.random.Generator) -> pd.DataFrame:
    """Every firm of the register with its county, role, 专精特新 year and 2023 revenue."""
    large_n = allocate(LARGE_FIRMS - len(size.base), size.base.to_numpy() ** 0.9) + 1
    large = pd.DataFrame({"adcode": np.repeat(size.base.index.to_numpy(), large_n), "role": "large"})
    srdi = srdi.assign(role="srdi")
    innov = pd.DataFrame({"adcode": innovative.to_numpy(), "role": "innovative"})
    for frame in (large, srdi, innov):
        frame["revenue_2023"] = _draw_revenue(frame["role"].iat[0], len(frame), rng)
    reg = pd.concat([_giants(size, rng), large, srdi, innov], ignore_index=True)
    return _fit_to_county(reg, size)


def _fit_to_county(reg: pd.DataFrame, size: Size) -> pd.DataFrame:
    """Scale down the smaller firms of a county whose register would outsell its output."""
    output = size.annual[YEARS[0]]
    giant = reg["role"] == "giant"
    giants = reg[giant].groupby("adcode")["revenue_2023"].sum().reindex(output.index, fill_value=0)
    others = reg[~giant].groupby("adcode")["revenue_2023"].sum().reindex(output.index, fill_value=0)
    factor = np.minimum(1.0, (REGISTER_SHARE * output - giants) / others.replace(0, np.nan)).fillna(1.0)
    reg = reg.copy()
    reg.loc[~giant, "revenue_2023"] *= reg.loc[~giant, "adcode"].map(factor).to_numpy()
    return reg


def revenue_paths(reg: pd.DataFrame, size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """Yearly revenue (亿元): the firm follows its county's output, with a random walk of its own."""
    county = size.annual.loc[reg["adcode"], list(YEARS)].to_numpy()
    walk = np.cumsum(rng.normal(0, 0.07, county.shape), axis=1)
    walk -= walk[:, :1]
    paths = reg["revenue_2023"].to_numpy()[:, None] * county / county[:, :1] * np.exp(walk)
    return pd.DataFrame(np.round(paths, 2), index=reg.index, columns=list(YEARS))


def _prefixes(inputs: Inputs, codes: pd.Series, rng: np.random.Generator) -> np.ndarray:
    """Place word that opens a company name: 湖北, the prefecture or the county."""
    reg = inputs.regions.loc[codes]
    prefecture = reg["prefecture"].map(strip_suffix).to_numpy()
    county = reg["name"].map(strip_suffix).to_numpy()
    pick = rng.random(len(codes))
    return np.where(pick < 0.4, "湖北", np.where(pick < 0.75, prefecture, county))


def _above_scale(reg: pd.DataFrame, stock: pd.Series) -> np.ndarray:
    """是 for firms over the revenue line, biggest first, up to REGISTERED_SHARE of the county's 规上 stock."""
    over = reg[f"revenue_{YEARS[-1]}"] >= ABOVE_SCALE_YI
    rank = reg[f"revenue_{YEARS[-1]}"].where(over).groupby(reg["adcode"]).rank(ascending=False, method="first")
    limit = np.floor(reg["adcode"].map(stock) * REGISTERED_SHARE)
    return np.where(over & (rank <= limit), "是", "否")


def build_register(inputs: Inputs, size: Size, leading: pd.DataFrame, parks: pd.DataFrame,
                   srdi: pd.DataFrame, innovative: pd.Series, stock: pd.Series,
                   rng: np.random.Generator) -> pd.DataFrame:
    """The enterprise register in template columns, plus role, srdi_year, revenue_<year> and county_size.

    stock is the county's 规上 firms at the end of the last year: the register cannot hold more of them.
    """
    reg = _roles(size, srdi, innovative, rng)
    reg = reg.assign(order=reg["role"].map(ROLE_ORDER), neg=-reg["revenue_2023"])
    reg = reg.sort_values(["adcode", "order", "neg"], kind="stable").drop(columns=["order", "neg"])
    reg = reg.reset_index(drop=True)
    paths = revenue_paths(reg, size, rng)
    for y in YEARS:
        reg[f"revenue_{y}"] = paths[y]
    giant = (reg["role"] == "giant").to_numpy()
    reg["industry_code"] = draw_industries(inputs, leading, reg["adcode"].to_numpy(), rng, own_share=0.6)
    reg.loc[giant, "industry_code"] = draw_industries(inputs, leading, reg.loc[giant, "adcode"].to_numpy(), rng, 0.9)
    reg["enterprise_id"] = uscc_codes(reg["adcode"], rng)
    big = reg["role"].isin(["giant"]).to_numpy() | (reg["revenue_2023"] > 50).to_numpy()
    reg["enterprise_name"] = company_names(_prefixes(inputs, reg["adcode"], rng), reg["industry_code"], rng, big)
    reg["region_name"] = reg["adcode"].map(inputs.regions["name"])
    reg["county_size"] = reg["adcode"].map(size.base / size.base.median()).to_numpy()
    reg["above_scale"] = _above_scale(reg, stock)
    key = parks[parks["park_kind"] == "综合"].set_index("adcode")
    centres = {c: (row["lon"], row["lat"]) for c, row in key.iterrows()}
    reg["lon"], reg["lat"] = scatter(inputs, reg["adcode"], rng, centres, NEAR_PARK_SHARE, spread=0.03)
    return reg


def revenue_values(reg: pd.DataFrame) -> pd.DataFrame:
    """enterprise_values rows: firm_revenue_yi per enterprise and year."""
    frames = [pd.DataFrame({"enterprise_id": reg["enterprise_id"], "indicator_id": "firm_revenue_yi",
                            "period": year_label(y), "value": reg[f"revenue_{y}"]}) for y in YEARS]
    return pd.concat(frames, ignore_index=True).sort_values(["enterprise_id", "period"], kind="stable")


def firm_100_counts(inputs: Inputs, reg: pd.DataFrame) -> pd.DataFrame:
    """Per county and year: enterprises with revenue of 100亿 or more."""
    return yearly_frame(inputs.adcodes, {
        y: reg[reg[f"revenue_{y}"] >= 100].groupby("adcode").size().reindex(inputs.adcodes, fill_value=0).to_numpy()
        for y in YEARS})
