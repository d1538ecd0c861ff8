"""County names on the map (ui.figures.county_names): inside their county, where they fit, readable on any fill."""

import json

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import shapely

from geo.boundaries import read_counties
from geo.registry import regions
from ui.figures import county_names, maps
from ui.frame import modes
from ui.style import theme


def county_frame(prefecture_code: str | None = None) -> pd.DataFrame:
    rows = [{"adcode": r.adcode, "name": r.name, "short_name": r.short_name, "prefecture": r.prefecture_code,
             "in_filter": prefecture_code in (None, r.prefecture_code)} for r in regions()]
    frame = pd.DataFrame(rows)
    return frame.assign(value=np.linspace(-3, 9, len(frame)), rank=1, ranked_count=1, tier=1)


def names_trace(fig: go.Figure) -> go.Scattergeo | None:
    return next((t for t in fig.data if t.name == county_names.TRACE_NAME), None)


def test_every_name_stands_inside_its_county():
    points = county_names.label_points()
    for adcode, geometry in zip(read_counties()["adcode"], read_counties()["geometry"]):
        assert geometry.contains(shapely.Point(points.at[adcode, "lon"], points.at[adcode, "lat"])), adcode


def test_the_province_map_names_the_large_counties_and_not_wuhans_small_districts():
    spec = maps.MapSpec(title="t", unit="%", period_text="2026年10月", source="s", demo=True, names=True)
    shown = set(names_trace(maps.choropleth(county_frame(), spec)).text)
    assert {"利川", "郧西", "钟祥"} <= shown
    assert not {"江汉", "硚口", "江岸"} & shown
    assert len(shown) > 45  # 54 of 103 at the narrowest map


def test_a_prefectures_map_names_all_its_counties_and_the_province_map_none_unasked():
    spec = maps.MapSpec(title="t", unit="%", period_text="2026年10月", source="s", demo=True)
    wuhan = county_frame("420100")
    shown = names_trace(maps.choropleth(wuhan, spec)).text
    assert sorted(shown) == sorted(wuhan.loc[wuhan["in_filter"], "short_name"])
    assert names_trace(maps.choropleth(county_frame(), spec)) is None


@pytest.mark.parametrize(("fill", "text"), [
    (theme.DIVERGING[-1], theme.BACKGROUND), (theme.DIVERGING[0], theme.BACKGROUND),
    (theme.DIVERGING[3], theme.TEXT), (theme.FILTERED_OUT, theme.TEXT)])
def test_names_contrast_with_their_fill(fill, text):
    assert county_names.text_colour(fill) == text


def test_present_mode_grows_the_names_with_the_text(monkeypatch):
    spec = maps.MapSpec(title="t", unit="%", period_text="2026年10月", source="s", demo=True, names=True)
    fig = maps.choropleth(county_frame(), spec)
    monkeypatch.setattr(modes, "current", lambda: modes.PRESENT)
    shown = modes.style_figure(fig)
    grown = county_names.NAME_PX * modes.MODES[modes.PRESENT].text_scale
    assert names_trace(shown).textfont.size == pytest.approx(grown)


@pytest.mark.parametrize("level", ["county", "prefecture"])
def test_a_map_made_without_plotlys_checks_passes_them(level):
    """maps.map_figure skips plotly's validation (a third of a map's build): a figure that passes it again, property
    by property, and draws the same, holds nothing plotly would have refused or changed."""
    from ui.figures import points

    spec = maps.MapSpec(title="t", unit="%", period_text="2026年10月", source="s", demo=True, names=True,
                        diverging=True, overlays=("都市圈",), level=level)
    frame = county_frame()
    built = [maps.choropleth.uncached(frame, spec),
             maps.category_choropleth.uncached(frame.assign(category=["甲", "乙"] * 51 + [None]), spec,
                                               {"甲": theme.SEQUENTIAL[1], "乙": theme.SEQUENTIAL[3]}),
             points.point_map.uncached(pd.DataFrame({"lon": [114.9], "lat": [30.1], "kind": ["园区"]}),
                                       category="kind", hover=pd.Series(["大冶"]), title="t", period_text="2026年",
                                       source="s", demo=True)]
    for fig in built:
        checked = go.Figure(fig.to_dict())  # validated: raises on a property plotly refuses
        assert json.loads(fig.to_json()) == json.loads(checked.to_json())
