"""AppTest of the meeting features: display modes from the link, classes fixed across months, snapshot comparison."""

import json
from datetime import date

import pytest
from streamlit.testing.v1 import AppTest

from data.warehouse import snapshots
from tests.app.test_app import APP, all_text


def opened(params: dict | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.query_params.update(params or {})
    at.run()
    if page:
        at.switch_page(page)
        at.run()
    assert not at.exception, at.exception
    return at


def figures(at: AppTest) -> list[dict]:
    return [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]


def map_legend(at: AppTest) -> list[str]:
    """The class labels of the first county map (legend swatches are the named scattergeo traces)."""
    spec = figures(at)[0]
    return [t["name"] for t in spec["data"] if t.get("type") == "scattergeo" and t.get("showlegend")]


def page_css(at: AppTest) -> str:
    return " ".join(str(e.proto.body) for e in at.get("html"))


def test_present_mode_from_the_link_hides_the_chrome_and_enlarges_figures(warehouse):
    standard, present = opened(), opened({"mode": "present"})
    assert present.session_state["mode"] == "present"
    assert "stSidebar" in page_css(present) and "font-size:20px" in page_css(present)
    assert "stSidebar" not in page_css(standard)
    height = {name: figures(at)[0]["layout"]["height"] for name, at in (("standard", standard), ("present", present))}
    assert height["present"] > height["standard"]
    title_size = figures(present)[0]["layout"]["title"]["font"]["size"]
    assert title_size > figures(standard)[0]["layout"]["title"]["font"]["size"]
    assert [b.label for b in present.button if b.label == "退出演示模式"]


def test_leaving_present_mode(warehouse):
    at = opened({"mode": "present"})
    next(b for b in at.button if b.label == "退出演示模式").click().run()
    assert at.session_state["mode"] == "standard" and "stSidebar" not in page_css(at)


def test_every_mode_keeps_one_legend_across_months(warehouse):
    """Consecutive months on consecutive slides, or on the map's timeline: the classes are cut from every month,
    so the legend is the same (in the standard view too since the timeline, issue 15)."""
    months = {}
    for mode in ("standard", "present"):
        for as_of in ("2026年9月", "2026年10月"):
            months[mode, as_of] = map_legend(opened({"mode": mode, "as_of": as_of}))
    assert months["present", "2026年9月"] == months["present", "2026年10月"]
    assert months["standard", "2026年9月"] == months["standard", "2026年10月"]
    assert "各期数值统一划分" in all_text(opened({"mode": "present"}))
    assert "各期数值统一划分" in all_text(opened())


def test_elder_mode_has_large_type_and_targets(warehouse):
    at = opened({"mode": "elder"})
    css = page_css(at)
    assert "font-size:20px" in css and "min-height:48px" in css and "stSidebar" not in css
    assert figures(at)[0]["layout"]["font"]["size"] > figures(opened())[0]["layout"]["font"]["size"]


@pytest.mark.parametrize("mode", ["fullscreen", "<script>alert(1)</script>", "' or 1=1 --"])
def test_an_unknown_mode_falls_back_to_standard(warehouse, mode):
    at = opened({"mode": mode})
    assert at.session_state["mode"] == "standard" and "stSidebar" not in page_css(at)
    assert [t.value for t in at.toast if "已忽略无法识别的链接参数" in t.value] and "mode" not in at.query_params


def test_a_view_compared_with_a_meeting_snapshot(private_warehouse):
    snapshot_id = snapshots.save("2026年3月推进会", date(2026, 3, 1), by="测试")
    at = opened(page="app_pages/growth.py")
    at.selectbox(key="growth_snapshot").select(snapshot_id).run()
    assert not at.exception, at.exception
    text = all_text(at)
    assert "自“2026年3月推进会”以来" in text and "名次上升最多" in text and "名次下降最多" in text
    table = next(d.value for d in at.dataframe if "快照时排名" in d.value.columns)
    moved = table[(table["快照时排名"] != "—") & (table["当前排名"] != "—")]
    assert len(moved) > 50 and (moved["快照时排名"] != moved["当前排名"]).any()
    ranks_and_tiers = table[["快照时排名", "当前排名", "快照时档次", "当前档次"]]
    assert not ranks_and_tiers.isna().any().any()  # a county without a value shows —, not None
    assert set(table["当前档次"].dropna()) <= {"先进", "中游", "后进"}
    since = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    since = [s for s in since if "自“2026年3月推进会”" in s["layout"]["title"]["text"].replace("<br>", "")]
    assert since, "no change map since the snapshot"  # on a diverging scale, with its movers' table
    movers = next(d.value for d in at.dataframe if any(c.startswith("变化") for c in d.value.columns))
    change, then, now = (movers[c] for c in movers.columns[2:5])  # 变化, 起 (the snapshot), 止 (now)
    assert len(movers) > 50 and ((now - then).round(6) == change.round(6)).all() and change.is_monotonic_decreasing


def test_saving_a_snapshot_from_the_data_page(private_warehouse):
    at = opened(page="app_pages/data.py")
    at.text_input(key="operator").input("张三").run()
    form_name = next(t for t in at.text_input if t.label == "快照名称")
    form_name.input("11月推进会")
    next(b for b in at.button if b.label == "保存快照").click().run()
    assert not at.exception, at.exception
    assert any("已保存快照“11月推进会”" in s.value for s in at.success)
    listed = next(d.value for d in at.dataframe if "保存人" in d.value.columns)
    assert listed[["名称", "保存人"]].values.tolist() == [["11月推进会", "张三"]]


def test_the_deck_remembers_what_each_task_page_showed_after_the_presenter_moves_on(warehouse):
    at = opened(page="app_pages/growth.py")
    at.selectbox(key="growth_indicator").select("output_yi").run()
    at.switch_page("app_pages/cluster.py")
    at.run()
    assert not at.exception, at.exception
    from ui.sections import meeting

    choices = at.session_state[meeting.CHOICES]
    assert choices["growth"].indicator == "output_yi" and choices["growth"].method == "quantile"
    assert "cluster" in choices  # the page now open
