"""Query cases of the meeting snapshots (queries/snapshot/*.sql)."""

import pandas as pd

from tests.queries.test_query_cases import DAYE, HSG, HUANGSHI_ONLY, JIANGAN, YANGXIN, D, run, warehouse


def with_snapshot(con, snapshot_id: int, name: str, as_of, values: list[tuple]) -> None:
    """A snapshot row and its values (adcode, indicator, period, value)."""
    con.execute("insert into snapshot values ($1, $2, $3, now(), '测试', null)", [snapshot_id, name, as_of])
    for adcode, indicator, period, value in values:
        con.execute("insert into snapshot_value values ($1, $2, $3, $4, $5, true)",
                    [snapshot_id, adcode, indicator, period, value])


def case_snapshots_newest_month_first_with_indicator_count():
    con = warehouse([])
    with_snapshot(con, 1, "5月会", D(2025, 5, 1), [(DAYE, "output_yi", D(2025, 5, 1), 1.0),
                                                   (DAYE, "gdp_yi", D(2024, 1, 1), 2.0)])
    with_snapshot(con, 2, "6月会", D(2025, 6, 1), [])
    out = run(con, "snapshot/snapshots")
    assert out["name"].tolist() == ["6月会", "5月会"]
    assert out["indicators"].tolist() == [0, 2] and out["is_demo"].tolist() == [False, True]


def case_indicator_vs_snapshot_ranks_then_and_now_within_the_filter():
    con = warehouse([(DAYE, "output_yi", D(2025, 6, 1), 15.0), (YANGXIN, "output_yi", D(2025, 6, 1), 12.0),
                     (HSG, "output_yi", D(2025, 6, 1), 1.0), (JIANGAN, "output_yi", D(2025, 6, 1), 99.0)])
    with_snapshot(con, 7, "会", D(2025, 5, 1), [(DAYE, "output_yi", D(2025, 5, 1), 10.0),
                                              (YANGXIN, "output_yi", D(2025, 5, 1), 12.0),
                                              (JIANGAN, "output_yi", D(2025, 5, 1), 98.0),
                                              (DAYE, "gdp_yi", D(2024, 1, 1), 1e6)])
    out = run(con, "snapshot/indicator_vs_snapshot", indicator="output_yi", period=D(2025, 6, 1), snapshot=7,
              **HUANGSHI_ONLY).set_index("adcode")
    assert len(out) == 6 and JIANGAN not in out.index  # 黄石's six units only
    assert out.loc[DAYE, ["value", "rank", "value_then", "rank_then"]].tolist() == [15.0, 1, 10.0, 2]
    assert out.loc[YANGXIN, ["rank", "rank_then"]].tolist() == [2, 1]
    assert out.loc[HSG, "rank"] == 3 and pd.isna(out.loc[HSG, "rank_then"])  # no value at the meeting
    assert out.loc[DAYE, ["ranked_count", "ranked_count_then"]].tolist() == [3, 2]
    assert out.loc[DAYE, "tier"] == 1 and out.loc[HSG, "tier"] == 3 and out.loc[DAYE, "tier_then"] == 3
    assert out.loc[DAYE, "period_then"] == pd.Timestamp(2025, 5, 1)


def case_indicator_vs_snapshot_lower_is_better():
    con = warehouse([(DAYE, "energy_intensity_change_pct", D(2025, 1, 1), -5.0),
                     (YANGXIN, "energy_intensity_change_pct", D(2025, 1, 1), 2.0)])
    with_snapshot(con, 1, "会", D(2025, 12, 1), [(DAYE, "energy_intensity_change_pct", D(2024, 1, 1), 3.0),
                                               (YANGXIN, "energy_intensity_change_pct", D(2024, 1, 1), -1.0)])
    out = run(con, "snapshot/indicator_vs_snapshot", indicator="energy_intensity_change_pct", period=D(2025, 1, 1),
              snapshot=1, **HUANGSHI_ONLY).set_index("adcode")
    assert out.loc[DAYE, ["rank", "rank_then"]].tolist() == [1, 2]


CASES = {
    "snapshot/snapshots": [case_snapshots_newest_month_first_with_indicator_count],
    "snapshot/indicator_vs_snapshot": [case_indicator_vs_snapshot_ranks_then_and_now_within_the_filter,
                                       case_indicator_vs_snapshot_lower_is_better],
}
