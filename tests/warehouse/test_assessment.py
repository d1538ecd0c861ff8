"""The 强县工程 assessment: the default rules, checked and saved versions, reproducible scores, the key-county list,
and what the scores and the 三匹配 check give on the demo data."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest

import queries
import settings
from data.importer.templates import TEMPLATES
from data.warehouse import assessment, build

HEADER = ",".join(TEMPLATES["county_values"].headers)
DAYE, YANGXIN = "420281", "420222"
JUNE = date(2025, 6, 1)
NO_FILTER = {"prefecture": None, "metro_circle": None, "county_type": None, "in_scope_only": False}


@pytest.fixture
def small_warehouse(tmp_path, monkeypatch) -> Path:
    """大冶 and 阳新 with 产值 and 增加值增速 for June 2025, published in a private folder."""
    target = tmp_path / "warehouse.duckdb"
    monkeypatch.setattr(settings, "WAREHOUSE_PATH", target)
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setattr(settings, "RAW_DIR", tmp_path / "raw")
    source = tmp_path / "base"
    source.mkdir()
    (source / "county_values.csv").write_text(HEADER + "\n" + "\n".join([
        "420281,大冶市,output_yi,,2025年6月,10,亿元,最终", "420222,阳新县,output_yi,,2025年6月,30,亿元,最终",
        "420281,大冶市,va_growth_ytd_pct,,2025年6月,9,%,最终", "420222,阳新县,va_growth_ytd_pct,,2025年6月,3,%,最终",
    ]) + "\n", encoding="utf-8-sig")
    build.build(target, source)
    return target


def scores(version: int) -> pd.Series:
    out = queries.run("assess/score_by_county", version=version, period=JUNE, snapshot=None, cut_high=None,
                      cut_low=None, **NO_FILTER).set_index("adcode")
    return out.loc[[DAYE, YANGXIN], "value"]


def output_only(weight: float = 100.0) -> pd.DataFrame:
    return pd.DataFrame([{"indicator_id": "output_yi", "weight": weight, "method": "minmax", "target_value": None,
                          "floor_points": 0.0, "cap_points": 100.0, "clause": "二(一)1"}])


# The default rules


def test_the_schema_seeds_version_1_exactly_as_the_catalog_documents_it():
    con = build.create(Path(":memory:"))
    seeded = con.execute("select * exclude (version_id) from assessment_rule where version_id = 1 "
                         "order by indicator_id").df()
    documented = assessment.default_rules()[assessment.RULE_COLUMNS].sort_values("indicator_id")
    pd.testing.assert_frame_equal(seeded.reset_index(drop=True), documented.reset_index(drop=True),
                                  check_dtype=False)


def test_the_default_weights_add_to_100_each_with_its_clause_and_a_scorable_indicator():
    rules = assessment.default_rules()
    catalog = pd.read_csv(build.CATALOG_DIR / "indicators.csv").set_index("id")
    assert rules["weight"].sum() == 100 and rules["rationale"].str.len().min() > 5
    assert rules["clause"].str.match(r"^[二三]\([一二三四五六]\)\d?$").all()  # 三(三) has no item number
    assert set(catalog.loc[rules["indicator_id"], "direction"]) <= {"up", "down"}
    assessment.check(rules, set(catalog.index))  # the checks an editor's version must pass


@pytest.mark.parametrize("change, message", [
    ({"indicator_id": "nonexistent"}, "没有这项"),
    ({"weight": -1.0}, "权重须为不小于 0"),
    ({"method": "bogus"}, "计分方法须为"),
    ({"floor_points": 100.0}, "保底分 < 封顶分"),
    ({"cap_points": 200.0}, "≤ 150"),
    ({"method": "target", "target_value": None}, "目标值"),
    ({"weight": 0.0}, "权重合计须大于 0"),
])
def test_bad_rules_are_refused_in_chinese(change, message):
    rules = output_only().assign(**change)
    with pytest.raises(assessment.RulesRefused, match=message):
        assessment.check(rules, {"output_yi"})


def test_a_duplicated_indicator_and_an_empty_note_are_refused():
    with pytest.raises(assessment.RulesRefused, match="不止一次"):
        assessment.check(pd.concat([output_only(), output_only()]), {"output_yi"})
    with pytest.raises(assessment.RulesRefused, match="调整的内容和理由"):
        assessment.clean_note("  ")


# Saved versions


def test_a_saved_version_is_recorded_and_older_scores_stay_reproducible(small_warehouse):
    before = scores(1)
    version = assessment.save_version(output_only(), note="只看产值", by="张三")
    assert version == 2
    listed = queries.run("assess/versions").set_index("version_id")
    assert listed.loc[2, ["created_by", "note", "rules"]].tolist() == ["张三", "只看产值", 1]
    assert pd.Timestamp(listed.loc[2, "created_at"]) > pd.Timestamp(listed.loc[1, "created_at"])
    assert scores(2).tolist() == [0.0, 100.0]  # 产值 10 and 30, min–max
    pd.testing.assert_series_equal(scores(1), before)  # version 1 still gives what it gave


def test_the_same_rules_twice_are_not_a_new_version(small_warehouse):
    assessment.save_version(output_only(), note="只看产值", by="张三")
    with pytest.raises(assessment.RulesRefused, match="完全相同"):
        assessment.save_version(output_only(), note="再存一次", by="张三")
    assert queries.run("assess/versions")["version_id"].tolist() == [2, 1]


def test_a_rebuild_keeps_every_version(small_warehouse, tmp_path):
    assessment.save_version(output_only(60.0), note="试行", by="张三")
    build.build(small_warehouse, tmp_path / "base")
    listed = queries.run("assess/versions")
    assert listed["version_id"].tolist() == [2, 1] and listed["note"].iloc[0] == "试行"
    assert queries.run("assess/rules", version=2)["weight"].tolist() == [60.0]


# The key-county list


def ranks(*months: dict[str, int]) -> pd.DataFrame:
    """Monthly ranks of five counties: one dict adcode → rank per month."""
    return pd.DataFrame([{"month": pd.Timestamp(2024, i + 1, 1), "adcode": a, "rank": r, "ranked_count": 5}
                         for i, month in enumerate(months) for a, r in month.items()])


def test_the_key_list_starts_with_the_top_n_and_moves_after_k_months():
    a, b, c, d, e = "A", "B", "C", "D", "E"
    history = ranks({a: 1, b: 2, c: 3, d: 4, e: 5},
                    {c: 1, a: 2, b: 3, d: 4, e: 5},
                    {c: 1, a: 2, d: 3, e: 4, b: 5},
                    {c: 2, a: 1, d: 3, e: 4, b: 5})
    out = assessment.key_list(history, assessment.KeyListRule(enter_top=2, exit_bottom=1, periods=2))
    first = out[out["month"] == pd.Timestamp(2024, 1, 1)]
    assert set(first["adcode"]) == {a, b} and set(first["event"]) == {"首批"}
    entered = out[out["event"] == "进入"]
    assert entered[["month", "adcode"]].values.tolist() == [[pd.Timestamp(2024, 3, 1), c]]  # top 2 in Feb and March
    left = out[out["event"] == "退出"]
    assert left[["month", "adcode"]].values.tolist() == [[pd.Timestamp(2024, 4, 1), b]]  # last in March and April
    last = out[out["month"] == pd.Timestamp(2024, 4, 1)]
    assert set(last.loc[last["on_list"], "adcode"]) == {a, c}


# On the demo data


def test_every_demo_county_has_a_score_and_its_parts_add_up(warehouse):
    months = queries.run("common/months")["period"]
    latest = months.max().date()
    out = queries.run("assess/score_by_county", version=1, period=latest, snapshot=None, cut_high=None,
                      cut_low=None, **NO_FILTER)
    assert out["value"].notna().all() and out["value"].between(20, 95).all()
    assert out["value"].std() > 5  # the assessment tells counties apart
    assert out["tier"].value_counts().min() >= 30
    for adcode in out["adcode"].iloc[::25]:
        parts = queries.run("assess/score_explain", version=1, period=latest, adcode=adcode)
        score = out.set_index("adcode").loc[adcode, "value"]
        assert round(parts["contribution"].sum(), 2) == parts["score"].iloc[0] == score
        assert parts["share_pct"].sum() == pytest.approx(100)


def test_the_demo_three_match_flags_a_handful_of_counties(warehouse):
    """At 5 points: neither none nor most, in every month; and some counties diverge month after month."""
    months = pd.to_datetime(queries.run("common/months")["period"])
    counts = []
    for month in months[months >= pd.Timestamp(2024, 1, 1)]:
        out = queries.run("assess/three_match_by_county", period=month.date(), threshold=5.0, **NO_FILTER)
        counts.append(int(out["flagged"].sum()))
    assert min(counts) >= 5 and max(counts) <= 40, counts
    latest = queries.run("assess/three_match_by_county", period=months.max().date(), threshold=5.0, **NO_FILTER)
    assert (latest["months_flagged"] == 6).sum() >= 3
