"""Checks of the seeded demo generator (data/demo/): determinism, template shape, internal consistency, calibration."""

from __future__ import annotations

from functools import cache
from itertools import pairwise
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely

from data.demo import write_demo_files
from data.demo.names import USCC_CHARS, USCC_WEIGHTS
from data.importer.templates import TEMPLATES
from geo.boundaries import read_counties
from geo.registry import regions

SEED, OTHER_SEED = 20240605, 7
CATALOG = Path(__file__).resolve().parents[2] / "data" / "warehouse" / "catalog"
MONTH_LABELS = [f"{y}年{m}月" for y in range(2023, 2027) for m in range(1, 13) if (y, m) <= (2026, 10)]
YEARS = (2023, 2024, 2025)


@cache
def catalog(name: str) -> pd.DataFrame:
    return pd.read_csv(CATALOG / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> dict[str, Path]:
    """Every file the demo writes: the templates and the bulk Parquet file of the firm months."""
    return write_demo_files(tmp_path_factory.mktemp("demo"), SEED)


@pytest.fixture(scope="module")
def paths(written) -> dict[str, Path]:
    """The template files (CSV)."""
    return {name: path for name, path in written.items() if name in TEMPLATES}


@pytest.fixture(scope="module")
def firm_months(written) -> pd.DataFrame:
    return pd.read_parquet(written["bulk"])


@pytest.fixture(scope="module")
def d(paths) -> dict[str, pd.DataFrame]:
    """Every file read back as text, renamed to internal column names."""
    out = {}
    for name, path in paths.items():
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        out[name] = frame.rename(columns=TEMPLATES[name].rename_map())
    return out


@pytest.fixture(scope="module")
def cv(d) -> pd.DataFrame:
    """county_values with numeric value and year/month columns."""
    out = d["county_values"].copy()
    out["v"] = out["value"].astype(float)
    out["year"] = out["period"].str[:4].astype(int)
    out["month"] = out["period"].str.extract(r"年(\d+)月")[0].astype(float)
    return out


def wide(cv: pd.DataFrame, indicator: str, by: str = "year") -> pd.DataFrame:
    rows = cv[cv["indicator_id"] == indicator]
    return rows.pivot(index="adcode", columns=by if by == "year" else ["year", "month"], values="v")


def test_same_seed_gives_identical_bytes(written, tmp_path_factory):
    again = write_demo_files(tmp_path_factory.mktemp("again"), SEED)
    assert set(again) == {*TEMPLATES, "bulk"} == set(written)
    for name, path in written.items():
        assert path.read_bytes() == again[name].read_bytes(), name


def test_other_seed_gives_other_files(paths, tmp_path_factory):
    other = write_demo_files(tmp_path_factory.mktemp("other"), OTHER_SEED)
    for name, path in paths.items():
        assert path.read_bytes() != other[name].read_bytes(), name


def test_files_carry_the_template_headers_in_utf8_with_bom(paths):
    for name, path in paths.items():
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf"), name
        assert raw[3:].decode("utf-8").split("\n", 1)[0] == ",".join(TEMPLATES[name].headers), name


def test_every_catalog_value_indicator_appears(d):
    ind = catalog("indicators")
    written = set().union(*(set(d[k]["indicator_id"]) for k in ("county_values", "park_values", "enterprise_values")))
    assert set(ind.loc[ind["kind"] == "value", "id"]) <= written
    assert not written & set(ind.loc[ind["kind"] != "value", "id"])


def test_names_and_units_follow_the_catalog(d):
    meta = catalog("indicators").set_index("id")
    for name in ("county_values", "park_values", "enterprise_values"):
        frame = d[name]
        assert (frame["unit"] == frame["indicator_id"].map(meta["unit"])).all(), name
    cvs = d["county_values"]
    assert (cvs["indicator_name"] == cvs["indicator_id"].map(meta["name"])).all()


def test_regions_are_the_registry_units_with_their_names(d):
    names = {r.adcode: r.name for r in regions()}
    assert len(names) == 103
    for name in ("county_values", "parks", "enterprises", "growth_points", "leading_industries"):
        frame = d[name]
        assert set(frame["adcode"]) <= set(names), name
        assert (frame["region_name"] == frame["adcode"].map(names)).all(), name


def test_periods_and_status(cv):
    freq = catalog("indicators").set_index("id")["frequency"]
    monthly = cv["indicator_id"].map(freq) == "monthly"
    assert sorted(set(cv.loc[monthly, "period"]), key=MONTH_LABELS.index) == MONTH_LABELS
    assert set(cv.loc[~monthly, "period"]) == {f"{y}年" for y in YEARS}
    provisional = monthly & cv["period"].isin(MONTH_LABELS[-2:])
    assert (cv.loc[provisional, "status"] == "初步").all() and (cv.loc[~provisional, "status"] == "最终").all()


def test_year_output_is_the_sum_of_the_months(cv):
    months = wide(cv, "output_yi", "month").T.groupby(level=0).sum().T[list(YEARS)]
    year = wide(cv, "output_year_yi")[list(YEARS)]
    assert np.allclose(months.loc[year.index], year, atol=0.006)


def test_value_added_growth_follows_the_monthly_outputs(cv):
    out = wide(cv, "output_yi", "month")
    ytd = wide(cv, "va_growth_ytd_pct", "month")
    month = wide(cv, "va_growth_pct", "month")
    assert np.allclose(ytd.xs(1, axis=1, level=1), month.xs(1, axis=1, level=1))
    for y in (2024, 2025, 2026):
        m = max(k for yy, k in out.columns if yy == y)
        nominal = (out[y].loc[:, 1:m].sum(axis=1) / out[y - 1].loc[:, 1:m].sum(axis=1) - 1) * 100
        deflator = nominal - ytd[(y, m)]
        assert deflator.max() - deflator.min() < 0.2 and 0 < deflator.mean() < 3, y


def test_tax_growth_diverges_in_some_counties(cv):
    gap = (wide(cv, "tax_growth_pct", "month") - wide(cv, "va_growth_ytd_pct", "month")).abs().mean(axis=1)
    assert 5 <= (gap > 5).sum() <= 15


def test_firm_stock_identity(cv):
    stock = wide(cv, "above_scale_firm_count", "month")
    new, exits = wide(cv, "new_above_scale_count"), wide(cv, "exit_above_scale_count")
    for y in (2024, 2025):
        assert (stock[(y, 12)] == stock[(y - 1, 12)] + new[y] - exits[y]).all(), y


def test_base_stations_per_10k_use_that_years_population(cv):
    per = wide(cv, "bs_5g_per_10k", "month")
    count = wide(cv, "bs_5g_count", "month")
    pop = wide(cv, "population_wan")
    for y, m in per.columns:
        assert np.allclose(per[(y, m)], (count[(y, m)] / pop[min(y, 2025)]).round(2), atol=0.011)


def test_growth_point_report_pct_is_reported_over_total(d, cv):
    rep = d["growth_point_reports"].merge(d["growth_points"][["project_id", "adcode"]], on="project_id")
    share = rep.assign(ok=rep["reported"] == "是").groupby(["adcode", "period"])["ok"].mean() * 100
    pct = cv[cv["indicator_id"] == "growth_point_report_pct"].set_index(["adcode", "period"])["v"]
    assert set(pct.index) == set(share.index)
    assert np.allclose(pct.sort_index(), share.sort_index(), atol=0.051)


def test_growth_points_respect_thresholds_and_roll_up(d, cv):
    gp = d["growth_points"]
    assert 1200 <= len(gp) <= 1800 and gp["project_id"].is_unique
    assert (gp["expected_output_yi"].astype(float) >= 0.2).all()
    assert (gp["project_id"].str[1:7] == gp["adcode"]).all() and (gp["project_id"].str.len() == 11).all()
    assert ((gp["status"] == "在建") == (gp["start_month"] == "")).all()
    first = d["growth_point_reports"].groupby("project_id")["period"].agg(lambda p: min(p, key=MONTH_LABELS.index))
    gp = gp.assign(entry=gp["project_id"].map(first).map(MONTH_LABELS.index),
                   out=gp["expected_output_yi"].astype(float))
    count, output = wide(cv, "growth_point_count"), wide(cv, "growth_point_output_yi")
    for y in YEARS:
        pool = gp[gp["entry"] <= MONTH_LABELS.index(f"{y}年12月")].groupby("adcode")
        assert (pool.size().reindex(count.index, fill_value=0) == count[y]).all()
        assert np.allclose(pool["out"].sum().reindex(output.index, fill_value=0), output[y], atol=0.006)


def test_village_records_are_the_county_coverage_of_the_latest_year(d, cv):
    v = d["villages"].assign(natural=lambda f: f["natural_villages"].astype(int),
                             fibre=lambda f: f["fibre_natural_villages"].astype(int), g5=lambda f: f["has_5g"] == "是")
    assert v["village_code"].is_unique and (v["village_code"].str[:6] == v["adcode"]).all()
    assert set(v["year"]) == {"2025"} and (v["fibre"] <= v["natural"]).all() and (v["natural"] >= 1).all()
    by = v.groupby("adcode")
    admin, natural = wide(cv, "admin_village_count")[2025], wide(cv, "natural_village_count")[2025]
    assert (by.size().reindex(admin.index, fill_value=0) == admin).all()
    assert (by["natural"].sum().reindex(natural.index, fill_value=0) == natural).all()
    pct_5g, pct_fibre = wide(cv, "village_5g_pct")[2025], wide(cv, "natural_village_fibre_pct")[2025]
    assert set(pct_5g.index) == set(by.groups) and set(pct_fibre.index) == set(by.groups)  # no villages, no value
    assert np.allclose((100 * by["g5"].mean()).round(1).sort_index(), pct_5g.sort_index(), atol=1e-9)
    assert np.allclose((100 * by["fibre"].sum() / by["natural"].sum()).round(1).sort_index(), pct_fibre.sort_index(),
                       atol=1e-9)
    for indicator in ("village_5g_pct", "natural_village_fibre_pct"):  # rounding to whole villages never loses ground
        assert (wide(cv, indicator)[2025] >= wide(cv, indicator)[2024]).all(), indicator


def test_village_names_and_codes_follow_the_statistical_division_codes(d):
    v = d["villages"]
    township, serial = v["village_code"].str[6:9].astype(int), v["village_code"].str[9:].astype(int)
    kind = v["township"].str.extract(r"(街道|镇|乡)$")[0]
    assert kind.notna().all() and v["village_name"].str.fullmatch(r"\w{2}(村|社区)").all()
    assert township.between(1, 99)[kind == "街道"].all() and township.between(100, 199)[kind == "镇"].all()
    assert township.between(200, 399)[kind == "乡"].all()
    community = v["village_name"].str.endswith("社区")
    assert serial[community].between(1, 199).all() and serial[~community].between(201, 399).all()
    assert v.groupby("adcode")["village_name"].apply(lambda names: names.is_unique).all()


def test_honour_counts_equal_the_records(d, cv):
    held = d["honours"].merge(d["enterprises"][["enterprise_id", "adcode"]], on="enterprise_id", how="left")
    assert held["adcode"].notna().all()
    held["year"] = held["year_awarded"].astype(int)
    assert held["year"].between(2018, 2025).all()
    for honour, tier, indicator in catalog("honours").itertuples(index=False):
        got = wide(cv, indicator)
        mine = held[(held["honour"] == honour) & (held["tier"] == tier)]
        for y in YEARS:
            expect = mine[mine["year"] <= y].groupby("adcode")["enterprise_id"].nunique()
            assert (expect.reindex(got.index, fill_value=0) == got[y]).all(), (indicator, y)


def test_honour_pyramid_is_nested(d):
    h = d["honours"].assign(year=lambda f: f["year_awarded"].astype(int))
    ids = catalog("honours").set_index("indicator_id")
    first = {k: h[(h["honour"] == ids.at[k, "honour"]) & (h["tier"] == ids.at[k, "tier"])]
             .set_index("enterprise_id")["year"]
             for k in ("innovative_sme_count", "srdi_count", "little_giant_count", "champion_count")}
    giants, srdi = first["little_giant_count"], first["srdi_count"]
    assert set(giants.index) <= set(srdi.index) <= set(first["innovative_sme_count"].index)
    assert (srdi.reindex(giants.index) <= giants).all()
    smes = set(first["innovative_sme_count"].index)
    assert all(e in giants.index or e not in smes for e in first["champion_count"].index)
    assert not h.duplicated(["enterprise_id", "honour", "tier"]).any()


def test_firm_100yi_count_equals_enterprise_revenues(d, cv, firm_months):
    bulk = firm_months[firm_months["indicator_id"] == "firm_revenue_yi"].astype({"enterprise_id": str})
    bulk = bulk.assign(period=bulk["period"].map(lambda p: f"{p.year}年"), value=bulk["value"].astype(str))
    rev = pd.concat([d["enterprise_values"], bulk[["enterprise_id", "indicator_id", "period", "value"]]])
    rev = rev.merge(d["enterprises"][["enterprise_id", "adcode"]], on="enterprise_id")
    rev = rev[rev["indicator_id"] == "firm_revenue_yi"].assign(year=lambda f: f["period"].str[:4].astype(int))
    got = wide(cv, "firm_100yi_count")
    for y in YEARS:
        big = rev[(rev["year"] == y) & (rev["value"].astype(float) >= 100)].groupby("adcode").size()
        assert (big.reindex(got.index, fill_value=0) == got[y]).all()
    assert rev.groupby("year").size().eq(len(d["enterprises"])).all()


def test_park_rollups_equal_the_park_values(d, cv):
    pv = d["park_values"].merge(d["parks"][["park_id", "adcode", "developed_area_mu"]], on="park_id")
    pv = pv.assign(year=pv["period"].str[:4].astype(int), v=pv["value"].astype(float),
                   mu=pv["developed_area_mu"].astype(float))
    sums = pv.pivot_table(index=["adcode", "year"], columns="indicator_id", values="v", aggfunc="sum")
    for k in ("park_output_yi", "park_tax_yi", "chem_park_output_yi", "digital_park_count", "green_park_count"):
        got = cv[cv["indicator_id"] == k].set_index(["adcode", "year"])["v"]
        assert np.allclose(got, sums[k].reindex(got.index), atol=0.006), k
    area = pv[pv["indicator_id"] == "park_output_yi"].groupby(["adcode", "year"])["mu"].sum()
    per_mu = cv[cv["indicator_id"] == "park_output_per_mu_wan"].set_index(["adcode", "year"])["v"]
    assert np.allclose(per_mu, (sums["park_output_yi"] * 1e4 / area).reindex(per_mu.index), atol=0.06)
    score = pv[pv["indicator_id"] == "chem_park_compliance_score"]
    assert score["v"].between(4, 7).all() and (score["v"] % 1 == 0).all()
    got = cv[cv["indicator_id"] == "chem_park_compliance_score"].set_index(["adcode", "year"])["v"]
    assert np.allclose(got, score.groupby(["adcode", "year"])["v"].mean().reindex(got.index), atol=0.051)


def test_parks_are_plausible(d, cv):
    parks = d["parks"]
    assert (parks["park_id"].str[1:7] == parks["adcode"]).all() and parks["park_id"].is_unique
    assert set(parks.loc[parks["park_kind"] == "综合", "adcode"]) == {r.adcode for r in regions()}
    assert parks["developed_area_mu"].astype(int).between(3000, 60000).all()
    assert set(parks["parent_park_id"]) - {""} <= set(parks["park_id"])
    out = d["park_values"][d["park_values"]["indicator_id"] == "park_output_yi"].merge(parks, on="park_id")
    county = cv[cv["indicator_id"] == "output_year_yi"].set_index(["adcode", "period"])["v"]
    share = out["value"].astype(float).to_numpy() / county.loc[list(zip(out["adcode"], out["period"]))].to_numpy()
    assert share.max() <= 0.70 + 1e-9
    pv = d["park_values"]
    chem = pv[(pv["indicator_id"] == "chem_park_output_yi") & (pv["period"] == "2025年")]
    assert (chem["value"].astype(float) >= 1000).sum() >= 1


def test_points_lie_inside_their_county(d):
    geoms = dict(zip(read_counties()["adcode"], read_counties().geometry.values))
    for name in ("parks", "enterprises", "growth_points"):
        frame = d[name]
        for code, rows in frame.groupby("adcode"):
            lon, lat = rows["lon"].astype(float), rows["lat"].astype(float)
            assert shapely.contains_xy(geoms[code], lon, lat).all(), (name, code)
            assert (rows["lon"].str.split(".").str[1].str.len() == 6).all()


def test_enterprise_codes_and_names(d):
    ent = d["enterprises"]
    assert ent["enterprise_id"].is_unique and ent["enterprise_name"].is_unique
    assert 22_000 <= len(ent) <= 30_000 and set(ent["above_scale"]) == {"是", "否"}  # every 规上 firm over the years
    assert (ent["enterprise_id"].str[2:8] == ent["adcode"]).all()
    for code in ent["enterprise_id"]:
        total = sum(w * USCC_CHARS.index(c) for w, c in zip(USCC_WEIGHTS, code[:17]))
        assert len(code) == 18 and code[17] == USCC_CHARS[(31 - total % 31) % 31]
    assert set(ent["industry_code"]) <= set(catalog("industries")["code"])


def test_firm_months_sum_to_the_county_output_and_count_the_stock(d, cv, firm_months):
    """The industry figures are summed from these months: over all industries they are the county's figures."""
    output = firm_months[firm_months["indicator_id"] == "output_yi"].astype({"enterprise_id": str})
    county = output["enterprise_id"].map(d["enterprises"].set_index("enterprise_id")["adcode"])
    assert county.notna().all()  # every firm month is a firm of the register
    month = output["period"].map(lambda p: f"{p.year}年{p.month}月")
    summed = output.groupby([county, month])["value"].agg(["sum", "size"])
    for indicator, column in (("output_yi", "sum"), ("above_scale_firm_count", "size")):
        stated = cv[cv["indicator_id"] == indicator].set_index(["adcode", "period"])["v"]
        assert len(summed) == len(stated) == 103 * len(MONTH_LABELS)
        assert np.allclose(summed[column].reindex(stated.index), stated, atol=1e-3), indicator


def test_ordered_pairs_and_scoped_values(cv):
    assert (wide(cv, "projects_applied_count") >= wide(cv, "projects_won_count")).all().all()
    chain = ["ind_to_firm_count", "firm_to_scale_count", "scale_to_share_count", "share_to_listed_count"]
    for upper, lower in pairwise(chain):
        assert (wide(cv, upper) >= wide(cv, lower)).all().all(), (upper, lower)
    villages = wide(cv, "admin_village_count")[2025]
    assert set(wide(cv, "village_5g_pct").index) == set(villages[villages > 0].index)
    prefecture = {r.adcode: r.prefecture_code for r in regions()}
    assert {prefecture[c] for c in wide(cv, "phosphogypsum_util_pct").index} == {"420500"}
    li = cv.loc[cv["indicator_id"] == "village_5g_pct", "v"]
    assert li.max() == 100 and li.between(85, 100).all()


def test_calibration(cv, d):
    firms = wide(cv, "above_scale_firm_count", "month").sum()
    assert firms.between(16_000, 22_000).all() and firms.iloc[-1] > firms.iloc[0]
    assert 120_000 <= wide(cv, "bs_5g_count", "month").sum()[(2026, 10)] <= 180_000
    output = wide(cv, "output_year_yi")
    assert 40_000 <= output[2025].sum() <= 60_000 and 1 <= (output[2025] >= 1000).sum() <= 3
    assert 20_000 <= wide(cv, "admin_village_count")[2025].sum() <= 25_000
    assert 5_600 <= wide(cv, "population_wan")[2025].sum() <= 6_000
    assert wide(cv, "park_bond_yi")[[2024, 2025]].sum().sum() < 200
    assert 550 <= wide(cv, "little_giant_count")[2025].sum() <= 900
    assert 3_800 <= wide(cv, "srdi_count")[2023].sum() <= 4_600
    assert (wide(cv, "champion_count")[2025] == 0).sum() > 50
    assert 5 <= (wide(cv, "srdi_count")[2023] == 0).sum() <= 40
    assert 25 <= wide(cv, "firm_100yi_count")[2025].sum() <= 35
    champions = d["honours"][d["honours"]["honour"] == "制造业单项冠军"]["year_awarded"].astype(int)
    assert 18 <= (champions <= 2021).sum() <= 26
