"""Figures remembered by their inputs' content, styled once per mode, bounded."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from ui.figures import memo

CALLS = []


@memo.figure
def bars(frame: pd.DataFrame, *, title: str) -> go.Figure:
    CALLS.append(title)
    return go.Figure(go.Bar(x=frame["name"], y=frame["value"]), layout=dict(title=title))


def frame(values) -> pd.DataFrame:
    return pd.DataFrame({"name": ["大冶", "阳新"], "value": values})


def test_equal_content_gives_the_same_figure_and_other_content_a_new_one():
    memo.clear()
    CALLS.clear()
    first = bars(frame([1.0, 2.0]), title="产值")
    assert bars(frame([1.0, 2.0]), title="产值") is first  # a new frame object with the same content
    assert bars(frame([1.0, 2.5]), title="产值") is not first
    assert bars(frame([1.0, 2.0]), title="增速") is not first
    assert CALLS == ["产值", "产值", "增速"]


def test_digest_tells_apart_what_a_builder_could_tell_apart():
    base = frame([1.0, 2.0])
    assert memo.digest(base) == memo.digest(base.copy())
    assert memo.digest(base) != memo.digest(base.rename(columns={"value": "count"}))
    assert memo.digest(base) != memo.digest(base.astype({"value": "float32"}))
    assert memo.digest(base["value"]) != memo.digest(base["value"].rename("other"))
    assert memo.digest([1, float("nan")]) == memo.digest([1, float("nan")])
    assert memo.digest({"a": [1, 2]}) != memo.digest({"a": [2, 1]})
    # A dict's order is the legend's and the lines' colours (category maps, compared counties): it counts.
    assert memo.digest({"大冶": 1, "阳新": 2}) != memo.digest({"阳新": 2, "大冶": 1})


def test_keyword_order_does_not_matter():
    memo.clear()
    CALLS.clear()

    @memo.figure
    def titled(*, title: str, subtitle: str) -> go.Figure:
        CALLS.append(title)
        return go.Figure(layout=dict(title=title))

    assert titled(title="产值", subtitle="亿元") is titled(subtitle="亿元", title="产值")
    assert CALLS == ["产值"]


def test_compared_counties_are_lines_over_the_shared_trend():
    from ui.figures import charts

    periods = pd.to_datetime(["2025-05-01", "2025-06-01"])
    spread = pd.DataFrame({"period": periods, "p25": [1.0, 2.0], "median": [2.0, 3.0], "p75": [3.0, 4.0]})
    trend = charts.spread_trend(spread, title="增速走势", unit="%", period_text="2025年5月—6月", source="省统计局",
                                demo=False)
    before = _json(memo.spec_of(trend))
    series = {name: pd.DataFrame({"period": periods, "value": values})
              for name, values in (("大冶市", [5.0, 6.0]), ("阳新县", [1.0, 0.5]))}
    lines = charts.county_lines(series)
    shown = memo.joined(trend, lines).to_dict()
    assert [t["name"] for t in shown["data"][3:]] == ["大冶市", "阳新县"]
    assert list(shown["data"][3]["y"]) == [5.0, 6.0]
    swapped = charts.county_lines(dict(reversed(series.items())))  # the other order: not the cached lines
    assert [t["name"] for t in swapped] == ["阳新县", "大冶市"]
    assert swapped[0]["line"]["color"] == lines[0]["line"]["color"]  # the first compared county, the first colour
    assert _json(memo.spec_of(trend)) == before  # the shared chart unchanged
    assert memo.joined(trend, ()).to_dict() is memo.spec_of(trend)


def test_styled_once_per_mode():
    fig, styles = go.Figure(), []

    def style(f):
        styles.append(1)
        return go.Figure(f)

    standard = memo.styled(fig, "标准", style)
    assert memo.styled(fig, "标准", style) is standard and len(styles) == 1
    assert memo.styled(fig, "演示模式", style) is not standard and len(styles) == 2


def test_the_cache_is_bounded_by_memory_and_drops_the_least_recently_used(monkeypatch):
    memo.clear()
    one = memo.estimated_bytes(bars.uncached(frame([0.0, 0.0]), title="产值"))
    monkeypatch.setattr(memo._built, "budget_bytes", 3.5 * one)  # room for three such figures
    for i in range(5):
        bars(frame([float(i), 0.0]), title="产值")
    assert len(memo._built) == 3 and memo._built.held_bytes() <= memo._built.budget_bytes
    CALLS.clear()
    bars(frame([4.0, 0.0]), title="产值")  # the newest stayed
    bars(frame([0.0, 0.0]), title="产值")  # the oldest was dropped: built again
    assert CALLS == ["产值"]


@memo.table
def rows(count: int) -> pd.DataFrame:
    CALLS.append(count)
    return pd.DataFrame({"name": [f"企业{i}" for i in range(count)], "value": np.arange(count, dtype=float)})


def test_a_large_result_takes_the_room_of_many_small_ones(monkeypatch):
    memo.clear()
    small = memo.estimated_bytes(rows.uncached(10))
    monkeypatch.setattr(memo._built, "budget_bytes", 20 * small)
    for count in range(10, 20):  # ten small tables fit
        rows(count)
    assert len(memo._built) == 10
    rows(3000)  # a firm list: it pushes the small ones out, not one of them
    assert memo.estimated_bytes(rows.uncached(3000)) > 10 * small
    assert len(memo._built) < 10 and memo._built.held_bytes() <= memo._built.budget_bytes
    rows(100_000)  # larger than the whole budget: returned, not kept
    assert memo._built.held_bytes() <= memo._built.budget_bytes
    CALLS.clear()
    assert len(rows(100_000)) == 100_000 and CALLS == [100_000]


def test_a_figures_estimate_grows_with_what_it_holds():
    small = go.Figure(go.Scatter(x=np.arange(10.0), y=np.arange(10.0), text=["大冶"] * 10))
    large = go.Figure(go.Scatter(x=np.arange(10_000.0), y=np.arange(10_000.0), text=["大冶市 · 规上工业"] * 10_000))
    grown = memo.estimated_bytes(large) - memo.estimated_bytes(small)  # the template and the rest are the same
    assert grown > 2 * 10_000 * (16 + len("大冶市 · 规上工业".encode()))  # the arrays and every text counted


def test_a_selection_outlines_the_county_without_changing_the_shared_map():
    from ui.figures import maps

    frame = pd.DataFrame({"adcode": ["420281", "420222"], "name": ["大冶市", "阳新县"], "short_name": ["大冶", "阳新"],
                          "prefecture": ["黄石市", "黄石市"], "in_filter": [True, True], "value": [1.0, 2.0],
                          "rank": [2, 1], "ranked_count": [2, 2], "tier": [3, 1]})
    spec = maps.MapSpec(title="产值", unit="亿元", period_text="2025年6月", source="省统计局", demo=False)
    base = maps.choropleth(frame, spec)
    before = _json(base.to_dict())
    outlined = maps.with_selection(base, "420281").to_dict()
    assert _json(base.to_dict()) == before == _json(memo.spec_of(base))  # the shared map and its dict unchanged
    assert _json({**outlined, "data": outlined["data"][:-1]}) == before
    assert outlined["data"][-1]["name"] == "selected" and list(outlined["data"][-1]["locations"]) == ["420281"]
    assert [f["id"] for f in outlined["data"][-1]["geojson"]["features"]] == ["420281"]  # one county's shape only
    # A county the map does not draw, or none: the map as it is.
    assert _json(maps.with_selection(base, "420100").to_dict()) == before
    assert _json(maps.with_selection(base, None).to_dict()) == before


def _json(spec: dict) -> str:
    import plotly.io as pio

    return pio.to_json(spec, validate=False)


def test_a_sent_figure_reaches_streamlit_as_the_same_json():
    """st.plotly_chart makes the same spec from a Sent figure as from the figure itself."""
    import plotly.io as pio
    import plotly.tools

    fig = go.Figure(go.Bar(x=["大冶", "阳新"], y=np.array([1.5, 2.0])), layout={"title": {"text": "产值"}})
    sent = memo.Sent(memo.spec_of(fig))
    as_streamlit = plotly.tools.return_figure_from_figure_or_data  # what st.plotly_chart calls first
    assert pio.to_json(as_streamlit(sent, validate_figure=True), validate=False) == \
        pio.to_json(as_streamlit(fig, validate_figure=True), validate=False)
    assert memo.spec_of(fig) is memo.spec_of(fig)  # made once


def test_a_figure_is_sent_in_json_types_so_plotly_serialises_it_in_c_on_every_run():
    """Plotly's to_json tries orjson and, when orjson refuses something, walks the whole figure in Python: hover
    texts and customdata as numpy object arrays and dates refused it for most maps and every trend, every run."""
    import orjson
    import plotly.io as pio

    fig = go.Figure(go.Scatter(x=pd.to_datetime(["2026-09-01", "2026-10-01"]), y=[1.5, np.nan],
                               customdata=np.array([["420281", "大冶市"], ["420222", "阳新县"]], dtype=object),
                               hovertext=np.array(["大冶", "阳新"], dtype=object)))
    options = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY  # plotly's own
    with np.testing.assert_raises(TypeError):
        orjson.dumps(fig.to_dict(), option=options)
    spec = memo.spec_of(fig)
    orjson.dumps(spec, option=options)  # refuses nothing
    assert orjson.loads(pio.to_json(memo.Sent(spec), validate=False)) == orjson.loads(pio.to_json(fig, validate=False))
