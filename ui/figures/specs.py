"""How a county map of a catalog indicator is titled and classed, for pages and the 会议材料 deck alike (pure)."""

from __future__ import annotations

import pandas as pd

from ui.figures import maps


def map_spec(indicator: pd.Series, period_text: str, method: str, demo: bool,
             layers: tuple[str, ...] = (), class_values: tuple[float, ...] | None = None,
             names: bool = False) -> maps.MapSpec:
    """How a county map of this indicator is titled and classed (growth rates diverge around zero)."""
    growth = indicator["unit"] == "%" and any(w in indicator["name"] for w in ("增速", "变化"))
    return maps.MapSpec(title=indicator["name"], unit=indicator["unit"], period_text=period_text,
                        source=indicator["source"], demo=demo, method=method, diverging=growth, overlays=layers,
                        class_values=class_values, names=names)
