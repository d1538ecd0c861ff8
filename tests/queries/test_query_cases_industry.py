"""Query cases of the figures by industry: the aggregate written at publish (data/warehouse/industry.py) and the
queries that map it (industry_figures through county_figures), the filter's choices and a county's mix."""

from datetime import date as D

import pytest

from data.warehouse import industry
from tests.queries.test_query_cases import DAYE, HSG, HUANGSHI_ONLY, NO_FILTER, YANGXIN, run, warehouse

# Firms: (id, county, division). 大冶 has two car firms (one new in 2025) and a steel firm; 黄石港 one car firm.
FIRMS = [("A", DAYE, "C36"), ("B", DAYE, "C36"), ("S", DAYE, "C31"), ("H", HSG, "C36")]
# Months of 规上工业总产值 (亿元): A reports in 2024 and 2025, B only in 2025 (not comparable), S and H in 2025.
MONTHS = {"A": {D(2024, 1, 1): 10, D(2024, 2, 1): 10, D(2025, 1, 1): 11, D(2025, 2, 1): 13},
          "B": {D(2025, 1, 1): 5, D(2025, 2, 1): 5},
          "S": {D(2025, 1, 1): 20, D(2025, 2, 1): 20},
          "H": {D(2025, 2, 1): 2}}


def firm_warehouse(months: dict = MONTHS):
    con = warehouse([])
    for firm, adcode, division in FIRMS:
        con.execute("insert into enterprise values ($1, $1, $2, $3, true, null, null, 1)", [firm, adcode, division])
    for firm, values in months.items():
        for period, value in values.items():
            con.execute("insert into enterprise_value values ($1, 'output_yi', $2, $3, 1)", [firm, period, value])
    industry.refresh(con)
    return con


def by_county(con, indicator: str, period: D, industry_id: str | None):
    out = run(con, "overview/indicator_by_county", indicator=indicator, period=period, industry=industry_id,
              **NO_FILTER)
    return out.set_index("adcode")["value"]


def case_industry_figures_sum_firms_and_grow_on_comparable_firms():
    con = firm_warehouse()
    output = by_county(con, "ind_output_ytd_yi", D(2025, 2, 1), "C36")
    assert output[DAYE] == 34 and output[HSG] == 2  # A 24 + B 10; H 2
    assert output[YANGXIN] == 0 and output.notna().sum() == 103  # every county drawn: none of the firms is 0
    growth = by_county(con, "ind_output_growth_ytd_pct", D(2025, 2, 1), "C36")
    assert growth[DAYE] == 20.0  # A only: 24 against its 20 a year earlier; B did not report then
    assert growth.isna()[HSG] and growth.isna()[YANGXIN]  # no comparable firm: no rate, not 0
    share = by_county(con, "ind_output_share_pct", D(2025, 2, 1), "C36")
    assert share[DAYE] == round(100 * 34 / 74, 1)  # of the county's firms' 1–N月: 34 + steel 40
    firms = by_county(con, "ind_firm_count", D(2025, 1, 1), "C36")
    assert firms[DAYE] == 2 and firms[HSG] == 0  # H reports from February


def case_honoured_firms_of_an_industry_count_each_firm_once_from_its_year():
    con = warehouse([])
    for firm, adcode, division in FIRMS:
        con.execute("insert into enterprise values ($1, $1, $2, $3, true, null, null, 1)", [firm, adcode, division])
    for firm, honour, year in (("A", "专精特新中小企业", 2024), ("B", "专精特新中小企业", 2025),
                               ("B", "绿色工厂", 2025), ("S", "绿色工厂", 2024)):
        con.execute("insert into enterprise_honour values ($1, $2, '省级', $3, 1)", [firm, honour, year])
    for firm, values in MONTHS.items():
        for period, value in values.items():
            con.execute("insert into enterprise_value values ($1, 'output_yi', $2, $3, 1)", [firm, period, value])
    industry.refresh(con)
    cars_2025 = by_county(con, "ind_honoured_firm_count", D(2025, 2, 1), "C36")
    assert cars_2025[DAYE] == 2 and cars_2025[HSG] == 0 and cars_2025.notna().sum() == 103  # B's two honours: one firm
    assert by_county(con, "ind_honoured_firm_count", D(2024, 2, 1), "C36")[DAYE] == 1  # B's came in 2025
    assert by_county(con, "ind_honoured_firm_count", D(2025, 2, 1), "metallurgy")[DAYE] == 1  # S, in C31


def case_a_named_industry_sums_its_divisions_and_no_industry_maps_nothing():
    con = firm_warehouse()
    metallurgy = by_county(con, "ind_output_yi", D(2025, 2, 1), "metallurgy")  # 低碳冶金 = C31 + C32
    assert metallurgy[DAYE] == 20
    assert by_county(con, "ind_output_yi", D(2025, 2, 1), None).isna().all()  # without an industry: no figures
    title = run(con, "common/industry_choices").set_index("id")
    assert title.loc["metallurgy", "divisions"] == "C31、C32" and title.loc["C36", "kind"] == "大类"


def case_industry_periods_and_trend_follow_the_industry():
    con = firm_warehouse()
    periods = run(con, "common/published_periods", indicator="ind_output_growth_ytd_pct", as_of=D(2026, 1, 1),
                  industry="C36")["period"].dt.date.tolist()
    assert periods == [D(2025, 1, 1), D(2025, 2, 1)]  # 2024 has no year-earlier base
    assert run(con, "common/latest_period", indicator="ind_output_yi", as_of=D(2025, 1, 1),
               industry="C36")["period"].iloc[0].date() == D(2025, 1, 1)
    trend = run(con, "common/county_trend", indicator="ind_output_yi", adcode=DAYE, as_of=D(2026, 1, 1),
                industry="C36").set_index("period")
    assert trend.loc["2025-02-01", "value"] == 18 and trend.loc["2024-01-01", "value"] == 10
    spread = run(con, "common/indicator_spread", indicator="ind_output_yi", as_of=D(2026, 1, 1), industry="C36",
                 **NO_FILTER).set_index("period")
    assert spread.loc["2025-02-01", "total"] == 20 and spread.loc["2025-02-01", "counties"] == 103
    pooled = run(con, "common/indicator_values_pooled", indicator="ind_firm_count", as_of=D(2025, 1, 1),
                 industry="auto", **NO_FILTER)
    assert len(pooled) == 3 * 103 and pooled["value"].sum() == 1 + 1 + 2  # Jan, Feb 2024: A; Jan 2025: A and B


def case_refresh_follows_the_firm_records_and_skips_when_they_did_not_change():
    con = firm_warehouse()
    assert industry.refresh(con) is False  # nothing changed since firm_warehouse wrote it
    con.execute("update batch set outcome = 'rolled_back' where batch_id = 1")  # the firm rows' batch goes
    assert industry.refresh(con) is True
    assert con.execute("select count(*) from industry_month").fetchone()[0] == 0


def case_county_industry_mix_by_share():
    con = firm_warehouse()
    mix = run(con, "county/industry_mix", adcode=DAYE, as_of=D(2025, 6, 1))
    assert mix["division"].tolist() == ["C31", "C36"] and mix["period"].iloc[0].date() == D(2025, 2, 1)
    assert mix["share_pct"].sum() == pytest.approx(100) and mix.iloc[0]["firm_count"] == 1
    assert run(con, "county/industry_mix", adcode=DAYE, as_of=D(2023, 12, 1)).empty  # nothing that early


def case_industry_indicators_only_with_firm_records():
    assert run(warehouse([]), "common/industry_indicators").empty  # no firm months: no industry measures offered
    out = run(firm_warehouse(), "common/industry_indicators")
    assert set(out["id"]) == {"ind_output_growth_ytd_pct", "ind_output_ytd_yi", "ind_output_yi",
                              "ind_output_share_pct", "ind_firm_count", "ind_honoured_firm_count"}
    assert out["latest_period"].iloc[0].date() == D(2025, 2, 1)


def case_records_beside_the_county_statistic():
    con = firm_warehouse()
    for adcode, value in ((DAYE, 74.0), (HSG, 2.5)):  # 大冶: A 13 + B 5 + S 20 = 38 in February; 黄石港: H 2
        con.execute("insert into county_value values ($1, 'output_yi', date '2025-02-01', $2, '最终', 1, 0, false)",
                    [adcode, value])
    out = run(con, "common/records_vs_statistics", as_of=D(2025, 6, 1), **HUANGSHI_ONLY).set_index("adcode")
    assert len(out) == 6 and out["period"].iloc[0].date() == D(2025, 2, 1)  # the latest month with both
    assert out.loc[DAYE, ["statistic_yi", "records_yi", "gap_yi", "gap_pct"]].tolist() == [74, 38, 36, 48.6]
    assert out.loc[HSG, "gap_pct"] == 20.0 and out.index[0] == DAYE  # largest gap first
    assert run(con, "common/records_vs_statistics", as_of=D(2025, 1, 1), **HUANGSHI_ONLY).empty  # none has both


CASES = {
    "common/records_vs_statistics": [case_records_beside_the_county_statistic],
    "common/industry_choices": [case_a_named_industry_sums_its_divisions_and_no_industry_maps_nothing],
    "common/industry_indicators": [case_industry_indicators_only_with_firm_records],
    "county/industry_mix": [case_county_industry_mix_by_share],
    "overview/indicator_by_county": [case_industry_figures_sum_firms_and_grow_on_comparable_firms,
                                     case_honoured_firms_of_an_industry_count_each_firm_once_from_its_year,
                                     case_refresh_follows_the_firm_records_and_skips_when_they_did_not_change],
    "common/published_periods": [case_industry_periods_and_trend_follow_the_industry],
}

