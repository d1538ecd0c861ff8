-- 三匹配 in one month: each county's value-added growth against its industrial electricity and tax growth (1—N月 cumulative), flagged where either differs by more than $threshold points
-- grain: one row per adcode (all 103; in_filter marks the counties the filters keep)
-- params: $period date; $threshold double (百分点); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; short_name varchar; prefecture varchar; county_type varchar; in_filter boolean; va_growth_pct double (%); electricity_growth_pct double (%); tax_growth_pct double (%); electricity_gap_pp double (百分点, electricity − value added); tax_gap_pp double (百分点, tax − value added); electricity_off boolean; tax_off boolean; flagged boolean (either off); months_flagged integer (个月, of the six to $period); is_demo boolean
with monthly as (
    select
        v.adcode, v.period,
        max(v.value) filter (where v.indicator_id = 'va_growth_ytd_pct') as va,
        max(v.value) filter (where v.indicator_id = 'electricity_growth_pct') as electricity,
        max(v.value) filter (where v.indicator_id = 'tax_growth_pct') as tax,
        bool_or(v.is_demo) as is_demo
    from county_value_current as v
    where
        v.indicator_id in ('va_growth_ytd_pct', 'electricity_growth_pct', 'tax_growth_pct')
        and v.period between cast($period - interval 5 month as date) and $period
    group by v.adcode, v.period
),

checked as (
    select
        *,
        electricity - va as electricity_gap,
        tax - va as tax_gap,
        abs(electricity - va) > $threshold as electricity_off,
        abs(tax - va) > $threshold as tax_off
    from monthly
),

persistence as (
    select adcode, count(*) filter (where electricity_off or tax_off) as months_flagged
    from checked
    group by adcode
)

select
    r.adcode, r.name, r.short_name, r.prefecture, r.county_type, r.in_filter,
    c.va as va_growth_pct,
    c.electricity as electricity_growth_pct,
    c.tax as tax_growth_pct,
    c.electricity_gap as electricity_gap_pp,
    c.tax_gap as tax_gap_pp,
    c.electricity_off,
    c.tax_off,
    coalesce(c.electricity_off, false) or coalesce(c.tax_off, false) as flagged,
    cast(p.months_flagged as integer) as months_flagged,
    coalesce(c.is_demo, false) as is_demo
from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r
left join checked as c on r.adcode = c.adcode and c.period = $period
left join persistence as p on r.adcode = p.adcode
order by flagged desc, greatest(abs(c.electricity_gap), abs(c.tax_gap)) desc nulls last, r.adcode asc
