"""AppTest: every indicator map can be drawn at prefecture level (level=prefecture), rolled up and said so; a
click on a prefecture drills to its counties."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP, all_text
from tests.app.test_app_industry import MAP_PAGES

HUANGSHI_COUNTY = "420281"  # 大冶市, in 黄石市 (420200)


def at_prefecture_level(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    at.run()
    at.segmented_control(key="level").set_value("prefecture").run()
    return at


def league_places(at: AppTest) -> list[str]:
    league = next(d.value for d in at.dataframe if "市州" in d.value.columns and "排名" in d.value.columns)
    return league["市州"].tolist()


@pytest.mark.parametrize("page", MAP_PAGES)
def test_every_indicator_map_rolls_up_to_the_prefectures(warehouse, page):
    at = at_prefecture_level(page)
    assert not at.exception, at.exception
    places = league_places(at)
    assert 10 <= len(places) <= 17 and "黄石" in places and "仙桃" in places  # 13 prefectures and 4 units
    assert "市州数值为所辖县（市、区）" in all_text(at)  # how each figure was made, under the map
    titles = [json.loads(c.proto.spec)["layout"]["title"]["text"] for c in at.get("plotly_chart")]
    assert any("（按市州）" in t for t in titles), titles


def test_an_amount_is_the_sum_of_its_counties_and_a_rate_their_median(warehouse):
    at = at_prefecture_level("app_pages/overview.py")
    assert "的中位数" in all_text(at)  # the overview opens on 增加值增速, a rate
    at.selectbox(key="overview_indicator").select("above_scale_firm_count").run()
    assert "所辖县（市、区）合计" in all_text(at)
    county_level = AppTest.from_file(APP, default_timeout=90)
    county_level.run()
    county_level.selectbox(key="overview_indicator").select("above_scale_firm_count").run()
    counties = county_level.dataframe[0].value
    huangshi = counties[counties["县（市、区）"].str.endswith("（黄石）")].iloc[:, 2].sum()
    prefectures = next(d.value for d in at.dataframe if "市州" in d.value.columns)
    assert prefectures.set_index("市州").loc["黄石"].iloc[1] == huangshi
