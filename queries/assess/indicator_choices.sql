-- The indicators an assessment rule can score: catalog indicators with county values and a direction, with the per-county target the plan sets
-- grain: one row per indicator
-- params: none
-- returns: id varchar; name varchar; unit varchar; direction varchar; area_name varchar; clause varchar; plan_target double (the per-county threshold of the plan's target, if any)
with targets as (
    select t.indicator_id, max(t.threshold) as plan_target
    from target as t
    where t.threshold is not null and t.kind in ('coverage', 'count_regions')
    group by t.indicator_id
)

select i.id, i.name, i.unit, i.direction, a.name as area_name, i.clause, t.plan_target
from indicator as i
inner join area as a on i.area = a.id
left join targets as t on i.id = t.indicator_id
where
    i.direction in ('up', 'down') and i.kind in ('value', 'derived')
    and exists (
        select 1 from county_value_current as v
        where v.indicator_id = i.id
    )
order by a.sort_order asc, i.sort_order asc
