-- One indicator rolled up to the 17 prefecture-level units (13 prefectures, 4 province-administered) in one period
-- grain: one row per prefecture; in_filter marks those with a county the filters keep, and only those counties count
-- params: $indicator varchar; $period date; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: code varchar; name varchar; short_name varchar; in_filter boolean; value double; prev_value double; rollup varchar (合计 for counts and amounts, 重算 for an industry's rate, 中位数 otherwise); counties integer (counties with a value); is_demo boolean; rank integer; prev_rank integer; ranked_count integer; tier integer
-- The roll-up rules are the schema's (37_prefecture_rollup.sql); this query picks the two periods and ranks.
with picked as (
    select
        id, direction, cast($period as date) as cur_period,
        previous_period(cast($period as date), frequency) as prev_period
    from indicator
    where id = $indicator
),

by_rule as (
    select r.*, 1 as preference
    from picked as p,
        industry_rate_by_prefecture(
            p.id, $industry, [p.cur_period, p.prev_period], $prefecture, $metro_circle, $county_type, $in_scope_only
        ) as r
    union all
    select r.prefecture_code, r.period, r.value, r.rollup, 2 as preference
    from picked as p,
        county_rollup_by_prefecture(
            p.id, $industry, [p.cur_period, p.prev_period], $prefecture, $metro_circle, $county_type, $in_scope_only
        ) as r
),

rolled as (
    select
        b.prefecture_code,
        arg_min(b.value, b.preference) filter (where b.period = p.cur_period) as value,
        arg_min(b.value, b.preference) filter (where b.period = p.prev_period) as prev_value,
        arg_min(b.rollup, b.preference) as rollup
    from by_rule as b
    cross join picked as p
    group by b.prefecture_code
),

kept as (
    select distinct prefecture_code
    from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only)
    where in_filter
),

counted as (
    select c.prefecture_code, c.counties, c.is_demo
    from picked as p,
        county_rollup_by_prefecture(
            p.id, $industry, [p.cur_period], $prefecture, $metro_circle, $county_type, $in_scope_only
        ) as c
),

joined as (
    select
        f.code, f.name, f.short_name, r.value, r.prev_value, coalesce(r.rollup, '合计') as rollup,
        coalesce(n.counties, 0) as counties, coalesce(n.is_demo, false) as is_demo,
        f.code in (select k.prefecture_code from kept as k) as in_filter,
        case when p.direction = 'down' then 1 else -1 end as sign
    from prefecture as f
    cross join picked as p
    left join rolled as r on f.code = r.prefecture_code
    left join counted as n on f.code = n.prefecture_code
),

ranked as (
    select
        code, rank() over (order by sign * value) as rank, rank() over (order by sign * prev_value) as prev_rank,
        count(*) over () as ranked_count, tier_by_thirds(cume_dist() over (order by sign * value)) as tier
    from joined
    where in_filter and value is not null
)

select
    j.code, j.name, j.short_name, j.in_filter, j.value, j.prev_value, j.rollup, cast(j.counties as integer) as counties,
    j.is_demo, cast(k.rank as integer) as rank,
    cast(case when j.prev_value is not null then k.prev_rank end as integer) as prev_rank,
    cast(k.ranked_count as integer) as ranked_count, k.tier
from joined as j
left join ranked as k on j.code = k.code
order by k.rank nulls last, j.code
