-- Each county's responsibility target of one indicator and year against its latest figure, and its pace
-- grain: one row per adcode (all 103; in_filter marks the counties the filters keep)
-- params: $indicator varchar; $year integer; $as_of date (the latest month shown); $version integer (optional, a targets batch id, null = the newest); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; short_name varchar; prefecture varchar; metro_circle varchar; county_type varchar; in_filter boolean; target double; actual double; period date; frequency varchar; months integer; expected double; completion_pct double; gap double; met boolean; on_pace boolean; status varchar (null = no target); prefecture_target double; province_target double; is_demo boolean; rank integer (by gap to pace, best first, among those in the filter)
with pace as (
    select *
    from county_target_pace($as_of, $version)
    where indicator_id = $indicator and year = $year
),

areas as (
    select area_code, value
    from responsibility_target_as_of($version)
    where indicator_id = $indicator and year = $year and area_level <> 'county'
),

joined as (
    select
        r.adcode, r.name, r.short_name, r.prefecture, r.metro_circle, r.county_type, r.in_filter,
        p.target, p.actual, p.period, p.frequency, cast(p.months as integer) as months, p.expected, p.completion_pct,
        p.gap, p.met, p.on_pace, p.status, pt.value as prefecture_target, prov.value as province_target,
        p.is_demo, case when p.lower_better then 1 else -1 end as sign
    from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r
    left join pace as p on r.adcode = p.adcode
    left join areas as pt on r.prefecture_code = pt.area_code
    left join areas as prov on prov.area_code = '420000'
)

select
    * exclude (sign),
    case when in_filter and gap is not null then cast(rank() over (
        partition by in_filter and gap is not null order by sign * gap
    ) as integer) end as rank
from joined
order by rank nulls last, adcode
