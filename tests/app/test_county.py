"""County profile: the search labels (pinyin initials, full pinyin, short names) and the page in AppTest."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from geo import registry
from tests.app.test_app import APP, LISTED_PAGES, all_text
from ui.frame import search

PAGE = "app_pages/county.py"
DAYE = "420281"


@pytest.fixture(scope="module")
def labels() -> dict[str, str]:
    return search.search_labels(registry_regions())


def registry_regions() -> pd.DataFrame:
    """The 103 units with the columns the page reads from common/regions."""
    return pd.DataFrame([(r.adcode, r.name, r.short_name, r.prefecture) for r in registry.regions()],
                        columns=["adcode", "name", "short_name", "prefecture"])


def test_labels_cover_every_unit(labels):
    assert len(labels) == 103 and labels[DAYE] == "大冶市 · 黄石市 · dy daye"


@pytest.mark.parametrize("typed,adcode", [("dy", DAYE), ("DY", DAYE), ("daye", DAYE), (" 大冶 ", DAYE),
                                          ("长阳", "420528"), ("changyang", "420528"), ("enshi", "422801"),
                                          ("yidu", "420581"), ("zengdu", "421303"), ("xiantao", "429004")])
def test_typed_text_finds_the_county(labels, typed, adcode):
    assert adcode in search.find(labels, typed)


def test_exact_keys_find_one_county(labels):
    assert search.find(labels, "daye") == [DAYE]
    assert search.find(labels, "enshi") == ["422801"]  # not the other counties of 恩施州
    assert search.find(labels, "dy") == [DAYE, "420582"]  # 大冶 and 当阳 share the initials


def test_unknown_text_finds_nothing(labels):
    assert search.find(labels, "xyzzy") == [] and search.find(labels, "   ") == []


def test_place_name_readings():
    assert search.pinyin_keys("长阳") == "cy changyang"
    assert search.search_label("仙桃市", "仙桃", "仙桃市") == "仙桃市 · 省直管 · xt xiantao"
    assert search.search_label("恩施市", "恩施", "恩施土家族苗族自治州") == "恩施市 · 恩施州 · es enshi"




def open_profile(adcode: str | None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.session_state["selected_county"] = adcode
    at.switch_page(PAGE)
    at.run()
    return at


def test_profile_of_a_selected_county(warehouse):
    at = open_profile(DAYE)
    assert not at.exception, at.exception
    assert [h.value for h in at.header] == ["大冶市"] and "演示数据" in all_text(at)
    assert at.selectbox(key="county_search").value == DAYE
    assert len(at.metric) == 4 and at.metric[0].label.startswith("规上工业总产值（全年）")
    areas = [m.value.removeprefix("##### ") for m in at.markdown if m.value.startswith("##### ")]
    # no key: read-only tables have none; the targets table has 指标 too, but no 排名
    tables = [d.value for d in at.dataframe if {"指标", "排名"} <= set(d.value.columns)]
    assert len(areas) >= 5 and areas[:2] == ["稳步增长", "产业集聚"] and len(tables) == len(areas)
    assert all(len(t) > 0 for t in tables)
    growth = tables[0]
    assert "规上工业增加值增速（累计）" in set(growth["指标"]) and growth["排名"].str.match(r"第 \d+ / \d+").all()
    headers = {column for d in at.dataframe for column in d.value.columns}
    assert {"亩均产值（万元/亩）", "荣誉（层级，年份）", "跟踪层级"} <= headers


def test_search_picks_another_county(warehouse):
    at = open_profile(DAYE)
    at.selectbox(key="county_search").select("422801").run()
    assert not at.exception, at.exception
    assert at.session_state["selected_county"] == "422801"
    assert [h.value for h in at.header] == ["恩施市"]


def test_search_box_follows_a_click_on_a_map(warehouse):
    at = open_profile(DAYE)
    at.session_state["selected_county"] = "420528"  # what a map click does on any page
    at.run()
    assert not at.exception, at.exception
    assert at.selectbox(key="county_search").value == "420528"
    assert [h.value for h in at.header] == ["长阳土家族自治县"]


def test_without_a_county_the_page_asks_for_one(warehouse):
    at = open_profile(None)
    assert not at.exception, at.exception
    assert not at.header and "地图" in at.info[0].value


def test_the_profile_page_is_listed():
    assert PAGE in LISTED_PAGES


def test_a_figure_shows_where_it_came_from(warehouse):
    at = open_profile(DAYE)
    at.selectbox(key="history_indicator").select("output_yi").run()
    assert not at.exception, at.exception
    history = next(d.value for d in at.dataframe if "批次" in d.value.columns)
    assert len(history) == 46 and (history["结果"] == "当前值").all()  # demo: one load per month, none revised
    assert history["期别"].iloc[0] == "2026年10月" and history["文件"].iloc[0] == "county_values.csv"
    assert history["数值"].str.endswith("亿元").all()
