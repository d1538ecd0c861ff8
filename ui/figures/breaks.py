"""Class breaks of a county map: quantiles, and Fisher–Jenks natural breaks fast enough for pooled months.

A map in 演示模式 or on its timeline cuts its classes from every published period's values pooled
(about 4,700 for a monthly indicator). The textbook Fisher–Jenks is O(k·n²) in Python loops: 16 s
on those. Here it runs on the distinct values with their counts as weights (exact: an optimal class
never splits equal values), each class's step vectorised in numpy (O(k·m²) work in C for m distinct
values); past MAX_DISTINCT distinct values they are first merged into at most that many bins (the
breaks then fall between bins: within 1 % of the optimal spread). Cached by the values.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

MAX_DISTINCT = 1000  # the DP's matrices are MAX_DISTINCT² floats: 8 MB, ~0.1 s for five classes


def quantile_breaks(values: np.ndarray, k: int) -> list[float]:
    """Class edges so that each class holds about the same number of counties (one class when all are equal)."""
    edges = np.unique(np.quantile(values, np.linspace(0, 1, k + 1)))
    if len(edges) == 1:
        return [float(edges[0]), float(edges[0])]
    return [float(e) for e in edges]


def jenks_breaks(values: np.ndarray, k: int) -> list[float]:
    """Fisher–Jenks natural breaks: edges that minimise the spread within classes.

    Edges are the minimum, the first value of each class after the first, and the maximum.
    """
    return list(_cached_jenks(tuple(np.asarray(values, dtype=float).tolist()), k))


@lru_cache(maxsize=64)
def _cached_jenks(values: tuple[float, ...], k: int) -> tuple[float, ...]:
    points, moments = _weighted_points(np.asarray(values, dtype=float))
    k = min(k, len(points))
    if k < 2:
        return (float(points[0]), float(points[-1]))
    starts = _optimal_class_starts(moments, k)
    # A last class of only the maximum keeps its edge twice (the top edge belongs to the last class).
    return (float(points[0]), *(float(points[s]) for s in starts), max(values))


def _weighted_points(values: np.ndarray) -> tuple[np.ndarray, tuple[np.ndarray, ...]]:
    """The sorted distinct values (or the lowest value of each of at most MAX_DISTINCT bins past that
    many), with the count, sum and sum of squares of the values each stands for: a class of whole bins
    has its exact spread, so only where a class may start is approximate."""
    points, counts = np.unique(values, return_counts=True)
    moments = (counts.astype(float), counts * points, counts * points * points)
    if len(points) <= MAX_DISTINCT:
        return points, moments
    # Half the bins hold equal counts (resolution where values crowd), half equal ranges (in the sparse
    # tails, where a skewed indicator's top class lies): a bin starts wherever either kind does.
    half, before = MAX_DISTINCT // 2, np.cumsum(counts) - counts
    by_count = before * half // len(values)
    by_range = np.minimum((points - points[0]) * half // (points[-1] - points[0]), half - 1)
    starts = np.flatnonzero(np.r_[True, (by_count[1:] != by_count[:-1]) | (by_range[1:] != by_range[:-1])])
    return points[starts], tuple(np.add.reduceat(m, starts) for m in moments)


def _optimal_class_starts(moments: tuple[np.ndarray, ...], k: int) -> list[int]:
    """Start index of classes 2..k minimising the within-class sum of squares (dynamic programme)."""
    w, s, q = (np.r_[0.0, np.cumsum(m)] for m in moments)
    m = len(moments[0])
    i, j = np.arange(m + 1)[:, None], np.arange(m + 1)[None, :]  # a class holds points[i:j]
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = q[j] - q[i] - (s[j] - s[i]) ** 2 / (w[j] - w[i])
    spread = np.where(j > i, spread, np.inf)
    cost = spread[0]  # cost[j]: the best spread of points[:j] in c classes
    choices = []
    for _ in range(1, k):
        options = cost[:, None] + spread  # first c classes end at i, the next holds points[i:j]
        choices.append(np.argmin(options, axis=0))
        cost = options[choices[-1], np.arange(m + 1)]
    starts, end = [], m
    for choice in reversed(choices):
        end = int(choice[end])
        starts.append(end)
    return sorted(starts)
