"""强县考核 benchmark: each query of the page, p50/p95 over repeated runs; the key-county list; the page in chromium.

Run: `.venv/bin/python -m bench.assess [--runs 20] [--page-runs 5]`. It builds its own demo warehouse in
a temp folder (and saves a meeting snapshot in it, for the snapshot comparison), then times every query
the page runs with the parameters a first visit uses, uncached (`queries.execute` on a cursor of the
read-only connection, as `queries.run` does on a cache miss), and the page served by the real server in
headless chromium: navigation → first map drawn and → every chart drawn, beside a task-area page.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import tempfile
import time
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="hubei-bench-assess-"))
os.environ.update(HUBEI_VAR_DIR=str(TMP), HUBEI_WAREHOUSE=str(TMP / "warehouse.duckdb"), HUBEI_RAW_DIR=str(TMP / "raw"),
                  HUBEI_USERS=str(TMP / "users.json"))

import queries  # noqa: E402  (settings must see the environment above)
import settings  # noqa: E402
from data.warehouse import assessment, build, snapshots  # noqa: E402

NO_FILTER = {"prefecture": None, "metro_circle": None, "county_type": None, "in_scope_only": False}
HUANGSHI = {**NO_FILTER, "prefecture": "420200"}


def cases(period, snapshot: int) -> list[tuple[str, str, dict]]:
    """(label, query, parameters): what a first visit runs, and the variants a user reaches in one click."""
    scored = {"version": 1, "period": period, "snapshot": None, "cut_high": None, "cut_low": None}
    return [
        ("versions", "assess/versions", {}),
        ("county scores", "assess/score_by_county", {**scored, **NO_FILTER}),
        ("county scores, 黄石市", "assess/score_by_county", {**scored, **HUANGSHI}),
        ("county scores vs snapshot", "assess/score_by_county", {**scored, "snapshot": snapshot, **NO_FILTER}),
        ("prefecture scores", "assess/score_by_prefecture", {**scored, **NO_FILTER}),
        ("score explained (大冶)", "assess/score_explain", {"version": 1, "period": period, "adcode": "420281"}),
        ("monthly ranks since 2024-01", "assess/rank_history", {"version": 1, "as_of": period}),
        ("三匹配", "assess/three_match_by_county", {"period": period, "threshold": 5.0, **NO_FILTER}),
        ("rules", "assess/rules", {"version": 1}),
        ("version changes", "assess/version_changes", {"version": 1}),
        ("indicator choices (editor)", "assess/indicator_choices", {}),
    ]


def timed(fn, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return times


def _p(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1] if len(values) > 1 else values[0]


def line(label: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return f"{label} · p50 {_p(ms, 50):.1f} ms, p95 {_p(ms, 95):.1f} ms over {len(ms)} runs"


def query_figures(runs: int) -> None:
    period = queries.run("common/months")["period"].max().date()
    snapshot = snapshots.save("基准测试快照", period, by="bench")
    print(f"queries of 强县考核, {period:%Y-%m}, uncached:")
    total = []
    for label, name, params in cases(period, snapshot):
        cursor = queries.connection().cursor()
        try:
            seconds = timed(lambda n=name, p=params, c=cursor: queries.execute(c, n, **p), runs)
        finally:
            cursor.close()
        total.append(statistics.median(seconds))
        print("  " + line(label, seconds))
    print(f"  sum of the medians (one cold visit's queries, run one after another): {sum(total) * 1000:.0f} ms")
    history = queries.run("assess/rank_history", version=1, as_of=period)
    print("  " + line("key-county list (pandas)", timed(lambda: assessment.key_list(history,
                                                                                     assessment.KeyListRule()), runs)))


ALL_DRAWN = """() => document.querySelectorAll('.js-plotly-plot').length >= 5
    && document.body.innerText.includes('评分细则与版本记录')"""
REFERENCE = "/growth"  # a task-area page timed alongside: on a shared machine only the comparison is stable


def open_page(url: str, context, everything: bool) -> tuple[float, float | None]:
    """Navigation → the first map drawn, and (everything) → every chart of the page drawn (seconds)."""
    page = context.new_page()
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    page.locator("path.choroplethlocation").first.wait_for(timeout=300_000)
    first_map = time.perf_counter() - started
    if everything:
        page.wait_for_function(ALL_DRAWN, timeout=300_000)
    all_drawn = time.perf_counter() - started if everything else None
    page.close()
    return first_map, all_drawn


def page_figures(runs: int) -> None:
    """强县考核 and a reference page in headless chromium: a new browser context (cold), then the same (warm)."""
    from tests.browser.harness import Browser, serve

    figures: dict[str, list[float]] = {}
    with serve() as url, Browser() as browser:
        warm_up = browser.chromium.new_context()
        for path in ("/assess", REFERENCE):  # fill the server's query cache once, as any earlier visitor does
            open_page(url + path, warm_up, everything=False)
        warm_up.close()
        for _ in range(runs):
            for path in ("/assess", REFERENCE):
                context = browser.chromium.new_context(viewport=browser.viewport)
                for kind in ("cold", "warm"):
                    first_map, all_drawn = open_page(url + path, context, everything=path == "/assess")
                    figures.setdefault(f"{path} → first map, {kind}", []).append(first_map)
                    if all_drawn is not None:
                        figures.setdefault(f"{path} → every chart, {kind}", []).append(all_drawn)
                context.close()
    print(f"pages in chromium (server query cache warm; cold = new browser context; {REFERENCE} for reference):")
    for label, seconds in figures.items():
        print("  " + line(f"open {label}", seconds))
    print(f"  machine load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--page-runs", type=int, default=5)
    args = parser.parse_args()
    try:
        started = time.perf_counter()
        build.build(settings.WAREHOUSE_PATH)
        print(f"demo warehouse built in {time.perf_counter() - started:.1f} s")
        query_figures(args.runs)
        page_figures(args.page_runs)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
