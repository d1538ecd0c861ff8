-- One indicator's values over every period up to a month, for the counties the filters keep (fixed colour classes)
-- grain: one row per adcode and period
-- params: $indicator varchar; $as_of date; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: adcode varchar; period date; value double
select v.adcode, v.period, v.value
from county_figures($industry) as v
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r
    on v.adcode = r.adcode
where
    v.indicator_id = $indicator
    and v.period_end <= $as_of
    and v.value is not null
    and r.in_filter
order by v.period, v.adcode
