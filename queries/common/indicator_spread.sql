-- The spread of one indicator across the counties the filters keep, at every period: quartiles and total
-- grain: one row per period
-- params: $indicator varchar; $as_of date (the latest month shown); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: period date; p25 double; median double; p75 double; total double; counties integer; is_demo boolean
select
    v.period,
    quantile_cont(v.value, 0.25) as p25,
    median(v.value) as median,
    quantile_cont(v.value, 0.75) as p75,
    sum(v.value) as total,
    cast(count(v.value) as integer) as counties,
    bool_or(v.is_demo) as is_demo
from county_figures($industry) as v
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on v.adcode = r.adcode
where v.indicator_id = $indicator and r.in_filter and v.period_end <= $as_of
group by v.period
order by v.period
