"""AppTest: the sidebar's industry cuts every page's maps and league tables, names itself, and says where it cannot."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import APP, LISTED_PAGES, all_text

MAP_PAGES = ["app_pages/overview.py", "app_pages/growth.py", "app_pages/cluster.py", "app_pages/entity.py",
             "app_pages/compete.py", "app_pages/digital.py", "app_pages/green.py"]


def with_industry(page: str, industry: str = "auto") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    at.run()
    at.selectbox(key="industry").select(industry).run()
    return at


def map_titles(at: AppTest) -> list[str]:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return [s["layout"]["title"]["text"] for s in specs if any(t.get("type") == "choropleth" for t in s["data"])]


@pytest.mark.parametrize("page", LISTED_PAGES)
def test_every_page_opens_with_an_industry(warehouse, page):
    at = with_industry(page)
    assert not at.exception, at.exception
    assert at.session_state["filters"].industry == "auto"  # every page reads it from the one place


@pytest.mark.parametrize("page", MAP_PAGES)
def test_the_indicator_map_opens_on_the_industry_and_names_it(warehouse, page):
    at = with_industry(page)
    picker = at.selectbox(key=f"{page.split('/')[1].removesuffix('.py')}_indicator")  # keyed by task area
    assert picker.value.startswith("ind_")  # an industry measure by default
    heads = [m.value for m in at.markdown if "排行**" in m.value]  # the league table's heading names the map's
    assert any(h.startswith("**汽车（C36）：") and h.endswith("2026年10月") for h in heads), heads  # own month
    titles = map_titles(at)  # the target and category maps stay county-wide
    assert any(t.startswith("汽车（C36）：") and t.endswith("2026年10月") for t in titles), titles
    assert len(at.dataframe[0].value) >= 100  # ranked: every county with a figure (a rate needs comparable firms)


def test_the_overview_opens_on_the_industry_growth_and_the_counties_follow_the_firm_records(warehouse):
    at = with_industry("app_pages/overview.py", "C39")
    assert at.selectbox(key="overview_indicator").value == "ind_output_growth_ytd_pct"
    at.selectbox(key="overview_indicator").select("ind_firm_count").run()
    league = at.dataframe[0].value
    assert (league.iloc[:, 2] >= 0).all() and league.iloc[:, 2].sum() > 0  # counts, 0 where none: never missing


def test_a_county_statistic_says_the_industry_does_not_cut_it(warehouse):
    at = with_industry("app_pages/overview.py")
    at.selectbox(key="overview_indicator").select("va_growth_ytd_pct").run()
    assert not at.exception
    assert any("没有分行业数据" in i.value for i in at.info)
    assert map_titles(at)[0].startswith("规上工业增加值增速（累计）（全部行业）")


def test_a_county_statistic_whose_id_looks_like_a_measure_is_still_a_county_statistic(warehouse):
    at = with_industry("app_pages/entity.py")
    at.selectbox(key="entity_indicator").select("ind_to_firm_count").run()  # 个转企: catalog kind value
    assert not at.exception
    assert any("没有分行业数据" in i.value for i in at.info)
    titles = map_titles(at)
    assert any(t.startswith("个转企（全部行业）") for t in titles) and not any("：个转企" in t for t in titles), titles


def test_a_new_industry_puts_the_picker_back_on_its_default(warehouse):
    at = with_industry("app_pages/overview.py")
    at.selectbox(key="overview_indicator").select("va_growth_ytd_pct").run()
    at.selectbox(key="industry").select("C26").run()
    assert at.selectbox(key="overview_indicator").value == "ind_output_growth_ytd_pct"
    assert map_titles(at)[0].startswith("C26 化学原料和化学制品制造业：")


def test_the_county_profile_shows_its_industry_mix(warehouse):
    at = AppTest.from_file(APP, default_timeout=90)
    at.session_state["selected_county"] = "420281"
    at.run()
    at.switch_page("app_pages/county.py")
    at.run()
    assert not at.exception and "行业结构" in all_text(at)
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    mix = [s for s in specs if s["layout"]["title"]["text"].startswith("行业结构")]
    assert mix and "C32 有色金属冶炼和压延加工业" in mix[0]["data"][0]["y"]  # 大冶's largest industry in the demo


def test_the_firm_records_are_checked_against_the_county_statistic(warehouse):
    at = with_industry("app_pages/overview.py")
    labels = [e.label for e in at.expander]
    check = [label for label in labels if label.startswith("企业汇总与县域统计核对")]
    assert check == ["企业汇总与县域统计核对（规上工业总产值，2026年10月）：各县差异均不超过0.5%"], labels


def test_the_records_maps_follow_the_industry(warehouse):
    at = with_industry("app_pages/growth.py")
    titles = [t for t in map_titles(at)] + [json.loads(c.proto.spec)["layout"]["title"]["text"]
                                           for c in at.get("plotly_chart")]
    assert any(t.startswith("汽车（C36）：工业增长点分布") for t in titles), titles
    projects = next(d.value for d in at.dataframe if "项目名称" in d.value.columns)
    assert len(projects) and projects["行业"].eq("汽车制造业").all()


def test_the_one_map_colours_by_the_industry(warehouse):
    at = with_industry("app_pages/onemap.py")
    assert not at.exception
    assert at.selectbox(key="onemap_indicator").value == "ind_output_growth_ytd_pct"
    assert "汽车（C36）：规上工业总产值增速（累计）" in all_text(at)  # the deck's legend names the industry
