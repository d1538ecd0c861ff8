"""Page benchmark: warehouse build time, page open → map visible (cold, warm), filter → map redrawn, payload.

Run: `.venv/bin/python -m bench.overview [--runs 5] [--all-pages]` (the overview, or every page but the
catalog; the county page, which has no map, opens with a county selected and is timed to its profile).
It builds its own demo warehouse in a temp folder, starts the real server on a free local port
and drives Debian's chromium. Payload: the websocket bytes of a cold load's script run, split into
the county maps' Plotly figure JSON and the rest, and the county GeoJSON fetched over HTTP.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

TMP = Path(tempfile.mkdtemp(prefix="hubei-bench-"))
os.environ.update(HUBEI_VAR_DIR=str(TMP), HUBEI_WAREHOUSE=str(TMP / "warehouse.duckdb"), HUBEI_RAW_DIR=str(TMP / "raw"))

from data.warehouse import build  # noqa: E402  (settings must see the environment above)
from geo.boundaries import STATIC_GEOJSON  # noqa: E402
from tests.browser.harness import PAGES, Browser, serve  # noqa: E402

MAP = "path.choroplethlocation"
# The county page draws no map, even with a county selected: it is timed to its first indicator table.
COUNTY_PAGE = "/county"
COUNTY_QUERY = "?county=420281"  # 大冶市, read by ui/frame/filters.py county_from_url
PROFILE = '[data-testid="stDataFrame"]'
REDRAWN_WITH_FILTER = """() => [...document.querySelectorAll('.js-plotly-plot')]
    .some(p => (p.data || []).some(t => t.name === '不在筛选范围'))"""
GEOJSON_TIMING = """name => performance.getEntriesByType('resource').filter(e => e.name.endsWith(name))
    .map(e => ({transfer: e.transferSize, body: e.decodedBodySize}))"""


@dataclass
class Load:
    """One page open: seconds to ready, and what it cost on the wire."""
    seconds: float
    ws_bytes: int = 0  # every websocket frame received (decompressed payload) until the script run finished
    map_bytes: list[int] = field(default_factory=list)  # Plotly figure JSON of each county map, in page order
    geojson_bytes: int = 0  # body of static/geo/hubei_counties.json fetched over HTTP (0 when from cache)
    finished: bool = False  # the script run's script_finished message arrived


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


def _messages(frames: list[bytes | str]) -> list[ForwardMsg]:
    return [ForwardMsg.FromString(f) for f in frames if isinstance(f, bytes)]


def _map_specs(messages: list[ForwardMsg]) -> list[int]:
    """Bytes of the figure JSON of every Plotly chart with a choropleth trace (a county map)."""
    sizes = []
    for msg in messages:
        if msg.WhichOneof("type") == "delta" and msg.delta.WhichOneof("type") == "new_element" \
                and msg.delta.new_element.WhichOneof("type") == "plotly_chart":
            spec = msg.delta.new_element.plotly_chart.spec
            if any(t.get("type") == "choropleth" for t in json.loads(spec).get("data", [])):
                sizes.append(len(spec.encode()))
    return sizes


def open_page(url: str, ready: str, context) -> Load:
    """Navigation → `ready` drawn (a county path, or the profile table); then the run's websocket bytes."""
    frames: list[bytes | str] = []
    page = context.new_page()
    page.on("websocket", lambda ws: ws.on("framereceived", lambda f: frames.append(f)))
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator(ready).first.wait_for(timeout=120_000)
    load = Load(time.perf_counter() - started)
    deadline = time.monotonic() + 60  # the rest of the page may still be on its way
    while not (finished := any(m.WhichOneof("type") == "script_finished" for m in _messages(frames))) \
            and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    load.finished = finished
    page.wait_for_timeout(300)
    messages = _messages(frames)
    load.ws_bytes = sum(len(f) for f in frames)
    load.map_bytes = _map_specs(messages)
    load.geojson_bytes = sum(e["body"] for e in page.evaluate(GEOJSON_TIMING, STATIC_GEOJSON.name)
                             if e["transfer"])  # transferSize 0: served from the browser cache
    page.close()
    return load


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


def page_figures(browser: Browser, url: str, ready: str, runs: int) -> dict[str, list]:
    """Cold and warm opens, filter changes (pages with a map) and the cold load's bytes, over several runs."""
    figures: dict[str, list] = {"cold": [], "warm": [], "filter": [], "cold_loads": []}
    warm_up = browser.chromium.new_context()
    open_page(url, ready, warm_up)  # warm the server's caches once
    warm_up.close()
    for _ in range(runs):
        context = browser.chromium.new_context(viewport=browser.viewport)
        cold = open_page(url, ready, context)
        warm = open_page(url, ready, context)
        context.close()
        figures["cold"].append(cold.seconds)
        figures["warm"].append(warm.seconds)
        figures["cold_loads"].append(cold)
        if ready == MAP:
            figures["filter"].append(filter_seconds(browser, url))
    return figures


def _spread(values: list[float], unit: str = "s") -> str:
    return (f"median {statistics.median(values):.2f} {unit} over {len(values)} runs "
            f"(min {min(values):.2f}, max {max(values):.2f})")


def report(name: str, ready: str, figures: dict[str, list]) -> None:
    med = statistics.median
    what = "map visible" if ready == MAP else "profile table visible (the page has no map)"
    print(f"{name} · open → {what}, cold (new browser context): {_spread(figures['cold'])}")
    print(f"{name} · open → {what}, warm (same context): {_spread(figures['warm'])}")
    if figures["filter"]:
        print(f"{name} · filter change (市州=黄石市) → map redrawn: {_spread(figures['filter'])}")
    loads: list[Load] = figures["cold_loads"]
    ws = med(load.ws_bytes for load in loads)
    maps = [sum(load.map_bytes) for load in loads]
    count = med(len(load.map_bytes) for load in loads)
    first = med(load.map_bytes[0] if load.map_bytes else 0 for load in loads)
    unfinished = sum(not load.finished for load in loads)
    run = "whole script run" if not unfinished else f"{unfinished} runs cut off after 60 s"
    print(f"{name} · cold load, websocket (uncompressed payload, {run}): median {ws / 1024:.0f} KiB", end="")
    if not count:
        print(" (no county map)")
        return
    print(f", of which {count:.0f} county-map figure JSON {med(maps) / 1024:.0f} KiB "
          f"(first map {first / 1024:.0f} KiB) and everything else {(ws - med(maps)) / 1024:.0f} KiB")
    print(f"{name} · cold load, county GeoJSON fetched over HTTP: median "
          f"{med(load.geojson_bytes for load in loads) / 1024:.0f} KiB (not in the websocket figures)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--build-runs", type=int, default=3)
    parser.add_argument("--all-pages", action="store_true",
                        help="every page but the catalog (the county page with a county selected), not only 总览")
    args = parser.parse_args()
    try:
        run(args)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)  # the builds: a few warehouses of ~16 MB each


def run(args: argparse.Namespace) -> None:
    builds = build_seconds(args.build_runs)
    print(f"warehouse build (demo, generate+import+publish): {_spread(builds)}")
    pages = [p for p in PAGES if p[0] not in ("/catalog", "/data")] if args.all_pages else PAGES[:1]
    with serve() as url, Browser() as browser:
        for path, title in pages:
            county = path == COUNTY_PAGE
            ready = PROFILE if county else MAP
            report(title, ready, page_figures(browser, url + path + (COUNTY_QUERY if county else ""), ready, args.runs))
    print(f"county GeoJSON file (static/geo/hubei_counties.json, fetched once per browser): "
          f"{STATIC_GEOJSON.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
