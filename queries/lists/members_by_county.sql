-- Members of one named list (名单) per county, ranked among the counties the filters keep
-- grain: one row per adcode (all 103; in_filter marks the counties the filters keep)
-- params: $list_name varchar; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; short_name varchar; prefecture varchar; metro_circle varchar; county_type varchar; in_filter boolean; value double (个); prev_value double; status varchar; is_demo boolean; rank integer; prev_rank integer; ranked_count integer; tier integer (1 先进, 2 中游, 3 后进: thirds by rank)
with members as (
    select adcode, count(*) as member_count
    from list_member
    where list_name = $list_name and adcode is not null
    group by adcode
),

joined as (
    select
        r.adcode, r.name, r.short_name, r.prefecture, r.metro_circle, r.county_type, r.in_filter,
        cast(coalesce(m.member_count, 0) as double) as value
    from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r
    left join members as m on r.adcode = m.adcode
),

ranked as (
    select
        adcode,
        rank() over (order by value desc) as rank,
        count(*) over () as ranked_count,
        case
            when cume_dist() over (order by value desc) <= 1 / 3 then 1
            when cume_dist() over (order by value desc) <= 2 / 3 then 2
            else 3
        end as tier
    from joined
    where in_filter
)

select
    j.adcode, j.name, j.short_name, j.prefecture, j.metro_circle, j.county_type, j.in_filter,
    j.value,
    cast(null as double) as prev_value,
    '最终' as status,
    false as is_demo,
    cast(k.rank as integer) as rank,
    cast(null as integer) as prev_rank,
    cast(k.ranked_count as integer) as ranked_count,
    cast(k.tier as integer) as tier
from joined as j
left join ranked as k on j.adcode = k.adcode
order by k.rank nulls last, j.adcode
