"""Side by side with the naive one-map app (../shared/bench/naive): page open → map, county click → rerun done.

Run: `.venv/bin/python -m bench.versus_naive [--rounds 5] [--page /]`. Both servers run at once on this
machine; the two apps are timed alternately in every round (the order flips each round), so a busy moment
of a shared machine falls on both. Absolute times vary by 2× from day to day here; the ratios of one run
do not. Per app and round:
- open: a new browser context (nothing cached) navigates to the page → 103 county paths drawn in its map;
- click: once every chart of the page is drawn (harness.wait_for_charts: a click into a page still mounting its
  lower charts waited for them), a click on a county of that map → the rerun it caused has finished (the
  websocket's script_finished) and no other run followed within SETTLE s; plus the server CPU seconds it cost;
- click → quiet: the same click → the end of the last long task (≥ 50 ms, chromium's PerformanceObserver) the
  browser ran for it, or the rerun's end if none: when what the user sees is drawn and the page answers again.
  On a task page the browser's part is most of it: every chart whose figure changed is mounted afresh.
Prints medians per app and our/naive ratios.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="hubei-bench-naive-"))
os.environ.update(HUBEI_VAR_DIR=str(TMP), HUBEI_WAREHOUSE=str(TMP / "warehouse.duckdb"), HUBEI_RAW_DIR=str(TMP / "raw"))

from bench.common import cpu_seconds, server_pid  # noqa: E402
from data.warehouse import build  # noqa: E402  (settings must see the environment above)
from tests.browser.harness import Browser, RunWatch, map_county_count, serve, wait_for_charts  # noqa: E402

NAIVE_APP = Path(__file__).resolve().parents[2] / "shared" / "bench" / "naive" / "app.py"
DRAW_WAIT_MS = 1500  # after the rerun: time for the browser to draw it (long tasks are collected meanwhile)
# Ends of the page's long tasks from now on, and the page's clock now.
LONG_TASKS = """() => { window.__longTaskEnds = [];
    new PerformanceObserver(l => l.getEntries().forEach(e => window.__longTaskEnds.push(e.startTime + e.duration)))
        .observe({type: 'longtask'});
    return performance.now(); }"""
COUNTIES = 103


@dataclass
class Timings:
    opens: list[float] = field(default_factory=list)
    clicks: list[float] = field(default_factory=list)
    click_cpu: list[float] = field(default_factory=list)
    quiet: list[float] = field(default_factory=list)


def serve_naive():
    """The naive app as its README says: `streamlit run app.py` from its own folder, static serving on."""
    return serve(120, cwd=NAIVE_APP.parent, args=("--server.enableStaticServing", "true",
                                                   "--browser.gatherUsageStats", "false"))


def county_point(page) -> tuple[float, float]:
    """The centre of a county that lies well inside the first map (the largest drawn path's bounding box)."""
    return page.evaluate("""() => {
        const plot = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => p.querySelector('path.choroplethlocation'));
        plot.scrollIntoView({block: 'center'});
        const boxes = [...plot.querySelectorAll('path.choroplethlocation')].map(p => p.getBoundingClientRect());
        const b = boxes.sort((a, c) => c.width * c.height - a.width * a.height)[0];
        return [b.left + b.width / 2, b.top + b.height / 2];
    }""")


def time_app(browser: Browser, url: str, pid: int, into: Timings) -> None:
    """One open (fresh context) and one county click of an app, added to its timings."""
    context = browser.chromium.new_context(viewport=browser.viewport, locale="zh-CN")
    page = context.new_page()
    runs = RunWatch(page)
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    while map_county_count(page) < COUNTIES:
        page.wait_for_timeout(20)
        if time.perf_counter() - started > 120:
            raise TimeoutError(f"{url}: the map never drew {COUNTIES} counties")
    into.opens.append(time.perf_counter() - started)
    runs.wait_after(page, 0)
    wait_for_charts(page)  # the click lands on a drawn page, not on a browser still mounting the lower charts
    x, y = county_point(page)
    page_clock = page.evaluate(LONG_TASKS)
    before, cpu_before = runs.finished, cpu_seconds(pid)[0]
    clicked = time.perf_counter()
    page.mouse.click(x, y)
    finished = runs.wait_after(page, before)
    into.clicks.append(finished - clicked)
    into.click_cpu.append(cpu_seconds(pid)[0] - cpu_before)
    page.wait_for_timeout(DRAW_WAIT_MS)
    task_ends = [(end - page_clock) / 1000 for end in page.evaluate("() => window.__longTaskEnds")]
    into.quiet.append(max([finished - clicked, *task_ends]))
    context.close()


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def report(ours: Timings, naive: Timings, page: str) -> None:
    rows = [("page open → 103 counties drawn", ours.opens, naive.opens, "s"),
            ("county click → rerun done", ours.clicks, naive.clicks, "s"),
            ("county click → page quiet", ours.quiet, naive.quiet, "s"),
            ("server CPU per click", ours.click_cpu, naive.click_cpu, "s")]
    print(f"\n{page} vs the naive app, {len(ours.opens)} alternating rounds (medians):")
    for name, a, b, unit in rows:
        print(f"  {name:32s} ours {median(a):6.3f} {unit} · naive {median(b):6.3f} {unit} · "
              f"ratio {median(a) / median(b):.2f}   (ours {', '.join(f'{v:.2f}' for v in a)})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--page", default="/", help="our page to compare, e.g. / or /growth")
    args = parser.parse_args()
    if not NAIVE_APP.exists():
        sys.exit(f"没有找到对照应用：{NAIVE_APP}")
    build.build(TMP / "warehouse.duckdb")
    ours, naive = Timings(), Timings()
    with serve(timeout=300) as our_url, serve_naive() as naive_url, Browser() as browser:
        our_pid, naive_pid = (server_pid(u.rsplit(":", 1)[1]) for u in (our_url, naive_url))
        apps = [(our_url + args.page, our_pid, ours), (naive_url, naive_pid, naive)]
        for url, pid, _ in apps:  # warm both servers once (imports, first queries, boundary reads)
            time_app(browser, url, pid, Timings())
        for round_no in range(args.rounds):
            for url, pid, timings in (apps if round_no % 2 == 0 else apps[::-1]):
                time_app(browser, url, pid, timings)
    report(ours, naive, args.page)


if __name__ == "__main__":
    main()
