"""Script-run timings on the server, for the load test: what a run cost the server, apart from the browser.

With HUBEI_RUN_LOG set (settings.RUN_LOG), app.py appends one line per finished run: when it ended (Unix
time), the page's URL path, the run's wall seconds, which include waiting for the interpreter lock behind
other sessions' runs, and how many answers the query cache then held (so the load test can tell the cache
filling up to its bound from memory that grows without one). Runs stopped by a rerun never reach the end
of app.py and are not written, nor are fragment runs (a county click's sections, the timeline), which do
not pass through app.py: the log holds full runs.
"""

from __future__ import annotations

import time
from typing import NamedTuple

import settings


class Run(NamedTuple):
    ended: float  # Unix time
    page: str
    seconds: float
    cached_queries: int


def started() -> float:
    return time.perf_counter()


def record(page: str, since: float, cached_queries: int) -> None:
    if settings.RUN_LOG is None:
        return
    seconds = time.perf_counter() - since
    # One short write in append mode: lines from concurrent sessions' threads do not interleave.
    with open(settings.RUN_LOG, "a", encoding="utf-8") as log:
        log.write(f"{time.time():.3f}\t{page or '/'}\t{seconds:.4f}\t{cached_queries}\n")


def read(path) -> list[Run]:
    """The lines of a run log, in the order written."""
    with open(path, encoding="utf-8") as log:
        rows = [line.rstrip("\n").split("\t") for line in log]
    return [Run(float(ended), page, float(seconds), int(cached)) for ended, page, seconds, cached in rows]
