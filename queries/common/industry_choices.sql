-- What the industry filter offers: the plan's named industries, then every GB/T 4754 manufacturing division
-- grain: one row per industry_choice
-- params: none
-- returns: id varchar; name varchar; kind varchar; clause varchar; note varchar; divisions varchar
select c.id, c.name, c.kind, c.clause, c.note, string_agg(m.division, '、' order by m.division) as divisions
from industry_choice as c
inner join industry_member as m on c.id = m.industry_id
group by c.id, c.name, c.kind, c.clause, c.note, c.sort_order
order by c.sort_order
