-- Warehouse schema: the plan's targets measured at every period of their indicator,
-- the straight path from the end-2023 baseline to the target year, and whether the province is on it.

create view target_raw_measure as  -- per target and period: units meeting the threshold, counted, sum
select
    t.id as target_id, v.period,
    count(*) filter (where v.value >= t.threshold) as meeting,
    count(v.value) as counted,
    sum(v.value) as total,
    bool_or(v.is_demo) as is_demo
from target as t
inner join county_value_current as v on t.indicator_id = v.indicator_id
inner join region as r on v.adcode = r.adcode
where t.kind <> 'count_parks' and (t.scope = 'all' or r.in_scope)
group by t.id, v.period
union all
select
    t.id as target_id, pv.period,
    count(*) filter (where pv.value >= t.threshold) as meeting,
    count(pv.value) as counted,
    sum(pv.value) as total,
    bool_or(b.is_demo) as is_demo
from target as t
inner join park_value as pv on t.indicator_id = pv.indicator_id
inner join batch as b on pv.batch_id = b.batch_id
where t.kind = 'count_parks'
group by t.id, pv.period;

create view target_measure as
with valued as (
    select
        m.target_id, m.period, m.meeting, m.counted, m.is_demo, t.kind, t.value as target_value,
        period_end(m.period, i.frequency) as period_end,  -- a yearly period stands for the end of its year
        make_date(t.year, 12, 1) as target_end,
        case t.kind
            when 'coverage' then 100.0 * m.meeting / nullif(m.counted, 0)
            when 'sum_since_2024'
                then
                    case when year(m.period) >= 2024 then sum(
                        case when year(m.period) >= 2024 then m.total end
                    ) over (partition by m.target_id order by m.period) end
            when 'net_increase' then m.total - last_dec.total
            else m.meeting
        end as current_value
    from target_raw_measure as m
    inner join target as t on m.target_id = t.id
    inner join indicator as i on t.indicator_id = i.id
    left join target_raw_measure as last_dec
        on m.target_id = last_dec.target_id and last_dec.period = make_date(year(m.period) - 1, 12, 1)
),

baseline as (
    -- The plan runs 2024-2027: its baseline is the last value of 2023 (none for sums from 2024).
    select
        target_id,
        case
            when any_value(kind) in ('sum_since_2024', 'net_increase') then 0
            else arg_max(current_value, period_end) filter (where period_end <= date '2023-12-01')
        end as baseline_value
    from valued
    group by target_id
),

pathed as (
    select
        v.*,
        b.baseline_value,
        b.baseline_value + (v.target_value - b.baseline_value) * greatest(least(
            date_diff('month', date '2023-12-01', v.period_end) / date_diff('month', date '2023-12-01', v.target_end),
            1
        ), 0) as expected_value
    from valued as v
    left join baseline as b on v.target_id = b.target_id
)

select
    *,
    case when kind = 'net_increase' then current_value > 0 else current_value >= expected_value end as on_track
from pathed;
