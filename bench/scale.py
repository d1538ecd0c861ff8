"""Scale benchmark: warehouse build, every page's queries (p50/p95, cold and warm), chromium page times, server RSS.

Run: `nice -n 10 .venv/bin/python -m bench.scale --size 1m` (small | 1m | 10m) [--runs 20] [--browser-runs 3]
[--reuse] [--no-browser]. It builds the demo at that size (data/demo/scale.py) into /tmp/scale-<size>/
(HUBEI_VAR_DIR, HUBEI_WAREHOUSE and HUBEI_RAW_DIR point there, never at var/), or with --reuse opens
the one built before. Then:

- build: total seconds and per phase (generate, each template import, the bulk Parquet load);
  the template importer's rows per second on a sample of the enterprise-month rows
  (`python -m data.warehouse.load --dry-run`, the user's path), to show why the scale build loads in bulk;
- queries: AppTest opens every page of app.py, then sets 市州=黄石市, then selects 大冶市, then the
  industry 汽车, and records each `queries.run` call with its parameters (the pages' own query list). Each distinct
  call runs --runs times cold (a new DuckDB instance: connection opened, first run timed; the
  OS file cache stays warm) and --runs times warm (same connection, after one run). Timed is
  the SQL (`queries.execute`), not run()'s frame cache, which makes a repeat free;
- browser: the real server (its own process) in headless chromium, per page with a map as in
  bench/overview.py: open → map visible (cold and warm context), 市州 filter → map redrawn;
  the county page is timed to its profile table;
- memory: VmRSS and VmHWM (peak) of the streamlit process from /proc/<pid>/status, after start
  and after each page's browser runs.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from bench.common import env, quantiles, server, status, use_dir

ROOT = Path(__file__).resolve().parents[1]
TARGET_P95 = {"small": 0.1, "1m": 0.1, "10m": 0.5}  # seconds, every query
SAMPLE_ROWS = 100_000  # enterprise-month rows through the template importer
ENTERPRISE_QUERIES = ("detail/enterprises_with_honours", "county/honoured_enterprises", "entity/honour_pyramid")
INDUSTRY = "auto"  # the industry the pages are cut by last (汽车 = C36)


# ---- build ------------------------------------------------------------------------------------

def build(size: str) -> None:
    """Build the demo at size, printing the total and each phase (from the build's progress messages)."""
    import settings
    from data.warehouse import build as warehouse

    marks: list[tuple[float, str]] = []
    started = time.perf_counter()
    warehouse.build(settings.WAREHOUSE_PATH, progress=lambda f, m: marks.append((time.perf_counter(), m)),
                    scale=size)
    total = time.perf_counter() - started
    print(f"warehouse build ({size}, generate + import + bulk load + publish): {total:.1f} s")
    for (at, message), (end, _) in pairwise(marks):
        print(f"  {message}: {end - at:.1f} s")


def import_rate() -> None:
    """Rows per second of the template importer on SAMPLE_ROWS enterprise-month rows (check only, --dry-run)."""
    import pyarrow.parquet as pq

    import settings
    from data.importer.readers import MAX_FILE_BYTES
    from data.importer.templates import TEMPLATES

    kept = sorted(settings.RAW_DIR.glob("*_enterprise_values.parquet"), key=lambda p: p.stat().st_mtime)
    if not kept:
        print("template importer: no bulk file at this size (the small demo loads through the templates only)")
        return
    table = pq.read_table(kept[-1])  # the newest: the one this build loaded
    sample = table.take(list(range(0, table.num_rows, table.num_rows // SAMPLE_ROWS))[:SAMPLE_ROWS]).to_pandas()
    sample = sample.astype({c: str for c in ("enterprise_id", "indicator_id", "unit")})
    sample["period"] = [f"{d.year}年{d.month}月" if ind != "firm_revenue_yi" else f"{d.year}年"
                        for d, ind in zip(sample["period"], sample["indicator_id"])]
    sample["value"] = [f"{v:.4f}" for v in sample["value"]]
    template = TEMPLATES["enterprise_values"]
    path = settings.VAR_DIR / template.file_name
    seconds = []
    for rows in (100, SAMPLE_ROWS):  # 100 rows: the command's start-up, taken off the rate
        sample[[c.name for c in template.columns]].head(rows).set_axis(template.headers, axis=1).to_csv(
            path, index=False, encoding="utf-8-sig")
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "data.warehouse.load", str(path), "--dataset", "enterprise_values",
                               "--dry-run", "--by", "bench"], cwd=ROOT, env={**os.environ, **env()},
                              capture_output=True, text=True)
        seconds.append(time.perf_counter() - started)
    per_file = MAX_FILE_BYTES // path.stat().st_size * SAMPLE_ROWS
    path.unlink()
    rate = (SAMPLE_ROWS - 100) / (seconds[1] - seconds[0])
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    print(f"template importer (python -m data.warehouse.load --dry-run, {SAMPLE_ROWS:,} enterprise rows, exit status "
          f"{done.returncode}): {seconds[1]:.1f} s ({seconds[0]:.1f} s of it start-up), {rate:,.0f} rows/s, "
          f"peak RSS {peak} MiB → 10 M rows ≈ {10_000_000 / rate / 60:.0f} min, in {10_000_000 // per_file + 1} "
          f"files (it refuses files over {MAX_FILE_BYTES // 2**20} MB, about {per_file:,} such rows)")


# ---- page queries -----------------------------------------------------------------------------

def page_calls() -> dict[str, list[tuple[str, tuple]]]:
    """Per page of app.py: the distinct queries.run calls of open, 市州=黄石市 and 大冶市 selected."""
    from streamlit import logger
    from streamlit.testing.v1 import AppTest

    import queries

    # AppTest's bare-mode runs warn about a missing ScriptRunContext on every query thread: not ours to fix.
    logger.get_logger("streamlit.runtime.scriptrunner_utils.script_run_context").disabled = True
    pages = re.findall(r'st\.Page\("([^"]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))
    seen: list[tuple[str, tuple]] = []
    original = queries.run

    def recording(name: str, **params):
        seen.append((name, tuple(sorted(params.items()))))
        return original(name, **params)

    calls = {}
    queries.run = recording
    try:
        for page in pages:
            seen.clear()
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            at.switch_page(page)
            at.run()
            at.selectbox(key="prefecture").select("420200").run()
            at.session_state["selected_county"] = "420281"
            at.run()
            at.selectbox(key="industry").select(INDUSTRY).run()
            problem = f" (exception: {at.exception[0].message[:80]})" if at.exception else ""
            calls[page + problem] = list(dict.fromkeys(seen))
    finally:
        queries.run = original
    return calls


@dataclass
class Timing:
    """Seconds of one query call: cold and warm wall clock, and the process CPU time of the warm runs."""
    cold: list[float] = field(default_factory=list)
    warm: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)  # DuckDB's threads included: the work, whatever the load
    rows: int = 0

    def p95(self) -> float:
        return max(quantiles(self.cold)[1], quantiles(self.warm)[1])

    def cells(self) -> str:
        (w50, w95), (c50, c95) = quantiles(self.warm), quantiles(self.cold)
        return (f"{w50 * 1e3:.0f} / {w95 * 1e3:.0f} | {c50 * 1e3:.0f} / {c95 * 1e3:.0f} "
                f"| {statistics.median(self.cpu) * 1e3:.0f}")


def time_call(name: str, params: tuple, runs: int) -> Timing:
    """Cold (new DuckDB instance) and warm (same connection) runs of one query, runs times each."""
    import queries

    timing = Timing()
    for _ in range(runs):
        # A cold instance: drop the cached connection; DuckDB frees the database when its last connection goes.
        queries._connections.clear()
        cursor = queries.connection().cursor()
        started = time.perf_counter()
        queries.execute(cursor, name, **dict(params))
        timing.cold.append(time.perf_counter() - started)
        cursor.close()
    cursor = queries.connection().cursor()
    timing.rows = len(queries.execute(cursor, name, **dict(params)))
    for _ in range(runs):
        started, cpu = time.perf_counter(), time.process_time()
        queries.execute(cursor, name, **dict(params))
        timing.warm.append(time.perf_counter() - started)
        timing.cpu.append(time.process_time() - cpu)
    cursor.close()
    return timing


def shown(params: tuple) -> str:
    return ", ".join(f"{k}={v!r}" for k, v in params if v is not None and v is not False)[:100]


def query_figures(size: str, runs: int) -> None:
    """Print every page's queries p50/p95 cold and warm, the enterprise queries, and which break the target."""
    calls = page_calls()
    timed = {call: time_call(*call, runs) for call in dict.fromkeys(c for page in calls.values() for c in page)}
    target = TARGET_P95[size]
    head = "p50 / p95 warm (ms) | p50 / p95 cold (ms) | CPU p50 (ms)"
    print(f"\nqueries ({size}; {runs} cold and {runs} warm runs per distinct call; target p95 ≤ {target * 1e3:.0f} ms;"
          f" load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"| page | calls | sum of p50 warm (ms) | slowest call | {head} |\n|---|---|---|---|---|---|---|")
    for page, mine in calls.items():
        slowest = max(mine, key=lambda c: timed[c].p95())
        total = sum(quantiles(timed[c].warm)[0] for c in mine)
        print(f"| {page} | {len(mine)} | {total * 1e3:.0f} | {slowest[0]} | {timed[slowest].cells()} |")
    print(f"\nqueries reading enterprise tables or the industry figures summed from them:\n"
          f"| call | rows | {head} |\n|---|---|---|---|---|")
    for (name, params), timing in timed.items():
        if name in ENTERPRISE_QUERIES or name == "county/industry_mix" or dict(params).get("industry"):
            print(f"| {name}({shown(params)}) | {timing.rows} | {timing.cells()} |")
    over: dict[str, list[float]] = {}
    for (name, _), timing in timed.items():
        if timing.p95() > target:
            over.setdefault(name, []).append(timing.p95())
    print(f"\ndistinct calls over the target (p95 of cold or warm): {sum(map(len, over.values()))} of {len(timed)}")
    for name, p95s in sorted(over.items(), key=lambda kv: -max(kv[1])):
        print(f"  {name}: {len(p95s)} calls, worst {max(p95s) * 1e3:.0f} ms")
    cold = [s for t in timed.values() for s in t.cold]
    warm = [s for t in timed.values() for s in t.warm]
    print(f"all calls: p50/p95 warm {quantiles(warm)[0] * 1e3:.0f}/{quantiles(warm)[1] * 1e3:.0f} ms, "
          f"cold {quantiles(cold)[0] * 1e3:.0f}/{quantiles(cold)[1] * 1e3:.0f} ms")


# ---- browser, memory -------------------------------------------------------------------------

def overview_module():
    """bench/overview.py's page timers. Importing it points os.environ at its own temp folder: undo that."""
    saved = dict(os.environ)
    from bench import overview

    os.environ.clear()
    os.environ.update(saved)
    shutil.rmtree(overview.TMP, ignore_errors=True)
    return overview


def browser_figures(runs: int) -> None:
    """Open → map visible (cold, warm), filter → redrawn per page, and the server's memory along the way."""
    from tests.browser.harness import PAGES, Browser

    overview = overview_module()
    with server() as (url, pid), Browser() as browser:
        print(f"\nserver memory after start: {status(pid)} MiB")
        for path, title in [p for p in PAGES if p[0] not in ("/catalog", "/data")]:
            county = path == overview.COUNTY_PAGE
            ready = overview.PROFILE if county else overview.MAP
            target = url + path + (overview.COUNTY_QUERY if county else "")
            overview.report(title, ready, overview.page_figures(browser, target, ready, runs))
            print(f"{title} · server memory: {status(pid)} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(TARGET_P95), default="1m")
    parser.add_argument("--runs", type=int, default=20, help="cold and warm runs per distinct query call")
    parser.add_argument("--browser-runs", type=int, default=3)
    parser.add_argument("--reuse", action="store_true", help="use the warehouse built before at this size")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    var = use_dir(args.size)
    if not (args.reuse and (var / "warehouse.duckdb").exists()):
        build(args.size)
    import_rate()
    query_figures(args.size, args.runs)
    if not args.no_browser:
        browser_figures(args.browser_runs)


if __name__ == "__main__":
    main()
