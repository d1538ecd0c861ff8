-- Warehouse schema: the figures by industry that pages map, from industry_month (35_industry_month.sql).
-- noqa: disable=RF02,RF03

-- The measures of every industry (an industry_choice: the divisions it sums) for every county-level unit and
-- every month the firm records cover: a county without the industry's firms is 0, not missing (a rate with
-- no comparable firm is missing, not 0). Written into industry_figure at publish (data/warehouse/industry.py).
create view industry_figure_source as
with sums as (
    select
        k.industry_id, m.adcode, m.period, sum(m.firm_count) as firm_count, sum(m.output_yi) as output_yi,
        sum(m.output_ytd_yi) as output_ytd_yi,
        sum(m.comparable_ytd_yi) as comparable_ytd_yi, sum(m.base_ytd_yi) as base_ytd_yi
    from industry_month as m
    inner join industry_member as k on m.division = k.division
    group by k.industry_id, m.adcode, m.period
),

county as (
    select adcode, period, sum(output_ytd_yi) as output_ytd_yi
    from industry_month
    group by adcode, period
),

months as (
    select period, max(batch_id) as batch_id, bool_or(is_demo) as is_demo from industry_month
    group by period
),

honoured as (  -- firms of the industry holding an honour awarded by the month's year, each counted once
    select k.industry_id, e.adcode, p.period, count(distinct h.enterprise_id) as firms
    from months as p
    inner join enterprise_honour as h on h.year_awarded <= year(p.period)
    inner join enterprise as e on h.enterprise_id = e.enterprise_id
    inner join industry_member as k on e.industry_code = k.division
    group by k.industry_id, e.adcode, p.period
),

grid as (  -- every industry, county-level unit and month the records cover
    select
        c.id as industry_id, r.adcode, p.period, p.batch_id, p.is_demo,
        coalesce(s.firm_count, 0) as firm_count,
        coalesce(s.output_yi, 0) as output_yi,
        coalesce(s.output_ytd_yi, 0) as output_ytd_yi,
        round(100 * (s.comparable_ytd_yi / nullif(s.base_ytd_yi, 0) - 1), 1) as growth,
        round(100 * coalesce(s.output_ytd_yi, 0) / nullif(t.output_ytd_yi, 0), 1) as share,
        coalesce(h.firms, 0) as honoured
    from industry_choice as c
    cross join region as r
    cross join months as p
    left join county as t on r.adcode = t.adcode and p.period = t.period
    left join sums as s on c.id = s.industry_id and r.adcode = s.adcode and p.period = s.period
    left join honoured as h on c.id = h.industry_id and r.adcode = h.adcode and p.period = h.period
)

select industry_id, adcode, indicator_id, period, cast(value as double) as value, batch_id, is_demo
from (
    unpivot grid
    on firm_count as ind_firm_count, output_yi as ind_output_yi, output_ytd_yi as ind_output_ytd_yi,
    growth as ind_output_growth_ytd_pct, share as ind_output_share_pct, honoured as ind_honoured_firm_count
    into name indicator_id value value
);

-- Every county figure a page can map: the county statistics, and with an industry chosen (else null) that
-- industry's measures. The columns of county_value_current.
create macro county_figures(industry_p) as table
    select adcode, indicator_id, period, value, unit, status, batch_id, is_demo, period_end
    from county_value_current
    union all
    select
        f.adcode, f.indicator_id, f.period, f.value, i.unit, '最终' as status, f.batch_id, f.is_demo,
        period_end(f.period, i.frequency) as period_end
    from industry_figure as f
    inner join indicator as i on f.indicator_id = i.id
    where f.industry_id = industry_p;
-- noqa: enable=all
