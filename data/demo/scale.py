"""Firm months of the demo: every 规上 firm's monthly output, and in scale mode the 规下 firms up to 1 M or 10 M rows.

The demo's register holds every 规上 firm, and their months are what the industry figures (county ×
industry × month, written at publish) are summed from. Scale mode adds 规下 firms until the
enterprise-month table has about 1 M or 10 M rows. Switch: `HUBEI_DEMO_SCALE=1m|10m` (the app's
first-run build inherits it) or `python -m data.warehouse.build --scale 1m`; `python -m data.demo.scale
OUT_DIR --size 10m` only writes the files. Both are the demo's builder (same seed, same county
figures, parks, honours, projects, villages) with these enterprise rows:

- 规上 firms (≈ 25,000 over the years, 17,900 → 19,300 at a time): for each county and month,
  exactly `above_scale_firm_count` firms have a 规上工业总产值（当月） row (`output_yi`). Entries and
  exits replay the month-by-month flows the county stock was drawn from, so the firms entering
  (leaving) in 2024 and 2025 are exactly `new_above_scale_count` (`exit_above_scale_count`); in
  2023 those of January do not show, as December 2022 is not written. The
  register's existing 规上 firms come first and leave only when the county has no other firm to
  lose; a firm that left may come back. Their months sum to the county's `output_yi` to 万元
  (the residual of rounding to 4 decimals sits on the biggest firm of the county-month).
- 规下 firms (scale mode only: about 1,300 at 1m, 190,000 at 10m; spread like the 规上 stock): monthly
  工业用电量增速（累计） (`electricity_growth_pct`), the power company's figure, which is how firms
  below the line are followed. Per county and month their mean is the county's figure ± 0.05
  (rounding to 0.1; the county figure itself covers every industrial user, weighted by use).
- Every firm has 企业营业收入 (`firm_revenue_yi`) for 2023–2025. New 规上 firms: their months' output
  × a firm ratio (0.92–1.02), plus below-the-line months (0.005–0.015亿) when not 规上 all year;
  none reaches 100亿, so `firm_100yi_count` still equals the firms ≥ 100亿. 规下 firms: under 0.2亿.
- `above_scale` (是否规上) is 是 exactly for the firms with a row in the last month, so the register's
  是 count per county is the county's stock in 2026年10月 (the register build_demo draws holds 是 for at
  most 90 % of the end-2025 stock; the firms it leaves out are among the new firms here).

Not consistent: the register firms' monthly output follows their yearly revenue (营收 ≠ 产值, and
scaled down where a county has too little output for them and its other firms), so their
revenue is not the sum of their months; firm electricity growth is not weighted by consumption;
2022 and earlier months are not written. New firms have names, codes, industries and places like
the ordinary demo's; no honours. Every row is still demo: each batch is `is_demo`.

Why a bulk file: the template importer checks cell by cell in pandas (see bench.scale, which
prints its rows per second); the enterprise-month rows go to a Parquet file that `data.importer.bulk` loads
with the same rules in SQL. The register, the small revenue file and everything else still take
the template path.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

import settings
from data.importer.bulk import BULK_FILE

from .base import MONTHS, YEARS, Inputs, stream
from .build import DEFAULT_SEED, build_demo, write_datasets
from .scale_firms import county_firms, electricity, new_register, new_revenue, small_firm_counts
from .writer import coords

SIZES = {"1m": 1_000_000, "10m": 10_000_000}
ENV = "HUBEI_DEMO_SCALE"
INDICATORS = ("electricity_growth_pct", "firm_revenue_yi", "output_yi")  # sorted: bulk rows go in this order
SMALL_REVENUE = (0.005, 0.19)  # 规下 firm revenue, 亿元


def resolve(scale: str | None) -> int | None:
    """Rows the scale mode aims at (None: the ordinary demo), from the argument or HUBEI_DEMO_SCALE."""
    scale = (scale or settings.DEMO_SCALE).strip().lower()
    if scale in ("", "small", "0"):
        return None
    if scale not in SIZES:
        raise ValueError(f"{ENV}/--scale 应为 {'、'.join(SIZES)} 或 small，而不是“{scale}”")
    return SIZES[scale]


class Rows:
    """The bulk rows, gathered as codes: firm index, indicator, period, value."""

    def __init__(self):
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []

    def add(self, firms: np.ndarray, indicator: str, periods: list, values: np.ndarray, keep: np.ndarray) -> None:
        """values: firms × periods; keep: which cells are rows."""
        f, p = np.nonzero(keep)
        self.parts.append((firms[f].astype(np.int32), np.full(len(f), INDICATORS.index(indicator), dtype=np.int8),
                           np.asarray(periods, dtype="datetime64[D]")[p], values[f, p].astype(float)))

    def __len__(self) -> int:
        return sum(len(part[0]) for part in self.parts)

    def table(self, ids: np.ndarray, units: dict[str, str]) -> pa.Table:
        """One Arrow table ordered by indicator, period and credit code; codes dictionary-encoded."""
        firm, ind, period, value = (np.concatenate(c) for c in zip(*self.parts))
        rank = np.empty(len(ids), dtype=np.int32)
        rank[np.argsort(ids.astype(str), kind="stable")] = np.arange(len(ids))
        order = np.lexsort((rank[firm], period, ind))
        ind = ind[order]
        names = sorted(set(units.values()))
        unit = np.array([names.index(units[i]) for i in INDICATORS], dtype=np.int8)[ind]
        return pa.table({
            "enterprise_id": pa.DictionaryArray.from_arrays(pa.array(firm[order]), pa.array(ids.astype(str))),
            "indicator_id": pa.DictionaryArray.from_arrays(pa.array(ind), pa.array(INDICATORS)),
            "period": pa.array(period[order]), "value": pa.array(value[order]),
            "unit": pa.DictionaryArray.from_arrays(pa.array(unit), pa.array(names)),
        })


def month_starts() -> list:
    return [np.datetime64(f"{y}-{m:02d}-01") for y, m in MONTHS]


def year_starts() -> list:
    return [np.datetime64(f"{y}-01-01") for y in YEARS]


def firm_month_tables(seed: int, target: int | None) -> tuple[dict[str, pd.DataFrame], pa.Table]:
    """The ordinary demo's datasets with the whole register, and the bulk enterprise rows: every 规上 firm's
    months, and with a target, 规下 firms up to about target rows in all."""
    demo = build_demo(seed)
    inputs, size, tables, out = demo.inputs, demo.size, demo.tables, demo.datasets
    reg, leading = demo.records["register"], demo.records["leading"]
    firms = county_firms(inputs, size, tables, reg, seed)
    rng = stream(seed, "scale_register")
    new = new_register(inputs, pd.Series({c: f["n_new"] for c, f in firms.items()}), leading, reg, rng)
    fixed = sum(int(f["member"].sum()) for f in firms.values()) + len(YEARS) * len(new) + len(out["enterprise_values"])
    counts = small_firm_counts(inputs, tables["above_scale_firm_count"], (target or 0) - fixed)
    small = new_register(inputs, counts, leading, pd.concat([reg, new]), rng) if counts.sum() else new.iloc[:0]
    ids = np.concatenate([reg["enterprise_id"], new["enterprise_id"], small["enterprise_id"]]).astype(object)
    rows, last = month_rows(inputs, firms, ids, len(reg), stream(seed, "scale_values"))
    small_rows(rows, inputs, tables, small, len(reg) + len(new), stream(seed, "scale_small"))
    above = np.where(last, "是", "否")
    out["enterprises"] = pd.concat([
        out["enterprises"].assign(above_scale=above[: len(reg)]),
        coords(new).assign(above_scale=above[len(reg): len(reg) + len(new)]),
        coords(small).assign(above_scale="否")], ignore_index=True)
    units = inputs.indicators.set_index("id")["unit"]
    return out, rows.table(ids, {i: units[i] for i in INDICATORS})


def month_rows(inputs: Inputs, firms: dict, ids: np.ndarray, n_reg: int, rng) -> tuple[Rows, np.ndarray]:
    """The 规上 rows (monthly output, new firms' revenue) and, per firm of register and new, 规上 in the last month."""
    index = {e: i for i, e in enumerate(ids[:n_reg])}
    rows, cursor = Rows(), n_reg
    last = np.zeros(len(ids), dtype=bool)
    for code in inputs.adcodes:
        f = firms[code]
        mine = np.array([index[e] for e in f["register"]], dtype=np.int64)
        fresh = np.arange(cursor, cursor + f["n_new"])
        cursor += f["n_new"]
        both = np.concatenate([mine, fresh])
        rows.add(both, "output_yi", month_starts(), f["values"], f["member"])
        last[both] = f["member"][:, -1]
        revenue = new_revenue(f["values"][len(mine):], f["member"][len(mine):], rng)
        if (revenue >= 100).any():
            raise AssertionError(f"a new firm of {code} reached 100亿: firm_100yi_count would no longer match")
        rows.add(fresh, "firm_revenue_yi", year_starts(), revenue, np.ones(revenue.shape, dtype=bool))
    return rows, last


def small_rows(rows: Rows, inputs: Inputs, tables: dict, small: pd.DataFrame, first: int, rng) -> None:
    """The 规下 firms' monthly electricity growth and yearly revenue, county by county."""
    county = tables["electricity_growth_pct"][MONTHS]
    positions = pd.Series(np.arange(first, first + len(small)), index=small.index)
    for code, part in small.groupby("adcode", sort=False):
        firms = positions[part.index].to_numpy()
        values = electricity(county.loc[code].to_numpy(dtype=float), len(firms), rng)
        rows.add(firms, "electricity_growth_pct", month_starts(), values, np.ones(values.shape, dtype=bool))
        revenue = np.round(rng.uniform(*SMALL_REVENUE, (len(firms), len(YEARS))), 2)
        rows.add(firms, "firm_revenue_yi", year_starts(), revenue, np.ones(revenue.shape, dtype=bool))


def write_firm_month_files(out_dir: Path, seed: int = DEFAULT_SEED, target: int | None = None) -> dict[str, Path]:
    """Write the templates (CSV) and the bulk enterprise rows (Parquet) into out_dir; returns dataset → path."""
    tables, bulk = firm_month_tables(seed, target)
    paths = write_datasets(out_dir, tables)
    paths["bulk"] = Path(out_dir) / BULK_FILE
    pq.write_table(bulk, paths["bulk"], row_group_size=122_880, compression="zstd")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m data.demo.scale", description="写出大规模演示数据")
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--size", choices=sorted(SIZES), default="1m")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    paths = write_firm_month_files(args.out_dir, args.seed, SIZES[args.size])
    bulk = pq.ParquetFile(paths["bulk"]).metadata.num_rows
    with open(paths["enterprise_values"], encoding="utf-8-sig") as f:
        csv_rows = sum(1 for _ in f) - 1
    print(f"enterprise_value rows: {bulk + csv_rows:,} ({bulk:,} bulk + {csv_rows:,} template); "
          f"{time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
