"""AppTest: the 目标责任 page maps each county against its own target and pace, lists them, shows a selected
county's targets beside its prefecture's and the province's, and the profile shows them too."""

import json

from streamlit.testing.v1 import AppTest

from data.importer import targets
from data.warehouse import load
from tests.app.test_app import APP, all_text, open_app

PAGE = "app_pages/targets.py"
DAYE = "420281"


def map_specs(at: AppTest) -> list[dict]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [s for s in specs if any(t.get("type") == "choropleth" for t in s["data"])]


def test_the_page_maps_every_county_by_its_pace_and_counts_them(warehouse):
    at = open_app(PAGE)
    assert not at.exception, at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["下达目标的县"] == "103 个"
    behind, on_pace = (int(metrics.get(k, "0 个").split()[0]) for k in ("落后序时进度", "达到序时进度"))
    assert behind + on_pace == 103 and behind > 0 and on_pace > 0  # the demo's 2026 growth, in October
    (spec,) = map_specs(at)
    title = spec["layout"]["title"]["text"].replace("<br>", "")
    assert title.startswith("规上工业增加值增速（累计）：2026年责任目标完成情况实际截至2026年10月"), title
    legend = [t["name"] for t in spec["data"] if t.get("showlegend")]
    assert legend == [f"达到序时进度（{on_pace}）", f"落后序时进度（{behind}）"]
    hover = spec["data"][0]["text"][0]
    assert "目标" in hover and "较序时进度" in hover
    table = at.dataframe[0].value
    assert list(table.columns) == ["县（市、区）", "目标（%）", "实际（%）", "较进度（百分点）", "状态"]
    assert len(table) == 103 and set(table["状态"]) == {"达到进度", "落后进度"}
    assert "完成率（%）" not in table.columns  # a growth target has none


def test_the_colourings_and_an_amount_with_its_completion_rate(warehouse):
    at = open_app(PAGE)
    at.selectbox(key="targets_indicator").select("above_scale_firm_count").run()
    at.selectbox(key="targets_colouring").select("完成率").run()
    assert not at.exception, at.exception
    (spec,) = map_specs(at)
    assert "完成率" in spec["layout"]["title"]["text"]
    assert "完成率（%）" in at.dataframe[0].value.columns
    at.selectbox(key="targets_colouring").select("与序时进度差距").run()
    assert not at.exception and map_specs(at)
    at.selectbox(key="targets_indicator").select("output_year_yi").run()  # 2026's yearly total is not out
    assert any("尚无2026年" in i.value for i in at.info)


def test_a_selected_county_shows_its_targets_beside_its_prefectures_and_the_provinces(warehouse):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params["county"] = DAYE
    at.run()
    at.switch_page(PAGE).run()
    assert "已选县（市、区）的责任目标" in all_text(at)
    table = at.dataframe[1].value
    assert list(table.columns) == ["年份", "指标", "本县目标", "所在市州目标", "全省目标", "实际", "状态"]
    assert len(table) == 10 and (table["所在市州目标"] != "—").all()  # 黄石's own rows, both years
    profile = AppTest.from_file(APP, default_timeout=90)
    profile.query_params["county"] = DAYE
    profile.run()
    profile.switch_page("app_pages/county.py").run()
    assert not profile.exception and "责任目标（本县、所在市州与全省）" in all_text(profile)
    assert any(list(d.value.columns)[:3] == ["年份", "指标", "本县目标"] for d in profile.dataframe)


def test_without_targets_the_page_says_how_to_load_them(private_warehouse):
    at = open_app(PAGE)
    version = int(at.selectbox(key="targets_version").options[0].split("第 ")[1].split(" 版")[0])
    load.rollback(version, by="editor")  # the demo's only targets batch
    fresh = open_app(PAGE)
    assert not fresh.exception and not map_specs(fresh)
    assert any("尚未导入责任目标" in i.value for i in fresh.info), targets.DATASET


def test_an_industry_chosen_is_said_not_to_cut_the_targets(warehouse):
    at = open_app(PAGE)
    at.selectbox(key="industry").select("auto").run()
    assert not at.exception and any("没有分行业目标" in i.value and "汽车" in i.value for i in at.info)
