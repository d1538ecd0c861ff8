"""The change map's frame (ui.sections.change): end minus start per county, ranked by the rise."""

from datetime import date

import pandas as pd
import pytest

import queries
from ui.figures import maps
from ui.frame import filters
from ui.sections import change

ALL = filters.Filters(as_of=date(2026, 10, 1), prefecture=None, metro_circle=None, county_type=None,
                      in_scope_only=False)


@pytest.fixture
def indicator(warehouse) -> pd.Series:
    return queries.run("common/indicators").set_index("id").loc["va_growth_ytd_pct"]


def test_the_change_is_the_end_value_less_the_start_value_ranked_by_rise(indicator):
    start, end = date(2025, 10, 1), date(2026, 10, 1)
    frame = change.change_frame(ALL, indicator, start, end).set_index("adcode")
    before = queries.run("overview/indicator_by_county", indicator=indicator.name, period=start,
                         **ALL.query_params()).set_index("adcode")["value"]
    after = queries.run("overview/indicator_by_county", indicator=indicator.name, period=end,
                        **ALL.query_params()).set_index("adcode")["value"]
    assert frame["value"].to_dict() == pytest.approx((after - before).to_dict())
    top = frame.sort_values("rank").iloc[0]
    assert top["rank"] == 1 and top["value"] == frame["value"].max()


def test_the_change_map_splits_its_classes_at_zero(indicator):
    frame = change.change_frame(ALL, indicator, date(2025, 10, 1), date(2026, 10, 1))
    assert (frame["value"] < 0).any() and (frame["value"] > 0).any()
    spec = maps.MapSpec(title="变化", unit="百分点", period_text="x", source="s", demo=True, diverging=True)
    assert 0.0 in maps.class_edges(frame["value"].dropna().to_numpy(), spec)
