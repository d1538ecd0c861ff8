-- The months for which any monthly indicator has county values, newest first (the 期别 filter)
-- grain: one row per month
-- params: none
-- returns: period date
select distinct v.period
from county_value_current as v
inner join indicator as i on v.indicator_id = i.id
where i.frequency = 'monthly'
order by v.period desc
