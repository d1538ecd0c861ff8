"""An industry map in chromium: opened from a link with ?industry=, titled with the industry, every county drawn,
no text cut, at 1920×1080 and 1366×768; a county's profile shows its industry mix."""

import pytest

from tests.browser.harness import Browser, map_county_count, screenshot, wait_for_charts
from tests.browser.test_browser_maps import map_title, text_past_edges


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_an_industry_map_from_a_link_names_the_industry_and_draws_every_county(server, browser, artifacts,
                                                                               width, height):
    context = browser.chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page, log = browser.open(server + "/cluster?industry=auto", context=context)
    try:
        page.get_by_text("汽车（C36）：").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        page.get_by_text("二、先进与后进").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        screenshot(page, artifacts / "screenshots" / f"industry-map-{width}.png")
        assert map_title(page) != ""
        titles = page.evaluate("() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                               ".map(t => t.textContent)")
        assert any(t.startswith("汽车（C36）：产值占本县比重") for t in titles), titles
        assert "按大类C36汽车制造业汇总" in page.inner_text("body")  # the named industry's definition
        faults = text_past_edges(page)
        assert faults == [], "\n".join(faults)
        assert not log.page_errors  # (a deep link's /cluster/_stcore probes 404 before the root ones: Streamlit's own)
    finally:
        context.close()


def test_every_county_is_drawn_for_an_industry_some_counties_lack(server, browser):
    page, _log = browser.open(server + "/?industry=C16")  # 烟草: few counties have a firm
    try:
        page.get_by_text("C16 烟草制品业：").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        assert map_county_count(page) == 103
    finally:
        page.close()


def test_a_county_profile_shows_its_industry_mix(server, browser, artifacts):
    page, _log = browser.open(server + "/county?county=420281")
    try:
        page.get_by_text("行业结构").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        page.get_by_text("行业结构", exact=True).scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        screenshot(page, artifacts / "screenshots" / "county-industry-mix.png")
        assert "C32 有色金属冶炼和压延加工业" in page.inner_text("body")
    finally:
        page.close()
