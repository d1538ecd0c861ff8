-- Enterprises holding any of the given honours by a year, in the counties and industry the filters keep
-- grain: one row per enterprise
-- params: $adcode varchar (null = every county the filters keep); $honours varchar[] (honour names as in honour_indicator); $year integer; $industry varchar (null = all, else an industry_choice id: a GB/T 4754 division or the plan's named industry); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: enterprise_id varchar; enterprise_name varchar; adcode varchar; county varchar; prefecture varchar; industry_code varchar; industry varchar; honours varchar; category varchar (first listed honour at its highest tier); first_year integer; revenue_yi double (亿元); lon double; lat double; is_demo boolean
with held as (
    select
        h.enterprise_id,
        string_agg(h.honour || '（' || h.tier || '，' || h.year_awarded || '）', '；' order by h.year_awarded) as honours,
        -- The honour listed first in $honours, at its highest tier, as one pair.
        arg_min(
            h.honour || '（' || h.tier || '）',
            10 * list_position($honours, h.honour) + case h.tier when '国家级' then 1 when '省级' then 2 else 3 end
        ) as category,
        min(h.year_awarded) as first_year
    from enterprise_honour as h
    where list_contains($honours, h.honour) and h.year_awarded <= $year
    group by h.enterprise_id
),

revenue as (
    -- Only the firms listed: enterprise_value also holds every firm's months (10 M rows at scale).
    select v.enterprise_id, arg_max(v.value, v.period) as revenue_yi
    from enterprise_value as v
    inner join held as h on v.enterprise_id = h.enterprise_id
    where v.indicator_id = 'firm_revenue_yi' and year(v.period) <= $year
    group by v.enterprise_id
)

select
    e.enterprise_id, e.enterprise_name, e.adcode, r.name as county, r.prefecture, e.industry_code,
    ind.name as industry, held.honours, held.category, held.first_year,
    revenue.revenue_yi, e.lon, e.lat, b.is_demo
from held
inner join enterprise as e on held.enterprise_id = e.enterprise_id
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on e.adcode = r.adcode
inner join batch as b on e.batch_id = b.batch_id
left join industry as ind on e.industry_code = ind.code
left join revenue on e.enterprise_id = revenue.enterprise_id
where
    r.in_filter and ($adcode is null or e.adcode = $adcode) and ($industry is null or e.industry_code in (
        select m.division from industry_member as m
        where m.industry_id = $industry
    ))
order by revenue.revenue_yi desc nulls last
