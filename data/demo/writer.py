"""Writing demo tables in the import templates: Chinese headers in order, UTF-8 with BOM, fixed number formats."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd

from data.importer.templates import Template

from .base import MONTHS, PROVISIONAL_MONTHS, month_label

COUNT_UNITS = {"家", "个", "次", "人", "位"}
DECIMALS = {"亿元": 2, "万元": 1, "%": 1, "万元/亩": 1, "平方公里": 1, "万人": 2, "个/万人": 2, "分": 1}
# A park's compliance score is a whole number of aspects met; the county value is a mean of them.
PARK_DECIMALS = {"chem_park_compliance_score": 0}
COORD_DECIMALS = 6
PROVISIONAL = {month_label(*ym) for ym in MONTHS[-PROVISIONAL_MONTHS:]}


def decimals(unit: str) -> int:
    return 0 if unit in COUNT_UNITS else DECIMALS.get(unit, 2)


def fmt(values, places) -> list[str]:
    """Fixed-point text; places may be one number or one per value. Adding 0.0 turns -0.0 into 0.0."""
    v = np.asarray(values, dtype=float)
    p = np.broadcast_to(np.asarray(places, dtype=int), v.shape)
    out = np.full(v.shape, "", dtype=object)
    for d in np.unique(p):
        mask = (p == d) & ~np.isnan(v)
        out[mask] = np.char.mod(f"%.{d}f", np.round(v[mask], d) + 0.0)
    return out.tolist()


def value_rows(frame: pd.DataFrame, indicators: pd.DataFrame, overrides: dict | None = None) -> pd.DataFrame:
    """Long value rows with the catalog unit and the value formatted for that unit."""
    meta = indicators.set_index("id")
    out = frame.copy()
    out["unit"] = out["indicator_id"].map(meta["unit"])
    places = [(overrides or {}).get(i, decimals(u)) for i, u in zip(out["indicator_id"], out["unit"])]
    out["value"] = fmt(out["value"], places)
    out["indicator_name"] = out["indicator_id"].map(meta["name"])
    return out


def county_value_rows(long: pd.DataFrame, indicators: pd.DataFrame, region_names: pd.Series) -> pd.DataFrame:
    """county_values rows: names, units, formatted values; the latest months are 初步, the rest 最终."""
    out = value_rows(long, indicators)
    out["region_name"] = out["adcode"].map(region_names)
    out["status"] = np.where(out["period"].isin(PROVISIONAL), "初步", "最终")
    return out


def coords(frame: pd.DataFrame) -> pd.DataFrame:
    """lon/lat as 6-decimal text."""
    return frame.assign(lon=fmt(frame["lon"], COORD_DECIMALS), lat=fmt(frame["lat"], COORD_DECIMALS))


def write_table(out_dir: Path, template: Template, frame: pd.DataFrame) -> Path:
    """Write the template's columns (Chinese headers, in order) from a frame with internal names."""
    path = out_dir / template.file_name
    cols = []
    for col in template.columns:
        series = frame[col.name] if col.name in frame.columns else pd.Series("", index=frame.index)
        cols.append(series.astype(object).where(series.notna(), "").astype(str).to_numpy())
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(template.headers)
        writer.writerows(zip(*cols))
    return path
