"""Page benchmark: warehouse build time, page open → map visible (cold, warm), filter → map redrawn, payload.

Run: `.venv/bin/python -m bench.overview [--runs 5] [--all-pages]` (the overview, or every page with a map).
It builds its own demo warehouse in a temp folder, starts the real server on a free local port
and drives Debian's chromium.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="hubei-bench-"))
os.environ.update(HUBEI_VAR_DIR=str(TMP), HUBEI_WAREHOUSE=str(TMP / "warehouse.duckdb"), HUBEI_RAW_DIR=str(TMP / "raw"))

from data import build  # noqa: E402  (settings must see the environment above)
from geo.boundaries import STATIC_GEOJSON  # noqa: E402
from tests.browser import PAGES, Browser, serve  # noqa: E402

MAP = "path.choroplethlocation"
REDRAWN_WITH_FILTER = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .some(p => (p.data || []).some(t => t.name === '不在筛选范围'))"""


def build_seconds(runs: int) -> list[float]:
    """Full demo builds (generate, import, publish) into fresh files."""
    times = []
    for i in range(runs):
        target = TMP / f"build-{i}.duckdb"
        started = time.perf_counter()
        build.build(target)
        times.append(time.perf_counter() - started)
    build.build(TMP / "warehouse.duckdb")
    return times


def open_seconds(browser: Browser, url: str, context) -> tuple[float, int]:
    """Navigation → first county path drawn; also the websocket bytes received meanwhile."""
    received = []
    page = context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: received.append(len(f))))
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(MAP).first.wait_for(timeout=120_000)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(500)
    page.close()
    return seconds, sum(received)


def filter_seconds(browser: Browser, url: str) -> float:
    """Choose 黄石市 in the prefecture filter → the map shows counties outside the filter."""
    page, _ = browser.open(url)
    page.locator(MAP).first.wait_for(timeout=120_000)
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="市州")
    box.click()
    page.keyboard.type("黄石市")
    started = time.perf_counter()
    page.keyboard.press("Enter")
    page.wait_for_function(REDRAWN_WITH_FILTER, timeout=120_000)
    seconds = time.perf_counter() - started
    page.context.close()
    return seconds


def page_figures(browser: Browser, url: str, runs: int) -> dict[str, list[float]]:
    """Cold and warm opens, filter changes and websocket bytes of one page, over several runs."""
    figures: dict[str, list[float]] = {"cold": [], "warm": [], "filter": [], "ws_bytes_cold": []}
    open_seconds(browser, url, browser.chromium.new_context())  # warm the server's caches once
    for _ in range(runs):
        context = browser.chromium.new_context(viewport=browser.viewport)
        cold, ws_bytes = open_seconds(browser, url, context)
        warm, _ = open_seconds(browser, url, context)
        context.close()
        figures["cold"].append(cold)
        figures["warm"].append(warm)
        figures["ws_bytes_cold"].append(ws_bytes)
        figures["filter"].append(filter_seconds(browser, url))
    return figures


def report(name: str, figures: dict[str, list[float]]) -> None:
    med = statistics.median
    for key, label in (("cold", "open → map visible, cold (new browser context)"),
                       ("warm", "open → map visible, warm (same context)"),
                       ("filter", "filter change (市州=黄石市) → map redrawn")):
        values = figures[key]
        print(f"{name} · {label}: median {med(values):.2f} s over {len(values)} runs "
              f"(min {min(values):.2f}, max {max(values):.2f})")
    print(f"{name} · websocket bytes received on a cold load: median {med(figures['ws_bytes_cold']) / 1024:.0f} KiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("--all-pages", action="store_true", help="every page with a county map, not only 总览")
    args = parser.parse_args()
    builds = build_seconds(args.build_runs)
    med = statistics.median
    print(f"warehouse build (demo, generate+import+publish): median {med(builds):.2f} s over {len(builds)} runs "
          f"(min {min(builds):.2f}, max {max(builds):.2f})")
    pages = [p for p in PAGES if p[0] != "/catalog"] if args.all_pages else PAGES[:1]
    with serve() as url, Browser() as browser:
        for path, title in pages:
            report(title, page_figures(browser, url + path, args.runs))
    print(f"county GeoJSON, fetched once per browser from the static folder: "
          f"{STATIC_GEOJSON.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
