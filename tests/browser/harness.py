"""Browser harness shared by the browser tests and the benchmark: serve the app, drive Debian's chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HUBEI_CHROMIUM", "/usr/bin/chromium")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
# The flags the machine's own checks use: no background calls home, no GPU.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAGES = [("/", "总览"), ("/growth", "稳步增长"), ("/cluster", "产业集聚"), ("/entity", "市场主体"),
         ("/compete", "企业竞争力"), ("/digital", "数字化转型"), ("/green", "绿色发展"), ("/county", "县域画像"),
         ("/data", "数据管理"), ("/catalog", "指标目录"), ("/assess", "强县考核")]
# Streamlit's frontend probes these under a page's path and gets 404s (design.md, known traps).
PROBE_SUFFIXES = ("/_stcore/health", "/_stcore/host-config")
SETTLE = 0.3  # seconds without a new script run after script_finished: the interaction is over


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def var_env(var: Path) -> dict[str, str]:
    """The settings of a server whose var folder is var: its warehouse and raw store inside it."""
    return {"HUBEI_VAR_DIR": str(var), "HUBEI_WAREHOUSE": str(var / "warehouse.duckdb"),
            "HUBEI_RAW_DIR": str(var / "raw")}


@contextlib.contextmanager
def serve(timeout: float = 90, env: dict[str, str] | None = None, *, cwd: Path = ROOT, args: tuple[str, ...] = ()):
    """Start `streamlit run app.py` in cwd (the dashboard by default) on a free local port with this process's
    settings (and env, and args for streamlit); yield its URL once healthy."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true", *args],
        cwd=cwd, env={**os.environ, **(env or {})}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                if urllib.request.urlopen(url + "/_stcore/health", timeout=2).status == 200:
                    break
            time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not start")
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)


@contextlib.contextmanager
def serve_own_warehouse(var: Path, demo: Path):
    """A server on a demo warehouse of its own (a copy of the session's demo warehouse, published in var): for
    tests that load, roll back or save."""
    from tests.private import publish_copy

    publish_copy(demo, var)
    with serve(env=var_env(var)) as url:
        yield url


@dataclass
class PageLog:
    requests: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, url)
    failed_responses: list[tuple[int, str]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    bytes_by_url: dict[str, int] = field(default_factory=dict)


def known_probe_404(error: tuple[str, str], failed: list[tuple[int, str]]) -> bool:
    """True only for the 404 of Streamlit's health/host-config probe under a page path."""
    text, url = error
    probe_404s = {u for status, u in failed if status == 404 and urlparse(u).path.endswith(PROBE_SUFFIXES)}
    return "404" in text and url in probe_404s


class Browser:
    """One headless chromium; .open(url) gives a fresh page with its log of requests and errors."""

    def __init__(self, width: int = 1920, height: int = 1080):
        self.viewport = {"width": width, "height": height}

    def __enter__(self):
        from playwright.sync_api import sync_playwright

        self._pw = sync_playwright().start()
        self.chromium = self._pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        return self

    def __exit__(self, *exc):
        self.chromium.close()
        self._pw.stop()

    def open(self, url: str, context=None):
        context = context or self.chromium.new_context(viewport=self.viewport, locale="zh-CN")
        page = context.new_page()
        log = PageLog()
        page.on("request", lambda r: log.requests.append(r.url))
        page.on("response", lambda r: r.status >= 400 and log.failed_responses.append((r.status, r.url)))
        page.on("console", lambda m: m.type == "error"
                and log.console_errors.append((m.text, m.location.get("url", ""))))
        page.on("pageerror", lambda e: log.page_errors.append(str(e)))
        page.goto(url, wait_until="domcontentloaded")
        return page, log


class RunWatch:
    """Script runs of one page, from its websocket frames: how many finished, when the last did, and how each
    ended (ForwardMsg.ScriptFinishedStatus: a full run, a fragment run, one a callback's rerun ended at once)."""

    def __init__(self, page):
        self.finished = 0
        self.last_finish = 0.0
        self.statuses: list[int] = []
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = ForwardMsg.FromString(payload) if isinstance(payload, bytes) else None
        if msg and msg.WhichOneof("type") == "script_finished":
            self.finished += 1
            self.last_finish = time.perf_counter()
            self.statuses.append(msg.script_finished)

    def wait_after(self, page, before: int, timeout: float = 60) -> float:
        """Wait for a run to finish after `before` runs, then SETTLE s with no further run; the finish time."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            page.wait_for_timeout(20)
            if self.finished > before and time.perf_counter() - self.last_finish >= SETTLE:
                return self.last_finish
        raise TimeoutError("no script run finished")


def map_county_count(page) -> int:
    """Distinct counties drawn in the first map: paths of its choropleth layers, the selection outline excluded.

    Plotly draws each choropleth trace as one `g.trace.choropleth` layer bound (d3 `__data__`) to
    that trace's calcdata, with one `path.choroplethlocation` per location it found in the GeoJSON;
    each path's datum carries its location (`loc`). A location missing from the GeoJSON gets no path,
    so this counts what is on screen, not what the figure asked for.
    """
    return page.evaluate("""() => {
        const plot = [...document.querySelectorAll('.js-plotly-plot')]
            .find(p => p.querySelector('path.choroplethlocation'));
        if (!plot) return 0;
        const layers = [...plot.querySelectorAll('g.trace.choropleth')]
            .filter(g => ((g.__data__ || [])[0] || {}).trace?.name !== 'selected');
        const paths = layers.flatMap(g => [...g.querySelectorAll('path.choroplethlocation')])
            .filter(p => p.getAttribute('d'));
        return new Set(paths.map(p => p.__data__.loc)).size;
    }""")


def clipped_button_labels(page) -> list[str]:
    """Labels of visible buttons whose text runs past the button's edge (cut off on screen)."""
    return page.evaluate("""() => [...document.querySelectorAll('button')].filter(b => {
        const box = b.getBoundingClientRect(), label = b.querySelector('p');
        if (!label || box.width === 0) return false;
        const range = document.createRange();
        range.selectNodeContents(label);
        const text = range.getBoundingClientRect();
        return text.right > box.right + 1 || text.left < box.left - 1;
    }).map(b => b.innerText.replace(/\\s+/g, ' ').trim())""")


def chart_text_faults(page) -> list[str]:
    """Charts where a legend runs across the title, subtitle, x axis title or an annotation (the source
    footer), or where one of those runs past the figure's edge.

    Plotly does not move annotations out of a wrapping legend's way, nor wrap them: the builders reserve room
    (geo/legend_space) and cut long footer lines (card_layout footer_em); this is what the reader would see.
    """
    return page.evaluate("""() => [...document.querySelectorAll('.js-plotly-plot')]
      .filter(p => p.getBoundingClientRect().width > 0).flatMap(p => {
        const figure = p.getBoundingClientRect(), faults = [];
        const name = ((p.layout || {}).title || {}).text || '?';
        const legend = p.querySelector('g.legend');
        const notes = [...p.querySelectorAll('g.annotation, .gtitle, .gtitle-subtitle, .xtitle')]
            .filter(a => a.textContent.trim() !== '演示数据')  // the watermark lies across the plot on purpose
            .map(a => a.getBoundingClientRect()).filter(a => a.width > 0);
        if (legend) {
            const l = legend.getBoundingClientRect();
            if (notes.some(a => a.left < l.right && l.left < a.right && a.top < l.bottom && l.top < a.bottom))
                faults.push(name + ': legend over a note');
        }
        if (notes.some(a => a.right > figure.right + 1)) faults.push(name + ': note past the edge');
        return faults;
    })""")


# The script has finished and every placeholder is filled (a wait_for_function condition).
SETTLED = "() => !document.querySelector('[data-testid=\"stSkeleton\"]') && " \
          "!document.querySelector('[data-testid=\"stStatusWidget\"]')"


def wait_for_charts(page, timeout: float = 90_000) -> None:
    """Every Plotly chart on the page drawn, and the page's charts settled: the same charts at the same sizes
    twice in a row. A page still streaming its lower charts, or relaying out a chart at an interim width, was
    measured half-drawn (a note seen past its edge once in CI, never when run alone)."""
    page.wait_for_function("""() => {
        const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"]')];
        return charts.length > 0 && charts.every(c => c.querySelector('.main-svg'));
    }""", timeout=timeout)
    layout = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg')]
        .map(svg => { const b = svg.getBoundingClientRect(); return `${Math.round(b.width)}x${Math.round(b.height)}`; })
        .join(',')"""
    seen = None
    for _ in range(20):  # at most 20 × 0.75 s
        page.wait_for_timeout(750)
        now = page.evaluate(layout)
        if now == seen:
            break
        seen = now
    page.wait_for_timeout(750)


def screenshot(page, path) -> None:
    """The viewport as it is (tests/conftest.py lists the run's screenshots at the end)."""
    page.screenshot(path=str(path))


def full_screenshot(page, path) -> None:
    """The whole page: Streamlit scrolls inside its main container, so grow the viewport to fit it first."""
    height = page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMain"]') || document.body;
        return Math.max(main.scrollHeight, window.innerHeight);
    }""")
    original = page.viewport_size
    page.set_viewport_size({"width": original["width"], "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(800)  # plotly re-lays out on resize
    screenshot(page, path)
    page.set_viewport_size(original)
