-- The 个转企 → 企升规 → 规改股 → 股上市 funnel of one year, summed over the counties the filters keep (or one county)
-- grain: one row per step
-- params: $period date (first day of the year); $adcode varchar (null = all counties the filters keep); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: step_order integer; step varchar; firm_count double (家); is_demo boolean
with steps (step_order, indicator_id, step) as (
    values (1, 'ind_to_firm_count', '个转企'), (2, 'firm_to_scale_count', '企升规'),
    (3, 'scale_to_share_count', '规改股'), (4, 'share_to_listed_count', '股上市')
),

kept as (
    select v.indicator_id, v.value, v.is_demo
    from county_value_current as v
    inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on v.adcode = r.adcode
    where v.period = $period and r.in_filter and ($adcode is null or v.adcode = $adcode)
)

select
    steps.step_order, steps.step,
    coalesce(sum(kept.value), 0) as firm_count,
    any_demo(kept.is_demo) as is_demo
from steps
left join kept on steps.indicator_id = kept.indicator_id
group by steps.step_order, steps.step
order by steps.step_order
