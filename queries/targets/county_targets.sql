-- One county's responsibility targets in force, each beside its prefecture's and the province's, its latest figure and pace
-- grain: one row per indicator and year the county has a target for
-- params: $adcode varchar; $as_of date (the latest month shown)
-- returns: indicator_id varchar; name varchar; unit varchar; frequency varchar; year integer; target double; prefecture_target double; province_target double; actual double; period date; months integer; expected double; completion_pct double; gap double; status varchar; is_demo boolean
with areas as (
    select area_code, indicator_id, year, value
    from responsibility_target_as_of(null)
    where area_level <> 'county'
)

select
    p.indicator_id, i.name, i.unit, p.frequency, p.year, p.target, pt.value as prefecture_target,
    prov.value as province_target, p.actual, p.period, cast(p.months as integer) as months, p.expected,
    p.completion_pct, p.gap, p.status, p.is_demo
from county_target_pace($as_of, null) as p
inner join indicator as i on p.indicator_id = i.id
inner join region as r on p.adcode = r.adcode
left join areas as pt on r.prefecture_code = pt.area_code and p.indicator_id = pt.indicator_id and p.year = pt.year
left join areas as prov on prov.area_code = '420000' and p.indicator_id = prov.indicator_id and p.year = prov.year
where p.adcode = $adcode
order by p.year desc, i.sort_order asc
