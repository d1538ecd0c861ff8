"""Natural breaks (ui.figures.breaks): the optimal classes, and quick on every month of an indicator pooled."""

import itertools

import numpy as np
import pytest

from ui.figures import breaks


def spread(values: np.ndarray, edges: list[float]) -> float:
    """Within-class sum of squares of the classes the edges make (a value on an inner edge opens its class)."""
    classes = np.searchsorted(np.asarray(edges[1:-1]), values, side="right")
    return float(sum(((values[classes == c] - values[classes == c].mean()) ** 2).sum() for c in set(classes)))


def best_spread(values: np.ndarray, k: int) -> float:
    """The least spread over every way of cutting the sorted values into k runs (brute force)."""
    x = np.sort(values)
    return min(sum(((run - run.mean()) ** 2).sum() for run in np.split(x, list(cuts)))
               for cuts in itertools.combinations(range(1, len(x)), k - 1))


@pytest.mark.parametrize("seed", range(12))
def test_jenks_finds_the_least_spread_of_any_cut(seed):
    rng = np.random.default_rng(seed)
    values = np.round(rng.gamma(2, 3, size=int(rng.integers(6, 13))), int(rng.integers(0, 2)))  # with ties
    k = int(rng.integers(2, 5))
    edges = breaks.jenks_breaks(values, k)
    assert edges[0] == values.min() and edges[-1] == values.max()
    assert spread(values, edges) == pytest.approx(best_spread(values, k), abs=1e-9)


def test_jenks_on_every_month_pooled_runs_on_bins_once(monkeypatch):
    """4,738 values, all distinct (the old Python Fisher–Jenks: 16 s): the programme runs on at most MAX_DISTINCT
    bins, once per set of values (its cost is a benchmark's business, not a timed test's)."""
    values = np.random.default_rng(7).lognormal(3, 1, 4738)
    sizes = []
    solve = breaks._optimal_class_starts
    monkeypatch.setattr(breaks, "_optimal_class_starts", lambda moments, k: sizes.append(len(moments[0])) or
                        solve(moments, k))
    breaks._cached_jenks.cache_clear()
    edges = breaks.jenks_breaks(values, 5)
    assert len(edges) == 6 and edges[0] == values.min() and edges[-1] == values.max()
    assert breaks.jenks_breaks(values.copy(), 5) == edges
    assert len(sizes) == 1 and sizes[0] <= breaks.MAX_DISTINCT


def test_binned_breaks_are_nearly_as_tight_as_exact_ones(monkeypatch):
    values = np.random.default_rng(3).lognormal(3, 1, 2500)
    binned = breaks.jenks_breaks(values, 5)
    monkeypatch.setattr(breaks, "MAX_DISTINCT", 10_000)
    breaks._cached_jenks.cache_clear()
    exact = breaks.jenks_breaks(values, 5)
    assert binned != exact or len(np.unique(values)) <= 1000  # the bins were used
    assert spread(values, binned) <= spread(values, exact) * 1.01
