"""County × industry × month figures, summed from the firm records when a warehouse is published.

Pages cut every map by industry from `industry_month` (schema 35_industry_month.sql), a table of at most
counties × divisions × months (~150,000 rows) whatever the size of the firm-month table, and from
the measures of every industry written beside it (`industry_figure`, from the view in
36_industry_figures.sql), so a click reads one industry's rows and never scans firm rows. Both are
rewritten on the writer's copy by a build, a load or a rollback (data/warehouse/edit.py, build.py),
before the warehouse is published; writes that leave the firm records alone (snapshots, rules)
leave them as they are.
"""

from __future__ import annotations

import duckdb

# Constant SQL. A firm's months: the newest loaded revision of its 规上工业总产值 (output_yi), in the
# county and division of the register. 1–N月 sums its months of the year so far; its comparable base
# is the same months a year earlier, where it reported in the same month a year earlier.
REFRESH_SQL = """
delete from industry_month;
insert into industry_month
with firm_month as (
    select
        v.enterprise_id, v.period,
        arg_max(v.value, v.batch_id) as value, max(v.batch_id) as batch_id, bool_or(b.is_demo) as is_demo
    from enterprise_value as v
    inner join batch as b on v.batch_id = b.batch_id
    where v.indicator_id = 'output_yi' and b.outcome = 'loaded' and v.value is not null
    group by v.enterprise_id, v.period
),
to_date as (
    select
        f.*,
        sum(f.value) over (partition by f.enterprise_id, year(f.period) order by f.period) as ytd
    from firm_month as f
),
with_base as (
    select
        n.enterprise_id, n.period, n.value, n.ytd, n.batch_id, n.is_demo,
        b.ytd as base_ytd
    from to_date as n
    left join to_date as b on n.enterprise_id = b.enterprise_id and b.period = n.period - interval 1 year
)
select
    e.adcode, e.industry_code as division, w.period,
    count(*) as firm_count,
    sum(w.value) as output_yi,
    sum(w.ytd) as output_ytd_yi,
    coalesce(sum(w.ytd) filter (where w.base_ytd is not null), 0) as comparable_ytd_yi,
    coalesce(sum(w.base_ytd), 0) as base_ytd_yi,
    max(w.batch_id) as batch_id,
    bool_or(w.is_demo) as is_demo
from with_base as w
inner join enterprise as e on w.enterprise_id = e.enterprise_id
where e.industry_code is not null
group by e.adcode, e.industry_code, w.period;
delete from industry_figure;
insert into industry_figure select * from industry_figure_source;
"""

# What the figures are summed from: when these are unchanged, so are the figures.
SOURCE_SQL = """
select
    (select count(*) from enterprise),
    (select max(batch_id) from enterprise),
    (select count(*) from enterprise_value where indicator_id = 'output_yi'),
    (select max(batch_id) from enterprise_value where indicator_id = 'output_yi'),
    (select string_agg(batch_id || outcome, ',' order by batch_id) from batch)
"""


def refresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Rewrite industry_month when the firm records changed since it was written; returns whether it did."""
    source = str(con.execute(SOURCE_SQL).fetchone())
    written = con.execute("select value from meta where key = 'industry_month_source'").fetchone()
    if written and written[0] == source:
        return False
    # No transaction of its own: the writer's copy is not visible to anyone until it is published whole.
    con.execute(REFRESH_SQL)
    con.execute("delete from meta where key = 'industry_month_source'")
    con.execute("insert into meta values ('industry_month_source', $1)", [source])
    return True
