"""A least-recently-used cache bounded by the memory its values hold, not by their count.

Shared by the query cache (queries.run) and the figures and tables built once for every session
(ui/figures/memo.py). A count bound fit neither: one process serving 20 people needs ~650 figures and tables
and ~900 answers for eight pages × 18 市州 (bench.ws_load), while one value can be 6 KiB or a 2.7 MiB firm list,
so a count high enough for the first would not bound memory.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

import numpy as np
import pandas as pd

MISSING = object()  # what get() returns for a key it does not hold (None is a value builders may return)


class BoundedCache:
    """Values by key, the least recently used dropped once their estimated bytes pass budget_bytes. Thread-safe;
    a value larger than the whole budget is not kept."""

    def __init__(self, budget_bytes: float, size_of: Callable[[object], int]):
        self.budget_bytes = budget_bytes
        self._size_of = size_of
        self._values: OrderedDict[Hashable, tuple[object, int]] = OrderedDict()
        self._held = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable):
        with self._lock:
            found = self._values.get(key)
            if found is None:
                return MISSING
            self._values.move_to_end(key)
            return found[0]

    def put(self, key: Hashable, value) -> None:
        size = self._size_of(value)  # outside the lock: a figure's estimate takes a few milliseconds
        with self._lock:
            if key in self._values:  # made twice at once by two sessions: the first one stays
                return
            self._values[key] = (value, size)
            self._held += size
            while self._held > self.budget_bytes and self._values:
                _, (_, dropped) = self._values.popitem(last=False)
                self._held -= dropped

    def held_bytes(self) -> int:
        """What the values are estimated to hold now (at most the budget)."""
        return self._held

    def __len__(self) -> int:
        return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._held = 0


def estimated_bytes(value) -> int:
    """Roughly the memory a value holds, CPython's sizes near enough: a frame its own count (text included),
    containers their slots and items, arrays their buffers, text its bytes."""
    if isinstance(value, pd.DataFrame):
        return int(value.memory_usage(deep=True).sum())
    if isinstance(value, pd.Series):
        return int(value.memory_usage(deep=True))
    if isinstance(value, dict):
        return 64 + sum(estimated_bytes(k) + estimated_bytes(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return 56 + sum(8 + estimated_bytes(v) for v in value)
    if isinstance(value, np.ndarray):
        return 112 + (sum(map(estimated_bytes, value.ravel())) if value.dtype == object else value.nbytes)
    if isinstance(value, str):
        return 49 + len(value.encode())
    return 32
