-- One county's every indicator at its latest period up to a month: change, province median, rank, target, series
-- grain: one row per indicator with a value for the county up to $as_of
-- params: $adcode varchar; $as_of date
-- returns: indicator_id varchar; name varchar; unit varchar; frequency varchar; direction varchar; area varchar; area_name varchar; area_order integer; indicator_order integer; source varchar; period date; value double; prev_value double; province_median double; rank integer; prev_rank integer; ranked_count integer; target_label varchar; target_comparator varchar; target_threshold double; target_met boolean; series double[]; status varchar; is_demo boolean; user_defined boolean
-- Read the current-value view once: its revision window is the cost of this query.
with facts as materialized (
    select adcode, indicator_id, period, value, status, is_demo
    from county_value_current
    where period_end <= $as_of and value is not null  -- a yearly value once its year has ended
),

latest as (
    -- The county's latest period of each indicator, the period before it, and its series up to then
    select
        f.indicator_id,
        max(f.period) as period,
        previous_period(max(f.period), i.frequency) as prev_period,
        -- Lower is better for a 'down' indicator: rank on the signed value.
        case when i.direction = 'down' then 1 else -1 end as sign,
        list(f.value order by f.period) as series
    from facts as f
    inner join indicator as i on f.indicator_id = i.id
    where f.adcode = $adcode
    group by f.indicator_id, i.frequency, i.direction
),

own as (
    select l.indicator_id, l.sign, f.period, f.value, f.status, f.is_demo
    from latest as l
    inner join facts as f on l.indicator_id = f.indicator_id and f.period in (l.period, l.prev_period)
    where f.adcode = $adcode
),

standing as (
    -- Against every county of the same period: the province median; rank among in-scope counties
    -- as 1 + the number that did better (ties share a place, like rank()).
    select
        o.indicator_id, o.period, o.value, o.status, o.is_demo,
        median(f.value) as province_median,
        count(*) filter (where r.in_scope) as ranked_count,
        1 + count(*) filter (where r.in_scope and o.sign * f.value < o.sign * o.value) as rank
    from own as o
    inner join facts as f on o.indicator_id = f.indicator_id and o.period = f.period
    inner join region as r on f.adcode = r.adcode
    group by all
)

select
    i.id as indicator_id, i.name, i.unit, i.frequency, i.direction, i.area,
    a.name as area_name, a.sort_order as area_order, i.sort_order as indicator_order, i.source,
    l.period, cur.value, prev.value as prev_value, cur.province_median,
    cast(case when r.in_scope then cur.rank end as integer) as rank,
    cast(case when r.in_scope then prev.rank end as integer) as prev_rank,
    cast(cur.ranked_count as integer) as ranked_count,
    t.label as target_label, t.comparator as target_comparator, t.threshold as target_threshold,
    case when t.comparator = '>' then cur.value > t.threshold else cur.value >= t.threshold end as target_met,
    l.series, cur.status, cur.is_demo, i.user_defined
from latest as l
inner join indicator as i on l.indicator_id = i.id
inner join area as a on i.area = a.id
inner join standing as cur on l.indicator_id = cur.indicator_id and l.period = cur.period
left join standing as prev on l.indicator_id = prev.indicator_id and l.prev_period = prev.period
inner join region as r on r.adcode = $adcode
-- A coverage target sets a threshold every county (or every in-scope county) must reach.
left join target as t on i.id = t.indicator_id and t.kind = 'coverage' and (t.scope = 'all' or r.in_scope)
order by area_order, indicator_order
