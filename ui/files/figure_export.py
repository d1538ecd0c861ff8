"""Server-side chart images: a card figure as PNG or SVG, rendered offline by kaleido in Debian's chromium.

Pure (no streamlit): the page's download buttons and the meeting deck call the same functions.
A figure is rendered from a copy prepared for a browser with no server behind it: county maps
get their GeoJSON inline instead of the static URL the dashboard's browser fetches, Plotly's
world outline comes from `static/topojson/` as a file URL, and the data's as-of date joins the
source line under the chart. Chromium runs with a proxy that goes nowhere, so a figure that
would need a CDN fails loudly instead of downloading at run time.

One browser is started on first use and reused (an image costs 4–8 s cold, 0.6–0.9 s warm on 2 shared cores).
It runs on its own event-loop thread rather than kaleido's `start_sync_server`: that server
hangs its callers for ever once its browser thread has died, and hands results to concurrent
callers in arbitrary order.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import copy
import threading
from pathlib import Path

import kaleido
import plotly.graph_objects as go
from kaleido.errors import KaleidoError

import settings
from geo.boundaries import GEOJSON_URL, to_geojson
from ui.figures.charts import FOOTER_LINE_PX, FOOTER_NAME
from ui.style import labels, theme

TOPOJSON_URL = (Path(__file__).resolve().parents[2] / "static" / "topojson").as_uri() + "/"
NO_NETWORK_PROXY = "http://127.0.0.1:9"  # the discard port: any http(s) request fails at once
RENDER_SECONDS = 60  # one image; a render that takes longer means a stuck browser, which is restarted
START_SECONDS = 60


class _Browser:
    """One headless chromium with kaleido's page, on its own event loop, shared by every export."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # one render at a time: kaleido keeps a single tab
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido: kaleido.Kaleido | None = None

    def render(self, spec: dict, opts: dict) -> bytes:
        with self._lock:
            try:
                return self._render(spec, opts)
            except Exception as error:
                if not _page_not_ready(error):
                    raise
                # The tab's page had not loaded its script yet (kaleido takes the page's script context when the
                # tab opens, and under load it took the blank page's before the navigation). kaleido reloads the
                # tab after every render, so once more runs on the loaded page.
                return self._render(spec, opts)

    def _render(self, spec: dict, opts: dict) -> bytes:
        if self._kaleido is None:
            self._open()
        future = asyncio.run_coroutine_threadsafe(
            self._kaleido.calc_fig(spec, opts, topojson=TOPOJSON_URL), self._loop)
        try:
            return future.result(RENDER_SECONDS + 5)
        except BaseException as error:
            # Plotly refusing the figure, or a page not ready (render() tries once more), leaves the browser fine.
            if not isinstance(error, KaleidoError) and not _page_not_ready(error):
                future.cancel()
                self._close()  # timed out or the browser died: start afresh on the next call
            raise

    def start(self) -> None:
        with self._lock:
            if self._kaleido is None:
                self._open()

    def _open(self) -> None:
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="figure-export", daemon=True)
        thread.start()

        async def open_browser() -> kaleido.Kaleido:
            browser = kaleido.Kaleido(mathjax=False, path=settings.CHROMIUM, timeout=RENDER_SECONDS,
                                      proxy_server=NO_NETWORK_PROXY)
            await browser.open()
            return browser

        try:
            self._kaleido = asyncio.run_coroutine_threadsafe(open_browser(), loop).result(START_SECONDS)
        except BaseException:
            loop.call_soon_threadsafe(loop.stop)
            raise
        self._loop, self._thread = loop, thread

    def _close(self) -> None:
        browser, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if loop is None:
            return
        # A browser that is already gone has nothing left to close.
        with contextlib.suppress(BaseException):
            asyncio.run_coroutine_threadsafe(browser.close(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

    def stop(self) -> None:
        with self._lock:
            self._close()


def _page_not_ready(error: BaseException) -> bool:
    """kaleido's script was not defined in the page it ran in (a ReferenceError from the tab, not Plotly's error)."""
    return not isinstance(error, KaleidoError) and "kaleido_scopes is not defined" in str(error)


_browser = _Browser()
atexit.register(_browser.stop)


def start() -> None:
    """Start the export browser ahead of the first image (so a button's first click costs no cold start)."""
    _browser.start()


def stop() -> None:
    """Close the export browser; the next export starts a new one."""
    _browser.stop()


def as_of_text(built_at: str) -> str:
    """The data's as-of line from the warehouse build time (warehouse_info.built_at): 数据截至2026年12月1日."""
    day = str(built_at)[:10]
    year, month, dom = (int(p) for p in day.split("-"))
    return f"数据截至{year}年{month}月{dom}日"


def _footer(layout: dict) -> dict | None:
    """card_layout's source annotation (the footer under the plot), if the figure has one."""
    for note in layout.get("annotations", []):
        if note.get("name") == FOOTER_NAME:
            return note
    return None


def _add_as_of(layout: dict, text: str) -> None:
    """The as-of line at the end of the source footer; the bottom margin grows by that line."""
    footer = _footer(layout)
    if footer is not None and text in footer["text"]:
        return
    margin = layout.setdefault("margin", {})
    margin["b"] = margin.get("b", 32) + FOOTER_LINE_PX
    if footer is not None:
        footer["text"] = f"{footer['text']}<br>{text}"
        return
    # A figure not built by card_layout: the same footer, in the same place and type.
    layout.setdefault("annotations", []).append(dict(
        text=text, xref="paper", yref="paper", x=0, y=0, yshift=-8, xanchor="left", yanchor="top",
        showarrow=False, align="left", font=dict(size=11, color=theme.MUTED_TEXT)))


def offline_figure(fig: go.Figure | dict, *, as_of_text: str | None = None) -> dict:
    """The figure as a dict a browser without the dashboard's server can draw (the caller's figure is untouched).

    County layers get their GeoJSON inline instead of the static URL; the as-of line joins the footer.
    """
    spec = copy.deepcopy(fig if isinstance(fig, dict) else fig.to_plotly_json())
    for trace in spec.get("data", []):
        if trace.get("geojson") == GEOJSON_URL:
            trace["geojson"] = to_geojson()
    layout = spec.setdefault("layout", {})
    if as_of_text:
        _add_as_of(layout, as_of_text)
    return spec


def _size(spec: dict, width: int | None, height: int | None) -> tuple[int, int]:
    layout = spec.get("layout", {})
    return int(width or layout.get("width") or 1000), int(height or layout.get("height") or 520)


def to_png(fig: go.Figure | dict, *, width: int | None = None, height: int | None = None, scale: float = 2,
           as_of_text: str | None = None) -> bytes:
    """PNG bytes of a card figure: width × height layout pixels (default: 1000 × the figure's height), × scale."""
    spec = offline_figure(fig, as_of_text=as_of_text)
    w, h = _size(spec, width, height)
    return _browser.render(spec, dict(format="png", width=w, height=h, scale=scale))


def to_svg(fig: go.Figure | dict, *, width: int | None = None, height: int | None = None,
           as_of_text: str | None = None) -> bytes:
    """SVG bytes (UTF-8) of a card figure; text stays text, so titles and the 演示数据 mark remain searchable."""
    spec = offline_figure(fig, as_of_text=as_of_text)
    w, h = _size(spec, width, height)
    return _browser.render(spec, dict(format="svg", width=w, height=h, scale=1))


def file_name(title: str, suffix: str, *, demo: bool) -> str:
    """A download name from a chart title: 规上工业增加值增速_演示数据.png (no characters a file system refuses)."""
    safe = "".join(c for c in title if c not in '\\/:*?"<>|').strip() or "图表"
    return f"{safe}_{labels.DEMO_MARK}.{suffix}" if demo else f"{safe}.{suffix}"
