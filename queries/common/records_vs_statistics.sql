-- Where the firm records and the county statistics both give 规上工业总产值 (当月): each county's two figures and gap
-- grain: one row per county-level unit in the filters, at the latest month up to $as_of that has both
-- params: $as_of date; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: period date; adcode varchar; name varchar; statistic_yi double; records_yi double; gap_yi double; gap_pct double; is_demo boolean
with records as (
    select adcode, period, sum(output_yi) as records_yi, bool_or(is_demo) as is_demo
    from industry_month
    where period <= $as_of
    group by adcode, period
),

statistic as (
    select adcode, period, value as statistic_yi, is_demo
    from county_value_current
    where indicator_id = 'output_yi' and period <= $as_of
),

latest as (
    select max(s.period) as period
    from statistic as s
    inner join records as r on s.adcode = r.adcode and s.period = r.period
)

select
    l.period, g.adcode, g.name, s.statistic_yi, coalesce(r.records_yi, 0) as records_yi,
    round(s.statistic_yi - coalesce(r.records_yi, 0), 4) as gap_yi,
    round(100 * (s.statistic_yi - coalesce(r.records_yi, 0)) / nullif(s.statistic_yi, 0), 1) as gap_pct,
    coalesce(s.is_demo or r.is_demo, false) as is_demo
from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as g
cross join latest as l
left join statistic as s on g.adcode = s.adcode and l.period = s.period
left join records as r on g.adcode = r.adcode and l.period = r.period
where g.in_filter and l.period is not null
order by abs(gap_pct) desc nulls last, g.adcode
