-- The whole indicator catalog with its task area and whether county values are loaded
-- grain: one row per indicator
-- params: none
-- returns: area_name varchar; area_order integer; indicator_order integer; id varchar; name varchar; unit varchar; grain varchar; frequency varchar; measure varchar; direction varchar; kind varchar; clause varchar; source varchar; definition varchar; periods integer
select
    a.name as area_name, a.sort_order as area_order, i.sort_order as indicator_order,
    i.id, i.name, i.unit, i.grain, i.frequency, i.measure, i.direction, i.kind,
    i.clause, i.source, i.definition,
    cast(count(distinct v.period) as integer) as periods
from indicator as i
inner join area as a on i.area = a.id
left join county_value_current as v on i.id = v.indicator_id
group by all
order by area_order, indicator_order
