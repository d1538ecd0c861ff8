-- 千亿工业强县: the counties nearest to 1000亿元 of output, their gap, growth, and years to close it at that growth
-- grain: one row per adcode among the 15 largest in the filter
-- params: $period date (first day of the year); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; prefecture varchar; output_yi double (亿元); prev_output_yi double (亿元); growth_pct double (%); gap_yi double (亿元, 0 when reached); years_to_1000 double (年, null when reached or not growing); is_demo boolean
with outputs as (
    select
        r.adcode, r.name, r.prefecture,
        max(v.value) filter (where v.period = $period) as output_yi,
        max(v.value) filter (where v.period = previous_period($period, 'yearly')) as prev_output_yi,
        bool_or(v.is_demo) as is_demo
    from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r
    inner join county_value_current as v on r.adcode = v.adcode
    where r.in_filter and v.indicator_id = 'output_year_yi'
    group by r.adcode, r.name, r.prefecture
)

select
    adcode, name, prefecture, output_yi, prev_output_yi,
    100 * (output_yi / nullif(prev_output_yi, 0) - 1) as growth_pct,
    greatest(1000 - output_yi, 0) as gap_yi,
    case
        when output_yi < 1000 and output_yi > prev_output_yi
            then ln(1000 / output_yi) / ln(output_yi / prev_output_yi)
    end as years_to_1000,
    is_demo
from outputs
where output_yi is not null
order by output_yi desc
limit 15
