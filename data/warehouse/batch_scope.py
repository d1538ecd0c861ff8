"""Which prefectures a batch's rows lie in: a limited editor may roll back only batches wholly in their own.

Records that carry no county themselves (park values, enterprise values and honours, growth-point
reports) count in the county of the park, enterprise or project they belong to; a row whose
owner cannot be found counts as outside every prefecture. A batch with no rows at all is left to
province-wide editors, like files not keyed by county on load (data/warehouse/load).
"""

from __future__ import annotations

import os

import duckdb

import settings
from data.actor import Actor

# Per loaded batch: its rows, and those in the prefecture $prefecture. $id null = every batch.
ROWS_INSIDE = """
with batch_row as (
    select batch_id, adcode from county_value
    union all select batch_id, adcode from county_industry
    union all select batch_id, adcode from park
    union all select batch_id, adcode from enterprise
    union all select batch_id, adcode from growth_point
    union all select batch_id, adcode from village
    union all select batch_id, area_code from responsibility_target where area_level = 'county'
    union all select v.batch_id, p.adcode from park_value as v left join park as p using (park_id)
    union all select v.batch_id, e.adcode from enterprise_value as v left join enterprise as e using (enterprise_id)
    union all select h.batch_id, e.adcode from enterprise_honour as h left join enterprise as e using (enterprise_id)
    union all select r.batch_id, g.adcode from growth_point_report as r left join growth_point as g using (project_id)
),
placed as (
    select r.batch_id, g.prefecture_code from batch_row as r left join region as g on r.adcode = g.adcode
    union all  -- a prefecture's own responsibility target lies in it; the province's in none
    select batch_id, case when area_level = 'prefecture' then area_code end
    from responsibility_target where area_level <> 'county'
)
select b.batch_id, count(p.batch_id) as row_count,
       count(p.batch_id) filter (where p.prefecture_code = $prefecture) as inside
from batch as b
left join placed as p on b.batch_id = p.batch_id
where b.outcome = 'loaded' and ($id is null or b.batch_id = $id)
group by b.batch_id
"""


def batches_inside(con: duckdb.DuckDBPyConnection, prefecture: str, batch_id: int | None = None) -> set[int]:
    """The loaded batches (or the one asked for) whose rows all lie in the prefecture."""
    found = con.execute(ROWS_INSIDE, {"prefecture": prefecture, "id": batch_id}).fetchall()
    return {batch for batch, rows, inside in found if rows and rows == inside}


def limited(actor: Actor) -> bool:
    """An editor limited to one prefecture (an admin never is)."""
    return actor.role != "admin" and actor.prefecture is not None


def may_roll_back(actor: Actor) -> set[int] | None:
    """The batches this actor may roll back in the published warehouse; None when any (province-wide)."""
    if not limited(actor):
        return None
    con = duckdb.connect(os.path.realpath(settings.WAREHOUSE_PATH), read_only=True)
    try:
        return batches_inside(con, actor.prefecture)
    finally:
        con.close()
