"""Which period a page shows at the as-of month: a month once reached, a year once it has ended (pure, no streamlit).

The rule itself is the warehouse's (macro period_end); this module only asks common/latest_period.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

import queries


def latest_period(indicator_id: str, as_of: date, industry: str | None = None) -> date | None:
    """An indicator's latest period complete at the as-of month (so 2025年 shows from 2025年12月 on)."""
    period = queries.run("common/latest_period", indicator=indicator_id, as_of=as_of,
                         industry=industry)["period"].iloc[0]
    return None if pd.isna(period) else pd.Timestamp(period).date()


def published_periods(indicator_id: str, as_of: date, industry: str | None = None) -> list[date]:
    """Every period of an indicator complete at the as-of month, oldest first (the timeline's stops)."""
    found = queries.run("common/published_periods", indicator=indicator_id, as_of=as_of, industry=industry)["period"]
    return [pd.Timestamp(p).date() for p in found]


def period_for(indicator: pd.Series, as_of: date, industry: str | None = None) -> date | None:
    """The period a page shows for a catalog row (indexed by id) at the as-of month."""
    return latest_period(indicator.name, as_of, industry)
