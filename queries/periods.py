"""Which period a page shows at the as-of month: a month once reached, a year once it has ended (pure, no streamlit)."""

from __future__ import annotations

from datetime import date

import pandas as pd

import queries


def published(periods: pd.Series, frequency: str, as_of: date) -> pd.Series:
    """The periods already complete at the as-of month: a month once reached, a year once it has ended."""
    periods = pd.to_datetime(periods)
    ends = periods + pd.DateOffset(months=11) if frequency == "yearly" else periods
    return periods[ends <= pd.Timestamp(as_of)]


def latest_period(indicator_id: str, frequency: str, as_of: date) -> date | None:
    """An indicator's latest period complete at the as-of month (so 2025年 shows from 2025年12月 on)."""
    periods = published(queries.run("common/indicator_periods", indicator=indicator_id)["period"], frequency, as_of)
    return periods.max().date() if len(periods) else None


def period_for(indicator: pd.Series, as_of: date) -> date | None:
    """The period a page shows for a catalog row (indexed by id) at the as-of month."""
    return latest_period(indicator.name, indicator["frequency"], as_of)
