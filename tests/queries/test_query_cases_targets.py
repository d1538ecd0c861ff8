"""Query cases of responsibility targets (方案三(二) 任务分解): the version in force, each county's pace against
its own target (schema 42_target_pace.sql) and one county's targets beside its prefecture's and the province's."""

from datetime import date as D

import pytest

from tests.queries.test_query_cases import DAYE, HSG, HUANGSHI_ONLY, NO_FILTER, YANGXIN, run, warehouse

HUANGSHI, PROVINCE = "420200", "420000"
OCT = D(2025, 10, 1)


def target_warehouse(facts: list[tuple], versions: dict[int, list[tuple]]):
    """facts as test_query_cases.warehouse; versions: targets batch id → (area, level, indicator, year, value)."""
    con = warehouse(facts)
    for batch_id, rows in versions.items():
        con.execute("insert into batch (batch_id, dataset, file_name, checksum, loaded_by, loaded_at, rows_read, "
                    "rows_loaded, outcome, is_demo) values ($1, 'responsibility_targets', 't.csv', 'y', 't', now(), "
                    "1, 1, 'loaded', true)", [batch_id])
        for seq, (area, level, indicator, year, value) in enumerate(rows):
            con.execute("insert into responsibility_target values ($1, $2, $3, $4, $5, $6, $7)",
                        [area, level, indicator, year, value, batch_id, seq])
    return con


def pace(con, indicator: str, year: int = 2025, as_of: D = OCT, version: int | None = None, filters=NO_FILTER):
    out = run(con, "targets/pace_by_county", indicator=indicator, year=year, as_of=as_of, version=version,
              **filters)
    return out.set_index("adcode")


def case_a_rate_is_measured_against_its_target_and_a_year_end_settles_it():
    con = target_warehouse(
        [(DAYE, "va_growth_ytd_pct", D(2025, 9, 1), 8.5), (DAYE, "va_growth_ytd_pct", D(2025, 10, 1), 7.2),
         (YANGXIN, "va_growth_ytd_pct", D(2025, 10, 1), 6.0), (HSG, "va_growth_ytd_pct", D(2024, 12, 1), 9.0)],
        {3: [(DAYE, "county", "va_growth_ytd_pct", 2025, 7.5), (YANGXIN, "county", "va_growth_ytd_pct", 2025, 5.5),
             (HSG, "county", "va_growth_ytd_pct", 2025, 6.0)]})
    out = pace(con, "va_growth_ytd_pct")
    assert out.loc[DAYE, ["actual", "expected", "months", "status"]].tolist() == [7.2, 7.5, 10, "落后序时进度"]
    assert out.loc[DAYE, "gap"] == pytest.approx(-0.3) and out.loc[DAYE, "completion_pct"] != out.loc[DAYE, "gap"]
    assert out.loc[YANGXIN, "status"] == "达到序时进度" and out.loc[YANGXIN, "rank"] == 1  # best against pace first
    assert out.loc[HSG, "status"] == "暂无当年数据"  # a 2024 figure is not this year's
    assert out["completion_pct"].isna().all()  # a rate has no completion rate
    assert out["status"].isna().sum() == 100  # the other counties have no target: no status, still drawn
    year_end = pace(con, "va_growth_ytd_pct", as_of=D(2025, 12, 1))
    assert year_end.loc[DAYE, "status"] == "落后序时进度"  # October is still its latest month: not a year end
    con.execute("insert into county_value values ($1, 'va_growth_ytd_pct', date '2025-12-01', 7.6, '最终', 1, 9, "
                "false)", [DAYE])
    assert pace(con, "va_growth_ytd_pct", as_of=D(2025, 12, 1)).loc[DAYE, "status"] == "全年完成"


def case_amounts_keep_pace_with_the_months_and_stocks_with_the_line_from_last_december():
    con = target_warehouse(
        [(DAYE, "rural_bs_new_count", D(2025, 6, 1), 40), (DAYE, "above_scale_firm_count", D(2024, 12, 1), 400),
         (DAYE, "above_scale_firm_count", D(2025, 6, 1), 405)],
        {3: [(DAYE, "county", "rural_bs_new_count", 2025, 100), (DAYE, "county", "above_scale_firm_count", 2025, 420)]})
    flow = pace(con, "rural_bs_new_count", as_of=D(2025, 6, 1)).loc[DAYE]
    assert flow["expected"] == 50 and flow["completion_pct"] == 40 and flow["status"] == "落后序时进度"  # 40 of 50
    stock = pace(con, "above_scale_firm_count", as_of=D(2025, 6, 1)).loc[DAYE]
    assert stock["expected"] == 410 and stock["gap"] == -5  # half way from 400 to 420
    assert stock["completion_pct"] == pytest.approx(100 * 405 / 420)


def case_a_yearly_figure_counts_once_its_year_is_out_and_lower_is_better_turns_round():
    con = target_warehouse(
        [(DAYE, "output_year_yi", D(2025, 1, 1), 980), (DAYE, "energy_intensity_change_pct", D(2025, 1, 1), -2.5),
         (YANGXIN, "energy_intensity_change_pct", D(2025, 1, 1), -1.0)],
        {3: [(DAYE, "county", "output_year_yi", 2025, 1000),
             (DAYE, "county", "energy_intensity_change_pct", 2025, -2.0),
             (YANGXIN, "county", "energy_intensity_change_pct", 2025, -2.0)]})
    output = pace(con, "output_year_yi", as_of=D(2026, 3, 1)).loc[DAYE]
    assert output["status"] == "全年未完成" and output["completion_pct"] == 98.0 and output["months"] == 12
    assert pace(con, "output_year_yi", as_of=D(2025, 10, 1)).loc[DAYE, "status"] == "暂无当年数据"  # not out yet
    energy = pace(con, "energy_intensity_change_pct", as_of=D(2026, 3, 1))
    assert energy.loc[DAYE, "status"] == "全年完成" and energy.loc[YANGXIN, "status"] == "全年未完成"
    assert energy.loc[DAYE, "rank"] == 1  # −2.5 against −2.0 is ahead, though the gap is negative


def case_the_newest_version_holds_and_an_earlier_one_or_a_rollback_brings_it_back():
    facts = [(DAYE, "va_growth_ytd_pct", OCT, 7.2)]
    con = target_warehouse(facts, {3: [(DAYE, "county", "va_growth_ytd_pct", 2025, 7.5)],
                                   4: [(DAYE, "county", "va_growth_ytd_pct", 2025, 7.0)]})
    assert pace(con, "va_growth_ytd_pct").loc[DAYE, ["target", "status"]].tolist() == [7.0, "达到序时进度"]
    assert pace(con, "va_growth_ytd_pct", version=3).loc[DAYE, "target"] == 7.5
    versions = run(con, "targets/versions")
    assert versions["version"].tolist() == [4, 3] and versions["counties"].tolist() == [1, 1]
    con.execute("update batch set outcome = 'rolled_back' where batch_id = 4")
    assert pace(con, "va_growth_ytd_pct").loc[DAYE, "target"] == 7.5
    choices = run(con, "targets/choices")
    assert choices[["indicator_id", "year", "counties"]].values.tolist() == [["va_growth_ytd_pct", 2025, 1]]


def case_the_filters_rank_only_their_counties_and_areas_give_reference_targets():
    con = target_warehouse(
        [(DAYE, "va_growth_ytd_pct", OCT, 7.2), ("420102", "va_growth_ytd_pct", OCT, 9.0)],
        {3: [(DAYE, "county", "va_growth_ytd_pct", 2025, 7.5), ("420102", "county", "va_growth_ytd_pct", 2025, 6.0),
             (HUANGSHI, "prefecture", "va_growth_ytd_pct", 2025, 7.0),
             (PROVINCE, "province", "va_growth_ytd_pct", 2025, 6.5)]})
    out = pace(con, "va_growth_ytd_pct", filters=HUANGSHI_ONLY)
    assert out.loc[DAYE, "rank"] == 1 and out["rank"].notna().sum() == 1  # 江岸 is outside 黄石
    assert out.loc[DAYE, ["prefecture_target", "province_target"]].tolist() == [7.0, 6.5]
    assert pd_isna(out.loc["420102", "prefecture_target"]) and out.loc["420102", "province_target"] == 6.5
    mine = run(con, "targets/county_targets", adcode=DAYE, as_of=OCT)
    assert mine[["indicator_id", "target", "prefecture_target", "province_target", "status"]].values.tolist() == [
        ["va_growth_ytd_pct", 7.5, 7.0, 6.5, "落后序时进度"]]
    assert run(con, "targets/county_targets", adcode=YANGXIN, as_of=OCT).empty


def pd_isna(value) -> bool:
    return value != value or value is None


CASES = {
    "targets/pace_by_county": [case_a_rate_is_measured_against_its_target_and_a_year_end_settles_it,
                               case_amounts_keep_pace_with_the_months_and_stocks_with_the_line_from_last_december,
                               case_a_yearly_figure_counts_once_its_year_is_out_and_lower_is_better_turns_round,
                               case_the_filters_rank_only_their_counties_and_areas_give_reference_targets],
    "targets/versions": [case_the_newest_version_holds_and_an_earlier_one_or_a_rollback_brings_it_back],
    "targets/choices": [case_the_newest_version_holds_and_an_earlier_one_or_a_rollback_brings_it_back],
    "targets/county_targets": [case_the_filters_rank_only_their_counties_and_areas_give_reference_targets],
}
