-- The periods one indicator has county values for, newest first
-- grain: one row per period
-- params: $indicator varchar
-- returns: period date; counties integer
select
    period,
    cast(count(distinct adcode) as integer) as counties
from county_value_current
where indicator_id = $indicator
group by period
order by period desc
