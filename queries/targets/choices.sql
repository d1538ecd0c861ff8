-- The indicators and years that have responsibility targets in force, for the pickers of the targets page
-- grain: one row per indicator and year with county targets
-- params: $version integer (optional, a targets batch id, null = the newest)
-- returns: indicator_id varchar; name varchar; unit varchar; year integer; counties integer; sort_order integer
select
    t.indicator_id, i.name, i.unit, t.year,
    cast(count(*) as integer) as counties,
    cast(any_value(i.sort_order) as integer) as sort_order
from responsibility_target_as_of($version) as t
inner join indicator as i on t.indicator_id = i.id
where t.area_level = 'county'
group by t.indicator_id, i.name, i.unit, t.year
order by sort_order asc, t.indicator_id asc, t.year desc
