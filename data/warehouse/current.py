"""The county figures in force, written once per warehouse version instead of grouped on every query.

`county_value_current` (schema 22_county_current.sql) is what every map, league, trend and target reads: per county,
indicator and period the newest loaded revision, with the derived indicators. As a view it grouped all
~80,000 county rows on each query (about 45 ms of CPU of a map query's 65, twice per query where a page
compares with the period before), so it is a table, rewritten from its view on the writer's copy by a build,
a load, a rollback or any other write that publishes (data/warehouse/build.py, edit.py). Nothing reads the
writer's copy before it is published, so nobody sees the table out of step with the rows it is made from.
"""

from __future__ import annotations

import duckdb

# Constant SQL. Sorted so that a query for one indicator and period reads few row groups as the table grows.
REFRESH_SQL = """
delete from county_value_current;
insert into county_value_current
select * from county_value_current_source
order by indicator_id, period, adcode;
"""


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite county_value_current from the county rows and batches as they are now."""
    con.execute(REFRESH_SQL)
