"""What the benchmarks share: their own var folder per size, quantiles, the server process and its CPU and memory."""

from __future__ import annotations

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
    return {k: os.environ[k] for k in ("HUBEI_VAR_DIR", "HUBEI_WAREHOUSE", "HUBEI_RAW_DIR")}


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


def server_pid(port: str) -> int:
    """The streamlit child of this process that serves port."""
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            parent = int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (proc / "cmdline").read_bytes().split(b"\0")
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid() and b"streamlit" in cmdline and port.encode() in cmdline:
            return int(proc.name)
    raise RuntimeError("streamlit server process not found")


@contextmanager
def server() -> Iterator[tuple[str, int]]:
    """tests/browser.serve with this size's settings; yields the URL and the server's pid."""
    from tests.browser import serve

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
