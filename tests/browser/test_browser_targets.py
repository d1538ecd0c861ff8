"""目标责任 in chromium at 1920×1080 and 1366×768: the pace map draws all 103 counties with its legend, no chart
text is cut or overlapped, the league table's buttons keep their labels, and a click on a county selects it."""

import pytest

from tests.browser.harness import (
    Browser,
    chart_text_faults,
    clipped_button_labels,
    full_screenshot,
    map_county_count,
    wait_for_charts,
)
from tests.browser.test_browser_maps import text_past_edges


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_the_pace_map_and_league_table_fit_the_screen(server, browser, artifacts, width, height):
    context = browser.chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page, log = browser.open(server + "/targets", context=context)
    try:
        page.get_by_text("下达目标的县").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        full_screenshot(page, artifacts / "screenshots" / f"targets-{width}.png")
        assert map_county_count(page) == 103
        legend = page.locator(".js-plotly-plot .legendtext").all_text_contents()
        assert any(t.startswith("落后序时进度（") for t in legend), legend
        faults = chart_text_faults(page) + text_past_edges(page) + clipped_button_labels(page)
        assert faults == [], "\n".join(faults)
        assert not log.page_errors, log.page_errors
    finally:
        context.close()


def test_a_click_on_a_county_shows_its_targets(server, browser):
    page, _log = browser.open(server + "/targets")
    try:
        page.get_by_text("下达目标的县").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        page.locator("path.choroplethlocation").nth(40).click(force=True)
        page.get_by_text("已选县（市、区）的责任目标").wait_for(timeout=60_000)
        assert "county=" in page.url
    finally:
        page.close()
