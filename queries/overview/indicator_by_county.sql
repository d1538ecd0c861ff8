-- One indicator for every county in one period, ranked among the counties the filters keep
-- grain: one row per adcode (all 103; in_filter marks the counties the filters keep)
-- params: $indicator varchar; $period date; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: adcode varchar; name varchar; short_name varchar; prefecture varchar; metro_circle varchar; county_type varchar; in_filter boolean; value double; prev_value double; status varchar; is_demo boolean; rank integer; prev_rank integer; ranked_count integer; tier integer (1 先进, 2 中游, 3 后进: thirds by rank)
with picked as (
    select
        id,
        direction,
        cast($period as date) as cur_period,
        previous_period(cast($period as date), frequency) as prev_period
    from indicator
    where id = $indicator
),

regions as (
    select * from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only)
),

cur as (
    select v.adcode, v.value, v.status, v.is_demo
    from county_figures($industry) as v
    inner join picked as p on v.indicator_id = p.id and v.period = p.cur_period
),

prev as (
    select v.adcode, v.value
    from county_figures($industry) as v
    inner join picked as p on v.indicator_id = p.id and v.period = p.prev_period
),

joined as (
    select
        r.adcode, r.name, r.short_name, r.prefecture, r.metro_circle, r.county_type, r.in_filter,
        cur.value, prev.value as prev_value, cur.status, cur.is_demo,
        -- Lower is better for a 'down' indicator: rank on the signed value.
        case when p.direction = 'down' then 1 else -1 end as sign
    from regions as r
    cross join picked as p
    left join cur on r.adcode = cur.adcode
    left join prev on r.adcode = prev.adcode
),

ranked as (
    select
        adcode,
        rank() over (order by sign * value) as rank,
        rank() over (order by sign * prev_value) as prev_rank_all,
        count(*) over () as ranked_count,
        tier_by_thirds(cume_dist() over (order by sign * value)) as tier
    from joined
    where in_filter and value is not null
)

select
    j.adcode, j.name, j.short_name, j.prefecture, j.metro_circle, j.county_type, j.in_filter,
    j.value, j.prev_value, j.status, j.is_demo,
    cast(k.rank as integer) as rank,
    cast(case when j.prev_value is not null then k.prev_rank_all end as integer) as prev_rank,
    cast(k.ranked_count as integer) as ranked_count,
    k.tier
from joined as j
left join ranked as k on j.adcode = k.adcode
order by k.rank nulls last, j.adcode
