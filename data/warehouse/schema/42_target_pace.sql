-- Warehouse schema: each county's responsibility targets against its figures (41_responsibility_targets.sql).
-- noqa: disable=RF02,RF03

-- Each county's targets against its latest figure of their year up to as_of_p, and its pace (序时进度):
-- a rate is measured against the target itself; an amount summed over the year (累计) against the target
-- times the months gone; a stock (期末) against the straight line from last December's value. A yearly
-- figure counts once its year is out. Direction down (能耗) turns every comparison round.
create macro county_target_pace(as_of_p, version_p) as table
    with target as (
        select t.*, i.unit, i.measure, i.frequency, i.direction = 'down' as lower_better
        from responsibility_target_as_of(version_p) as t
        inner join indicator as i on t.indicator_id = i.id
        where t.area_level = 'county'
    ),

    figure as (  -- per county, indicator and year: its latest figure up to as_of_p
        select
            v.adcode, v.indicator_id, year(v.period) as year, arg_max(v.value, v.period) as value,
            max(v.period) as period, arg_max(v.is_demo, v.period) as is_demo
        from county_value_current as v
        where
            v.period_end <= as_of_p and v.value is not null
            and v.indicator_id in (select t.indicator_id from target as t)
        group by v.adcode, v.indicator_id, year(v.period)
    ),

    measured as (
        select
            t.area_code as adcode, t.indicator_id, t.year, t.value as target, t.unit, t.frequency, t.lower_better,
            t.batch_id, a.value as actual, a.period, coalesce(a.is_demo, false) or t.is_demo as is_demo,
            case when t.frequency = 'yearly' then 12 else month(a.period) end as months,
            case
                when t.unit in ('%', '‰') then t.value
                when t.measure = '累计' then t.value * months / 12
                when base.value is not null then base.value + (t.value - base.value) * months / 12
                else t.value
            end as expected
        from target as t
        left join figure as a on t.area_code = a.adcode and t.indicator_id = a.indicator_id and t.year = a.year
        left join figure as base  -- a stock's value at the end of the year before
            on t.area_code = base.adcode and t.indicator_id = base.indicator_id and t.year - 1 = base.year
    )

    select
        *,
        case when unit not in ('%', '‰') and target <> 0 then 100.0 * actual / target end as completion_pct,
        actual - expected as gap,
        case when lower_better then actual <= target else actual >= target end as met,
        case when lower_better then actual <= expected else actual >= expected end as on_pace,
        case
            when actual is null then '暂无当年数据'
            when months = 12 and (case when lower_better then actual <= target else actual >= target end)
                then '全年完成'
            when months = 12 then '全年未完成'
            when (case when lower_better then actual <= expected else actual >= expected end) then '达到序时进度'
            else '落后序时进度'
        end as status
    from measured;
