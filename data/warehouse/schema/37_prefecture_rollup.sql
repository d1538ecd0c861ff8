-- Warehouse schema: county figures rolled up to the 17 prefecture-level units, over the counties the filters
-- keep (the query overview/indicator_by_prefecture ranks them). Rows per prefecture and period in periods_p.
-- noqa: disable=RF02,RF03

-- Counts and amounts add up; a rate, a share or a score does not, and the catalog gives no numerator and
-- denominator to recompute it from: a prefecture takes the median of its counties, and says so (rollup).
create macro county_rollup_by_prefecture(
    indicator_p, industry_p, periods_p, prefecture_p, metro_circle_p, county_type_p, in_scope_only_p
) as table
    select
        c.prefecture_code, v.period,
        case
            when i.unit in ('家', '个', '亿元', '万元', '次', '人', '万人', '位', '平方公里') then sum(v.value)
            else median(v.value)
        end as value,
        case
            when i.unit in ('家', '个', '亿元', '万元', '次', '人', '万人', '位', '平方公里') then '合计'
            else '中位数'
        end as rollup,
        count(*) as counties,
        any_demo(v.is_demo) as is_demo
    from county_figures(industry_p) as v
    inner join region_in_filter(prefecture_p, metro_circle_p, county_type_p, in_scope_only_p) as c
        on v.adcode = c.adcode
    inner join indicator as i on v.indicator_id = i.id
    where c.in_filter and v.indicator_id = indicator_p and list_contains(periods_p, v.period) and v.value is not null
    group by c.prefecture_code, v.period, i.unit;

-- An industry's growth and share are recomputed from the firm sums behind them (industry_month): rollup 重算.
-- No rows for any other indicator.
create macro industry_rate_by_prefecture(
    indicator_p, industry_p, periods_p, prefecture_p, metro_circle_p, county_type_p, in_scope_only_p
) as table
    with sums as (
        select
            c.prefecture_code, m.period,
            sum(m.comparable_ytd_yi) filter (where k.industry_id = industry_p) as comparable,
            sum(m.base_ytd_yi) filter (where k.industry_id = industry_p) as base,
            sum(m.output_ytd_yi) filter (where k.industry_id = industry_p) as output,
            sum(m.output_ytd_yi) filter (where k.industry_id = m.division) as total  -- a division is its own member
        from industry_month as m
        inner join region_in_filter(prefecture_p, metro_circle_p, county_type_p, in_scope_only_p) as c
            on m.adcode = c.adcode
        inner join industry_member as k on m.division = k.division
        where
            c.in_filter and list_contains(periods_p, m.period)
            and indicator_p in ('ind_output_growth_ytd_pct', 'ind_output_share_pct')
        group by c.prefecture_code, m.period
    )

    select
        prefecture_code, period,
        case
            when indicator_p = 'ind_output_growth_ytd_pct' then round(100 * (comparable / nullif(base, 0) - 1), 1)
            else round(100 * coalesce(output, 0) / nullif(total, 0), 1)
        end as value,
        '重算' as rollup
    from sums;
-- noqa: enable=all
