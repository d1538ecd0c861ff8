"""The county figures in force and the assessment scores, written once per warehouse version instead of on every
query.

`county_value_current` (schema 22_county_current.sql) is what every map, league, trend and target reads: per county,
indicator and period the newest loaded revision, with the derived indicators. As a view it grouped all
~80,000 county rows on each query (about 45 ms of CPU of a map query's 65, twice per query where a page
compares with the period before), so it is a table, rewritten from its view on the writer's copy by a build,
a load, a rollback or any other write that publishes (data/warehouse/build.py, edit.py). Nothing reads the
writer's copy before it is published, so nobody sees the table out of step with the rows it is made from.

The 强县考核 scores (`assessment_score_month`, schema 63) are written from it in the same step: per saved rule
version, every county's score in every month (a page summed every rule's points for two months per query:
about 50 ms of CPU for the county league, 40 for the prefectures', 100 for the rank history).
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


# Every month's score of a saved version (the months bounds: all there are).
SCORES_SQL = """
insert into assessment_score_month
select $version, s.month, s.adcode, s.score, s.scored, s.rules, s.is_demo
from assessment_scores($version, date '1900-01-01', date '2999-12-01', null) as s
"""


def refresh(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite county_value_current from the county rows and batches as they are now, then every saved
    assessment version's monthly scores from it (assessment_score_month)."""
    con.execute(REFRESH_SQL)
    con.execute("delete from assessment_score_month")
    for (version,) in con.execute("select version_id from assessment_version order by version_id").fetchall():
        con.execute(SCORES_SQL, {"version": version})
