"""Query cases of the county profile (queries/county/*.sql): given rows, and the rows each query must return."""

import pandas as pd

from tests.queries.test_query_cases import DAYE, HSG, JIANGAN, YANGXIN, D, run, warehouse

AS_OF = D(2025, 6, 1)
YEAR_END = D(2025, 12, 1)  # yearly values of 2025 count once the year has ended
ENSHI = "422801"


def profile(con, adcode=DAYE, as_of=AS_OF) -> pd.DataFrame:
    return run(con, "county/indicator_profile", adcode=adcode, as_of=as_of).set_index("indicator_id")


def out_of_scope(con, *adcodes):
    for adcode in adcodes:
        con.execute("update region set in_scope = false where adcode = $1", [adcode])


def case_profile_value_change_median_and_rank():
    con = warehouse([
        (DAYE, "output_yi", D(2025, 6, 1), 80.0), (YANGXIN, "output_yi", D(2025, 6, 1), 30.0),
        (HSG, "output_yi", D(2025, 6, 1), 50.0), (JIANGAN, "output_yi", D(2025, 6, 1), 999.0),
        (DAYE, "output_yi", D(2025, 5, 1), 40.0), (YANGXIN, "output_yi", D(2025, 5, 1), 45.0),
        (JIANGAN, "output_yi", D(2025, 5, 1), 10.0),
        (DAYE, "output_yi", D(2025, 6, 1), 90.0, 2),  # a revision: the newer batch wins
        (DAYE, "output_yi", D(2025, 7, 1), 1.0),  # after the as-of month: not shown
    ])
    out_of_scope(con, JIANGAN)  # 999 is the province's largest, but 江岸 is outside the programme
    row = profile(con).loc["output_yi"]
    assert row["period"].date() == D(2025, 6, 1) and (row["value"], row["prev_value"]) == (90.0, 40.0)
    assert row["province_median"] == 70.0  # 30, 50, 90, 999: every county of the period counts
    assert (row["rank"], row["ranked_count"]) == (1, 3)
    assert row["prev_rank"] == 2  # 45 > 40 in May; 江岸's 10 is not ranked
    assert row["series"].tolist() == [40.0, 90.0] and bool(row["is_demo"])
    assert row["area_name"] == "稳步增长" and row["unit"] == "亿元"


def case_profile_lower_is_better_yearly_and_ties():
    con = warehouse([
        (DAYE, "energy_intensity_change_pct", D(2025, 1, 1), -5.0),
        (HSG, "energy_intensity_change_pct", D(2025, 1, 1), -9.0),
        (YANGXIN, "energy_intensity_change_pct", D(2025, 1, 1), -5.0),
        (JIANGAN, "energy_intensity_change_pct", D(2025, 1, 1), 2.0),
        (DAYE, "energy_intensity_change_pct", D(2024, 1, 1), -1.0),
        (HSG, "energy_intensity_change_pct", D(2024, 1, 1), -3.0),
    ])
    row = profile(con, as_of=YEAR_END).loc["energy_intensity_change_pct"]
    assert row["period"].date() == D(2025, 1, 1) and row["prev_value"] == -1.0  # a year before
    assert (row["rank"], row["prev_rank"], row["ranked_count"]) == (2, 2, 4)  # −9 first, then −5 twice
    assert profile(con, YANGXIN, YEAR_END).loc["energy_intensity_change_pct", "rank"] == 2  # ties share a place
    mid_year = profile(con).loc["energy_intensity_change_pct"]  # June 2025: the year 2025 has not ended
    assert mid_year["period"].date() == D(2024, 1, 1)


def case_profile_coverage_targets_per_county():
    con = warehouse([
        (DAYE, "village_5g_pct", D(2025, 1, 1), 100.0), (HSG, "village_5g_pct", D(2025, 1, 1), 97.0),
        (DAYE, "firm_100yi_count", D(2025, 1, 1), 0.0), (HSG, "firm_100yi_count", D(2025, 1, 1), 2.0),
        (DAYE, "srdi_count", D(2025, 1, 1), 0.0), (HSG, "srdi_count", D(2025, 1, 1), 0.0),
        (DAYE, "gdp_yi", D(2025, 1, 1), 900.0),
    ])
    out_of_scope(con, HSG)
    # No catalog coverage target is limited to the programme counties today: one made so, for the scope rule.
    con.execute("update target set scope = 'in_scope' where id = 'srdi_full_coverage'")
    daye, hsg = profile(con, as_of=YEAR_END), profile(con, HSG, YEAR_END)
    assert daye.loc["village_5g_pct", "target_met"] and daye.loc["village_5g_pct", "target_threshold"] == 100
    assert not hsg.loc["village_5g_pct", "target_met"]
    srdi = daye.loc["srdi_count"]
    assert srdi["target_label"] == "专精特新县域全覆盖" and not srdi["target_met"]
    # A target asked of the in-scope counties only: 黄石港 is outside, and has neither the target nor a place.
    assert pd.isna(hsg.loc["srdi_count", "target_label"]) and pd.isna(hsg.loc["srdi_count", "rank"])
    # 百亿级企业 are asked of the key counties together (1—2), not of each county: no per-county target.
    assert pd.isna(daye.loc["firm_100yi_count", "target_label"]) and pd.isna(daye.loc["firm_100yi_count", "target_met"])
    assert hsg.loc["firm_100yi_count", "province_median"] == 1.0
    assert pd.isna(daye.loc["gdp_yi", "target_met"])


def case_profile_only_indicators_with_values_in_catalog_order():
    con = warehouse([(DAYE, "gdp_yi", D(2025, 1, 1), 900.0), (DAYE, "srdi_count", D(2024, 1, 1), 3.0),
                     (DAYE, "va_growth_pct", D(2025, 6, 1), 5.0), (DAYE, "output_yi", D(2025, 6, 1), None),
                     (HSG, "champion_count", D(2025, 1, 1), 1.0), (DAYE, "bs_5g_count", D(2026, 1, 1), 9.0)])
    out = profile(con, as_of=YEAR_END)
    assert out.index.tolist() == ["va_growth_pct", "srdi_count", "gdp_yi"]  # growth, entity, context
    assert out.loc["srdi_count", "period"].date() == D(2024, 1, 1) and pd.isna(out.loc["srdi_count", "prev_value"])
    assert profile(con, ENSHI).empty


def parks_warehouse():
    con = warehouse([])
    parks = [("P1", DAYE, "主园", "综合", None, "国家级", 2000.0), ("P2", DAYE, "分园", "化工", "P1", "省级", 500.0),
             ("P3", DAYE, "新园", "综合", None, "省级", 100.0), ("P9", HSG, "别县园", "综合", None, "省级", 900.0)]
    for park_id, adcode, name, kind, parent, level, area in parks:
        con.execute("insert into park values ($1, $2, $3, $4, $5, $6, null, $7, null, null, 1)",
                    [park_id, name, adcode, kind, parent, level, area])
    values = [("P1", "park_output_yi", 2024, 300.0), ("P1", "park_tax_yi", 2024, 20.0),
              ("P1", "park_output_per_mu_wan", 2024, 150.0), ("P1", "park_output_yi", 2025, 330.0),
              ("P1", "park_tax_yi", 2025, 22.0), ("P1", "park_output_per_mu_wan", 2025, 165.0),
              ("P2", "park_output_yi", 2025, 40.0), ("P2", "chem_park_output_yi", 2025, 40.0),
              ("P9", "park_output_yi", 2025, 999.0)]
    for park_id, indicator, year, value in values:
        con.execute("insert into park_value values ($1, $2, $3, $4, 1)", [park_id, indicator, D(year, 1, 1), value])
    return con


def case_parks_latest_year_up_to_as_of():
    con = parks_warehouse()
    out = run(con, "county/parks", adcode=DAYE, as_of=YEAR_END)
    assert out["park_id"].tolist() == ["P1", "P2", "P3"]  # by output, the park without values last
    p1 = out.set_index("park_id").loc["P1"]
    assert (p1["output_yi"], p1["tax_yi"], p1["output_per_mu_wan"]) == (330.0, 22.0, 165.0)
    assert p1["period"].date() == D(2025, 1, 1) and p1["developed_area_mu"] == 2000.0 and bool(p1["is_demo"])
    p2 = out.set_index("park_id").loc["P2"]
    assert p2["parent_park_name"] == "主园" and p2["park_kind"] == "化工" and pd.isna(p2["tax_yi"])
    assert out.set_index("park_id").loc["P3"][["output_yi", "period"]].isna().all()
    earlier = run(con, "county/parks", adcode=DAYE, as_of=D(2024, 12, 1)).set_index("park_id")
    assert earlier.loc["P1", "output_yi"] == 300.0 and pd.isna(earlier.loc["P2", "output_yi"])


def firms_warehouse():
    con = warehouse([])
    con.execute("insert into batch (batch_id, dataset, file_name, checksum, raw_path, loaded_by, loaded_at, rows_read, "
                "rows_loaded, outcome, is_demo) values (3, 'honours', 'h.csv', 'y', null, 't', now(), 1, 1, "
                "'rolled_back', true)")
    for firm, adcode, industry in [("E1", DAYE, "C32"), ("E2", DAYE, "C31"), ("E3", DAYE, "C26"),
                                   ("E4", DAYE, None), ("E9", HSG, "C32")]:
        con.execute("insert into enterprise values ($1, $1 || '公司', $2, $3, true, null, null, 1)",
                    [firm, adcode, industry])
    honours = [("E1", "绿色工厂", "国家级", 2021, 1), ("E1", "专精特新中小企业", "省级", 2023, 1),
               ("E1", "制造业单项冠军", "国家级", 2026, 1),  # after the as-of year
               ("E2", "创新型中小企业", "省级", 2022, 1), ("E3", "龙头企业", "省级", 2020, 3),  # rolled back
               ("E4", "链主企业", "省级", 2024, 1), ("E9", "龙头企业", "省级", 2020, 1)]
    for firm, honour, tier, year, batch in honours:
        con.execute("insert into enterprise_honour values ($1, $2, $3, $4, $5)", [firm, honour, tier, year, batch])
    revenue = [("E1", 2024, 80.0), ("E1", 2025, 95.5), ("E1", 2026, 120.0), ("E2", 2025, 120.0)]
    for firm, year, value in revenue:
        con.execute("insert into enterprise_value values ($1, 'firm_revenue_yi', $2, $3, 1)",
                    [firm, D(year, 1, 1), value])
    return con


def case_honoured_enterprises_text_and_latest_revenue():
    out = run(firms_warehouse(), "county/honoured_enterprises", adcode=DAYE, as_of=YEAR_END)
    assert out["enterprise_id"].tolist() == ["E2", "E1", "E4"]  # by revenue, none last; E3 only rolled back
    e1 = out.set_index("enterprise_id").loc["E1"]
    assert e1["honours"] == "专精特新中小企业（省级，2023）；绿色工厂（国家级，2021）" and e1["honour_count"] == 2
    assert e1["revenue_yi"] == 95.5 and e1["revenue_period"].date() == D(2025, 1, 1)
    assert e1["industry_name"] == "有色金属冶炼和压延加工业" and bool(e1["is_demo"])
    e4 = out.set_index("enterprise_id").loc["E4"]
    assert pd.isna(e4["industry_name"]) and pd.isna(e4["revenue_yi"])
    mid_2026 = run(firms_warehouse(), "county/honoured_enterprises", adcode=DAYE, as_of=D(2026, 11, 1))
    e1 = mid_2026.set_index("enterprise_id").loc["E1"]  # the 2026 list and revenue count from 2026年12月
    assert e1["honour_count"] == 2 and e1["revenue_period"].date() == D(2025, 1, 1)


def case_growth_points_tracking_levels():
    con = warehouse([])
    projects = [("G1", DAYE, 10.0, "在建", None), ("G2", DAYE, 9.99, "投产", D(2025, 3, 1)),
                ("G3", DAYE, 1.0, "达效", D(2024, 10, 1)), ("G4", DAYE, 0.2, "投产", D(2025, 1, 1)),
                ("G5", DAYE, 0.19, "在建", None), ("G9", HSG, 50.0, "在建", None)]
    for project, adcode, output, status, start in projects:
        con.execute("insert into growth_point values ($1, $1 || '项目', $2, 'C32', $3, $4, $5, null, null, 1)",
                    [project, adcode, output, status, start])
    out = run(con, "county/growth_points", adcode=DAYE)
    assert out["project_id"].tolist() == ["G1", "G2", "G3", "G4", "G5"]
    assert out["tracking_level"].tolist()[:4] == [
        "省级跟踪（≥10亿元）", "市级跟踪（≥1亿元）", "市级跟踪（≥1亿元）", "县级跟踪（≥2000万元）"]
    assert out["tracking_level"].iloc[4] == "未达跟踪线（<2000万元）"
    assert out.loc[1, "start_month"].date() == D(2025, 3, 1) and pd.isna(out.loc[0, "start_month"])
    assert set(out["industry_name"]) == {"有色金属冶炼和压延加工业"} and out["is_demo"].all()


def case_value_history_lists_revisions_and_rolled_back_loads():
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 80.0), (DAYE, "output_yi", D(2025, 5, 1), 40.0),
                     (DAYE, "output_yi", D(2025, 6, 1), 90.0, 2), (YANGXIN, "output_yi", D(2025, 6, 1), 1.0)])
    con.execute("insert into batch (batch_id, dataset, file_name, checksum, raw_path, loaded_by, loaded_at, rows_read, "
                "rows_loaded, outcome, is_demo) values (3, 'county_values', 'c.csv', 'z', null, '王五', now(), 1, 1, "
                "'rolled_back', false)")
    con.execute("insert into county_value (adcode, indicator_id, period, value, status, batch_id, row_seq, estimated) "
                "values ($1, 'output_yi', $2, 95.0, '初步', 3, 0, true)", [DAYE, D(2025, 6, 1)])
    out = run(con, "county/value_history", adcode=DAYE, indicator="output_yi")
    june = out[out["period"] == pd.Timestamp(2025, 6, 1)]
    assert june["batch_id"].tolist() == [3, 2, 1] and june["value"].tolist() == [95.0, 90.0, 80.0]
    assert june["is_current"].tolist() == [False, True, False]  # the rolled-back load is history only
    assert june["outcome"].tolist() == ["rolled_back", "loaded", "loaded"] and june["estimated"].tolist()[0]
    assert out["period"].tolist()[-1] == pd.Timestamp(2025, 5, 1) and len(out) == 4  # 阳新's value is not listed


CASES = {
    "county/value_history": [case_value_history_lists_revisions_and_rolled_back_loads],
    "county/indicator_profile": [case_profile_value_change_median_and_rank,
                                 case_profile_lower_is_better_yearly_and_ties,
                                 case_profile_coverage_targets_per_county,
                                 case_profile_only_indicators_with_values_in_catalog_order],
    "county/parks": [case_parks_latest_year_up_to_as_of],
    "county/honoured_enterprises": [case_honoured_enterprises_text_and_latest_revenue],
    "county/growth_points": [case_growth_points_tracking_levels],
}

