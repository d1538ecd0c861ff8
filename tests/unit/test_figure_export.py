"""Server-side chart images: PNG size as asked, SVG text kept, county maps drawn offline, nothing downloaded."""

import asyncio
import contextlib
import io
import os
import signal
import struct
import threading
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest
from kaleido.errors import KaleidoError
from PIL import Image

import queries
from geo.boundaries import GEOJSON_URL
from ui.figures import charts, maps
from ui.files import figure_export
from ui.style import labels, theme

AS_OF = "数据截至2026年12月1日"


@pytest.fixture(scope="module", autouse=True)
def browser():
    """One export browser for the module, closed at its end."""
    yield
    figure_export.stop()


@pytest.fixture(scope="module")
def county_map(warehouse) -> go.Figure:
    """The 稳步增长 page's first map: a diverging county map with the demo mark."""
    frame = queries.run("overview/indicator_by_county", indicator="va_growth_ytd_pct", period=date(2025, 6, 1),
                        prefecture=None, metro_circle=None, county_type=None, in_scope_only=False)
    spec = maps.MapSpec(title="规上工业增加值增速（累计）", unit="%", period_text="2025年6月", source="省统计局",
                        demo=True, diverging=True)
    return maps.choropleth(frame, spec)


@pytest.fixture(scope="module")
def bar_chart() -> go.Figure:
    frame = pd.DataFrame({"label": ["大冶", "仙桃"], "value": [973.6, 972.2],
                          "note": ["差 26.4 亿元", "差 27.8 亿元"]})
    return charts.distance_to_line(frame, line=1000, title="距千亿工业强县", unit="亿元", period_text="2025年",
                                   source="省统计局", demo=True)


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR, right after the 8-byte signature)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def share_of_colour(data: bytes, colours: tuple[str, ...]) -> float:
    """The share of the image's pixels in any of these colours (exactly)."""
    image = Image.open(io.BytesIO(data)).convert("RGB")
    wanted = {tuple(int(c[i:i + 2], 16) for i in (1, 3, 5)) for c in colours}
    counts = image.getcolors(maxcolors=image.width * image.height)
    return sum(n for n, rgb in counts if rgb in wanted) / (image.width * image.height)


def test_png_of_a_county_map_has_the_size_asked_and_shows_the_counties(county_map):
    png = figure_export.to_png(county_map, width=640, height=500, scale=1.5, as_of_text=AS_OF)
    assert png_size(png) == (960, 750)
    # Counties filled in the map's own class colours: the inline GeoJSON was drawn (a map that
    # fetched nothing draws only its legend swatches, a fraction of a percent of the image).
    assert share_of_colour(png, theme.DIVERGING) > 0.05


def test_png_of_a_bar_chart_takes_the_figure_height_by_default(bar_chart):
    png = figure_export.to_png(bar_chart, width=500, scale=1)
    assert png_size(png) == (500, bar_chart.layout.height)


def test_svg_keeps_title_demo_mark_and_as_of_as_text(county_map):
    svg = figure_export.to_svg(county_map, width=800, height=520, as_of_text=AS_OF).decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    title_lines = county_map.layout.title.text.split("<br>")  # a map's title is cut to fit a phone
    assert "".join(title_lines).replace(" ", "").replace("·", "") == "规上工业增加值增速（累计）2025年6月"
    for text in (*title_lines, labels.DEMO_MARK, AS_OF, "不作为标准地图"):
        assert text.strip() in svg


def test_export_works_on_a_copy_with_the_geojson_inline(county_map):
    before = county_map.to_json()
    spec = figure_export.offline_figure(county_map, as_of_text=AS_OF)
    assert county_map.to_json() == before
    assert county_map.data[0].geojson == GEOJSON_URL
    assert len(spec["data"][0]["geojson"]["features"]) == 103
    footer = next(a for a in spec["layout"]["annotations"] if a["text"].startswith("数据来源："))
    assert footer["text"].endswith(f"<br>{AS_OF}")
    assert spec["layout"]["margin"]["b"] == county_map.layout.margin.b + figure_export.FOOTER_LINE_PX
    again = figure_export.offline_figure(spec, as_of_text=AS_OF)  # already there: not added twice
    assert again["layout"]["margin"]["b"] == spec["layout"]["margin"]["b"]
    assert sum(a["text"].count(AS_OF) for a in again["layout"]["annotations"]) == 1


def test_a_figure_without_a_source_line_gets_the_as_of_line_under_it():
    spec = figure_export.offline_figure(go.Figure(go.Bar(x=[1], y=[1])), as_of_text=AS_OF)
    assert [a["text"] for a in spec["layout"]["annotations"]] == [AS_OF]


def test_nothing_is_downloaded_a_remote_geojson_fails():
    fig = go.Figure(go.Choropleth(geojson="https://example.com/counties.json", locations=["420281"], z=[1]))
    with pytest.raises(KaleidoError, match="while fetching from https:"):
        figure_export.to_png(fig, width=300, height=200)


def test_as_of_text_from_the_build_time():
    assert figure_export.as_of_text("2026-12-01T23:06:47") == "数据截至2026年12月1日"


def test_concurrent_exports_each_get_their_own_image(bar_chart):
    sizes = {(300, 200), (420, 260), (360, 240)}
    results: dict = {}

    def export(size):
        results[size] = png_size(figure_export.to_png(bar_chart, width=size[0], height=size[1], scale=1))

    threads = [threading.Thread(target=export, args=(s,)) for s in sizes]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert results == {s: s for s in sizes}


def test_a_dead_browser_is_replaced(bar_chart):
    figure_export.start()
    os.kill(figure_export._browser._kaleido.subprocess.pid, signal.SIGKILL)
    with contextlib.suppress(Exception):  # the call that finds it dead may fail, but must not hang
        figure_export.to_png(bar_chart, width=300, height=200, scale=1)
    assert png_size(figure_export.to_png(bar_chart, width=300, height=200, scale=1)) == (300, 200)


def test_file_name_from_a_title_drops_what_file_systems_refuse():
    assert figure_export.file_name("增速/排行: 2025年6月", "png", demo=True) == "增速排行 2025年6月_演示数据.png"
    assert figure_export.file_name("?*", "svg", demo=False) == "图表.svg"


def test_a_tab_whose_page_has_no_kaleido_script_yet_still_renders(bar_chart):
    """Under load kaleido once ran in the blank page before its own had loaded ('kaleido_scopes is not
    defined'); the export tries once more, on the tab kaleido reloads after every render."""
    figure_export.start()
    browser = figure_export._browser

    async def unload_script() -> None:
        tab = await browser._kaleido.tabs_ready.get()
        await tab.tab.send_command("Runtime.evaluate", params={
            "expression": "delete window.kaleido_scopes", "contextId": tab._current_js_id})
        await browser._kaleido.tabs_ready.put(tab)

    asyncio.run_coroutine_threadsafe(unload_script(), browser._loop).result(30)
    assert png_size(figure_export.to_png(bar_chart, width=300, height=200, scale=1)) == (300, 200)
