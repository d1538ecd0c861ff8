"""What the benchmarks share: var folder per size, quantiles, server process, CPU, memory, run log, browser priority."""

from __future__ import annotations

import asyncio
import contextlib
import os
import statistics
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def use_dir(size: str) -> Path:
    """Point settings at /tmp/scale-<size> (before anything imports settings)."""
    var = Path(f"/tmp/scale-{size}")
    os.environ.update(HUBEI_VAR_DIR=str(var), HUBEI_WAREHOUSE=str(var / "warehouse.duckdb"),
                      HUBEI_RAW_DIR=str(var / "raw"))
    return var


def env() -> dict[str, str]:
    return {k: os.environ[k] for k in ("HUBEI_VAR_DIR", "HUBEI_WAREHOUSE", "HUBEI_RAW_DIR", "HUBEI_RUN_LOG")
            if k in os.environ}


def quantiles(values: list[float]) -> tuple[float, float]:
    """p50 and p95 (nearest rank)."""
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def status(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in MiB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            fields[key] = int(value.split()[0]) // 1024
    return fields


def _processes() -> Iterator[tuple[int, int, list[bytes]]]:
    """(pid, parent pid, command line) of every process that can be read."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        yield int(proc.name), parent, cmdline


def server_pid(port: str) -> int:
    """The streamlit child of this process that serves port."""
    for pid, parent, cmdline in _processes():
        if parent == os.getpid() and b"streamlit" in cmdline and port.encode() in cmdline:
            return pid
    raise RuntimeError("streamlit server process not found")


def descendants(roots: set[int]) -> set[int]:
    """Every process below the roots (children, their children, ...)."""
    children: dict[int, list[int]] = {}
    for pid, parent, _ in _processes():
        children.setdefault(parent, []).append(pid)
    found, todo = set(), list(roots)
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def to_lowest_priority(pids: set[int], keep: set[int]) -> None:
    """Nice 19 for every thread of pids, and for each of their scheduler autogroups that no pid of keep is in.

    Nice alone is not enough: chromium's zygotes start new sessions (setsid), so its renderers run in
    autogroups of their own, and the kernel shares the CPU between autogroups by the group's nice.
    Processes that have gone meanwhile are skipped.
    """
    kept_groups = {_autogroup(pid) for pid in keep}
    for pid in pids:
        with contextlib.suppress(OSError):
            for thread in Path(f"/proc/{pid}/task").iterdir():
                os.setpriority(os.PRIO_PROCESS, int(thread.name), 19)
            group = _autogroup(pid)
            if group is not None and group not in kept_groups:
                Path(f"/proc/{pid}/autogroup").write_text("19")


def _autogroup(pid: int) -> str | None:
    """The process's autogroup ("/autogroup-263"), or None where the kernel shows none.

    Some kernels and sandboxes (the CI runner's among them) have the file but leave it empty.
    """
    try:
        fields = Path(f"/proc/{pid}/autogroup").read_text().split()
    except OSError:
        return None
    return fields[0] if fields else None


@contextmanager
def server() -> Iterator[tuple[str, int]]:
    """tests/browser.serve with this size's settings; yields the URL and the server's pid."""
    from tests.browser.harness import serve

    with serve(timeout=300, env=env()) as url:
        yield url, server_pid(url.rsplit(":", 1)[1])


def cpu_seconds(pid: int) -> tuple[float, float]:
    """CPU seconds used so far by the server process (its threads: DuckDB's included) and by the whole machine."""
    tick = os.sysconf("SC_CLK_TCK")
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    busy = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    idle = int(busy[3]) + int(busy[4])  # idle and iowait
    return (int(fields[11]) + int(fields[12])) / tick, (sum(map(int, busy[:8])) - idle) / tick


def slope(points: list[tuple[float, int]]) -> float:
    """Least-squares MiB per minute."""
    if len(points) < 2:
        return 0.0
    xs, ys = [p[0] / 60 for p in points], [p[1] for p in points]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)


async def keep_browsers_below(servers: list[int], every: float, stop: asyncio.Event) -> None:
    """Keep every process this driver started, but the servers and theirs, at the lowest priority.

    The browsers stand in for the users' own machines. At equal priority twenty renderers left the
    server a small share of the two cores: its script runs took p50 2.0 s, p95 7.5 s while it used
    0.27 cores (20 × 5, 1 M rows, 2026-12-02). Chromium starts renderers all the time, so this repeats.
    """
    keep = set(servers) | descendants(set(servers))
    while not stop.is_set():
        to_lowest_priority(descendants({os.getpid()}) - keep, keep)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), every)


def report_runs(path) -> None:
    """The servers' own script-run times (the server's part of an interaction, without the browser's), and how
    full the query cache was over the run."""
    from settings import QUERY_CACHE_MB
    from ui.frame.run_log import read

    runs = read(path) if path.exists() else []
    if not runs:
        print("server script runs: none logged")
        return
    p50, p95 = quantiles([run.seconds for run in runs])
    by_page = {}
    for run in runs:
        by_page.setdefault(run.page, []).append(run.seconds)
    slowest = max(by_page, key=lambda page: quantiles(by_page[page])[1])
    print(f"server full script runs (start to end of app.py, lock waits included): {len(runs)}, p50 {p50:.2f} s, "
          f"p95 {p95:.2f} s, max {max(run.seconds for run in runs):.2f} s; slowest page {slowest} "
          f"(p95 {quantiles(by_page[slowest])[1]:.2f} s over {len(by_page[slowest])} runs)")
    cached = by_stretch([(run.ended, run.cached_queries) for run in runs])
    print(f"query cache entries at the end of each sixth of the run (at most {QUERY_CACHE_MB:g} MiB of answers per "
          f"server process, the last run's process): " + " · ".join(str(n) for n in cached))


def by_stretch(points: list[tuple[float, float]], parts: int = 6) -> list[float]:
    """The last value in each of `parts` equal stretches of time, from the first point to the last.

    A stretch without points repeats the value before it.
    """
    start, end = points[0][0], points[-1][0]
    width = (end - start) / parts or 1
    values, last = [], points[0][1]
    ordered = iter(sorted(points))
    point = next(ordered, None)
    for part in range(1, parts + 1):
        while point is not None and (point[0] - start < width * part or part == parts):
            last = point[1]
            point = next(ordered, None)
        values.append(last)
    return values
