"""AppTest: every page opens without an exception on the demo warehouse, and the filters reach the pages."""

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ui.style import labels

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
# Each page file once (the overview is listed twice: the default page and its hidden /overview twin).
LISTED_PAGES = list(dict.fromkeys(re.findall(r'st\.Page\("([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))))


def open_app(page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    return at


def all_text(at: AppTest) -> str:
    return " ".join(str(e.value) for kind in ("markdown", "caption", "header", "title", "subheader")
                    for e in getattr(at, kind))


def test_pages_are_listed():
    assert "app_pages/overview.py" in LISTED_PAGES and all((ROOT / p).exists() for p in LISTED_PAGES)


@pytest.mark.parametrize("page", LISTED_PAGES)
def test_every_page_opens(warehouse, page):
    at = open_app(page)
    assert not at.exception, at.exception
    assert "演示数据" in all_text(at)


@pytest.mark.parametrize("page", LISTED_PAGES)
def test_every_page_opens_for_every_prefecture(warehouse, page):
    """A prefecture of one county, or one where no county is flagged, leaves some chart empty."""
    from geo.registry import prefectures

    at = open_app(page)
    broken = {}
    for code, prefecture in prefectures().items():
        at.selectbox(key="prefecture").select(code).run()
        if at.exception:
            broken[prefecture["name"]] = at.exception[0].message
    assert not broken, broken


def test_overview_draws_map_league_and_targets(warehouse):
    at = open_app()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert len(charts) >= 2  # the county map and the targets chart
    league = at.dataframe[0].value
    assert len(league) == 103 and league["排名"].tolist()[:3] == [1, 2, 3]


def test_prefecture_filter_narrows_the_league_table(warehouse):
    at = open_app()
    at.selectbox(key="prefecture").select("420200").run()
    assert not at.exception
    league = at.dataframe[0].value
    assert league["县（市、区）"].str.endswith("（黄石）").all() and len(league) == 6


def test_core_circle_filter(warehouse):
    at = open_app()
    at.selectbox(key="circle").select("武鄂黄黄").run()
    league = at.dataframe[0].value
    assert {c.split("（")[1] for c in league["县（市、区）"]} == {"武汉）", "鄂州）", "黄石）", "黄冈）"}


def test_selected_county_shows_its_card_and_trend(warehouse):
    at = open_app()
    at.session_state["selected_county"] = "420281"
    at.run()
    assert not at.exception
    assert "已选：大冶市" in all_text(at)
    assert len(at.get("plotly_chart")) >= 3  # map, trend, targets
    at.button(key="clear_county").click().run()
    assert "已选" not in all_text(at)


def test_a_selected_county_joins_the_trend_as_a_line_over_the_spread(warehouse):
    at = open_app("app_pages/growth.py")
    at.session_state["selected_county"] = "420281"
    at.run()
    assert not at.exception
    trend = next(s for s in chart_specs(at) if "走势" in s["layout"]["title"]["text"])
    names = [t.get("name") for t in trend["data"]]
    assert names[-2:] == ["各县中位数", "大冶市"] and len(trend["data"][-1]["y"]) > 12


def test_every_indicator_can_be_mapped(warehouse):
    at = open_app()
    picker = at.selectbox(key="overview_indicator")
    assert len(picker.options) >= 70
    for option in picker.options[::9]:  # a spread over every task area, to keep the run short
        picker.select_index(picker.options.index(option)).run()
        assert not at.exception, option


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


@pytest.mark.parametrize("page", LISTED_PAGES)
def test_every_chart_is_presentable_as_it_stands(warehouse, page):
    """Title, unit and period in the subtitle, a source line, and the 演示数据 watermark on demo data."""
    at = open_app(page)
    at.session_state["selected_county"] = "420281"  # the profile page draws only for a county
    at.run()
    for spec in chart_specs(at):
        layout = spec["layout"]
        title = layout["title"]
        texts = [a.get("text", "") for a in layout.get("annotations", [])]
        assert title["text"] and "期别：" in title.get("subtitle", {}).get("text", ""), title
        assert any(t.startswith("数据来源：") for t in texts), title["text"]
        assert "演示数据" in texts, f"no demo watermark on {title['text']}"


def test_a_shared_link_reopens_the_view(warehouse):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"county": "420281", "prefecture": "黄石市", "overview_indicator": "x"})
    at.run()
    assert not at.exception
    assert at.session_state["selected_county"] == "420281" and "已选：大冶市" in all_text(at)


@pytest.mark.parametrize("params", [{"county": "999999"}, {"county": "' or 1=1 --"}, {"county": "<script>"},
                                    {"nonsense": "1"}, {"prefecture": "火星市"}, {"overview_method": "<b>x</b>"},
                                    {"as_of": "'; drop table county_value; --"}])
def test_hostile_links_fall_back_with_a_notice(warehouse, params):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(params)
    at.run()
    assert not at.exception
    assert at.session_state["selected_county"] is None if "selected_county" in at.session_state else True
    assert not set(params) & set(at.query_params)  # dropped from the link
    assert [t.value for t in at.toast] and "已忽略" in at.toast[0].value


def test_an_impossible_period_falls_back_to_the_latest(warehouse):
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update({"as_of": "2099年1月"})
    at.run()
    assert not at.exception and at.selectbox(key="as_of").value.year == 2026


def test_village_section_totals_are_the_selected_countys_figures(warehouse):
    import os

    import duckdb

    with duckdb.connect(os.path.realpath(warehouse), read_only=True) as con:
        figures = dict(con.execute(
            "select indicator_id, value from county_value_current where adcode = '420281' "
            "and period = date '2025-01-01' and indicator_id in ('village_5g_pct', 'natural_village_fibre_pct', "
            "'admin_village_count')").fetchall())
    at = open_app("app_pages/digital.py")
    at.session_state["selected_county"] = "420281"
    at.run()
    at.toggle(key="villages_only").set_value(True).run()
    assert not at.exception
    text = all_text(at)
    assert f"**大冶市 · 2025年**：行政村 {int(figures['admin_village_count']):,} 个" in text
    for indicator in ("village_5g_pct", "natural_village_fibre_pct"):
        assert f"（{figures[indicator]:.1f}%）" in text, indicator
    at.toggle(key="villages_gaps").set_value(True).run()
    listed = next(d.value for d in at.dataframe if "村代码" in d.value.columns)
    assert len(listed) and ((listed["通5G"] == "否") | (listed["光纤通达自然村（个）"] < listed["自然村（个）"])).all()
    assert listed["县（市、区）"].eq("大冶市").all()


def test_stopping_the_timeline_sends_the_shown_period_to_the_slider_and_its_link(warehouse):
    """A timer run that the stop click cut short may have moved the browser's slider (and the link bound to it) one
    period past the map: the stop run sends the slider its period again, so map, slider and link agree."""
    at = open_app()
    at.toggle(key="overview_play").set_value(True).run()
    at.toggle(key="overview_play").set_value(False).run()
    assert not at.exception
    slider = at.select_slider(key="overview_period")
    assert slider.proto.set_value  # sent with its value, not left to the browser's
    shown = labels.period_label(slider.value, "monthly")
    assert shown.startswith("2023年") and any(shown in s["layout"]["title"]["text"] for s in chart_specs(at))


MAP_PAGES = [p for p in LISTED_PAGES if Path(p).stem not in ("catalog", "county", "data", "accounts", "onemap")]


def element_places(node, path: tuple = ()) -> set[tuple]:
    """(place in the page, kind) of every element under node."""
    places = set()
    for index, child in getattr(node, "children", {}).items():
        place = (*path, index)
        places |= {(place, child.type)} | element_places(child, place)
    return places


@pytest.mark.parametrize("page", MAP_PAGES)
def test_selecting_a_county_adds_elements_and_moves_none(warehouse, page):
    """The browser mounts a chart afresh when it moves to another place in the page: a click that selects a county
    (or clears it) must not move the page's other elements."""
    at = open_app(page)
    unselected = element_places(at.main)
    at.session_state["selected_county"] = "420281"
    at.run()
    assert not at.exception, at.exception
    assert not unselected - element_places(at.main), sorted(unselected - element_places(at.main))[:5]
