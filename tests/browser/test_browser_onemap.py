"""全省一张图 in chromium's software WebGL: it draws counties and points, asks nothing of the outside world, and
raises the counties in 3D on request."""

import io
from urllib.parse import urlparse

from PIL import Image

from tests.browser.harness import LOCAL_HOSTS, Browser, full_screenshot, known_probe_404


def drawn_share(page) -> float:
    """Share of the deck canvas's pixels that are not background white: 0 for an empty map."""
    image = Image.open(io.BytesIO(page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.screenshot()))
    pixels = list(image.convert("RGB").getdata())
    return sum(1 for p in pixels if min(p) < 235) / len(pixels)


def assert_offline_and_clean(log) -> None:
    outside = [u for u in log.requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
               and urlparse(u).hostname not in LOCAL_HOSTS]
    assert outside == []
    assert [e for e in log.console_errors if not known_probe_404(e, log.failed_responses)] == []
    assert log.page_errors == []


def test_one_map_draws_every_layer_offline_and_raises_in_3d(server, artifacts):
    with Browser() as browser:
        page, log = browser.open(server + "/onemap")
        page.locator('[data-testid="stDeckGlJsonChart"] canvas').first.wait_for(timeout=90_000)
        page.wait_for_timeout(3000)
        flat = drawn_share(page)
        assert flat > 0.15, f"the map is nearly empty ({flat:.0%} drawn)"
        for name in ("绿色工厂（按梯度）", "工业增长点（按状态）"):
            page.get_by_role("button", name=name).click()
            page.wait_for_timeout(2500)
        assert page.get_by_text("绿色工厂（按梯度）").count() >= 2  # the pill and its legend row
        full_screenshot(page, artifacts / "screenshots" / "onemap-layers.png")
        page.locator('[data-testid="stSelectbox"]').filter(has_text="三维高度").click()
        page.keyboard.type("规上企业数")
        page.keyboard.press("Enter")
        page.get_by_text("高度：").first.wait_for(timeout=60_000)
        page.wait_for_timeout(3000)
        assert drawn_share(page) > 0.1
        full_screenshot(page, artifacts / "screenshots" / "onemap-3d.png")
        page.wait_for_timeout(1000)
        assert_offline_and_clean(log)
