"""Load test: concurrent browser sessions click through every page of the server(s); errors, interaction times, RSS.

Run: `.venv/bin/python -m bench.load_test --sessions 20 --minutes 5 [--size small|1m|10m] [--servers 2]`.
The warehouse is /tmp/scale-<size>/ (built by bench.scale or data.warehouse.build --scale; built here when
missing), never var/. One streamlit server (or --servers N processes on the same warehouse file,
session i on process i mod N, as a reverse proxy's sticky sessions would spread them), one headless
chromium (Debian's), one browser context per session, driven by playwright's async API; the sessions
arrive over --ramp seconds (30). Once the servers are up, this driver, playwright and chromium run at
the lowest priority (keep_browsers_below), so the browsers, which stand in for the users' own
machines, take only what the servers leave of the cores.
Each session opens the dashboard, then until the time is up: goes to a random other page of
tests/browser/harness.py PAGES by its sidebar link, picks another 市州 in the filter, and on pages with a
county map clicks a random county; 1–3 s of thinking between actions. An interaction is timed
from the action to the end of the script run it caused (the websocket's last script_finished,
once no rerun has followed for 0.3 s, which is not counted) or, on map pages, to the map drawn
if that came later.

Errors: console errors other than Streamlit's known probe 404s (tests/browser/harness.py known_probe_404),
uncaught page errors, responses with status ≥ 400 other than those probes, exceptions shown on
the page (stException), interactions that did not finish within 60 s. Memory: the server's VmRSS
every --sample seconds; flat means no steady growth: first, last, max, and the least-squares
slope over the whole run and over its second half, and RSS beside the query cache's size by sixth of the
run: while the cache (bounded) fills, RSS rises with it; once it is full, RSS should not.
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
from urllib.parse import urlparse

from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from bench.common import (
    by_stretch,
    cpu_seconds,
    keep_browsers_below,
    quantiles,
    report_runs,
    server,
    slope,
    status,
    use_dir,
)
from tests.browser.harness import PROBE_SUFFIXES, known_probe_404

NO_MAP = {"/catalog", "/county", "/data"}  # as tests/browser/test_browser.py
MAP = "path.choroplethlocation"
FIRST_MAP = ".js-plotly-plot"  # the page's main map, at the top
# Centres of the main map's counties that lie inside its plot and the window (a filter zooms the map to
# its prefecture, leaving the other counties' paths clipped), after scrolling the map into view.
COUNTY_SPOTS = """plot => {
    plot.scrollIntoView({block: 'center'});
    const frame = plot.getBoundingClientRect();
    return [...plot.querySelectorAll('path.choroplethlocation')].map(p => p.getBoundingClientRect())
        .filter(b => b.width > 6 && b.height > 6)
        .map(b => [b.x + b.width / 2, b.y + b.height / 2])
        .filter(([x, y]) => x > frame.left && x < frame.right && y > Math.max(frame.top, 0)
                            && y < Math.min(frame.bottom, window.innerHeight));
}"""
EXCEPTION = '[data-testid="stException"]'
SETTLE = 0.3  # seconds without a new run after script_finished: the interaction is over
TIMEOUT = 60.0
EXAMPLE_CHARS = 1200  # enough for a traceback's last frames


@dataclass
class Log:
    """What every session saw: interaction seconds by kind, errors by kind with examples."""
    times: dict[str, list[float]] = field(default_factory=dict)
    errors: Counter = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    rss: list[tuple[float, int]] = field(default_factory=list)  # (seconds since start, MiB)
    runs: int = 0  # script runs the server finished for the sessions
    server_cpu: float = 0.0  # CPU seconds of the server process over the run
    machine_cpu: float = 0.0  # CPU seconds of every process on the machine over the run

    def time(self, kind: str, seconds: float) -> None:
        self.times.setdefault(kind, []).append(seconds)

    def error(self, kind: str, text: str) -> None:
        self.errors[kind] += 1
        self.examples.setdefault(kind, [])
        if len(self.examples[kind]) < 3:
            self.examples[kind].append(text[:EXAMPLE_CHARS])


class Runs:
    """Script runs of one browser page, from its websocket: how many finished, and whether one is going."""

    def __init__(self):
        self.finished, self.running, self.changed = 0, False, time.monotonic()

    def frame(self, payload) -> None:
        if not isinstance(payload, bytes):
            return
        kind = ForwardMsg.FromString(payload).WhichOneof("type")
        if kind == "new_session":
            self.running, self.changed = True, time.monotonic()
        elif kind == "script_finished":
            self.running, self.finished, self.changed = False, self.finished + 1, time.monotonic()

    async def settled(self, before: int) -> None:
        """Wait until a run finished after `before` runs and no other started within SETTLE."""
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            if self.finished > before and not self.running and time.monotonic() - self.changed >= SETTLE:
                return
            await asyncio.sleep(0.05)
        raise TimeoutError(f"no finished script run within {TIMEOUT:.0f} s")


class Session:
    """One user: a browser context and page, wired to the log."""

    def __init__(self, number: int, url: str, log: Log, pages: list[tuple[str, str]], prefectures: list[str]):
        self.rng = random.Random(number)
        self.url, self.log, self.pages, self.prefectures = url, log, pages, prefectures
        self.runs, self.failed = Runs(), []

    async def start(self, browser) -> None:
        self.context = await browser.new_context(viewport={"width": 1600, "height": 900}, locale="zh-CN")
        self.page = page = await self.context.new_page()
        page.on("websocket", lambda ws: ws.on("framereceived", self.runs.frame))
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.log.error("page error", str(e)))
        page.on("response", self._response)

    def _response(self, response) -> None:
        if response.status >= 400:
            self.failed.append((response.status, response.url))
            if not (response.status == 404 and urlparse(response.url).path.endswith(PROBE_SUFFIXES)):
                self.log.error("failed response", f"{response.status} {response.url}")

    def _console(self, message) -> None:
        if message.type == "error":
            error = (message.text, message.location.get("url", ""))
            if not known_probe_404(error, self.failed):
                self.log.error("console error", f"{error[0]} @ {error[1]}")

    async def act(self, kind: str, action, map_page: bool) -> None:
        """Do one action and time it to its settled script run (and the map, where there is one)."""
        before, started = self.runs.finished, time.monotonic()
        try:
            await action()
            await self.runs.settled(before)
            end = self.runs.changed  # the last run's end: the settling wait is not the user's
            if map_page:
                waited = time.monotonic()
                await self.page.locator(MAP).first.wait_for(timeout=TIMEOUT * 1000)
                if time.monotonic() - waited > 0.05:  # the map came after the run
                    end = time.monotonic()
        except Exception as error:  # a timeout or a vanished element is an error of the run, not of the test
            self.log.error("interaction failed", f"{kind}: {type(error).__name__}: {str(error).splitlines()[0]}")
            return
        self.log.time(kind, end - started)
        if await self.page.locator(EXCEPTION).count():
            text = await self.page.locator(EXCEPTION).first.inner_text()
            self.log.error("exception on page", f"{kind} @ {self.page.url}: {text}")

    async def think(self) -> None:
        await asyncio.sleep(self.rng.uniform(1.0, 3.0))

    async def run(self, delay: float, deadline: float) -> None:
        """Open the dashboard after delay, then navigate, filter and click until the deadline (each a rerun)."""
        await asyncio.sleep(delay)
        first_open = lambda: self.page.goto(self.url + "/", timeout=TIMEOUT * 1000)  # noqa: E731
        await self.act("first open (cold browser context)", first_open, True)
        path, prefecture = "/", "全部"
        while time.monotonic() < deadline:
            path, title = self.rng.choice([p for p in self.pages if p[0] != path])
            map_page = path not in NO_MAP
            link = self.page.get_by_role("link", name=title, exact=True).first
            await self.act("navigate to a page", link.click, map_page)
            await self.think()
            prefecture = self.rng.choice([p for p in self.prefectures if p != prefecture])
            await self.act("change the 市州 filter", lambda p=prefecture: self._choose(p), map_page)
            await self.think()
            spots = await self.page.locator(FIRST_MAP).first.evaluate(COUNTY_SPOTS) if map_page else []
            if spots:
                x, y = self.rng.choice(spots)
                await self.act("click a county on the map", lambda x=x, y=y: self.page.mouse.click(x, y), True)
                await self.think()

    async def _choose(self, prefecture: str) -> None:
        await self.page.locator('[data-testid="stSelectbox"]').filter(has_text="市州").click()
        await self.page.keyboard.type(prefecture)
        await self.page.keyboard.press("Enter")


async def sample_memory(pids: list[int], log: Log, every: float, started: float, stop: asyncio.Event) -> None:
    while not stop.is_set():
        log.rss.append((time.monotonic() - started, sum(status(pid)["VmRSS"] for pid in pids)))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


def servers_cpu(pids: list[int]) -> tuple[float, float]:
    """CPU seconds so far of every server process together, and of the machine."""
    readings = [cpu_seconds(pid) for pid in pids]
    return sum(server for server, _ in readings), readings[0][1]


async def drive(urls: list[str], pids: list[int], args: argparse.Namespace, log: Log) -> None:
    """The sessions, each sticking to one server (as a proxy's sticky sessions would): session i on server i mod N."""
    from playwright.async_api import async_playwright

    from geo.registry import prefectures
    from tests.browser.harness import CHROMIUM, CHROMIUM_ARGS, PAGES

    names = [p["name"] for p in prefectures().values()] + ["全部"]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        sessions = [Session(i, urls[i % len(urls)], log, PAGES, names) for i in range(args.sessions)]
        for session in sessions:
            await session.start(browser)
        started = time.monotonic()
        stop = asyncio.Event()
        sampler = asyncio.create_task(sample_memory(pids, log, args.sample, started, stop))
        demoter = asyncio.create_task(keep_browsers_below(pids, 1.0, stop))
        deadline = started + args.minutes * 60
        ramp = args.ramp / max(args.sessions - 1, 1)
        before = servers_cpu(pids)
        await asyncio.gather(*(s.run(i * ramp, deadline) for i, s in enumerate(sessions)))
        log.server_cpu, log.machine_cpu = (end - start for end, start in zip(servers_cpu(pids), before))
        log.runs = sum(s.runs.finished for s in sessions)
        stop.set()
        await sampler
        await demoter
        await browser.close()


def report(log: Log, args: argparse.Namespace, seconds: float) -> None:
    every = [s for kind, values in log.times.items() if not kind.startswith("first") for s in values]
    print(f"load test: {args.sessions} sessions for {seconds / 60:.1f} min against {args.servers} server "
          f"process(es) ({args.size}); "
          f"load average at the end {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print("| interaction | count | p50 (s) | p95 (s) | max (s) |\n|---|---|---|---|---|")
    for kind, values in [*log.times.items(), ("all but the first open", every)]:
        if values:
            p50, p95 = quantiles(values)
            print(f"| {kind} | {len(values)} | {p50:.2f} | {p95:.2f} | {max(values):.2f} |")
    cores = os.cpu_count() * seconds
    clients = log.machine_cpu - log.server_cpu  # chromium, playwright and this driver
    print(f"CPU: the server(s) used {log.server_cpu:.0f} s ({log.server_cpu / seconds:.2f} cores) for {log.runs} "
          f"script runs ({log.server_cpu / max(log.runs, 1) * 1e3:.0f} ms each); the machine "
          f"{log.machine_cpu / cores:.0%} of its {os.cpu_count()} cores, so chromium and this driver about "
          f"{clients / cores:.0%}, {clients / max(len(every), 1):.2f} CPU-s per interaction")
    print(f"errors: {sum(log.errors.values())}" + "".join(f"\n  {k}: {n}, e.g. {log.examples[k]}"
                                                         for k, n in log.errors.most_common()))
    if log.rss:
        values = [m for _, m in log.rss]
        half = [p for p in log.rss if p[0] >= log.rss[-1][0] / 2]
        print(f"server RSS, all processes ({len(values)} samples every {args.sample:.0f} s): first {values[0]} MiB, "
              f"last {values[-1]} MiB, max {max(values)} MiB; slope {slope(log.rss):+.1f} MiB/min over the run, "
              f"{slope(half):+.1f} MiB/min over its second half")
        print("server RSS at the end of each sixth of the run (MiB): " + " · ".join(map(str, by_stretch(log.rss))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--minutes", type=float, default=5)
    parser.add_argument("--size", choices=("small", "1m", "10m"), default="small")
    parser.add_argument("--sample", type=float, default=5, help="seconds between RSS samples")
    parser.add_argument("--ramp", type=float, default=30, help="seconds over which the sessions arrive")
    parser.add_argument("--servers", type=int, default=1, help="server processes, the sessions spread over them")
    args = parser.parse_args()
    var = use_dir(args.size)
    if not (var / "warehouse.duckdb").exists():
        from data.warehouse import build

        build.build(var / "warehouse.duckdb", scale=args.size)
    run_log = var / "run-times.log"  # every server's finished script runs (ui/run_log)
    run_log.unlink(missing_ok=True)
    os.environ["HUBEI_RUN_LOG"] = str(run_log)
    log = Log()
    with contextlib.ExitStack() as stack:
        urls, pids = zip(*(stack.enter_context(server()) for _ in range(args.servers)))
        os.nice(19)  # this driver too, as keep_browsers_below does for playwright and chromium
        started = time.monotonic()
        asyncio.run(drive(list(urls), list(pids), args, log))
        report(log, args, time.monotonic() - started)
    report_runs(run_log)


if __name__ == "__main__":
    main()
