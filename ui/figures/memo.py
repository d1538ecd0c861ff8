"""Figures built once per distinct inputs, and styled once per display mode, shared by every session.

A page run spent most of its server CPU (120–540 ms a run, bench.click_cpu) in Plotly's object model:
building figures that had not changed since the last click, then styling them for the mode. Builders
are pure (frames in, figure out), so the same inputs give the same figure: `@memo.figure` keeps the
result keyed by the builder and a digest of its arguments (frames and series by content), and
`memo.styled` keeps the styled figure on it per mode. Streamlit only serialises it then.

The figures are shared: callers must not change a figure a memoized builder returned (copy it first,
as the 会议材料 deck does). Bounded by the memory they hold (settings.FIGURE_CACHE_MB, queries/bounded.py): with
room for 256 figures, one process serving 20 people built every other figure again (bench.ws_load: p95 1.24 s).
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections.abc import Callable, Hashable
from datetime import date

import numpy as np
import orjson
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

import settings
from queries import bounded


def estimated_bytes(value) -> int:
    """A figure: its dict walked, twice over, since the dict sent (spec_of) holds the same again. The dict is made
    here and dropped (1–3 ms once per figure built), not kept as spec_of's: styling for the standard mode still
    changes the figure in place after it is built. Anything else: as the query cache counts it."""
    if isinstance(value, go.Figure):
        return 2 * bounded.estimated_bytes(value.to_dict())
    return bounded.estimated_bytes(value)


_built = bounded.BoundedCache(settings.FIGURE_CACHE_MB * 2**20, estimated_bytes)
_lock = threading.Lock()  # spec_of and styled write onto shared figures


def _content(value: pd.DataFrame | pd.Series) -> str:
    # The pickle holds the values, index, names and dtypes; hashing it is about nine times faster than
    # pd.util.hash_pandas_object on the pages' frames (103 rows, Arrow strings: 0.18 against 1.6 ms). Equal
    # frames stored differently (another block layout) may pickle differently: a miss, never a wrong figure.
    # SHA-256 because the CPU does it (SHA extensions): twice blake2b's speed here (4 MB: 2.2 against 4.3 ms),
    # which counts for the lists (the 23,000 villages are digested on every run of 数字化转型).
    return hashlib.sha256(pickle.dumps(value, protocol=5)).hexdigest()


def digest(value) -> Hashable:
    """A hashable stand-in for an argument: frames and series by content (with names and types), containers item
    by item, anything hashable as it is."""
    if isinstance(value, pd.DataFrame):
        return ("frame", _content(value))
    if isinstance(value, pd.Series):
        return ("series", _content(value))
    if isinstance(value, np.ndarray):
        return ("array", value.shape, str(value.dtype), hashlib.sha256(value.tobytes()).hexdigest())
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, *(digest(v) for v in value))
    if isinstance(value, dict):  # in order: a legend's or a line's colour follows it
        return ("dict", *((str(k), digest(v)) for k, v in value.items()))
    if isinstance(value, (set, frozenset)):
        return ("set", *sorted(map(repr, value)))
    if isinstance(value, float) and np.isnan(value):
        return ("nan",)
    if isinstance(value, (str, int, float, bool, date, type(None))):
        return value
    try:
        hash(value)
    except TypeError:
        return ("repr", repr(value))
    return value


def figure(builder: Callable[..., go.Figure | None]) -> Callable[..., go.Figure | None]:
    """The builder, remembered: one figure object per distinct arguments, shared, never to be changed by callers."""

    @functools.wraps(builder)
    def built(*args, **kwargs):
        key = (builder.__module__, builder.__qualname__, digest(args), digest(dict(sorted(kwargs.items()))))
        result = _built.get(key)
        if result is bounded.MISSING:
            result = builder(*args, **kwargs)
            _built.put(key, result)
        return result

    built.uncached = builder
    return built


# Pure table builders (frames in, frames out) are remembered the same way, in the same bounded cache: what they
# return is shared too, and callers must not change it.
table = figure


def styled(fig: go.Figure, mode: Hashable, style: Callable[[go.Figure], go.Figure]) -> go.Figure:
    """style(fig) for a display mode, once per figure object: kept on the figure (plotly's own attribute
    checks only apply to names without a leading underscore)."""
    with _lock:
        done = fig.__dict__.setdefault("_styled_by_mode", {})
        if mode not in done:
            done[mode] = style(fig)
        return done[mode]


class Sent(go.Figure):
    """What st.plotly_chart is given: a figure whose dict was made once.

    Streamlit turns every chart into its dict (a deep copy, then a walk over every array) and then into JSON,
    on every run: for a page of nine charts that was a fifth of a click's server CPU, for figures that had not
    changed. A Sent hands over a dict made once per figure (`spec_of`), so only the JSON is made per run.
    Deliberately without plotly's own __init__ (about 1 ms of building an empty figure): Streamlit asks it for
    nothing but to_dict(), and nothing else may use it.
    """

    def __init__(self, spec: dict):  # plotly's own __init__ left out on purpose: see the class note
        self.__dict__["_sent_spec"] = spec

    def to_dict(self) -> dict:
        return self.__dict__["_sent_spec"]


def spec_of(fig: go.Figure) -> dict:
    """fig.to_dict() in JSON types, made once per figure object and kept on it (figures from memo are shared and
    never changed, so their dict stays true). Callers must not change the dict: copy what they add to."""
    with _lock:
        spec = fig.__dict__.get("_spec")
        if spec is None:
            spec = fig.__dict__["_spec"] = json_native(fig.to_dict())
        return spec


def json_native(value: dict | list) -> dict | list:
    """value in JSON types only (dicts, lists, str, numbers), as plotly would send it. Plotly's to_json hands a
    figure to orjson first and, if orjson refuses something (a numpy object array of hover text or customdata, a
    Timestamp), walks the whole figure in Python instead: on every run, for most maps and every trend. Made native
    once, a figure takes orjson's path each run (that walk was ~10 % of a 市州 change's script on 数字化转型)."""
    return orjson.loads(pio.json.to_json_plotly(value))


def joined(fig: go.Figure, traces: list[dict] | tuple[dict, ...]) -> Sent:
    """The figure as sent with more traces on top (a selected county's outline, compared counties' lines): its dict
    made once, the traces' dicts (made once by their callers) added without copying either."""
    spec = spec_of(fig)
    return Sent({**spec, "data": [*spec["data"], *traces]} if traces else spec)


def clear() -> None:
    """Forget every figure (tests)."""
    _built.clear()
