"""Industrial growth points (工业增长点) of the demo: projects, their monthly reports and the county roll-ups."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import MONTHS, YEARS, Inputs, month_label, yearly_frame
from .industries import draw_industries
from .names import project_names
from .points import scatter
from .size import Size

N_PROJECTS = 1_500
COUNTY_LINE_YI = 0.2  # tracking thresholds: province ≥10亿, prefecture ≥1亿, county ≥0.2亿; nothing smaller
OUTPUT_MEDIAN_YI, OUTPUT_SIGMA, OUTPUT_MAX_YI = 1.2, 1.1, 150.0
INITIAL_POOL_SHARE = 0.4  # projects already in the pool when this series starts (January 2023)
REPORT_RATE, LAGGARD_RATE, LAGGARD_SHARE = (0.92, 0.99), (0.75, 0.88), 0.12


def expected_output(n: int, rng: np.random.Generator) -> np.ndarray:
    """Lognormal expected new output (亿元), redrawn until every project is at or above the county line."""
    out = rng.lognormal(np.log(OUTPUT_MEDIAN_YI), OUTPUT_SIGMA, n)
    low = out < COUNTY_LINE_YI
    while low.any():
        out[low] = rng.lognormal(np.log(OUTPUT_MEDIAN_YI), OUTPUT_SIGMA, low.sum())
        low = out < COUNTY_LINE_YI
    return np.maximum(np.round(np.minimum(out, OUTPUT_MAX_YI), 2), COUNTY_LINE_YI)


def _status(entry: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Status and start-up month index (-1 if still being built): 3–30 months after entering the pool."""
    last = len(MONTHS) - 1
    start = entry + rng.integers(3, 31, len(entry))
    running = start <= last
    mature = running & (last - start >= 12) & (rng.random(len(entry)) < 0.6)
    status = np.where(mature, "达效", np.where(running, "投产", "在建"))
    return status, np.where(running, start, -1)


def projects(inputs: Inputs, size: Size, leading: pd.DataFrame, parks: pd.DataFrame,
             rng: np.random.Generator) -> pd.DataFrame:
    """The project pool in template columns, plus entry (month index of entering the pool)."""
    w = size.base.to_numpy() ** 0.8 * rng.lognormal(0, 0.3, len(size.base))
    counts = rng.multinomial(N_PROJECTS, w / w.sum())
    gp = pd.DataFrame({"adcode": np.repeat(size.base.index.to_numpy(), counts)})
    initial = rng.random(len(gp)) < INITIAL_POOL_SHARE
    gp["entry"] = np.where(initial, 0, rng.integers(1, len(MONTHS), len(gp)))
    gp = gp.sort_values(["adcode", "entry"], kind="stable").reset_index(drop=True)
    gp["project_id"] = "G" + gp["adcode"] + (gp.groupby("adcode").cumcount() + 1).map("{:04d}".format)
    gp["industry_code"] = draw_industries(inputs, leading, gp["adcode"].to_numpy(), rng, own_share=0.7)
    gp["project_name"] = project_names(gp["adcode"].map(inputs.regions["short_name"]), gp["industry_code"], rng)
    gp["region_name"] = gp["adcode"].map(inputs.regions["name"])
    gp["expected_output_yi"] = expected_output(len(gp), rng)
    status, start = _status(gp["entry"].to_numpy(), rng)
    gp["status"] = status
    gp["start_month"] = [month_label(*MONTHS[i]) if i >= 0 else "" for i in start]
    key = parks[parks["park_kind"] == "综合"].set_index("adcode")
    centres = {c: (row["lon"], row["lat"]) for c, row in key.iterrows()}
    gp["lon"], gp["lat"] = scatter(inputs, gp["adcode"], rng, centres, near_share=0.5, spread=0.03)
    return gp


def reports(gp: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """One row per project and month from the month it entered the pool: 是 when the monthly report came in."""
    counties = gp["adcode"].unique()
    laggard = rng.random(len(counties)) < LAGGARD_SHARE
    rate = np.where(laggard, rng.uniform(*LAGGARD_RATE, len(counties)), rng.uniform(*REPORT_RATE, len(counties)))
    rate_of = dict(zip(counties, rate))
    months = len(MONTHS) - gp["entry"].to_numpy()
    rep = pd.DataFrame({"project_id": np.repeat(gp["project_id"].to_numpy(), months),
                        "adcode": np.repeat(gp["adcode"].to_numpy(), months)})
    rep["month"] = np.concatenate([np.arange(e, len(MONTHS)) for e in gp["entry"]])
    rep["reported"] = np.where(rng.random(len(rep)) < rep["adcode"].map(rate_of).to_numpy(), "是", "否")
    rep["period"] = [month_label(*MONTHS[i]) for i in rep["month"]]
    return rep


def report_pct(rep: pd.DataFrame) -> pd.DataFrame:
    """Monthly report coverage per county (%): reported / projects in the pool; no row without projects."""
    share = rep.assign(ok=rep["reported"] == "是").groupby(["adcode", "month"])["ok"].mean()
    wide = (share * 100).round(1).unstack("month")
    wide.columns = pd.MultiIndex.from_tuples([MONTHS[i] for i in wide.columns])
    return wide


def rollups(inputs: Inputs, gp: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Per county and year: projects that had entered the pool by December, and their expected output."""
    count, output = {}, {}
    for y in YEARS:
        pool = gp[gp["entry"] <= MONTHS.index((y, 12))].groupby("adcode")
        count[y] = pool.size().reindex(inputs.adcodes, fill_value=0).to_numpy()
        output[y] = pool["expected_output_yi"].sum().round(2).reindex(inputs.adcodes, fill_value=0).to_numpy()
    return {"growth_point_count": yearly_frame(inputs.adcodes, count),
            "growth_point_output_yi": yearly_frame(inputs.adcodes, output)}
