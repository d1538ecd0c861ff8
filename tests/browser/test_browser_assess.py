"""Browser test of 强县考核 in chromium: the page draws its maps and tables with no console error, a click on a
county explains that county's score, and screenshots at 1920×1080 and 1366×768."""

import re

import pytest
from playwright.sync_api import expect

from geo.registry import regions
from tests.browser.harness import Browser, full_screenshot, map_county_count, screenshot, serve
from tests.browser.test_browser import assert_local_and_clean


@pytest.fixture(scope="module")
def server(warehouse):
    with serve() as url:
        yield url


def wait_for_page(page) -> None:
    page.get_by_text("强县考核", exact=True).first.wait_for(timeout=90_000)
    page.locator("path.choroplethlocation").first.wait_for(timeout=90_000)
    page.get_by_text("评分细则与版本记录").first.wait_for(timeout=90_000)
    page.get_by_text("演示数据").first.wait_for(timeout=30_000)
    page.wait_for_timeout(2000)  # the later maps and late console messages


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768)])
def test_assess_page_in_chromium(server, artifacts, width, height):
    with Browser(width, height) as browser:
        page, log = browser.open(server + "/assess")
        try:
            wait_for_page(page)
            assert map_county_count(page) == 103
            assert page.locator(".js-plotly-plot").count() >= 5  # two maps of scores, movers, 三匹配 scatter and map
            shots = artifacts / "screenshots"
            shots.mkdir(parents=True, exist_ok=True)
            screenshot(page, shots / f"assess-{width}x{height}.png")
            full_screenshot(page, shots / f"assess-{width}x{height}-full.png")
        finally:
            page.close()
    assert_local_and_clean(log)


def test_a_click_on_the_map_explains_that_county(server, artifacts):
    names = {r.adcode: r.name for r in regions()}
    with Browser() as browser:
        page, log = browser.open(server + "/assess")
        try:
            wait_for_page(page)
            county = page.locator("path.choroplethlocation").nth(30)
            adcode = county.evaluate("p => p.__data__.loc")
            county.click(force=True)
            page.wait_for_url(re.compile(f"county={adcode}"), timeout=60_000)
            explain = page.locator('[data-testid="stSelectbox"]').filter(has_text="县（市、区）")
            expect(explain.locator("input").first).to_have_value(names[adcode], timeout=60_000)
            page.wait_for_timeout(1000)
            full_screenshot(page, artifacts / "screenshots" / "assess-clicked.png")
        finally:
            page.close()
    assert_local_and_clean(log)
