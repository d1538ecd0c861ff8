"""Load test without browsers: N sessions speak Streamlit's websocket protocol (bench/ws_client) to 1..N servers.

Run: `.venv/bin/python -m bench.ws_load [--sessions 20] [--minutes 3] [--servers 1] [--think 2 5] [--browser]`.
Each session opens the dashboard, then until the deadline acts every 2–5 s (uniform): open another page,
change the 市州 filter, or click a county on the page's map, each timed from the message sent to the end
of the script run it caused. Without 20 chromium renderers in the way (they needed 7–8 cores for drawing
alone), the figures are the server's: per-interaction p50/p95/max, errors with examples, server CPU per
script run, RSS and its slope. With --browser one real chromium session clicks counties beside the load
and reports what a person would wait. Localhost only; bounded by --minutes and --max-actions.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from bench.common import by_stretch, cpu_seconds, quantiles, report_runs, server, slope, status, use_dir
from bench.ws_client import ProtocolError, Session

PAGES = ["", "growth", "cluster", "entity", "compete", "digital", "green", "assess"]  # the pages with a map


@dataclass
class Log:
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)
    rss: list[tuple[float, int]] = field(default_factory=list)
    runs: int = 0
    actions: int = 0

    def time(self, kind: str, seconds: float) -> None:
        self.times.setdefault(kind, []).append(seconds)

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, text[:400])


async def user(number: int, url: str, args: argparse.Namespace, log: Log, deadline: float, prefectures) -> None:
    """One session: open, then act until the deadline or the action budget is spent."""
    rng = random.Random(number)
    await asyncio.sleep(rng.uniform(0, args.ramp))
    try:
        async with Session(url) as session:
            log.time("first open", await session.open(""))
            while time.monotonic() < deadline and log.actions < args.max_actions:
                await asyncio.sleep(rng.uniform(*args.think))
                kind, action = pick(session, rng, prefectures)
                log.actions += 1
                try:
                    log.time(kind, await action())
                except (ProtocolError, KeyError) as error:
                    log.error(kind, str(error))
            log.runs += session.runs
    except (OSError, ProtocolError) as error:
        log.error("session", repr(error))


def pick(session: Session, rng: random.Random, prefectures: list[str]):
    """A person's next action on the page they see: another page, another 市州, or a county on the map."""
    roll = rng.random()
    if roll < 0.3 or not session.widgets.maps:
        page = rng.choice([p for p in PAGES if p != session.page])
        return "open another page", lambda: session.open(page)
    if roll < 0.6 and "市州" in session.widgets.selectboxes:
        return "change the 市州 filter", lambda: session.choose("市州", rng.choice(prefectures))
    return "click a county on the map", lambda: session.click_county(rng=rng)


async def browser_probe(url: str, log: Log, deadline: float) -> None:
    """One real chromium user beside the load: county clicks on the overview, timed to the rerun's end."""
    from playwright.async_api import async_playwright

    from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = await browser.new_page(viewport={"width": 1920, "height": 1080})
        finished = []
        page.on("websocket", lambda ws: ws.on("framereceived", lambda f: _count_finish(f, finished)))
        await page.goto(url + "/", wait_until="commit")
        await page.locator("path.choroplethlocation").first.wait_for(timeout=120_000)
        while time.monotonic() < deadline:
            await asyncio.sleep(3)
            spots = page.locator("path.choroplethlocation")
            before, started = len(finished), time.perf_counter()
            with contextlib.suppress(Exception):
                await spots.nth(random.randrange(await spots.count())).click(force=True, timeout=10_000)
                while len(finished) == before and time.perf_counter() - started < 60:
                    await asyncio.sleep(0.02)
                log.time("browser: click a county → rerun done", finished[-1] - started)
        await browser.close()


def _count_finish(frame, finished: list[float]) -> None:
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    if isinstance(frame, bytes) and ForwardMsg.FromString(frame).WhichOneof("type") == "script_finished":
        finished.append(time.perf_counter())


async def sample_memory(pids: list[int], log: Log, every: float, started: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        log.rss.append((time.monotonic() - started, sum(status(pid)["VmRSS"] for pid in pids)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


async def drive(urls: list[str], pids: list[int], args: argparse.Namespace, log: Log) -> float:
    """Every session (session i on server i mod N, as sticky sessions would), the probe, the memory sampler."""
    from geo.registry import prefectures

    names = [p["name"] for p in prefectures().values()] + ["全部"]
    started = time.monotonic()
    deadline = started + args.minutes * 60
    stop = asyncio.Event()
    sampler = asyncio.create_task(sample_memory(pids, log, args.sample, started, stop))
    tasks = [user(i, urls[i % len(urls)], args, log, deadline, names) for i in range(args.sessions)]
    if args.browser:
        tasks.append(browser_probe(urls[0], log, deadline))
    await asyncio.gather(*tasks)
    stop.set()
    await sampler
    return time.monotonic() - started


def report(log: Log, args: argparse.Namespace, seconds: float, server_cpu: float) -> None:
    print(f"protocol load test: {args.sessions} sessions acting every {args.think[0]:g}–{args.think[1]:g} s for "
          f"{seconds / 60:.1f} min on {args.servers} server process(es); {os.cpu_count()} cores")
    print("| interaction | count | p50 (s) | p95 (s) | max (s) |\n|---|---|---|---|---|")
    acting = [s for kind, values in log.times.items() if kind.startswith(("open another", "change", "click"))
              for s in values]
    for kind, values in [*log.times.items(), ("every action after the first open", acting)]:
        if values:
            p50, p95 = quantiles(values)
            print(f"| {kind} | {len(values)} | {p50:.2f} | {p95:.2f} | {max(values):.2f} |")
    print(f"server CPU: {server_cpu:.0f} s for {log.runs} script runs, {server_cpu / max(log.runs, 1) * 1e3:.0f} ms "
          f"per run; {server_cpu / seconds:.2f} cores on average")
    print(f"errors: {sum(log.errors.values())}" + "".join(f"\n  {k}: {n}, e.g. {log.examples[k]}"
                                                         for k, n in log.errors.most_common()))
    if log.rss:
        half = [p for p in log.rss if p[0] >= log.rss[-1][0] / 2]
        print(f"server RSS (all processes): max {max(m for _, m in log.rss)} MiB; by sixth of the run "
              + " · ".join(map(str, by_stretch(log.rss)))
              + f"; slope {slope(log.rss):+.1f} MiB/min, {slope(half):+.1f} over the second half")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--servers", type=int, default=1)
    parser.add_argument("--think", type=float, nargs=2, default=(2.0, 5.0), help="seconds between actions")
    parser.add_argument("--ramp", type=float, default=10, help="seconds over which the sessions arrive")
    parser.add_argument("--max-actions", type=int, default=100_000, help="stop after this many actions in all")
    parser.add_argument("--size", choices=("small", "1m", "10m"), default="small")
    parser.add_argument("--sample", type=float, default=5, help="seconds between RSS samples")
    parser.add_argument("--browser", action="store_true", help="one real chromium user beside the load")
    args = parser.parse_args()
    var = use_dir(args.size)
    if not (var / "warehouse.duckdb").exists():
        from data.warehouse import build

        build.build(var / "warehouse.duckdb", scale=args.size)
    run_log = var / "run-times.log"
    run_log.unlink(missing_ok=True)
    os.environ["HUBEI_RUN_LOG"] = str(run_log)
    log = Log()
    with contextlib.ExitStack() as stack:
        urls, pids = zip(*(stack.enter_context(server()) for _ in range(args.servers)))
        before = sum(cpu_seconds(pid)[0] for pid in pids)
        seconds = asyncio.run(drive(list(urls), list(pids), args, log))
        report(log, args, seconds, sum(cpu_seconds(pid)[0] for pid in pids) - before)
    report_runs(run_log)


if __name__ == "__main__":
    main()
