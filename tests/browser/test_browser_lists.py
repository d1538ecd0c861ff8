"""Browser test of named lists (名单): a published list of chemical parks loaded through 数据管理, its one
unplaced row assigned to a county from the picker, then the county count map on 产业集聚.

The server runs on a private warehouse and var folder, so the load and the assignment stay there.
"""

import pytest

from tests.browser.harness import (
    SETTLED,
    Browser,
    full_screenshot,
    map_county_count,
    screenshot,
    serve_own_warehouse,
    wait_for_charts,
)
from tests.browser.test_browser import assert_local_and_clean
from tests.importer.test_import_lists import CHEMICAL_PARKS, write


@pytest.fixture(scope="module")
def private_server(tmp_path_factory, warehouse):
    var = tmp_path_factory.mktemp("lists-page")
    with serve_own_warehouse(var, warehouse) as url:
        yield url, var


def choose(page, label: str, option: str) -> None:
    """Pick an option, and see that it stands once the page has settled. Under load a pick made while the run
    of the pick before was still drawing was reset when that run redrew the box with other options (the
    counties follow the chosen name's prefecture): a user sees the box empty again and picks once more."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label)
    for _ in range(3):
        box.click()
        page.keyboard.type(option)
        page.keyboard.press("Enter")
        page.wait_for_timeout(500)
        page.wait_for_function(SETTLED, timeout=60_000)
        if option in box.locator("input").input_value():  # the box shows its value in its input
            return
    raise AssertionError(f"“{label}”选不上“{option}”")


def test_a_list_is_loaded_a_row_assigned_and_the_county_map_shows_it(private_server, artifacts, tmp_path):
    url, var = private_server
    shots = artifacts / "screenshots"
    with Browser() as browser:
        page, log = browser.open(url + "/data")
        try:
            page.get_by_text("四、下载导入模板").wait_for(timeout=90_000)
            page.get_by_label("操作人").fill("测试员")
            page.keyboard.press("Enter")
            page.wait_for_timeout(2000)
            page.locator("input[type=file]").set_input_files(str(write(tmp_path / "化工园区名单.csv", CHEMICAL_PARKS)))
            page.get_by_text("这是园区或企业名单（按名称，无代码）").click()
            page.get_by_label("名单名称").fill("湖北省化工园区名单")
            page.keyboard.press("Enter")
            page.get_by_text("未定位到县（市、区）的 3 行").wait_for(timeout=60_000)
            before = "名单“湖北省化工园区名单”：定位到县（市、区）7 行，仅到市州 2 行，未定位 1 行"
            assert page.get_by_text(before).count() == 1
            full_screenshot(page, shots / "lists-preview.png")
            choose(page, "名称", "某某无名化工园区")
            choose(page, "指定到县（市、区）", "赤壁市")
            page.get_by_role("button", name="指定").click()
            page.get_by_text("名单“湖北省化工园区名单”：定位到县（市、区）8 行，仅到市州 2 行，未定位 0 行").wait_for(
                timeout=60_000)
            page.get_by_text("已指定的名称（1 个，以后的名单同样使用）").wait_for()
            page.get_by_role("button", name="确认导入 10 行").click()
            page.get_by_text("已导入 10 行", exact=False).first.wait_for(timeout=60_000)
            assert len((var / "list_assignments.jsonl").read_text(encoding="utf-8").splitlines()) == 1

            page.goto(url + "/cluster", wait_until="domcontentloaded")
            note = "名单共 10 个，定位到县（市、区）8 个；仅到市州 2 个（未计入地图）。来源：导入名单（非演示数据）。"
            page.get_by_text(note).wait_for(timeout=90_000)
            wait_for_charts(page)
            page.get_by_text(note).scroll_into_view_if_needed()
            page.wait_for_timeout(1000)
            screenshot(page, shots / "lists-map-1920.png")
            assert page.get_by_text("湖北省化工园区名单（园区数）").count() >= 1
            page.set_viewport_size({"width": 1366, "height": 768})
            page.wait_for_timeout(1500)
            page.get_by_text(note).scroll_into_view_if_needed()
            screenshot(page, shots / "lists-map-1366.png")
            assert map_county_count(page) == 103

            page.goto(url + "/county?county=421281", wait_until="domcontentloaded")  # 赤壁市: two parks listed
            page.get_by_text("已导入名单中的本县成员").wait_for(timeout=90_000)
            page.get_by_text("已导入名单中的本县成员").scroll_into_view_if_needed()
            page.wait_for_timeout(1500)
            screenshot(page, shots / "lists-county-1366.png")
            assert page.get_by_text("来源：导入名单（湖北省化工园区名单），非演示数据。").count() == 1
            assert_local_and_clean(log)
        finally:
            page.context.close()
