-- One county's industry mix: the divisions by share of its 规上 output 1–N月, at the latest month up to a month
-- grain: one row per division with output in that month (largest share first)
-- params: $adcode varchar; $as_of date
-- returns: period date; division varchar; name varchar; firm_count integer; output_ytd_yi double; share_pct double; is_demo boolean
with latest as (
    select max(period) as period
    from industry_month
    where adcode = $adcode and period <= $as_of
)

select
    m.period, m.division, i.name, m.firm_count, m.output_ytd_yi,
    100 * m.output_ytd_yi / sum(m.output_ytd_yi) over () as share_pct,
    m.is_demo
from industry_month as m
inner join latest as l on m.period = l.period
inner join industry as i on m.division = i.code
where m.adcode = $adcode
order by share_pct desc, m.division asc
