"""The prefecture level in chromium: opened from a link with ?level=prefecture, the 17 units drawn as areas with
their league table and no text cut (1920×1080 and 1366×768); a click on a prefecture drills to its counties; a
title of three lines (an industry's prefecture map) keeps its subtitle off the map in every mode."""

import pytest

from geo.registry import regions
from tests.browser.harness import Browser, screenshot, wait_for_charts
from tests.browser.test_browser_maps import text_past_edges


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.mark.parametrize(("width", "height"), [(1920, 1080), (1366, 768)])
def test_a_prefecture_map_from_a_link(server, browser, artifacts, width, height):
    context = browser.chromium.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page, _log = browser.open(server + "/?level=prefecture", context=context)
    try:
        page.get_by_text("（按市州）排行").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        page.get_by_text("层级", exact=True).first.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        screenshot(page, artifacts / "screenshots" / f"prefecture-map-{width}.png")
        assert "level=prefecture" in page.url
        faults = text_past_edges(page)
        assert faults == [], "\n".join(faults)
    finally:
        context.close()


def title_clearance(page) -> dict:
    """The first county map's title lines, and how far the top of its counties lies under the title's and the
    subtitle's text (px; negative: the text runs over the map)."""
    return page.evaluate("""() => {
        const plot = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => p.querySelector('path.choroplethlocation'));
        const counties = [...plot.querySelectorAll('path.choroplethlocation')].map(p => p.getBoundingClientRect())
            .filter(b => b.height > 0);
        const top = Math.min(...counties.map(b => b.top));
        const title = plot.querySelector('.gtitle'), subtitle = plot.querySelector('.gtitle-subtitle');
        const under = text => top - text.getBoundingClientRect().bottom;
        return {lines: title.querySelectorAll('tspan.line').length || 1, title: under(title),
                subtitle: under(subtitle)};
    }""")


@pytest.mark.parametrize("mode", ["present", "elder", "standard"])
def test_a_three_line_map_title_keeps_its_subtitle_off_the_map(server, browser, artifacts, mode):
    """At 1920×1080 the map is as tall as its plot, so the top county (十堰) touches the plot's top: a title or
    subtitle the top margin does not hold runs over it."""
    page, _log = browser.open(server + f"/?industry=C36&level=prefecture&mode={mode}")
    try:
        page.get_by_text("（按市州）排行").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        screenshot(page, artifacts / "screenshots" / f"three-line-title-{mode}.png")
        clearance = title_clearance(page)
        assert clearance["lines"] == 3, clearance  # the case this test is about
        assert clearance["title"] >= 0 and clearance["subtitle"] >= 0, clearance
    finally:
        page.close()


def test_a_click_on_a_prefecture_drills_to_its_counties(server, browser):
    prefecture_of = {r.adcode: r.prefecture_code for r in regions()}
    page, _log = browser.open(server + "/?level=prefecture")
    try:
        page.get_by_text("（按市州）排行").first.wait_for(timeout=90_000)
        wait_for_charts(page)
        county = page.locator("path.choroplethlocation").nth(30)
        adcode = county.evaluate("p => p.__data__.loc")
        county.click(force=True)
        # The link changes in place (history.replaceState): no navigation to wait for.
        page.wait_for_function("() => location.search.includes('prefecture=')"
                               " && !location.search.includes('level=prefecture')", timeout=60_000)
        page.get_by_text("（按市州）排行").first.wait_for(state="detached", timeout=60_000)
        chosen = page.locator('[data-testid="stSelectbox"]').filter(has_text="市州").locator("input").first
        names = {r.prefecture_code: r.prefecture for r in regions()}
        assert chosen.input_value() == names[prefecture_of[adcode]]
    finally:
        page.close()
