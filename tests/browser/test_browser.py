"""Browser test: the real server in Debian's chromium via playwright: every page, the map, no console error.

Also: no request leaves the machine, 演示数据 is visible, and a click on a county selects it.
"""

import re
from urllib.parse import urlparse

import pytest
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from tests.browser.harness import (
    LOCAL_HOSTS,
    PAGES,
    Browser,
    PageLog,
    RunWatch,
    chart_text_faults,
    clipped_button_labels,
    full_screenshot,
    known_probe_404,
    map_county_count,
    screenshot,
    wait_for_charts,
)

NO_COUNTY_MAP = {"/catalog", "/county", "/data"}


def choose_prefecture(page, name: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="市州")
    box.click()
    page.keyboard.type(name)
    page.keyboard.press("Enter")


# The map's legend lists 不在筛选范围 once a filter leaves counties out: the map was redrawn.
FILTERED_LEGEND = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .some(p => (p.data || []).some(t => t.type === 'scattergeo' && (t.name || '').startsWith('不在筛选范围')))"""


def assert_local_and_clean(log: PageLog) -> None:
    """No request left the machine, no console error but Streamlit's known probe 404s, no page error."""
    offsite = {u for u in log.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS}
    assert not offsite, f"requests left the machine: {sorted(offsite)[:5]}"
    errors = [e for e in log.console_errors if not known_probe_404(e, log.failed_responses)]
    assert not errors, errors
    assert not log.page_errors, log.page_errors


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


@pytest.mark.parametrize("path,title", PAGES)
def test_page_in_chromium(server, browser, artifacts, path, title):
    page, log = browser.open(server + path)
    try:
        page.get_by_text(title, exact=True).first.wait_for(timeout=60_000)
        page.get_by_text("演示数据").first.wait_for(timeout=30_000)
        if path not in NO_COUNTY_MAP:
            page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
            assert map_county_count(page) == 103
        page.wait_for_timeout(1500)  # let late requests and console messages arrive
        shot = artifacts / "screenshots" / f"{path.strip('/') or 'overview'}.png"
        shot.parent.mkdir(parents=True, exist_ok=True)
        full_screenshot(page, shot)
        small = shot.with_name(shot.stem + "-1366x768.png")
        page.set_viewport_size({"width": 1366, "height": 768})
        page.wait_for_timeout(800)
        screenshot(page, small)
        assert clipped_button_labels(page) == []
        assert chart_text_faults(page) == []
        if path not in NO_COUNTY_MAP:  # a filter change redraws the map
            page.set_viewport_size(browser.viewport)
            choose_prefecture(page, "黄石市")
            page.wait_for_function(FILTERED_LEGEND, timeout=60_000)
    finally:
        page.close()
    assert_local_and_clean(log)


def test_the_sidebar_shows_every_page_without_an_english_view_more(server, browser):
    """Streamlit folds a navigation of more than twelve pages behind "View N more" (in English, and 县域画像
    and the data pages hidden behind it) once the sidebar holds anything below the menu, as our filters do."""
    page, _ = browser.open(server + "/")
    try:
        page.set_viewport_size({"width": 1366, "height": 768})
        page.get_by_text("演示数据").first.wait_for(timeout=60_000)
        links = page.locator('[data-testid="stSidebarNavLink"]')
        titles = [t.strip().splitlines()[-1] for t in links.all_inner_texts()]  # after the icon's name
        for _, title in [*PAGES, (None, "全省一张图"), (None, "目标责任"), (None, "账户管理")]:
            assert title in titles, (title, titles)
        assert page.locator('[data-testid="stSidebarNavViewButton"]').count() == 0
        assert not page.locator('[data-testid="stSidebarNav"]').get_by_text(re.compile("View")).count()
    finally:
        page.close()


def test_click_on_a_county_selects_it(server, browser, artifacts):
    page, log = browser.open(server + "/")
    try:
        page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
        county = page.locator("path.choroplethlocation").nth(40)
        county.click(force=True)
        page.get_by_text(re.compile("已选：")).first.wait_for(timeout=30_000)
        page.locator("path.choroplethlocation").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
        full_screenshot(page, artifacts / "screenshots" / "overview-selected.png")
    finally:
        page.close()
    assert_local_and_clean(log)


# Opacity of the counties on the first map, as drawn: plotly fades unselected points to 0.2.
COUNTY_OPACITIES = """() => [...document.querySelector('.js-plotly-plot:has(path.choroplethlocation)')
    .querySelectorAll('path.choroplethlocation')]
    .map(p => getComputedStyle(p).opacity)"""


def test_a_click_on_the_selected_county_clears_it_and_fades_nothing(server, browser, artifacts):
    page, log = browser.open(server + "/")
    try:
        page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
        county, chosen = page.locator("path.choroplethlocation").nth(40), page.get_by_text(re.compile("^已选："))
        county.click(force=True)
        chosen.first.wait_for(timeout=30_000)
        wait_for_charts(page)
        county.click(force=True)  # the selected county again
        chosen.first.wait_for(state="detached", timeout=30_000)
        wait_for_charts(page)
        page.wait_for_timeout(1000)
        screenshot(page, artifacts / "screenshots" / "overview-selection-cleared.png")
        opacities = page.evaluate(COUNTY_OPACITIES)
    finally:
        page.close()
    assert len(opacities) == 103 and set(opacities) == {"1"}
    assert_local_and_clean(log)


def test_selection_follows_to_other_pages_and_filters_redraw(server, browser, artifacts):
    page, log = browser.open(server + "/")
    try:
        page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
        page.locator("path.choroplethlocation").nth(20).click(force=True)
        chosen = page.get_by_text(re.compile("^已选：")).first
        chosen.wait_for(timeout=30_000)
        county = chosen.inner_text().removeprefix("已选：").strip()
        page.get_by_role("link", name="稳步增长").click()
        page.get_by_text(f"已选：{county}").first.wait_for(timeout=60_000)
        choose_prefecture(page, "黄石市")
        page.wait_for_function(FILTERED_LEGEND, timeout=60_000)
        page.wait_for_timeout(1000)  # let late requests and console messages arrive
        full_screenshot(page, artifacts / "screenshots" / "growth-filtered.png")
    finally:
        page.close()
    assert_local_and_clean(log)


# Per map on the page: how many county paths it draws (103, or 104 with the selected county's outline) and how many
# of them plotly has faded.
MAP_PATHS = """() => [...document.querySelectorAll('.js-plotly-plot:has(path.choroplethlocation)')].map(p => {
    const paths = [...p.querySelectorAll('path.choroplethlocation')];
    return [paths.length, paths.filter(e => getComputedStyle(e).opacity !== '1').length]; })"""


def test_a_click_on_a_secondary_map_selects_the_county_outlined_on_the_pages_map_and_nothing_fades(server, browser):
    """数字化转型's first map (a target's coverage) keeps its figure on a click: the page's own map outlines the
    county, the coverage maps name it in words, nothing fades; clicking it again keeps it selected (the outlined
    map's second click clears it: test_a_click_on_the_selected_county_clears_it_and_fades_nothing)."""
    page, log = browser.open(server + "/digital")
    try:
        page.locator("path.choroplethlocation").first.wait_for(timeout=60_000)
        wait_for_charts(page)
        coverage = page.locator(".js-plotly-plot:has(path.choroplethlocation)").first
        named = page.get_by_text(re.compile("^已选 .+：(已达标|未达标|无数据)"))
        drawn = []
        for _ in range(3):  # plotly's own selection toggles on a map that keeps its figure: select, -, select
            coverage.locator("path.choroplethlocation").nth(40).click(force=True)
            named.first.wait_for(timeout=30_000)
            wait_for_charts(page)
            drawn.append(page.evaluate(MAP_PATHS))
            names = {n.inner_text() for n in named.all()}
    finally:
        page.close()
    for maps in drawn:
        assert sorted(maps)[-1] == [104, 0] and [103, 0] in maps  # outlined on the page's map only
        assert all(faded == 0 for _, faded in maps)
    assert len({n.split("：")[0] for n in names}) == 1  # every coverage map names the same county
    assert_local_and_clean(log)


FULL_RUN, FRAGMENT_RUN = (ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
                          ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


def click_county(page, runs: RunWatch, nth: int) -> list[int]:
    """Click the nth county path of 稳步增长's own map; how the runs it caused ended."""
    before = runs.finished
    page.locator(".st-key-growth_map path.choroplethlocation").nth(nth).click(force=True)
    runs.wait_after(page, before)
    wait_for_charts(page)
    return runs.statuses[before:]


def test_a_county_click_reruns_what_shows_the_county_and_the_whole_page_once_a_list_follows_it(server, browser,
                                                                                                 artifacts):
    """稳步增长: a click outlines the county, shows its card and adds it to the trend, in a fragment run (the
    sidebar, the targets and the other charts stay as drawn); with 仅看已选县 on, the project list follows the
    county, so a click on another one reruns the page whole and the switch names it."""
    page, log = browser.open(server + "/growth")
    runs = RunWatch(page)
    page.reload()  # the watch sees the websocket from the start
    try:
        page.locator(".st-key-growth_map path.choroplethlocation").first.wait_for(timeout=60_000)
        wait_for_charts(page)
        first = click_county(page, runs, 40)
        card = page.get_by_text(re.compile("^已选：")).first
        county = card.inner_text().removeprefix("已选：").strip()
        compared = page.locator(".st-key-growth_compare").inner_text()
        before = runs.finished
        page.get_by_text(re.compile("^仅看已选县")).first.click()
        runs.wait_after(page, before)
        wait_for_charts(page)
        second = click_county(page, runs, 10)
        switch = page.get_by_text(re.compile("^仅看已选县")).first.inner_text()
        full_screenshot(page, artifacts / "screenshots" / "growth-county-click.png")
    finally:
        page.close()
    assert FRAGMENT_RUN in first and FULL_RUN not in first, first
    assert county[:2] in compared and county[:2] not in switch
    assert FULL_RUN in second, second
    assert_local_and_clean(log)
