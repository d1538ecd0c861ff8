"""Server CPU per click, page by page: what one filter change or county click costs the server's process.

Run: `.venv/bin/python -m bench.click_cpu [--rounds 6] [--pages growth cluster]`. One server, one protocol
session (bench/ws_client, no browser), so the server's CPU seconds between sending an action and the end
of the runs it caused are that action's cost alone: script, queries (warm after the first round), figures,
styling and serialising to the websocket. For every page with a map: alternately a 市州 change and a county
click, --rounds of each after one warm-up; prints the median CPU milliseconds per action and the script runs
it took. A 市州 change is counted apart the first time the page meets that 市州 on this server (its queries
and figures are made then) and again (what every later visitor to it costs). Issue 16's target: ≤ 60 ms per run.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import tempfile
from pathlib import Path

TMP = Path(tempfile.mkdtemp(prefix="hubei-bench-cpu-"))
os.environ.update(HUBEI_VAR_DIR=str(TMP), HUBEI_WAREHOUSE=str(TMP / "warehouse.duckdb"), HUBEI_RAW_DIR=str(TMP / "raw"))

from bench.common import cpu_seconds, server  # noqa: E402
from bench.ws_client import ProtocolError, Session  # noqa: E402
from data.warehouse import build  # noqa: E402  (settings must see the environment above)

PAGES = ["", "growth", "cluster", "entity", "compete", "digital", "green", "assess", "targets"]
PREFECTURES = ["黄石市", "宜昌市", "襄阳市", "全部"]


async def page_costs(url: str, pid: int, page: str, rounds: int) -> dict[str, list[float]]:
    """CPU ms of each filter change and county click on one page (all the runs it caused), and the runs."""
    rng = random.Random(page)
    costs: dict[str, list[float]] = {"first": [], "again": [], "click": [], "filter_runs": [], "click_runs": []}
    met: set[str] = set()
    async with Session(url) as session:
        await session.open(page)
        for round_no in range(rounds + 1):
            for kind in ("filter", "click"):
                before_cpu, before_runs = cpu_seconds(pid)[0], session.runs
                if kind == "filter":
                    prefecture = PREFECTURES[round_no % len(PREFECTURES)]
                    await session.choose("市州", prefecture)
                    bucket = "again" if prefecture in met else "first"
                    met.add(prefecture)
                else:
                    await session.click_county(rng=rng)
                    bucket = "click"
                if round_no or kind == "filter":  # the first click warms what a click needs
                    costs[bucket].append((cpu_seconds(pid)[0] - before_cpu) * 1000)
                    costs[f"{kind}_runs"].append(session.runs - before_runs)
    return costs


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.0f}" if values else "—"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--pages", nargs="*", default=PAGES, help="url paths without / ('' is the overview)")
    args = parser.parse_args()
    build.build(TMP / "warehouse.duckdb")
    print("| page | 市州 change, first time: ms CPU | 市州 change again | runs | county click: ms CPU (runs) |\n"
          "|---|---|---|---|---|")
    with server() as (url, pid):
        for page in args.pages:
            try:
                costs = asyncio.run(page_costs(url, pid, page, args.rounds))
            except ProtocolError as error:  # a page that fails is a finding, not the end of the run
                print(f"| /{page} | 出错：{error} | |")
                continue
            print(f"| /{page} | {_median(costs['first'])} | {_median(costs['again'])} "
                  f"| {statistics.median(costs['filter_runs']):g} "
                  f"| {_median(costs['click'])} ({statistics.median(costs['click_runs']):g}) |")


if __name__ == "__main__":
    main()
