"""Industrial parks of the demo: a key park per county, the chemical parks, their yearly values, county roll-ups."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .base import YEARS, Inputs, stream, year_label
from .points import anchor_points, scatter
from .size import Size

# (county, park, parent park or None for a main park, share of the county's output, level).
# Sub-parks (一区多园) carry their own values; a main park's values are its own core area only.
CHEM_PARKS = (
    ("青山区", "武汉化学工业区", None, 0.60, "国家级"),
    ("猇亭区", "宜昌猇亭化工园", None, 0.45, "省级"),
    ("枝江市", "枝江姚家港化工园", None, 0.58, "省级"),
    ("枝江市", "枝江姚家港化工园仙女园区", "枝江姚家港化工园", 0.06, None),
    ("宜都市", "宜都化工园", None, 0.65, "省级"),
    ("当阳市", "当阳坝陵化工园", None, 0.30, "省级"),
    ("兴山县", "兴山白沙河化工园", None, 0.35, "省级"),
    ("掇刀区", "荆门化工循环产业园", None, 0.50, "省级"),
    ("东宝区", "荆门化工循环产业园东宝园区", "荆门化工循环产业园", 0.20, None),
    ("钟祥市", "钟祥胡集化工园", None, 0.25, "省级"),
    ("潜江市", "潜江经济开发区化工园区", None, 0.65, "省级"),
    ("江陵县", "江陵煤电港化工园", None, 0.30, "省级"),
    ("洪湖市", "洪湖化工园", None, 0.20, "省级"),
    ("松滋市", "松滋临港化工园", None, 0.20, "省级"),
    ("西塞山区", "黄石西塞山化工园", None, 0.30, "省级"),
    ("大冶市", "大冶还地桥化工园", None, 0.12, "省级"),
    ("阳新县", "阳新滨江化工园", None, 0.25, "省级"),
    ("襄城区", "襄阳余家湖化工园", None, 0.30, "省级"),
    ("宜城市", "宜城雷河化工园", None, 0.20, "省级"),
    ("应城市", "应城长江埠化工园", None, 0.35, "省级"),  # salt chemistry
    ("云梦县", "云梦盐化工园", None, 0.20, "省级"),
    ("仙桃市", "仙桃化工园", None, 0.12, "省级"),
    ("天门市", "天门岳口化工园", None, 0.20, "省级"),
    ("武穴市", "武穴田镇马口化工园", None, 0.40, "省级"),
    ("浠水县", "浠水化工园", None, 0.20, "省级"),
    ("嘉鱼县", "嘉鱼潘湾化工园", None, 0.25, "省级"),
)
PARK_CEILING = 0.70  # no park above 70 % of its county's output
COUNTY_CEILING = 0.85  # nor all parks of a county together much above 85 %
FLAGSHIP_YI = 1000  # the first chemical park reaches the plan's 千亿 mark by 2025
NATIONAL_KEY_PARKS = 14  # key parks of the biggest counties are national-level development zones
AREA_RANGE_MU = (3_000, 60_000)
YI_TO_WAN = 10_000


def park_register(inputs: Inputs, size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """One key park per county and the chemical parks found in the registry, with shares of county output."""
    reg = inputs.regions
    national = set(size.base.nlargest(NATIONAL_KEY_PARKS).index)
    rows = []
    for code, r in reg.iterrows():
        form = "{short}经济开发区" if code in national or rng.random() < 0.5 else "{name}工业园区"
        rows.append((code, form.format(short=r["short_name"], name=r["name"]), "综合", None,
                     "国家级" if code in national else "省级", rng.uniform(0.25, 0.6)))
    codes = dict(zip(reg["name"], reg.index))
    for county, name, parent, share, level in CHEM_PARKS:
        if county in codes:
            rows.append((codes[county], name, "化工", parent, level, share))
    parks = pd.DataFrame(rows, columns=["adcode", "park_name", "park_kind", "parent", "park_level", "share"])
    flagship = parks.index[parks["park_kind"] == "化工"][:1]
    if len(flagship):  # its share is whatever reaches the 千亿 mark in the last year, within the ceiling
        need = (FLAGSHIP_YI + 50) / size.annual.loc[parks.at[flagship[0], "adcode"], YEARS[-1]]
        parks.loc[flagship, "share"] = min(PARK_CEILING - 0.02, max(parks.at[flagship[0], "share"], need))
    parks["park_id"] = "P" + parks["adcode"] + (parks.groupby("adcode").cumcount() + 1).map("{:03d}".format)
    ids = dict(zip(parks["park_name"], parks["park_id"]))
    levels = dict(zip(parks["park_name"], parks["park_level"]))
    parks["parent_park_id"] = parks["parent"].map(ids)
    parks["park_level"] = parks["park_level"].fillna(parks["parent"].map(levels))
    chem = parks["share"].where(parks["park_kind"] == "化工", 0.0).groupby(parks["adcode"]).transform("sum")
    key = parks["park_kind"] == "综合"
    parks.loc[key, "share"] = np.clip(COUNTY_CEILING - chem[key], 0.05, parks.loc[key, "share"])
    return parks.drop(columns="parent")


def park_outputs(parks: pd.DataFrame, size: Size, rng: np.random.Generator) -> pd.DataFrame:
    """Yearly output (亿元) per park: its share of county output with a yearly wobble, under the ceilings."""
    county = size.annual.loc[parks["adcode"], list(YEARS)].to_numpy()
    share = parks["share"].to_numpy()[:, None] * rng.lognormal(0, 0.03, county.shape)
    out = np.minimum(share, PARK_CEILING) * county
    flagship = np.flatnonzero((parks["park_kind"] == "化工").to_numpy())[:1]
    if len(flagship):
        i, last = flagship[0], county.shape[1] - 1
        out[i, last] = min(max(out[i, last], FLAGSHIP_YI + rng.uniform(5, 30)), PARK_CEILING * county[i, last])
    return pd.DataFrame(np.round(out, 2), index=parks["park_id"], columns=list(YEARS))


def park_areas(parks: pd.DataFrame, output: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Developed land from output at a park's own 亩均产值 (lognormal round 120万元/亩), planned land above it."""
    per_mu = rng.lognormal(np.log(120), 0.45, len(parks))
    developed = np.clip(output[YEARS[0]].to_numpy() * YI_TO_WAN / per_mu, *AREA_RANGE_MU).round()
    parks = parks.copy()
    parks["developed_area_mu"] = developed.astype(int)
    parks["planned_area_mu"] = (developed * rng.uniform(1.3, 2.2, len(parks))).round().astype(int)
    return parks


def _flag_years(parks: pd.DataFrame, rng: np.random.Generator, p_key: float, p_chem: float,
                years: tuple[int, int]) -> np.ndarray:
    """The year a park was first listed (digital or green park), or 9999 for never; bigger parks more often."""
    size_rank = parks["developed_area_mu"].rank(pct=True).to_numpy()
    p = np.where(parks["park_kind"] == "化工", p_chem, p_key) * (0.5 + size_rank)
    listed = rng.random(len(parks)) < p
    return np.where(listed, rng.integers(years[0], years[1] + 1, len(parks)), 9999)


def park_values(parks: pd.DataFrame, output: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    """Yearly park values (long): output, tax, per-mu figures, chemical output and compliance, digital/green flags."""
    tax_ratio = np.clip(rng.uniform(0.03, 0.08, len(parks))[:, None] * rng.lognormal(0, 0.05, output.shape), 0.03, 0.08)
    tax = np.round(output.to_numpy() * tax_ratio, 2)
    area = parks["developed_area_mu"].to_numpy()[:, None]
    chem = (parks["park_kind"] == "化工").to_numpy()
    # Compliance (7 aspects met): 4–6 in the first year, one more now and then as parks are put in order.
    steps = rng.random(output.shape) < 0.35
    steps[:, 0] = False
    score = np.minimum(7, rng.integers(4, 7, len(parks))[:, None] + np.cumsum(steps, axis=1))
    digital = _flag_years(parks, rng, 0.22, 0.3, (2021, 2025))
    green = _flag_years(parks, rng, 0.08, 0.1, (2018, 2025))
    values = {
        "park_output_yi": output.to_numpy(), "park_tax_yi": tax,
        "park_output_per_mu_wan": np.round(output.to_numpy() * YI_TO_WAN / area, 1),
        "park_tax_per_mu_wan": np.round(tax * YI_TO_WAN / area, 1),
        "chem_park_output_yi": np.where(chem[:, None], output.to_numpy(), np.nan),
        "chem_park_compliance_score": np.where(chem[:, None], score, np.nan),
        "digital_park_count": (digital[:, None] <= np.array(YEARS)).astype(int),
        "green_park_count": (green[:, None] <= np.array(YEARS)).astype(int),
    }
    frames = [pd.DataFrame(v, index=parks["park_id"], columns=[year_label(y) for y in YEARS])
              .stack().dropna().rename("value").reset_index().assign(indicator_id=k) for k, v in values.items()]
    out = pd.concat(frames, ignore_index=True)
    out.columns = ["park_id", "period", "value", "indicator_id"]
    return out[["park_id", "indicator_id", "period", "value"]]


def county_rollups(parks: pd.DataFrame, values: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """County values from park values: sums, per-mu ratios of sums, the mean compliance score, park counts."""
    v = values.merge(parks[["park_id", "adcode", "developed_area_mu"]], on="park_id")
    v["year"] = v["period"].str[:4].astype(int)
    grouped = v.pivot_table(index=["adcode", "year"], columns="indicator_id", values="value", aggfunc="sum")
    area = v[v["indicator_id"] == "park_output_yi"].groupby(["adcode", "year"])["developed_area_mu"].sum()
    mean_score = v[v["indicator_id"] == "chem_park_compliance_score"].groupby(["adcode", "year"])["value"].mean()
    has_chem = v[v["indicator_id"] == "chem_park_output_yi"].groupby(["adcode", "year"]).size()
    out = {
        "park_output_yi": grouped["park_output_yi"].round(2), "park_tax_yi": grouped["park_tax_yi"].round(2),
        "park_output_per_mu_wan": (grouped["park_output_yi"] * YI_TO_WAN / area).round(1),
        "park_tax_per_mu_wan": (grouped["park_tax_yi"] * YI_TO_WAN / area).round(1),
        "chem_park_output_yi": grouped["chem_park_output_yi"].reindex(has_chem.index).round(2),
        "chem_park_compliance_score": mean_score.round(1),
        "digital_park_count": grouped["digital_park_count"], "green_park_count": grouped["green_park_count"],
    }
    return {k: s.unstack("year") for k, s in out.items()}


def build_parks(inputs: Inputs, size: Size, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Park register (template columns), long park values and the county roll-ups."""
    rng = stream(seed, "parks")
    parks = park_register(inputs, size, rng)
    output = park_outputs(parks, size, rng)
    parks = park_areas(parks, output, rng)
    centres = {c: tuple(xy) for c, xy in anchor_points(inputs).iterrows()}
    key = (parks["park_kind"] == "综合").to_numpy()
    lon, lat = np.empty(len(parks)), np.empty(len(parks))
    lon[key], lat[key] = scatter(inputs, parks.loc[key, "adcode"], rng, centres, near_share=1.0, spread=0.02)
    lon[~key], lat[~key] = scatter(inputs, parks.loc[~key, "adcode"], rng)
    parks = parks.assign(lon=lon, lat=lat)
    values = park_values(parks, output, rng)
    return parks, values, county_rollups(parks, values)

