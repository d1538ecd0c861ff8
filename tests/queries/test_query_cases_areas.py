"""Query cases of the task-area pages: detail records, pyramid, funnel, coverage gaps, leading industries."""

from datetime import date

import pandas as pd

from tests.queries.test_query_cases import DAYE, HSG, JIANGAN, NO_FILTER, YANGXIN, run, warehouse

D = date
HUANGSHI = {**NO_FILTER, "prefecture": "420200"}


def with_firms(con, firms: list[tuple], honours: list[tuple] = ()) -> None:
    """firms: (id, adcode, industry, revenue in 2023, doubled in 2025); honours: (id, honour, tier, year)."""
    for firm_id, adcode, industry, revenue in firms:
        con.execute("insert into enterprise values ($1, $1 || '有限公司', $2, $3, true, 115.0, 30.0, 1)",
                    [firm_id, adcode, industry])
        con.execute("insert into enterprise_value values ($1, 'firm_revenue_yi', date '2023-01-01', $2, 1), "
                    "($1, 'firm_revenue_yi', date '2025-01-01', $2 * 2, 1)", [firm_id, revenue])
    for firm_id, honour, tier, year in honours:
        con.execute("insert into enterprise_honour values ($1, $2, $3, $4, 1)", [firm_id, honour, tier, year])


def case_enterprises_with_honours():
    con = warehouse([])
    with_firms(con, [("A", DAYE, "C31", 120.0), ("B", HSG, "C26", 5.0), ("C", JIANGAN, "C39", 50.0),
                     ("D", YANGXIN, "C31", 1.0)],
               [("A", "专精特新中小企业", "省级", 2021), ("A", "专精特新“小巨人”", "国家级", 2023),
                ("B", "专精特新中小企业", "省级", 2024), ("C", "专精特新中小企业", "省级", 2022),
                ("D", "绿色工厂", "市级", 2022), ("D", "绿色供应链管理企业", "国家级", 2021)])
    # A month of output later than the revenue: the latest revenue is still the yearly figure (scale mode).
    con.execute("insert into enterprise_value values ('A', 'output_yi', date '2023-06-01', 9.5, 1)")
    out = run(con, "detail/enterprises_with_honours", honours=["专精特新“小巨人”", "专精特新中小企业"], year=2023,
              industry=None, adcode=None, **HUANGSHI)
    assert out["enterprise_id"].tolist() == ["A"]  # B awarded after 2023, C outside 黄石, D other honour
    row = out.iloc[0]
    assert row["category"] == "专精特新“小巨人”（国家级）" and row["first_year"] == 2021
    assert row["honours"] == "专精特新中小企业（省级，2021）；专精特新“小巨人”（国家级，2023）"
    assert row["revenue_yi"] == 120.0 and row["industry"] == "黑色金属冶炼和压延加工业"
    by_industry = run(con, "detail/enterprises_with_honours", honours=["专精特新中小企业"], year=2025,
                      industry="C26", adcode=None, **NO_FILTER)
    assert by_industry["enterprise_id"].tolist() == ["B"]
    metallurgy = run(con, "detail/enterprises_with_honours", honours=["专精特新中小企业", "绿色工厂"], year=2025,
                     industry="metallurgy", adcode=None, **NO_FILTER)  # the plan's 低碳冶金: C31 and C32
    assert metallurgy["enterprise_id"].tolist() == ["A", "D"]
    one_county = run(con, "detail/enterprises_with_honours", honours=["专精特新中小企业"], year=2025,
                     industry=None, adcode=JIANGAN, **NO_FILTER)
    assert one_county["enterprise_id"].tolist() == ["C"]
    green = run(con, "detail/enterprises_with_honours", honours=["绿色工厂", "绿色供应链管理企业"], year=2025,
                industry=None, adcode=None, **NO_FILTER)
    assert green["category"].tolist() == ["绿色工厂（市级）"]  # not the supply-chain honour's 国家级


def case_honour_pyramid_and_per_county_targets():
    con = warehouse([(DAYE, "srdi_count", D(2025, 1, 1), 2.0), (HSG, "srdi_count", D(2025, 1, 1), 0.0),
                     (DAYE, "champion_count", D(2025, 1, 1), 0.0)])
    with_firms(con, [("A", DAYE, "C31", 1.0), ("B", DAYE, "C31", 1.0), ("C", JIANGAN, "C39", 1.0)],
               [("A", "创新型中小企业", "省级", 2022), ("B", "创新型中小企业", "省级", 2022),
                ("A", "专精特新中小企业", "省级", 2023), ("C", "制造业单项冠军", "国家级", 2020)])
    pyramid = run(con, "entity/honour_pyramid", year=2025, adcode=None, **HUANGSHI)
    assert pyramid["firm_count"].tolist() == [2, 1, 0, 0] and len(pyramid) == 4
    assert run(con, "entity/honour_pyramid", year=2025, adcode=JIANGAN, **NO_FILTER)["firm_count"].tolist() == \
        [0, 0, 0, 1]
    gaps = run(con, "common/target_by_county", target="srdi_full_coverage", as_of=D(2026, 10, 1)).set_index("adcode")
    assert len(gaps) == 103 and gaps.loc[DAYE, "category"] == "达标" and gaps.loc[HSG, "category"] == "未达标"
    assert pd.isna(gaps.loc[JIANGAN, "category"]) and gaps.loc[DAYE, "threshold"] == 1
    too_early = run(con, "common/target_by_county", target="srdi_full_coverage", as_of=D(2025, 6, 1))
    assert too_early["category"].isna().all()  # 2025 is not complete in June 2025


def case_growth_funnel():
    con = warehouse([(DAYE, "ind_to_firm_count", D(2025, 1, 1), 30.0), (HSG, "ind_to_firm_count", D(2025, 1, 1), 10.0),
                     (DAYE, "firm_to_scale_count", D(2025, 1, 1), 5.0), (JIANGAN, "firm_to_scale_count",
                                                                            D(2025, 1, 1), 99.0)])
    out = run(con, "entity/growth_funnel", period=D(2025, 1, 1), adcode=None, **HUANGSHI)
    assert out["step"].tolist() == ["个转企", "企升规", "规改股", "股上市"]
    assert out["firm_count"].tolist() == [40.0, 5.0, 0.0, 0.0]
    assert run(con, "entity/growth_funnel", period=D(2025, 1, 1), adcode=HSG, **NO_FILTER)["firm_count"].tolist() \
        == [10.0, 0.0, 0.0, 0.0]


def case_growth_points_and_reporting():
    con = warehouse([])
    for pid, adcode, output in (("G1", DAYE, 12.0), ("G2", DAYE, 0.5), ("G3", HSG, 3.0), ("G4", JIANGAN, 1.0)):
        con.execute("insert into growth_point values ($1, $1, $2, 'C31', $3, '在建', null, 115.0, 30.0, 1)",
                    [pid, adcode, output])
    con.execute("insert into growth_point values ('G5', 'G5', $1, 'C31', 0.1, '在建', null, 115.0, 30.0, 1)", [DAYE])
    for pid, reported in (("G1", True), ("G2", False), ("G3", True), ("G4", False)):
        con.execute("insert into growth_point_report values ($1, date '2025-06-01', $2, 1)", [pid, reported])
    con.execute("insert into growth_point_report values ('G5', date '2025-07-01', true, 1)")  # in the pool later
    out = run(con, "detail/growth_points", period=D(2025, 6, 1), industry=None, adcode=None, **HUANGSHI)
    assert out["project_id"].tolist() == ["G1", "G3", "G2"]
    assert out["level"].tolist() == ["省级跟踪（≥10亿元）", "市级跟踪（≥1亿元）", "县级跟踪（≥2000万元）"]
    assert out["reported"].tolist() == [True, True, False]
    only_daye = run(con, "detail/growth_points", period=D(2025, 6, 1), industry=None, adcode=DAYE, **HUANGSHI)
    assert only_daye["project_id"].tolist() == ["G1", "G2"]
    july = run(con, "detail/growth_points", period=D(2025, 7, 1), industry=None, adcode=None, **HUANGSHI)
    assert july["project_id"].tolist() == ["G5"] and july["level"].tolist() == ["未达跟踪线（<2000万元）"]
    reporting = run(con, "detail/growth_point_reporting_by_county", period=D(2025, 6, 1), **HUANGSHI)
    assert reporting[["adcode", "projects", "unreported", "reported_pct"]].values.tolist() == [
        [DAYE, 2, 1, 50.0], [HSG, 1, 0, 100.0]]


def case_parks_per_mu():
    con = warehouse([], parks=[("P1", DAYE, "park_output_yi", D(2025, 1, 1), 100.0),
                               ("P2", HSG, "park_output_yi", D(2025, 1, 1), 50.0)])
    con.execute("insert into park_value values ('P1', 'park_tax_yi', date '2025-01-01', 5.0, 1)")
    out = run(con, "detail/parks", period=D(2025, 1, 1), adcode=None, **HUANGSHI).set_index("park_id")
    assert out.loc["P1", "output_per_mu_wan"] == 1e4 * 100.0 / 100  # 100 亩 developed in warehouse()
    assert out.loc["P1", "tax_per_mu_wan"] == 500.0 and pd.isna(out.loc["P2", "tax_yi"])
    assert out.index.tolist() == ["P1", "P2"]  # ranked by 亩均产值
    assert run(con, "detail/parks", period=D(2025, 1, 1), adcode=HSG, **NO_FILTER)["park_id"].tolist() == ["P2"]


def case_leading_industries_industries_and_filter_membership():
    con = warehouse([])
    con.execute("insert into county_industry values ($1, 2025, 1, 'C31', 1), ($1, 2025, 2, 'C32', 1)", [DAYE])
    out = run(con, "cluster/leading_industry_by_county", year=2025).set_index("adcode")
    assert out.loc[DAYE, ["industry_code", "category", "second_industry"]].tolist() == [
        "C31", "黑色金属冶炼和压延加工业", "有色金属冶炼和压延加工业"]
    assert pd.isna(out.loc[HSG, "category"]) and len(out) == 103
    kept = run(con, "common/regions_in_filter", **HUANGSHI)
    assert kept["in_filter"].sum() == 6 and len(kept) == 103


def case_thousand_yi_distance():
    con = warehouse([(DAYE, "output_year_yi", D(2025, 1, 1), 800.0), (DAYE, "output_year_yi", D(2024, 1, 1), 640.0),
                     (HSG, "output_year_yi", D(2025, 1, 1), 1200.0), (HSG, "output_year_yi", D(2024, 1, 1), 1100.0),
                     (YANGXIN, "output_year_yi", D(2025, 1, 1), 90.0), (YANGXIN, "output_year_yi", D(2024, 1, 1), 95.0),
                     (JIANGAN, "output_year_yi", D(2025, 1, 1), 5000.0)])
    out = run(con, "cluster/thousand_yi_distance", period=D(2025, 1, 1), **HUANGSHI).set_index("adcode")
    assert out.index.tolist() == [HSG, DAYE, YANGXIN]  # 江岸 is outside the filter
    assert out.loc[HSG, "gap_yi"] == 0 and pd.isna(out.loc[HSG, "years_to_1000"])
    assert out.loc[DAYE, "gap_yi"] == 200 and round(out.loc[DAYE, "growth_pct"], 6) == 25
    assert round(out.loc[DAYE, "years_to_1000"], 3) == 1.0  # 800 × 1.25 = 1000
    assert pd.isna(out.loc[YANGXIN, "years_to_1000"])  # shrinking: never at this pace


CASES = {
    "cluster/thousand_yi_distance": [case_thousand_yi_distance],
    "detail/enterprises_with_honours": [case_enterprises_with_honours],
    "entity/honour_pyramid": [case_honour_pyramid_and_per_county_targets],
    "common/target_by_county": [case_honour_pyramid_and_per_county_targets],
    "entity/growth_funnel": [case_growth_funnel],
    "detail/growth_points": [case_growth_points_and_reporting],
    "detail/growth_point_reporting_by_county": [case_growth_points_and_reporting],
    "detail/parks": [case_parks_per_mu],
    "cluster/leading_industry_by_county": [case_leading_industries_industries_and_filter_membership],
    "common/regions_in_filter": [case_leading_industries_industries_and_filter_membership],
}

