"""Demo responsibility targets (方案三(二) 任务分解) for 2025 and 2026, in the long template.

Each county's target is set from its own figures the way a 经信局 would hand one down: a growth target
between its recent pace and the province's, a total a little above last year's. So about half the counties
meet theirs, unevenly. A prefecture's row sums its counties' totals and averages their rates; the 全省 row
does the same over all counties. (The wide tables prefectures send are tests/importer/test_import_targets.py's.)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import LAST_MONTH, Inputs, stream

TARGET_YEARS = (2025, 2026)
# indicator id → its unit, and whether it is a rate (averaged over counties, not summed)
COLUMNS = {"va_growth_ytd_pct": ("%", True), "invest_growth_pct": ("%", True), "output_year_yi": ("亿元", False),
           "above_scale_firm_count": ("家", False), "above_scale_net_count": ("家", False)}
PROVINCE_GOAL = {"va_growth_ytd_pct": 7.5, "invest_growth_pct": 10.0}


def _half_points(values: np.ndarray) -> np.ndarray:
    return np.round(values * 2) / 2


def _year_end(table: pd.DataFrame, year: int) -> pd.Series:
    """A monthly table's December (or latest month) of the year."""
    month = 12 if year < LAST_MONTH[0] else LAST_MONTH[1]
    return table[(year, month)]


def county_targets(inputs: Inputs, tables: dict, seed: int) -> pd.DataFrame:
    """adcode, indicator_id, year, value: every county's target of each year."""
    rng = stream(seed, "targets")
    index = inputs.regions.index
    frames = []
    for year in TARGET_YEARS:
        values = {}
        for indicator_id in ("va_growth_ytd_pct", "invest_growth_pct"):
            recent = _year_end(tables[indicator_id], year - 1)
            raw = 0.5 * recent + 0.5 * PROVINCE_GOAL[indicator_id] + rng.normal(0, 1.0, len(index))
            values[indicator_id] = _half_points(np.clip(raw, 3, 15))
        firms = _year_end(tables["above_scale_firm_count"], year - 1)
        values["above_scale_firm_count"] = np.ceil(firms * rng.uniform(1.01, 1.07, len(index)))
        net = tables["new_above_scale_count"][year - 1] - tables["exit_above_scale_count"][year - 1]
        values["above_scale_net_count"] = np.maximum(1, np.round(net * rng.uniform(0.9, 1.4, len(index))))
        output = tables["output_year_yi"][min(year - 1, max(tables["output_year_yi"].columns))]
        values["output_year_yi"] = np.round(output * rng.uniform(1.03, 1.10, len(index)), 1)
        frame = pd.DataFrame(values, index=index).rename_axis("adcode").reset_index()
        frames.append(frame.melt("adcode", var_name="indicator_id").assign(year=year))
    return pd.concat(frames, ignore_index=True)


def long_table(inputs: Inputs, targets: pd.DataFrame) -> pd.DataFrame:
    """Template rows per year: the 全省 row, then each prefecture's row followed by its counties' rows."""
    regions = inputs.regions
    wide = targets.pivot_table(index=["year", "adcode"], columns="indicator_id", values="value")[list(COLUMNS)]
    rows = []
    for year in TARGET_YEARS:
        counties = wide.loc[year]
        rows += _area_rows("", "全省", year, counties.mean(), counties.sum())
        for _, members in regions.groupby("prefecture_code", sort=True):
            mine = counties.loc[members.index]
            if len(members) > 1:  # a province-administered unit is its own prefecture: no subtotal row
                rows += _area_rows("", members["prefecture"].iloc[0], year, mine.mean(), mine.sum())
            for adcode, row in mine.iterrows():
                rows += _area_rows(adcode, regions.at[adcode, "name"], year, row, row)
    return pd.DataFrame(rows)


def _area_rows(adcode: str, name: str, year: int, means: pd.Series, sums: pd.Series) -> list[dict]:
    """One template row per indicator of an area: rates averaged, totals summed over its counties."""
    return [{"adcode": adcode, "region_name": name, "indicator_id": indicator_id, "period": f"{year}年",
             "value": _text(means[indicator_id] if rate else sums[indicator_id], indicator_id), "unit": unit}
            for indicator_id, (unit, rate) in COLUMNS.items()]


def _text(value: float, indicator_id: str) -> str:
    rate = COLUMNS[indicator_id][1]
    return f"{value:.1f}" if rate or indicator_id == "output_year_yi" else f"{value:.0f}"
