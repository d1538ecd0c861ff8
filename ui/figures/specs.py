"""How a county map of a catalog indicator is titled and classed, for pages and the 会议材料 deck alike (pure)."""

from __future__ import annotations

from datetime import date

import pandas as pd

import queries
from ui.figures import maps
from ui.style import labels


def map_spec(indicator: pd.Series, period_text: str, method: str, demo: bool,
             layers: tuple[str, ...] = (), class_values: tuple[float, ...] | None = None,
             names: bool = False) -> maps.MapSpec:
    """How a county map of this indicator is titled and classed (growth rates diverge around zero)."""
    growth = indicator["unit"] == "%" and any(w in indicator["name"] for w in ("增速", "变化"))
    return maps.MapSpec(title=indicator["name"], unit=indicator["unit"], period_text=period_text,
                        source=indicator["source"], demo=demo, method=method, diverging=growth, overlays=layers,
                        class_values=class_values, names=names)


def pooled_class_values(indicator: pd.Series, as_of: date,
                        params: dict) -> tuple[tuple[float, ...] | None, str]:
    """Every published period's values (up to as_of, in the filters and industry of params) to cut the classes
    from, and the note that says so: the legend stays put while the timeline moves, and the meeting deck's
    map is classed as the page's was. None when there is a single period."""
    pooled = queries.run("common/indicator_values_pooled", indicator=indicator.name, as_of=as_of, **params)
    if pooled["period"].nunique() < 2:
        return None, ""
    first, last = (labels.period_label(p, indicator["frequency"]) for p in (pooled["period"].min(),
                                                                              pooled["period"].max()))
    return tuple(pooled["value"]), f"　分级按{first}—{last}各期数值统一划分，各期图例一致。"
