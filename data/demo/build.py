"""Orchestration of the demo generator: every part in order, every catalog value indicator covered, files written."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from data.importer.targets import DATASET as TARGETS
from data.importer.templates import TEMPLATES

from . import targets
from .base import MONTHS, YEARS, Inputs, load_inputs, stream, to_long
from .enterprises import build_register, firm_100_counts, revenue_values
from .growth_points import projects, report_pct, reports, rollups
from .honours import award, honour_counts, innovative_plan, srdi_plan
from .industries import leading_industries
from .monthly import monthly_indicators
from .parks import build_parks
from .size import Size, build_size
from .villages import village_records
from .writer import coords, county_value_rows, value_rows, write_table
from .yearly import yearly_indicators

DEFAULT_SEED = 20240605


def fallback(indicator: pd.Series, size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """Plausible filler for a value indicator added to the catalog after this generator was written."""
    idx, scale = size.base.index, size.scale.to_numpy()
    monthly = indicator["frequency"] == "monthly"
    keys = MONTHS if monthly else list(YEARS)
    unit = indicator["unit"]
    if unit == "%":
        base = rng.uniform(40, 90, len(idx))
    elif unit in ("家", "个", "次", "人", "位"):
        base = rng.poisson(2 + 8 * scale).astype(float)
    else:
        base = size.base.to_numpy() * rng.uniform(0.01, 0.05, len(idx))
    table = pd.DataFrame({k: base * (1 + 0.03 * i) for i, k in enumerate(keys)}, index=idx)
    if monthly:
        table.columns = pd.MultiIndex.from_tuples(table.columns)
    return table


def county_tables(inputs: Inputs, size: Size, seed: int) -> tuple[dict[str, pd.DataFrame], dict]:
    """Wide county tables by indicator id, and the record tables they were rolled up from."""
    leading = leading_industries(inputs, stream(seed, "leading"))
    parks, park_vals, park_rollups = build_parks(inputs, size, seed)
    monthly, flows = monthly_indicators(inputs, size, seed)
    rng = stream(seed, "enterprises")
    srdi, innovative = srdi_plan(inputs, size, rng), innovative_plan(size, rng)
    stock = monthly["above_scale_firm_count"][(YEARS[-1], 12)]
    reg = build_register(inputs, size, leading, parks, srdi, innovative, stock, rng)
    honours = award(inputs, reg, stream(seed, "honours"))
    gp = projects(inputs, size, leading, parks, stream(seed, "growth_points"))
    rep = reports(gp, stream(seed, "reports"))
    tables = (monthly | {"growth_point_report_pct": report_pct(rep)}
              | yearly_indicators(inputs, size, flows, leading, parks, seed)
              | park_rollups | honour_counts(inputs, reg, honours)
              | {"firm_100yi_count": firm_100_counts(inputs, reg)} | rollups(inputs, gp))
    villages = village_records(inputs, size, tables, stream(seed, "villages"))
    records = {"leading": leading, "parks": parks, "park_values": park_vals, "register": reg,
               "honours": honours, "growth_points": gp, "reports": rep, "villages": villages}
    return tables, records


def county_values(inputs: Inputs, size: Size, tables: dict, covered: set[str], seed: int) -> pd.DataFrame:
    """county_values rows for every catalog value indicator not written at park or enterprise level only."""
    rng = stream(seed, "fallback")
    frames = []
    for _, ind in inputs.indicators[inputs.indicators["kind"] == "value"].iterrows():
        if ind["id"] in tables:
            frames.append(to_long(tables[ind["id"]], ind["id"]))
        elif ind["id"] not in covered:
            frames.append(to_long(fallback(ind, size, rng), ind["id"]))
    return county_value_rows(pd.concat(frames, ignore_index=True), inputs.indicators, inputs.regions["name"])


def record_tables(inputs: Inputs, records: dict) -> dict[str, pd.DataFrame]:
    """The record datasets in template column names, sorted by their keys."""
    ind = inputs.indicators
    reg, honours = records["register"], records["honours"]
    order = {(h, t): i for i, (h, t) in enumerate(zip(inputs.honours["honour"], inputs.honours["tier"]))}
    honours = honours.assign(k=[order[k] for k in zip(honours["honour"], honours["tier"])])
    leading = records["leading"].assign(region_name=lambda d: d["adcode"].map(inputs.regions["name"]))
    return {
        "parks": coords(records["parks"]).assign(region_name=lambda d: d["adcode"].map(inputs.regions["name"])),
        "enterprises": coords(reg),
        "park_values": value_rows(records["park_values"], ind, {"chem_park_compliance_score": 0}),
        "enterprise_values": value_rows(revenue_values(reg), ind),
        "honours": honours.sort_values(["k", "year_awarded", "enterprise_id"], kind="stable"),
        "growth_points": coords(records["growth_points"]),
        "growth_point_reports": records["reports"],
        "leading_industries": leading,
        "villages": records["villages"],
    }


@dataclass(frozen=True)
class Demo:
    """The ordinary demo: its inputs and sizes, the wide county tables and records, and the datasets written."""
    inputs: Inputs
    size: Size
    tables: dict[str, pd.DataFrame]
    records: dict
    datasets: dict[str, pd.DataFrame]  # template column names; scale mode adds to them


def build_demo(seed: int = DEFAULT_SEED) -> Demo:
    """Every dataset of the demo, in template column names, with what it was built from."""
    inputs = load_inputs()
    size = build_size(inputs, seed)
    tables, records = county_tables(inputs, size, seed)
    out = record_tables(inputs, records)
    covered = set(out["park_values"]["indicator_id"]) | set(out["enterprise_values"]["indicator_id"])
    out["county_values"] = county_values(inputs, size, tables, covered, seed)
    out[TARGETS] = targets.long_table(inputs, targets.county_targets(inputs, tables, seed))
    return Demo(inputs, size, tables, records, out)


def write_datasets(out_dir: Path, datasets: dict[str, pd.DataFrame]) -> dict[str, Path]:
    """One CSV per template into out_dir (created if missing); returns dataset → path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    return {name: write_table(out_dir, TEMPLATES[name], datasets[name]) for name in TEMPLATES}


def write_demo_files(out_dir: Path, seed: int = DEFAULT_SEED, scale: int | None = None) -> dict[str, Path]:
    """Write one CSV per dataset into out_dir in the import templates, and the enterprise months as a bulk
    Parquet file (data/demo/scale.py); returns dataset → path.

    scale: rows of the enterprise-month table in scale mode (None: the 规上 firms' months only).
    """
    from .scale import write_firm_month_files  # it builds on this module

    return write_firm_month_files(out_dir, seed, scale)
