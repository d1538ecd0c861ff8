"""AppTest of 强县考核: the league, the parts of a score, versions, snapshots, tiers and who may edit the rules."""


from streamlit.testing.v1 import AppTest

from data.warehouse import assessment, snapshots
from tests.app.test_app import APP, all_text

PAGE = "app_pages/assess.py"


def open_page(**state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(PAGE)
    at.run()
    assert not at.exception, at.exception
    return at


def frame_with(at: AppTest, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_league_ranks_every_county_and_names_the_version(warehouse):
    at = open_page()
    league = frame_with(at, "县（市、区）")
    assert len(league) == 103 and league["排名"].tolist()[:3] == [1, 2, 3]
    assert league["得分"].is_monotonic_decreasing and set(league["档次"]) == {"先进", "中游", "后进"}
    assert "第1版评分细则" in all_text(at) and "演示数据" in all_text(at)
    assert len(at.get("plotly_chart")) >= 5  # county map, movers, prefecture map, 三匹配 scatter and map


def test_the_explained_score_adds_up_for_the_selected_county(warehouse):
    at = open_page(selected_county="420281")
    assert at.selectbox(key="assess_explain").value == "420281"
    parts = frame_with(at, "贡献（分）")
    total = parts[parts["指标"] == "合计"].iloc[0]
    score = float(next(m.value for m in at.metric if m.label == "综合得分").split()[0])
    assert total["贡献（分）"] == score and round(parts["贡献（分）"].iloc[:-1].sum(), 2) == score
    assert round(total["有效权重（%）"], 6) == 100


def test_the_prefecture_filter_narrows_both_leagues(warehouse):
    at = open_page()
    at.selectbox(key="prefecture").select("420200").run()
    assert not at.exception
    assert len(frame_with(at, "县（市、区）")) == 6
    assert frame_with(at, "领先县")["市州"].tolist() == ["黄石"]


def test_cut_points_set_the_tiers(warehouse):
    at = open_page()
    at.segmented_control(key="assess_tiers").set_value("cuts").run()
    at.number_input(key="assess_cut_high").set_value(60.0).run()
    at.number_input(key="assess_cut_low").set_value(50.0).run()
    league = frame_with(at, "县（市、区）")
    assert (league.loc[league["得分"] >= 60, "档次"] == "先进").all()
    assert (league.loc[league["得分"] < 50, "档次"] == "后进").all()
    assert "先进 ≥ 60 分" in all_text(at)


def test_an_older_version_reproduces_its_scores(private_warehouse):
    before = open_page()
    old = frame_with(before, "县（市、区）")[["县（市、区）", "得分"]]
    rules = assessment.default_rules().assign(weight=lambda r: r["weight"].where(r["indicator_id"] != "output_year_yi",
                                                                                 40.0))
    assert assessment.save_version(rules, note="加大规模权重", by="测试员") == 2
    at = open_page()
    assert at.selectbox(key="assess_version").value == 2 and "第2版评分细则" in all_text(at)
    assert not frame_with(at, "县（市、区）")[["县（市、区）", "得分"]].equals(old)
    at.selectbox(key="assess_version").select(1).run()
    assert "非现行，现行为第2版" in all_text(at)
    assert frame_with(at, "县（市、区）")[["县（市、区）", "得分"]].reset_index(drop=True).equals(
        old.reset_index(drop=True))


def test_comparing_with_a_snapshot_adds_its_rank_change(private_warehouse):
    at = open_page()
    as_of = at.selectbox(key="as_of").value
    snapshot_id = snapshots.save("上次推进会", as_of, by="测试员")
    at = open_page()
    at.selectbox(key="assess_snapshot").select(snapshot_id).run()
    assert not at.exception
    league = frame_with(at, "县（市、区）")
    assert "较快照" in league.columns and set(league["较快照"]) == {"—"}  # the same figures: nobody moved


def test_editors_get_the_editor_and_saving_unchanged_rules_is_refused(private_warehouse):
    at = open_page()  # AppTest runs on this machine, and no account exists: it may edit
    assert "调整评分细则" in all_text(at)
    next(t for t in at.text_input if "调整说明" in t.label).input("不改")  # a form: sent with its button
    next(b for b in at.button if b.label == "保存为新版本").click().run()
    assert any("完全相同" in e.value for e in at.error)


def test_an_editor_saves_a_new_version_and_the_page_shows_it(private_warehouse, monkeypatch):
    import streamlit as st

    def edit(frame, **kwargs):  # AppTest cannot type into a data editor: the editor returns the edit
        return frame.assign(weight=frame["weight"].where(frame["indicator_id"] != "va_growth_ytd_pct", 25.0))

    monkeypatch.setattr(st, "data_editor", edit)
    at = open_page()
    next(t for t in at.text_input if "调整说明" in t.label).input("增加值增速权重提至25")
    next(b for b in at.button if b.label == "保存为新版本").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.selectbox(key="assess_version").value == 2 and "第2版评分细则" in all_text(at)
    assert "增加值增速权重提至25" in all_text(at)
    rules = frame_with(at, "占比（%）").set_index("指标")
    assert rules.loc["规上工业增加值增速（累计）", "权重"] == 25 and rules["权重"].sum() == 110


def test_viewers_do_not_get_the_editor(warehouse, monkeypatch):
    from ui.frame import access

    monkeypatch.setattr(access, "current", lambda: access.Access(None, "viewer"))  # a viewer, as the page asks
    at = open_page()
    assert "调整评分细则" not in all_text(at) and "评分细则与版本记录" in all_text(at)
