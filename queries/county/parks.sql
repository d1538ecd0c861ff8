-- One county's industrial parks with their latest year's output, tax and output per mu up to a month
-- grain: one row per park of the county
-- params: $adcode varchar; $as_of date
-- returns: park_id varchar; park_name varchar; park_kind varchar; park_level varchar; parent_park_name varchar; developed_area_mu double; output_yi double; tax_yi double; output_per_mu_wan double; period date; is_demo boolean
with parks as (
    select p.*
    from park as p
    where p.adcode = $adcode
),

facts as (
    select v.park_id, v.indicator_id, v.period, v.value, b.is_demo
    from park_value as v
    inner join parks as p on v.park_id = p.park_id
    inner join batch as b on v.batch_id = b.batch_id
    where
        period_end(v.period, 'yearly') <= $as_of and v.value is not null and b.outcome = 'loaded'  -- year ended
        and v.indicator_id in ('park_output_yi', 'park_tax_yi', 'park_output_per_mu_wan')
),

latest as (
    select park_id, max(period) as period
    from facts
    group by park_id
)

select
    p.park_id, p.park_name, p.park_kind, p.park_level, parent.park_name as parent_park_name, p.developed_area_mu,
    max(f.value) filter (where f.indicator_id = 'park_output_yi') as output_yi,
    max(f.value) filter (where f.indicator_id = 'park_tax_yi') as tax_yi,
    max(f.value) filter (where f.indicator_id = 'park_output_per_mu_wan') as output_per_mu_wan,
    l.period,
    any_demo(f.is_demo) or any_demo(b.is_demo) as is_demo
from parks as p
left join park as parent on p.parent_park_id = parent.park_id
left join batch as b on p.batch_id = b.batch_id
left join latest as l on p.park_id = l.park_id
left join facts as f on l.park_id = f.park_id and l.period = f.period
group by all
order by output_yi desc nulls last, p.park_id asc
