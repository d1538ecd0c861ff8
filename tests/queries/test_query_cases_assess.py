"""Query cases of the 强县考核 page (queries/assess/*.sql): given rows and rules, the scores and checks they give."""

import pandas as pd
import pytest

from data.warehouse import current
from tests.queries.test_query_cases import DAYE, HSG, HUANGSHI_ONLY, JIANGAN, NO_FILTER, YANGXIN, D, run, warehouse

JUNE, MAY = D(2025, 6, 1), D(2025, 5, 1)
NO_TIERS = {"cut_high": None, "cut_low": None}

# Version 2 (saved 2025-01-01): 产值 min–max 50, 专精特新 attainment of 2 firms 30, 能耗 by rank (lower is better) 20.
# Version 3 (saved 2025-07-01): 产值 alone.
RULES = [(2, "output_yi", 50, "minmax", None), (2, "srdi_count", 30, "target", 2),
         (2, "energy_intensity_change_pct", 20, "rank", None), (3, "output_yi", 100, "minmax", None)]
FACTS = [
    (DAYE, "output_yi", JUNE, 80.0), (HSG, "output_yi", JUNE, 50.0), (YANGXIN, "output_yi", JUNE, 30.0),
    (JIANGAN, "output_yi", JUNE, 130.0),  # outside 黄石, yet the province's highest: the min–max top
    (DAYE, "output_yi", MAY, 40.0), (YANGXIN, "output_yi", MAY, 45.0),
    (DAYE, "srdi_count", D(2024, 1, 1), 4.0), (HSG, "srdi_count", D(2024, 1, 1), 1.0),
    (YANGXIN, "srdi_count", D(2024, 1, 1), 3.0),
    (DAYE, "energy_intensity_change_pct", D(2024, 1, 1), -5.0),
    (HSG, "energy_intensity_change_pct", D(2024, 1, 1), -2.0),
    (DAYE, "srdi_count", D(2025, 1, 1), 0.0),  # the year 2025 is not complete in June 2025: not scored
]


def assessed(facts=FACTS):
    """The schema's default version 1, versions 2 and 3 above, and the facts."""
    con = warehouse(facts)
    con.execute("insert into assessment_version values (2, timestamp '2025-01-01 09:00', '张三', '试行'), "
                "(3, timestamp '2025-07-01 09:00', '李四', '只看产值')")
    for version, indicator, weight, method, target in RULES:
        con.execute("insert into assessment_rule values ($1, $2, $3, $4, $5, 0, 100, '二(一)1')",
                    [version, indicator, weight, method, target])
    return con


def county_scores(con, version=2, **params) -> pd.DataFrame:
    args = {"version": version, "period": JUNE, "snapshot": None, **NO_TIERS, **HUANGSHI_ONLY, **params}
    return run(con, "assess/score_by_county", **args).set_index("adcode")


def case_scores_weights_methods_and_missing_values():
    """大冶 0.5×50 + 0.3×100 (4 of 2, capped) + 0.2×100 = 75; 黄石港 0.5×20 + 0.3×50 + 0 = 25;
    阳新 has no 能耗: its weights 50 and 30 become 62.5% and 37.5%: 0 + 37.5 = 37.5."""
    out = county_scores(assessed())
    assert out.loc[[DAYE, YANGXIN, HSG], "value"].tolist() == [75.0, 37.5, 25.0]
    assert out.loc[[DAYE, YANGXIN, HSG], "rank"].tolist() == [1, 2, 3]
    assert out.loc[[DAYE, YANGXIN, HSG], "tier"].tolist() == [1, 2, 3]
    assert out.loc[[DAYE, YANGXIN], "scored"].tolist() == [3, 2] and out.loc[DAYE, "rules"] == 3
    # 江岸 is scored (产值 alone, at the top) but outside the filter it has no place.
    assert out.loc[JIANGAN, "value"] == 100.0 and pd.isna(out.loc[JIANGAN, "rank"])
    assert not out.loc[JIANGAN, "in_filter"]
    assert out.loc[DAYE, "ranked_count"] == 3 and pd.isna(out.loc["420203", "value"])  # 西塞山: no values at all
    assert bool(out.loc[DAYE, "is_demo"])


def case_scores_the_month_before():
    """May: 大冶 40, 阳新 45 → 大冶 0 + 30 + 20 = 50, 阳新 100; 黄石港 has no May 产值: (30×50 + 20×0)/50 = 30."""
    out = county_scores(assessed())
    assert out.loc[[DAYE, YANGXIN, HSG], "prev_value"].tolist() == [50.0, 100.0, 30.0]
    assert out.loc[[DAYE, YANGXIN, HSG], "prev_rank"].tolist() == [2, 1, 3]


def case_scores_cut_points_and_a_later_version():
    con = assessed()
    cut = county_scores(con, cut_high=70.0, cut_low=30.0)
    assert cut.loc[[DAYE, YANGXIN, HSG], "tier"].tolist() == [1, 2, 3]
    cut = county_scores(con, cut_high=80.0, cut_low=20.0)
    assert cut.loc[[DAYE, YANGXIN, HSG], "tier"].tolist() == [2, 2, 2]
    only_output = county_scores(con, version=3)  # (80 − 30) / (130 − 30)
    assert only_output.loc[[DAYE, HSG, YANGXIN], "value"].tolist() == [50.0, 20.0, 0.0]


def with_snapshot(con, created_at: str) -> None:
    """A snapshot of May 2025 (大冶 产值 40, 阳新 45, the 2024 yearly values), saved at created_at."""
    con.execute("insert into snapshot values (1, '5月推进会', date '2025-05-01', cast($1 as timestamp), '王五', null)",
                [created_at])
    current.refresh(con)  # the figures in force, as the warehouse the snapshot was taken of had them
    con.execute("insert into snapshot_value select 1, adcode, indicator_id, period, value, true "
                "from county_value_current where period in (date '2025-05-01', date '2024-01-01')")


def case_scores_against_a_snapshot_with_the_version_then_in_force():
    con = assessed()
    with_snapshot(con, "2025-03-01 10:00")  # version 2 was in force then
    out = county_scores(con, version=3, snapshot=1)
    assert (out["snapshot_version"] == 2).all()
    assert out.loc[[DAYE, YANGXIN, HSG], "snapshot_value"].tolist() == [50.0, 100.0, 30.0]
    assert out.loc[[DAYE, YANGXIN, HSG], "snapshot_rank"].tolist() == [2, 1, 3]
    assert out.loc[DAYE, "value"] == 50.0  # now scored with version 3
    early = assessed()
    with_snapshot(early, "2024-12-01 10:00")  # before version 2: the default version 1
    assert (county_scores(early, snapshot=1)["snapshot_version"] == 1).all()


def case_prefecture_scores_are_the_mean_of_their_counties():
    con = assessed()
    huangshi = run(con, "assess/score_by_prefecture", version=2, period=JUNE, snapshot=None, **NO_TIERS,
                   **HUANGSHI_ONLY).set_index("prefecture_code")
    row = huangshi.loc["420200"]
    assert row["counties"] == 3 and row["value"] == pytest.approx(137.5 / 3) and row["leader"] == "大冶"
    assert row["prev_value"] == pytest.approx(60.0) and row["rank"] == 1 and len(huangshi) == 1
    province = run(con, "assess/score_by_prefecture", version=2, period=JUNE, snapshot=None, **NO_TIERS,
                   **NO_FILTER).set_index("prefecture_code")
    assert province.loc["420100", "rank"] == 1 and province.loc["420200", "rank"] == 2  # 武汉: 江岸 100
    assert pd.isna(province.loc["420300", "value"]) and pd.isna(province.loc["420300", "rank"])  # 十堰: no scores
    assert province.loc["420100", "ranked_count"] == 2


def case_explain_parts_sum_to_the_score():
    parts = run(assessed(), "assess/score_explain", version=2, period=JUNE, adcode=YANGXIN).set_index("indicator_id")
    assert parts.loc["srdi_count", ["value", "raw_points", "points"]].tolist() == [3.0, 150.0, 100.0]
    assert parts.loc["srdi_count", ["share_pct", "contribution"]].tolist() == [37.5, 37.5]
    assert parts.loc["output_yi", ["points", "worst_value", "best_value", "place", "counted"]].tolist() == \
        [0.0, 30.0, 130.0, 4, 4]
    energy = parts.loc["energy_intensity_change_pct"]
    assert pd.isna(energy["value"]) and pd.isna(energy["contribution"]) and energy["direction"] == "down"
    assert parts["contribution"].sum() == parts["score"].iloc[0] == 37.5
    daye = run(assessed(), "assess/score_explain", version=2, period=JUNE, adcode=DAYE).set_index("indicator_id")
    assert daye.loc["energy_intensity_change_pct", ["worst_value", "best_value", "points"]].tolist() == \
        [-2.0, -5.0, 100.0]  # lower is better: −5 is the best
    assert daye.loc["srdi_count", "period"].date() == D(2024, 1, 1)  # 2025 not complete by June 2025


def case_rank_history_in_scope_by_month():
    con = assessed()
    con.execute("update region set in_scope = false where adcode = $1", [JIANGAN])
    out = run(con, "assess/rank_history", version=2, as_of=JUNE)
    june = out[out["month"] == pd.Timestamp(JUNE)].set_index("adcode")
    assert june.loc[DAYE, "rank"] == 1 and JIANGAN not in june.index and june.loc[DAYE, "ranked_count"] == 3
    may = out[out["month"] == pd.Timestamp(MAY)].set_index("adcode")
    assert may["rank"].to_dict() == {YANGXIN: 1, DAYE: 2, HSG: 3}
    assert sorted(out["month"].unique()) == [pd.Timestamp(MAY), pd.Timestamp(JUNE)]
    assert run(con, "assess/rank_history", version=2, as_of=MAY)["month"].nunique() == 1


def case_three_match_flags_divergence_beyond_the_threshold():
    facts = [(DAYE, "va_growth_ytd_pct", JUNE, 5.0), (DAYE, "electricity_growth_pct", JUNE, 6.0),
             (DAYE, "tax_growth_pct", JUNE, 12.0), (DAYE, "va_growth_ytd_pct", MAY, 5.0),
             (DAYE, "tax_growth_pct", MAY, -1.0), (DAYE, "electricity_growth_pct", MAY, 5.0),
             (HSG, "va_growth_ytd_pct", JUNE, 5.0), (HSG, "electricity_growth_pct", JUNE, -1.0),
             (HSG, "tax_growth_pct", JUNE, 5.0),
             (YANGXIN, "va_growth_ytd_pct", JUNE, 5.0), (YANGXIN, "electricity_growth_pct", JUNE, 10.0),
             (YANGXIN, "tax_growth_pct", JUNE, 0.0)]  # exactly 5 points off: not beyond
    out = run(warehouse(facts), "assess/three_match_by_county", period=JUNE, threshold=5.0,
              **HUANGSHI_ONLY).set_index("adcode")
    assert out.loc[DAYE, ["tax_gap_pp", "electricity_gap_pp"]].tolist() == [7.0, 1.0]
    assert out.loc[DAYE, ["tax_off", "electricity_off", "flagged", "months_flagged"]].tolist() == [True, False, True, 2]
    assert out.loc[HSG, ["electricity_off", "tax_off", "flagged"]].tolist() == [True, False, True]
    assert not out.loc[YANGXIN, "flagged"] and out.loc[YANGXIN, "months_flagged"] == 0
    assert not out.loc["420203", "flagged"] and pd.isna(out.loc["420203", "va_growth_pct"])
    assert out.index[:2].tolist() == [DAYE, HSG] and len(out) == 103 and out["in_filter"].sum() == 6


def case_versions_rules_and_what_changed():
    con = assessed()
    versions = run(con, "assess/versions")
    assert versions["version_id"].tolist() == [3, 2, 1] and versions["rules"].tolist() == [1, 3, 14]
    assert versions.set_index("version_id").loc[1, "weight_total"] == 100
    assert versions.set_index("version_id").loc[2, "created_by"] == "张三"
    rules = run(con, "assess/rules", version=2).set_index("indicator_id")
    assert rules.loc["output_yi", ["share_pct", "area_name"]].tolist() == [50.0, "稳步增长"]
    assert rules.loc["energy_intensity_change_pct", "direction"] == "down" and rules["in_catalog"].all()
    changes = run(con, "assess/version_changes", version=2).set_index("indicator_id")
    assert changes["change"].value_counts().to_dict() == {"removed": 12, "changed": 2, "added": 1}
    assert changes.loc["srdi_count", ["weight_before", "weight_after", "target_before", "target_after"]].tolist() == \
        [5.0, 30.0, 1.0, 2.0]
    assert run(con, "assess/version_changes", version=1).empty  # the first version changes nothing


def case_indicator_choices_with_values_and_plan_targets():
    con = warehouse([(DAYE, "output_yi", JUNE, 1.0), (DAYE, "village_5g_pct", D(2024, 1, 1), 90.0),
                     (DAYE, "population_wan", D(2024, 1, 1), 90.0)])  # no direction: not scorable
    out = run(con, "assess/indicator_choices").set_index("id")
    assert sorted(out.index) == ["output_yi", "village_5g_pct"]
    assert out.loc["village_5g_pct", "plan_target"] == 100 and pd.isna(out.loc["output_yi", "plan_target"])


def case_published_scores_are_every_versions_live_scores():
    """assessment_score_month, written at publish, holds what the scoring macros give for every version and month
    (and scores explained per county add up to it: case_explain_parts_sum_to_the_score)."""
    con = assessed()
    history = run(con, "assess/rank_history", version=3, as_of=D(2025, 6, 1))  # run() publishes first
    stored = con.execute("select version_id, month, adcode, score from assessment_score_month "
                         "order by all").fetchall()
    live_sql = ("select $v, month, adcode, score "
                "from assessment_scores($v, date '1900-01-01', date '2999-12-01', null)")
    live = sorted(row for (version,) in con.execute("select version_id from assessment_version").fetchall()
                  for row in con.execute(live_sql, {"v": version}).fetchall())
    assert stored == live and {r[0] for r in stored} == {1, 2, 3} and not history.empty


CASES = {
    "assess/score_by_county": [case_scores_weights_methods_and_missing_values, case_scores_the_month_before,
                               case_scores_cut_points_and_a_later_version,
                               case_scores_against_a_snapshot_with_the_version_then_in_force],
    "assess/score_by_prefecture": [case_prefecture_scores_are_the_mean_of_their_counties],
    "assess/score_explain": [case_explain_parts_sum_to_the_score],
    "assess/rank_history": [case_rank_history_in_scope_by_month, case_published_scores_are_every_versions_live_scores],
    "assess/three_match_by_county": [case_three_match_flags_divergence_beyond_the_threshold],
    "assess/versions": [case_versions_rules_and_what_changed],
    "assess/rules": [case_versions_rules_and_what_changed],
    "assess/version_changes": [case_versions_rules_and_what_changed],
    "assess/indicator_choices": [case_indicator_choices_with_values_and_plan_targets],
}
