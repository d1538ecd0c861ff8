-- One per-county target (kind coverage): each county's value at the latest period up to the as-of month, met or not
-- grain: one row per adcode in the target's scope
-- params: $target varchar; $as_of date (the latest month shown)
-- returns: adcode varchar; name varchar; prefecture varchar; value double; threshold double; unit varchar; period date; category varchar (达标 / 未达标 / null = no value); is_demo boolean
with picked as (
    select t.id, t.indicator_id, t.threshold, t.scope, i.unit
    from target as t
    inner join indicator as i on t.indicator_id = i.id
    where t.id = $target and t.kind = 'coverage'
),

latest as (
    select max(v.period) as period
    from county_value_current as v
    inner join picked on v.indicator_id = picked.indicator_id
    where v.period_end <= $as_of
)

select
    r.adcode, r.name, r.prefecture, v.value, picked.threshold, picked.unit, latest.period,
    case when v.value >= picked.threshold then '达标' when v.value is not null then '未达标' end as category,
    v.is_demo
from region as r
cross join picked
cross join latest
left join county_value_current as v
    on r.adcode = v.adcode and picked.indicator_id = v.indicator_id and latest.period = v.period
where picked.scope = 'all' or r.in_scope
order by r.adcode
