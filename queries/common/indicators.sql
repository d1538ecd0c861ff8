-- The catalog's indicators that have county values, with their task area, for pickers and labels
-- grain: one row per indicator
-- params: none
-- returns: id varchar; name varchar; unit varchar; frequency varchar; measure varchar; direction varchar; area varchar; area_name varchar; area_order integer; indicator_order integer; clause varchar; source varchar; definition varchar; latest_period date; user_defined boolean; kind varchar (catalog kind: value, derived, industry …)
select
    i.id, i.name, i.unit, i.frequency, i.measure, i.direction, i.area,
    a.name as area_name, a.sort_order as area_order, i.sort_order as indicator_order, i.clause, i.source, i.definition,
    max(v.period) as latest_period,
    i.user_defined,
    i.kind
from indicator as i
inner join area as a on i.area = a.id
inner join county_value_current as v on i.id = v.indicator_id
group by all
order by area_order, indicator_order
