-- The plan's headline targets and where the province stands on each, at each indicator's latest period
-- grain: one row per target
-- params: none
-- returns: target_id varchar; label varchar; kind varchar; indicator_id varchar; current_value double; target_value double; unit varchar; progress_pct double; met boolean; meeting integer; counted integer; period date; target_year integer; clause varchar; note varchar; is_demo boolean
with latest as (
    select indicator_id, max(period) as period from county_value_current
    group by indicator_id
),

county_facts as (
    select
        t.id, v.value, v.period, v.is_demo, t.threshold,
        year(v.period) >= 2024 as since_2024,
        v.period = l.period as is_latest,
        v.period = make_date(year(l.period) - 1, 12, 1) as is_last_december
    from target as t
    inner join county_value_current as v on t.indicator_id = v.indicator_id
    inner join latest as l on v.indicator_id = l.indicator_id
    inner join region as r on v.adcode = r.adcode
    where t.scope = 'all' or r.in_scope
),

county_measures as (
    select
        id,
        count(*) filter (where is_latest and value >= threshold) as meeting,
        count(*) filter (where is_latest and value is not null) as counted,
        sum(value) filter (where since_2024) as sum_since_2024,
        sum(value) filter (where is_latest) - sum(value) filter (where is_last_december) as net_change,
        max(period) filter (where is_latest) as period,
        bool_or(is_demo) as is_demo
    from county_facts
    group by id
),

park_measures as (
    select
        t.id,
        count(*) filter (where pv.value >= t.threshold) as meeting,
        count(*) as counted,
        max(pv.period) as period,
        bool_or(b.is_demo) as is_demo
    from target as t
    inner join park_value as pv on t.indicator_id = pv.indicator_id
    inner join batch as b on pv.batch_id = b.batch_id
    where
        t.kind = 'count_parks'
        and pv.period = (
            select max(p2.period) from park_value as p2
            where p2.indicator_id = t.indicator_id
        )
    group by t.id
),

measures as (
    select
        t.*,
        coalesce(p.meeting, c.meeting) as meeting,
        coalesce(p.counted, c.counted) as counted,
        coalesce(p.period, c.period) as period,
        coalesce(p.is_demo, c.is_demo) as is_demo,
        case t.kind
            when 'count_regions' then c.meeting
            when 'count_parks' then p.meeting
            when 'coverage' then 100.0 * c.meeting / nullif(c.counted, 0)
            when 'sum_since_2024' then c.sum_since_2024
            when 'net_increase' then c.net_change
        end as current_value
    from target as t
    left join county_measures as c on t.id = c.id
    left join park_measures as p on t.id = p.id
)

select
    id as target_id, label, kind, indicator_id, current_value, value as target_value, unit,
    case when kind <> 'net_increase' then least(100.0 * current_value / nullif(value, 0), 100) end as progress_pct,
    case when comparator = '>' then current_value > value else current_value >= value end as met,
    cast(meeting as integer) as meeting, cast(counted as integer) as counted, period,
    year as target_year, clause, note, is_demo
from measures
order by clause, id
