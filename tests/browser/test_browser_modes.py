"""A shared link in chromium: filters, picker and 演示模式 from the URL reproduce the view; leaving the mode works."""

from urllib.parse import quote

import pytest

from tests.browser.harness import Browser, chart_text_faults, full_screenshot, screenshot, wait_for_charts

LINK = (f"/growth?prefecture={quote('黄石市')}&as_of={quote('2026年9月')}&growth_method={quote('先进/中游/后进')}"
        "&mode=present")


@pytest.fixture(scope="module")
def browser():
    with Browser() as b:
        yield b


def legend_names(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot .legendtext')]
        .map(t => t.textContent)""")


def test_a_link_reopens_the_view_in_present_mode(server, browser, artifacts):
    page, _log = browser.open(server + LINK)
    try:
        page.get_by_text("退出演示模式").wait_for(timeout=90_000)
        page.locator("path.choroplethlocation").first.wait_for(timeout=90_000)
        page.get_by_text("排行 · 黄石市 · 2026年9月").first.wait_for(timeout=60_000)
        page.wait_for_timeout(1500)
        screenshot(page, artifacts / "screenshots" / "link-present.png")
        assert not page.locator('[data-testid="stSidebar"]').is_visible()
        assert {"先进", "中游", "后进"} <= set(legend_names(page))  # the link's colouring, not the default
        root_px = page.evaluate("() => getComputedStyle(document.documentElement).fontSize")
        assert root_px == "20px"
        page.get_by_text("退出演示模式").click()
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=60_000)
        page.wait_for_function("() => !new URL(location.href).searchParams.has('mode')", timeout=30_000)
        assert "prefecture=" in page.url  # the rest of the view stays in the link
    finally:
        page.close()


@pytest.mark.parametrize("path", ["/green", "/digital"])
def test_in_elder_mode_at_1366_legends_and_footers_keep_clear(server, browser, artifacts, path):
    """The longest legends (overlay layers, point categories) in the largest text, at a laptop's width."""
    narrow = browser.chromium.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page, _log = browser.open(server + path + "?mode=elder", context=narrow)
    try:
        wait_for_charts(page)
        faults = chart_text_faults(page)
        full_screenshot(page, artifacts / "screenshots" / f"elder-1366{path.replace('/', '-')}.png")
        assert faults == []
    finally:
        narrow.close()
