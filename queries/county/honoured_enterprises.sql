-- One county's enterprises with honours: industry, the honours in words, the latest revenue up to a month
-- grain: one row per enterprise of the county with an honour awarded by the year of $as_of
-- params: $adcode varchar; $as_of date
-- returns: enterprise_id varchar; enterprise_name varchar; industry_code varchar; industry_name varchar; honours varchar; honour_count integer; revenue_yi double; revenue_period date; is_demo boolean
with firms as (
    select e.enterprise_id, e.enterprise_name, e.industry_code, e.batch_id
    from enterprise as e
    where e.adcode = $adcode
),

honours as (
    -- 专精特新中小企业（省级，2023）；绿色工厂（国家级，2021）: newest first
    select
        h.enterprise_id,
        string_agg(
            concat(h.honour, '（', h.tier, '，', h.year_awarded, '）'), '；'
            order by h.year_awarded desc, h.honour asc, h.tier asc
        ) as honours,
        count(*) as honour_count,
        bool_or(b.is_demo) as is_demo
    from enterprise_honour as h
    inner join firms as f on h.enterprise_id = f.enterprise_id
    inner join batch as b on h.batch_id = b.batch_id
    where b.outcome = 'loaded' and period_end(make_date(h.year_awarded, 1, 1), 'yearly') <= $as_of  -- a yearly list
    group by h.enterprise_id
),

revenue as (
    select
        v.enterprise_id,
        arg_max(v.value, v.period) as revenue_yi,
        max(v.period) as revenue_period
    from enterprise_value as v
    inner join honours as h on v.enterprise_id = h.enterprise_id
    where v.indicator_id = 'firm_revenue_yi' and period_end(v.period, 'yearly') <= $as_of and v.value is not null
    group by v.enterprise_id
)

select
    f.enterprise_id, f.enterprise_name, f.industry_code, i.name as industry_name,
    h.honours, cast(h.honour_count as integer) as honour_count,
    r.revenue_yi, r.revenue_period,
    h.is_demo or coalesce(b.is_demo, false) as is_demo
from firms as f
inner join honours as h on f.enterprise_id = h.enterprise_id
left join industry as i on f.industry_code = i.code
left join revenue as r on f.enterprise_id = r.enterprise_id
left join batch as b on f.batch_id = b.batch_id
order by r.revenue_yi desc nulls last, f.enterprise_id asc
