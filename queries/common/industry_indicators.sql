-- The measures every county has for a chosen industry (catalog kind 'industry'), in the columns of common/indicators
-- grain: one row per indicator (none when no firm records are loaded)
-- params: none
-- returns: id varchar; name varchar; unit varchar; frequency varchar; measure varchar; direction varchar; area varchar; area_name varchar; area_order integer; indicator_order integer; clause varchar; source varchar; definition varchar; latest_period date; user_defined boolean; kind varchar (catalog kind: value, derived, industry …)
select
    i.id, i.name, i.unit, i.frequency, i.measure, i.direction, i.area,
    a.name as area_name, a.sort_order as area_order, i.sort_order as indicator_order, i.clause, i.source, i.definition,
    (select max(m.period) from industry_month as m) as latest_period,
    i.user_defined,
    i.kind
from indicator as i
inner join area as a on i.area = a.id
where i.kind = 'industry' and exists (select 1 from industry_month)
order by indicator_order
