-- Warehouse schema: the county figures in force, from the county rows and their batches.

-- Revisions are new rows: the newest loaded batch (then the last row in it) wins per key.
-- arg_max_null keeps a revision that blanks a value (arg_max would skip the NULL).
create view county_value_loaded as
select
    cv.adcode, cv.indicator_id, cv.period,
    arg_max_null(cv.value, (cv.batch_id, cv.row_seq)) as value,
    arg_max_null(cv.status, (cv.batch_id, cv.row_seq)) as status,
    max(cv.batch_id) as batch_id
from county_value as cv
inner join batch as b on cv.batch_id = b.batch_id
where b.outcome = 'loaded'
group by cv.adcode, cv.indicator_id, cv.period;

-- Derived indicators (catalog kind 'derived'), computed from loaded ones: 规上企业净增 = 新增入规 − 退规.
create view county_value_derived as
select
    n.adcode, 'above_scale_net_count' as indicator_id, n.period, n.value - x.value as value,
    case when '初步' in (n.status, x.status) then '初步' else '最终' end as status,
    greatest(n.batch_id, x.batch_id) as batch_id
from county_value_loaded as n
inner join county_value_loaded as x on n.adcode = x.adcode and n.period = x.period
where n.indicator_id = 'new_above_scale_count' and x.indicator_id = 'exit_above_scale_count';

-- What county_value_current holds: every query of a page read through this grouping of all ~80,000 rows
-- (two hash aggregates, ~45 ms of a map query's ~65), so it is written once per warehouse version instead,
-- by data/warehouse/current.py, on the writer's copy before it is published.
create view county_value_current_source as
with merged as (
    select * from county_value_loaded
    union all by name
    select * from county_value_derived
)

select
    m.adcode, m.indicator_id, m.period, m.value, i.unit, m.status, m.batch_id, b.is_demo,
    period_end(m.period, i.frequency) as period_end
from merged as m
inner join indicator as i on m.indicator_id = i.id
inner join batch as b on m.batch_id = b.batch_id;

-- The county figures in force: newest loaded revision per county, indicator and period, derived ones
-- included, with unit, demo mark and period end. Empty until current.refresh writes it.
create table county_value_current (
    adcode varchar not null,
    indicator_id varchar not null,
    period date not null,
    value double,
    unit varchar,
    status varchar,
    batch_id integer not null,
    is_demo boolean,
    period_end date
);
