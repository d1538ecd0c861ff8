-- One indicator now and in a meeting snapshot: value, rank and tier then and now, among the counties the filters keep
-- grain: one row per adcode in the filter
-- params: $indicator varchar; $period date; $snapshot integer; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; short_name varchar; prefecture varchar; value double; rank integer; tier integer (1 先进, 2 中游, 3 后进); period_then date; value_then double; rank_then integer; tier_then integer; ranked_count integer; ranked_count_then integer; is_demo boolean
with regions as (
    select r.adcode, r.name, r.short_name, r.prefecture
    from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r
    where r.in_filter
),

direction as (
    select case when direction = 'down' then 1 else -1 end as sign
    from indicator
    where id = $indicator
),

joined as (
    select
        r.adcode, r.name, r.short_name, r.prefecture,
        n.value, t.period as period_then, t.value as value_then,
        coalesce(n.is_demo, false) or coalesce(t.is_demo, false) as is_demo
    from regions as r
    left join county_value_current as n
        on r.adcode = n.adcode and n.indicator_id = $indicator and n.period = $period
    left join snapshot_value as t
        on r.adcode = t.adcode and t.indicator_id = $indicator and t.snapshot_id = $snapshot
),

now_ranked as (
    select
        j.adcode,
        rank() over (order by d.sign * j.value) as rank,
        count(*) over () as ranked_count,
        cume_dist() over (order by d.sign * j.value) as share
    from joined as j
    cross join direction as d
    where j.value is not null
),

then_ranked as (
    select
        j.adcode,
        rank() over (order by d.sign * j.value_then) as rank,
        count(*) over () as ranked_count,
        cume_dist() over (order by d.sign * j.value_then) as share
    from joined as j
    cross join direction as d
    where j.value_then is not null
)

select
    j.adcode, j.name, j.short_name, j.prefecture, j.value,
    cast(n.rank as integer) as rank,
    tier_by_thirds(n.share) as tier,  -- as on the league table
    j.period_then, j.value_then,
    cast(t.rank as integer) as rank_then,
    tier_by_thirds(t.share) as tier_then,
    cast(n.ranked_count as integer) as ranked_count,
    cast(t.ranked_count as integer) as ranked_count_then,
    j.is_demo
from joined as j
left join now_ranked as n on j.adcode = n.adcode
left join then_ranked as t on j.adcode = t.adcode
order by n.rank nulls last, j.adcode
