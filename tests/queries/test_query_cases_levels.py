"""Query cases of the prefecture level (queries/overview/indicator_by_prefecture.sql): 17 units, each rolled up
from the counties the filters keep."""

from datetime import date as D

from tests.queries.test_query_cases import DAYE, HSG, NO_FILTER, YANGXIN, run, warehouse
from tests.queries.test_query_cases_industry import firm_warehouse


def case_prefecture_rollup_sums_amounts_and_takes_the_median_of_rates():
    facts = [(DAYE, "output_yi", D(2025, 6, 1), 10.0), (HSG, "output_yi", D(2025, 6, 1), 5.0),
             (YANGXIN, "output_yi", D(2025, 6, 1), 1.0), (DAYE, "output_yi", D(2025, 5, 1), 9.0),
             (DAYE, "va_growth_ytd_pct", D(2025, 6, 1), 8.0), (HSG, "va_growth_ytd_pct", D(2025, 6, 1), 2.0),
             (YANGXIN, "va_growth_ytd_pct", D(2025, 6, 1), 5.0), ("420102", "output_yi", D(2025, 6, 1), 20.0)]
    con = warehouse(facts)
    out = run(con, "overview/indicator_by_prefecture", indicator="output_yi", period=D(2025, 6, 1),
              **NO_FILTER).set_index("code")
    assert len(out) == 17  # 13 prefectures and 4 province-administered units
    assert out.loc["420200", ["value", "prev_value", "rollup", "counties"]].tolist() == [16.0, 9.0, "合计", 3]
    assert out.loc["420100", "rank"] == 1 and out.loc["420200", "rank"] == 2 and out["value"].notna().sum() == 2
    rate = run(con, "overview/indicator_by_prefecture", indicator="va_growth_ytd_pct", period=D(2025, 6, 1),
               **NO_FILTER).set_index("code")
    assert rate.loc["420200", ["value", "rollup"]].tolist() == [5.0, "中位数"]  # never 15 (a sum of rates)
    only_daye = run(con, "overview/indicator_by_prefecture", indicator="output_yi", period=D(2025, 6, 1),
                    **{**NO_FILTER, "county_type": "县级市"}).set_index("code")  # 大冶 is the only 县级市 here
    assert only_daye.loc["420200", "value"] == 10.0  # only the counties the filters keep count


def case_an_industry_rate_is_recomputed_from_its_firm_sums():
    con = firm_warehouse()  # 大冶: car firms A (comparable) and B (new), steel S; 黄石港: car firm H (new)
    out = run(con, "overview/indicator_by_prefecture", indicator="ind_output_growth_ytd_pct", period=D(2025, 2, 1),
              industry="C36", **NO_FILTER).set_index("code")
    assert out.loc["420200", ["value", "rollup"]].tolist() == [20.0, "重算"]  # A's 24 against its 20
    share = run(con, "overview/indicator_by_prefecture", indicator="ind_output_share_pct", period=D(2025, 2, 1),
                industry="C36", **NO_FILTER).set_index("code")
    assert share.loc["420200", "value"] == round(100 * 36 / 76, 1)  # (34 + 2) of (34 + 40 + 2), not a median
    count = run(con, "overview/indicator_by_prefecture", indicator="ind_firm_count", period=D(2025, 2, 1),
                industry="C36", **NO_FILTER).set_index("code")
    assert count.loc["420200", ["value", "rollup"]].tolist() == [3.0, "合计"]


CASES = {"overview/indicator_by_prefecture": [case_prefecture_rollup_sums_amounts_and_takes_the_median_of_rates,
                                              case_an_industry_rate_is_recomputed_from_its_firm_sums]}
