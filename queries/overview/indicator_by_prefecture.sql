-- One indicator rolled up to the 17 prefecture-level units (13 prefectures, 4 province-administered) in one period
-- grain: one row per prefecture; in_filter marks those with a county the filters keep, and only those counties count
-- params: $indicator varchar; $period date; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean; $industry varchar (optional, an industry_choice id, null = county statistics only)
-- returns: code varchar; name varchar; short_name varchar; in_filter boolean; value double; prev_value double; rollup varchar (合计 for counts and amounts, 重算 for an industry's rate, 中位数 otherwise); counties integer (counties with a value); is_demo boolean; rank integer; prev_rank integer; ranked_count integer; tier integer
-- Counts and amounts add up; a rate, a share or a score does not. An industry's growth and share are
-- recomputed from the firm sums behind them (industry_month); for the county statistics the catalog gives no
-- numerator and denominator, so a prefecture shows the median of its counties, and says so (rollup).
with picked as (
    select
        id,
        direction,
        unit in ('家', '个', '亿元', '万元', '次', '人', '万人', '位', '平方公里') as additive,
        cast($period as date) as cur_period,
        previous_period(cast($period as date), frequency) as prev_period
    from indicator
    where id = $indicator
),

counties as (
    select adcode, prefecture_code
    from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only)
    where in_filter
),

industry_sums as (  -- the sums behind an industry's rates, per prefecture of the counties kept, both periods
    select
        c.prefecture_code, m.period,
        sum(m.comparable_ytd_yi) filter (where k.industry_id = $industry) as comparable,
        sum(m.base_ytd_yi) filter (where k.industry_id = $industry) as base,
        sum(m.output_ytd_yi) filter (where k.industry_id = $industry) as output,
        sum(m.output_ytd_yi) filter (where k.division = m.division and k.industry_id = m.division) as total
    from industry_month as m
    inner join counties as c on m.adcode = c.adcode
    inner join industry_member as k on m.division = k.division
    inner join picked as p on m.period in (p.cur_period, p.prev_period)
    where p.id in ('ind_output_growth_ytd_pct', 'ind_output_share_pct')
    group by c.prefecture_code, m.period
),

industry_rates as (
    select
        s.prefecture_code, s.period,
        case
            when p.id = 'ind_output_growth_ytd_pct' then round(100 * (s.comparable / nullif(s.base, 0) - 1), 1)
            else round(100 * coalesce(s.output, 0) / nullif(s.total, 0), 1)
        end as value
    from industry_sums as s
    cross join picked as p
),

values_in as (
    select c.prefecture_code, v.period, v.value, v.is_demo
    from county_figures($industry) as v
    inner join counties as c on v.adcode = c.adcode
    inner join picked as p on v.indicator_id = p.id and v.period in (p.cur_period, p.prev_period)
    where v.value is not null
),

rolled as (
    select
        v.prefecture_code, p.additive,
        case
            when p.additive then sum(v.value) filter (where v.period = p.cur_period)
            else median(v.value) filter (where v.period = p.cur_period)
        end as value,
        case
            when p.additive then sum(v.value) filter (where v.period = p.prev_period)
            else median(v.value) filter (where v.period = p.prev_period)
        end as prev_value,
        count(*) filter (where v.period = p.cur_period) as counties,
        any_demo(v.is_demo) as is_demo
    from values_in as v
    cross join picked as p
    group by v.prefecture_code, p.additive
),

recomputed as (
    select
        r.prefecture_code,
        max(r.value) filter (where r.period = p.cur_period) as value,
        max(r.value) filter (where r.period = p.prev_period) as prev_value
    from industry_rates as r
    cross join picked as p
    group by r.prefecture_code
),

joined as (
    select
        f.code, f.name, f.short_name,
        f.code in (select c.prefecture_code from counties as c) as in_filter,
        case when x.prefecture_code is not null then x.value else r.value end as value,
        case when x.prefecture_code is not null then x.prev_value else r.prev_value end as prev_value,
        r.counties, coalesce(r.is_demo, false) as is_demo,
        case when x.prefecture_code is not null then '重算' when p.additive then '合计' else '中位数' end as rollup,
        case when p.direction = 'down' then 1 else -1 end as sign
    from prefecture as f
    cross join picked as p
    left join rolled as r on f.code = r.prefecture_code
    left join recomputed as x on f.code = x.prefecture_code
),

ranked as (
    select
        code,
        rank() over (order by sign * value) as rank,
        rank() over (order by sign * prev_value) as prev_rank,
        count(*) over () as ranked_count,
        tier_by_thirds(cume_dist() over (order by sign * value)) as tier
    from joined
    where in_filter and value is not null
)

select
    j.code, j.name, j.short_name, j.in_filter, j.value, j.prev_value, j.rollup,
    cast(coalesce(j.counties, 0) as integer) as counties, j.is_demo,
    cast(k.rank as integer) as rank,
    cast(case when j.prev_value is not null then k.prev_rank end as integer) as prev_rank,
    cast(k.ranked_count as integer) as ranked_count,
    k.tier
from joined as j
left join ranked as k on j.code = k.code
order by k.rank nulls last, j.code
