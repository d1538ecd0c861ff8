"""Script-run timings on the server, for the load test: what a run cost the server, apart from the browser.

With HUBEI_RUN_LOG set (settings.RUN_LOG), app.py appends one line per finished run: the page's URL path
and the run's wall seconds, which include waiting for the interpreter lock behind other sessions' runs.
Runs stopped by a rerun never reach the end of app.py and are not written.
"""

from __future__ import annotations

import time

import settings


def started() -> float:
    return time.perf_counter()


def record(page: str, since: float) -> None:
    if settings.RUN_LOG is None:
        return
    seconds = time.perf_counter() - since
    # One short write in append mode: lines from concurrent sessions' threads do not interleave.
    with open(settings.RUN_LOG, "a", encoding="utf-8") as log:
        log.write(f"{page or '/'}\t{seconds:.4f}\n")


def read(path) -> list[tuple[str, float]]:
    """The (page, seconds) lines of a run log."""
    with open(path, encoding="utf-8") as log:
        return [(page, float(seconds)) for page, _, seconds in (line.rstrip("\n").partition("\t") for line in log)]
