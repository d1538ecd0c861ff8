-- One county's series of one indicator beside the province median of the same periods
-- grain: one row per period
-- params: $indicator varchar; $adcode varchar; $as_of date (the latest month shown); $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: period date; value double; province_median double; is_demo boolean
select
    period,
    max(value) filter (where adcode = $adcode) as value,
    median(value) as province_median,
    bool_or(is_demo) as is_demo
from county_figures($industry)
where indicator_id = $indicator and period_end <= $as_of
group by period
order by period
