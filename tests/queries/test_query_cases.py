"""Query cases: for every SQL file, a few given rows and the rows it must return.

Each case builds an in-memory warehouse with the real schema and reference tables, adds the
given facts, runs the query through queries.execute and compares the expected columns.
"""

import importlib
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd
import pytest

import queries
from data.warehouse import build, current

D = date
DAYE, YANGXIN, HSG, JIANGAN = "420281", "420222", "420202", "420102"


def warehouse(facts: list[tuple], parks: list[tuple] = (), demo: bool = True):
    """Schema + reference tables + batches 1 and 2 + facts (adcode, indicator, period, value[, batch])."""
    con = build.create(Path(":memory:"))
    for batch_id in (1, 2):
        con.execute("insert into batch (batch_id, dataset, file_name, checksum, raw_path, loaded_by, loaded_at, "
                    "rows_read, rows_loaded, outcome, is_demo) values ($1, 'county_values', 'f.csv', 'x', null, 't', "
                    "now(), 1, 1, 'loaded', $2)", [batch_id, demo])
    for seq, (adcode, indicator, period, value, *batch) in enumerate(facts):
        con.execute("insert into county_value (adcode, indicator_id, period, value, status, batch_id, row_seq) "
                    "values ($1, $2, $3, $4, '最终', $5, $6)",
                    [adcode, indicator, period, value, batch[0] if batch else 1, seq])
    for park_id, adcode, indicator, period, value in parks:
        con.execute("insert or ignore into park values ($1, $1, $2, '化工', null, null, null, 100, null, null, 1)",
                    [park_id, adcode])
        con.execute("insert into park_value values ($1, $2, $3, $4, 1)", [park_id, indicator, period, value])
    return con


def run(con, name, **params) -> pd.DataFrame:
    """The query as the app runs it: on a warehouse whose county figures in force were written after its
    last change, as every publish does (cases add rows after building)."""
    current.refresh(con)
    return queries.execute(con, name, **params)


NO_FILTER = {"prefecture": None, "metro_circle": None, "county_type": None, "in_scope_only": False}
HUANGSHI_ONLY = {**NO_FILTER, "prefecture": "420200"}


def case_indicator_by_county_ranks_within_filter():
    con = warehouse([
        (DAYE, "output_yi", D(2025, 6, 1), 80.0), (YANGXIN, "output_yi", D(2025, 6, 1), 30.0),
        (HSG, "output_yi", D(2025, 6, 1), 50.0), (JIANGAN, "output_yi", D(2025, 6, 1), 999.0),
        (DAYE, "output_yi", D(2025, 5, 1), 40.0), (YANGXIN, "output_yi", D(2025, 5, 1), 45.0),
        (DAYE, "output_yi", D(2025, 6, 1), 90.0, 2),  # a revision: the newer batch wins
    ])
    out = run(con, "overview/indicator_by_county", indicator="output_yi", period=D(2025, 6, 1),
              **{**NO_FILTER, "prefecture": "420200"}).set_index("adcode")
    assert len(out) == 103 and out["in_filter"].sum() == 6  # 黄石 has six county-level units
    assert out.loc[DAYE, ["value", "rank", "prev_rank"]].tolist() == [90.0, 1, 2]
    assert out.loc[HSG, "rank"] == 2 and pd.isna(out.loc[HSG, "prev_value"])
    assert out.loc[YANGXIN, ["rank", "prev_rank"]].tolist() == [3, 1]
    assert not out.loc[JIANGAN, "in_filter"] and pd.isna(out.loc[JIANGAN, "rank"])
    assert out.loc[DAYE, "ranked_count"] == 3


def case_indicator_by_county_lower_is_better_and_core_circle():
    con = warehouse([(DAYE, "energy_intensity_change_pct", D(2025, 1, 1), -5.0),
                     (JIANGAN, "energy_intensity_change_pct", D(2025, 1, 1), 2.0),
                     ("420302", "energy_intensity_change_pct", D(2025, 1, 1), -9.0)])  # 茅箭: not in the core
    out = run(con, "overview/indicator_by_county", indicator="energy_intensity_change_pct",
              period=D(2025, 1, 1), **{**NO_FILTER, "metro_circle": "武鄂黄黄"}).set_index("adcode")
    assert out.loc[DAYE, "rank"] == 1 and out.loc[JIANGAN, "rank"] == 2
    assert not out.loc["420302", "in_filter"]


def case_revisions_that_blank_a_value_and_derived_net_change():
    con = warehouse([
        (DAYE, "new_above_scale_count", D(2025, 1, 1), 30.0), (DAYE, "exit_above_scale_count", D(2025, 1, 1), 12.0),
        (HSG, "new_above_scale_count", D(2025, 1, 1), 5.0), (HSG, "exit_above_scale_count", D(2025, 1, 1), 9.0),
        (YANGXIN, "new_above_scale_count", D(2025, 1, 1), 7.0),
        (YANGXIN, "new_above_scale_count", D(2025, 1, 1), None, 2),  # the newer batch blanks it
    ])
    out = run(con, "overview/indicator_by_county", indicator="above_scale_net_count", period=D(2025, 1, 1),
              **HUANGSHI_ONLY).set_index("adcode")
    assert out.loc[DAYE, "value"] == 18.0 and out.loc[HSG, "value"] == -4.0 and pd.isna(out.loc[YANGXIN, "value"])
    assert out.loc[DAYE, "rank"] == 1 and out.loc[HSG, "rank"] == 2
    blanked = run(con, "overview/indicator_by_county", indicator="new_above_scale_count", period=D(2025, 1, 1),
                  **HUANGSHI_ONLY).set_index("adcode")
    assert pd.isna(blanked.loc[YANGXIN, "value"])


def case_tied_values_share_a_tier():
    facts = [(code, "champion_count", D(2025, 1, 1), v) for code, v in
             ((DAYE, 0.0), (HSG, 0.0), (YANGXIN, 0.0), ("420203", 0.0), ("420204", 3.0), ("420205", 1.0))]
    out = run(warehouse(facts), "overview/indicator_by_county", indicator="champion_count", period=D(2025, 1, 1),
              **HUANGSHI_ONLY).set_index("adcode")
    assert out.loc["420204", "tier"] == 1 and out.loc["420205", "tier"] == 1  # the top third of six
    assert set(out.loc[[DAYE, HSG, YANGXIN, "420203"], "tier"]) == {3}


def case_latest_period_complete_at_the_month():
    """A month counts once reached, a year once its December is; nothing complete yet is null."""
    con = warehouse([(DAYE, "output_yi", D(2025, 5, 1), 1.0), (DAYE, "output_yi", D(2025, 6, 1), 1.0),
                     (HSG, "output_yi", D(2025, 7, 1), None),
                     (DAYE, "gdp_yi", D(2024, 1, 1), 1.0), (HSG, "gdp_yi", D(2025, 1, 1), 1.0)])

    def latest(indicator, as_of):
        return run(con, "common/latest_period", indicator=indicator, as_of=as_of)["period"].iloc[0]

    assert latest("output_yi", D(2025, 6, 1)).date() == D(2025, 6, 1)
    assert latest("output_yi", D(2025, 7, 1)).date() == D(2025, 7, 1)  # a blank value still makes the period
    assert latest("gdp_yi", D(2025, 11, 1)).date() == D(2024, 1, 1)
    assert latest("gdp_yi", D(2025, 12, 1)).date() == D(2025, 1, 1)
    assert pd.isna(latest("gdp_yi", D(2024, 11, 1))) and pd.isna(latest("output_yi", D(2025, 4, 1)))


def case_published_periods_follow_the_same_rule():
    """The timeline's stops: every period complete at the month, oldest first, each once."""
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 1.0), (HSG, "output_yi", D(2025, 5, 1), 2.0),
                     (HSG, "output_yi", D(2025, 6, 1), 2.0), (DAYE, "output_yi", D(2025, 7, 1), 1.0),
                     (DAYE, "gdp_yi", D(2024, 1, 1), 1.0), (HSG, "gdp_yi", D(2025, 1, 1), 1.0)])

    def stops(indicator, as_of):
        return [p.date() for p in run(con, "common/published_periods", indicator=indicator, as_of=as_of)["period"]]

    assert stops("output_yi", D(2025, 6, 1)) == [D(2025, 5, 1), D(2025, 6, 1)]
    assert stops("gdp_yi", D(2025, 11, 1)) == [D(2024, 1, 1)]
    assert stops("gdp_yi", D(2025, 12, 1)) == [D(2024, 1, 1), D(2025, 1, 1)]
    assert stops("gdp_yi", D(2024, 11, 1)) == []


def test_schema_rules():
    """The macros of 05_rules.sql: when a period is complete, the period before, tiers by thirds or cut points."""
    con = warehouse([])
    ends = con.execute("select period_end(date '2025-01-01', 'yearly'), period_end(date '2025-06-01', 'monthly'), "
                       "previous_period(date '2025-01-01', 'monthly'), previous_period(date '2025-01-01', 'yearly')")
    assert ends.fetchone() == (D(2025, 12, 1), D(2025, 6, 1), D(2024, 12, 1), D(2024, 1, 1))
    thirds = con.execute("select list(tier_by_thirds(s) order by s nulls last) from unnest([1/3, 0.34, 2/3, 0.7, 1, "
                         "null]) as t(s)").fetchone()[0]
    assert thirds == [1, 2, 2, 3, 3, None]
    cuts = con.execute("select tier_by_cuts(80, 0.9, 70, 50), tier_by_cuts(60, 0.1, 70, 50), "
                       "tier_by_cuts(10, 0.1, 70, 50), tier_by_cuts(10, 0.1, null, null), "
                       "tier_by_cuts(null, 0.1, 70, 50), tier_by_cuts(80, null, 70, 50)").fetchone()
    assert cuts == (1, 2, 3, 1, None, None)
    demo = con.execute("select g, any_demo(f) from (values (1, null), (1, true), (2, null), (3, false)) as t(g, f) "
                       "group by g order by g").fetchall()
    assert demo == [(1, True), (2, False), (3, False)]


def case_indicators_only_with_values():
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 1.0), (DAYE, "gdp_yi", D(2024, 1, 1), 9.0)])
    out = run(con, "common/indicators").set_index("id")
    assert sorted(out.index) == ["gdp_yi", "output_yi"]
    assert out.loc["output_yi", "area_name"] == "稳步增长"
    assert out.loc["gdp_yi", "latest_period"].date() == D(2024, 1, 1)


def case_regions_and_prefectures():
    con = warehouse([])
    regions = run(con, "common/regions").set_index("adcode")
    assert len(regions) == 103 and regions.loc[DAYE, "prefecture"] == "黄石市"
    assert regions["network_programme"].sum() == 22
    prefectures = run(con, "common/prefectures")
    assert len(prefectures) == 17 and prefectures["code"].is_monotonic_increasing


def case_months_and_warehouse_info():
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 1.0), (DAYE, "gdp_yi", D(2026, 1, 1), 1.0)])
    assert run(con, "common/months")["period"].dt.date.tolist() == [D(2025, 6, 1)]
    info = run(con, "common/warehouse_info").iloc[0]
    assert bool(info["has_demo"]) and info["latest_month"].date() == D(2025, 6, 1) and info["batches"] == 2
    assert info["only_demo"] and pd.isna(info["schema_version"])  # build.create writes no meta
    official = run(warehouse([], demo=False), "common/warehouse_info").iloc[0]
    assert not bool(official["has_demo"]) and not bool(official["only_demo"])


def case_schema_state_reads_a_warehouse_of_any_schema():
    """The first query of every run: it works where this version's macros do not exist (an older warehouse)."""
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 1.0)])
    con.execute("insert into meta values ('schema_version', 'older')")
    macros = [r[0] for r in con.execute("select function_name from duckdb_functions() "
                                        "where function_type = 'macro' and not internal").fetchall()]
    assert "any_demo" in macros
    for name in macros:  # a warehouse built before the rules of 05_rules.sql
        con.execute(f"drop macro if exists {name}")
    with pytest.raises(duckdb.Error):  # what crashed every visitor's first run after an update
        queries.execute(con, "common/warehouse_info")
    state = queries.execute(con, "common/schema_state").iloc[0]
    assert state["schema_version"] == "older" and bool(state["only_demo"])
    assert not bool(run(warehouse([], demo=False), "common/schema_state").iloc[0]["only_demo"])


def case_catalog_counts_periods():
    con = warehouse([(DAYE, "output_yi", D(2025, 5, 1), 1.0), (HSG, "output_yi", D(2025, 6, 1), 1.0)])
    out = run(con, "common/catalog").set_index("id")
    assert out.loc["output_yi", "periods"] == 2 and out.loc["gdp_yi", "periods"] == 0
    assert len(out) == len(pd.read_csv(build.CATALOG_DIR / "indicators.csv"))


def case_county_trend_median():
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 10.0), (HSG, "output_yi", D(2025, 6, 1), 20.0),
                     (YANGXIN, "output_yi", D(2025, 6, 1), 60.0), (HSG, "output_yi", D(2025, 7, 1), 5.0)])
    out = run(con, "common/county_trend", indicator="output_yi", adcode=DAYE, as_of=D(2026, 10, 1))
    assert out["value"].tolist()[0] == 10.0 and pd.isna(out["value"].tolist()[1])
    assert out["province_median"].tolist() == [20.0, 5.0]
    cut = run(con, "common/county_trend", indicator="output_yi", adcode=DAYE, as_of=D(2025, 6, 1))
    assert cut["period"].dt.date.tolist() == [D(2025, 6, 1)]  # nothing after the as-of month


def case_target_progress_kinds():
    con = warehouse(
        [(DAYE, "srdi_count", D(2025, 1, 1), 0.0), (HSG, "srdi_count", D(2025, 1, 1), 2.0),
         (YANGXIN, "srdi_count", D(2025, 1, 1), 5.0), (YANGXIN, "srdi_count", D(2024, 1, 1), 0.0),
         (DAYE, "above_scale_firm_count", D(2024, 12, 1), 100.0),
         (DAYE, "above_scale_firm_count", D(2025, 6, 1), 110.0),
         (DAYE, "park_bond_yi", D(2023, 1, 1), 50.0), (DAYE, "park_bond_yi", D(2024, 1, 1), 30.0),
         (HSG, "park_bond_yi", D(2025, 1, 1), 20.0), (DAYE, "output_year_yi", D(2025, 1, 1), 1200.0)],
        parks=[("P1", DAYE, "chem_park_output_yi", D(2025, 1, 1), 1100.0),
               ("P2", HSG, "chem_park_output_yi", D(2025, 1, 1), 400.0)],
    )
    out = run(con, "common/target_progress", area=None, as_of=D(2026, 10, 1)).set_index("target_id")
    srdi = out.loc["srdi_full_coverage"]
    assert (srdi["meeting"], srdi["counted"]) == (2, 3) and round(srdi["current_value"], 1) == 66.7
    assert not srdi["met"]
    assert out.loc["above_scale_net_increase", "current_value"] == 10 and out.loc["above_scale_net_increase", "met"]
    assert out.loc["park_bond_200yi", "current_value"] == 50.0  # 2024 and 2025 only
    assert out.loc["chem_park_1000yi", "current_value"] == 1 and out.loc["chem_park_1000yi", "progress_pct"] == 20
    assert out.loc["strong_county_1000yi", "current_value"] == 1
    assert pd.isna(out.loc["village_5g_full", "current_value"])
    as_of_2024 = run(con, "common/target_progress", area=None, as_of=D(2024, 12, 1)).set_index("target_id")
    assert as_of_2024.loc["srdi_full_coverage", "counted"] == 1  # only 2024 (阳新) is complete by then
    assert as_of_2024.loc["park_bond_200yi", "current_value"] == 30.0
    assert set(run(con, "common/target_progress", area="entity", as_of=D(2026, 10, 1))["target_id"]) == {
        "srdi_full_coverage", "champion_full_coverage", "above_scale_net_increase"}


def case_target_progress_firm_100yi_counts_key_counties():
    """方案二（二）1 推动重点县市形成1—2个百亿级企业: the key (in-scope) counties together, not one in each.

    Counted as the key counties with a 百亿级企业 (count_regions): at least one such county is at least one such
    firm, the plan's lower bound (as 培育2—3个千亿工业强县 counts 2). 黄石港 is outside the programme.
    """
    con = warehouse([(adcode, "firm_100yi_count", D(2025, 1, 1), firms)
                     for adcode, firms in ((DAYE, 0.0), (HSG, 3.0), (YANGXIN, 2.0), (JIANGAN, 0.0))])
    con.execute("update region set in_scope = false where adcode = $1", [HSG])
    firms = run(con, "common/target_progress", area="cluster", as_of=D(2026, 10, 1)).set_index("target_id")
    firms = firms.loc["firm_100yi_key_counties"]
    assert (firms["kind"], firms["target_value"], firms["unit"]) == ("count_regions", 1, "个")
    assert (firms["meeting"], firms["counted"]) == (1, 3)  # 阳新 of 大冶, 阳新, 江岸; 黄石港's 3 do not count
    assert firms["current_value"] == 1 and firms["met"] and firms["progress_pct"] == 100
    assert "1—2个百亿级企业" in firms["note"]


def case_target_series_path_from_2023_baseline():
    """Coverage 1/3 at end-2023, 2/3 at end-2025: the path to 100% by 2027 asks 2/3 + … at 2025."""
    con = warehouse([(DAYE, "srdi_count", D(2023, 1, 1), 0.0), (HSG, "srdi_count", D(2023, 1, 1), 0.0),
                     (YANGXIN, "srdi_count", D(2023, 1, 1), 3.0),
                     (DAYE, "srdi_count", D(2025, 1, 1), 1.0), (HSG, "srdi_count", D(2025, 1, 1), 0.0),
                     (YANGXIN, "srdi_count", D(2025, 1, 1), 3.0)])
    out = run(con, "common/target_series", area="entity", as_of=D(2026, 10, 1)).set_index(["target_id", "period"])
    y2023 = out.loc[("srdi_full_coverage", pd.Timestamp(2023, 1, 1))]
    y2025 = out.loc[("srdi_full_coverage", pd.Timestamp(2025, 1, 1))]
    baseline = 100 / 3
    assert round(y2023["current_value"], 3) == round(y2023["expected_value"], 3) == round(baseline, 3)
    assert round(y2025["expected_value"], 3) == round(baseline + (100 - baseline) * 24 / 48, 3)
    assert round(y2025["current_value"], 3) == round(200 / 3, 3) and y2025["on_track"]
    assert y2025["period_end"].date() == D(2025, 12, 1)


def case_indicator_spread_over_filtered_counties():
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 10.0), (HSG, "output_yi", D(2025, 6, 1), 20.0),
                     (YANGXIN, "output_yi", D(2025, 6, 1), 60.0), (JIANGAN, "output_yi", D(2025, 6, 1), 500.0)])
    out = run(con, "common/indicator_spread", indicator="output_yi", as_of=D(2026, 10, 1), **HUANGSHI_ONLY)
    row = out.iloc[0]
    assert (row["median"], row["total"], row["counties"]) == (20.0, 90.0, 3)
    assert row["p25"] == 15.0 and row["p75"] == 40.0 and bool(row["is_demo"])


def case_indicator_values_pooled_over_published_periods_in_the_filter():
    con = warehouse([(DAYE, "output_yi", D(2025, 5, 1), 1.0), (DAYE, "output_yi", D(2025, 6, 1), 2.0),
                     (HSG, "output_yi", D(2025, 6, 1), None), (YANGXIN, "output_yi", D(2025, 7, 1), 3.0),
                     (JIANGAN, "output_yi", D(2025, 5, 1), 9.0), (DAYE, "gdp_yi", D(2025, 1, 1), 5.0)])
    out = run(con, "common/indicator_values_pooled", indicator="output_yi", as_of=D(2025, 6, 1), **HUANGSHI_ONLY)
    assert out["value"].tolist() == [1.0, 2.0]  # no July (after the month), no blank, no 江岸 (outside 黄石)
    yearly = run(con, "common/indicator_values_pooled", indicator="gdp_yi", as_of=D(2025, 11, 1), **HUANGSHI_ONLY)
    assert yearly.empty  # 2025 is complete only from December


CASES = {
    "common/indicator_values_pooled": [case_indicator_values_pooled_over_published_periods_in_the_filter],
    "common/indicator_spread": [case_indicator_spread_over_filtered_counties],
    "overview/indicator_by_county": [case_indicator_by_county_ranks_within_filter,
                                     case_revisions_that_blank_a_value_and_derived_net_change,
                                     case_tied_values_share_a_tier,
                                     case_indicator_by_county_lower_is_better_and_core_circle],
    "common/latest_period": [case_latest_period_complete_at_the_month],
    "common/schema_state": [case_schema_state_reads_a_warehouse_of_any_schema],
    "common/published_periods": [case_published_periods_follow_the_same_rule],
    "common/indicators": [case_indicators_only_with_values],
    "common/regions": [case_regions_and_prefectures],
    "common/prefectures": [case_regions_and_prefectures],
    "common/months": [case_months_and_warehouse_info],
    "common/warehouse_info": [case_months_and_warehouse_info],
    "common/catalog": [case_catalog_counts_periods],
    "common/county_trend": [case_county_trend_median],
    "common/target_progress": [case_target_progress_kinds, case_target_progress_firm_100yi_counts_key_counties],
    "common/target_series": [case_target_series_path_from_2023_baseline],
}


def all_cases() -> dict:
    """CASES of this module and of every tests/queries/test_query_cases_*.py (one module per query area)."""
    merged = {name: list(cases) for name, cases in CASES.items()}
    for path in sorted(Path(__file__).parent.glob("test_query_cases_*.py")):
        module = importlib.import_module(f"tests.queries.{path.stem}")
        for name, cases in module.CASES.items():
            merged.setdefault(name, []).extend(cases)
    return merged


def test_every_query_has_a_case():
    assert set(queries.all_names()) == set(all_cases())


@pytest.mark.parametrize("case", sorted({c for cs in all_cases().values() for c in cs},
                                        key=lambda c: (c.__module__, c.__name__)),
                         ids=lambda c: c.__name__)
def test_case(case):
    case()
