-- Warehouse schema: views and macros that queries share.

-- Revisions are new rows: the newest loaded batch (then the last row in it) wins per key.
-- arg_max_null keeps a revision that blanks a value (arg_max would skip the NULL).
create view county_value_loaded as
select
    cv.adcode, cv.indicator_id, cv.period,
    arg_max_null(cv.value, (cv.batch_id, cv.row_seq)) as value,
    arg_max_null(cv.status, (cv.batch_id, cv.row_seq)) as status,
    max(cv.batch_id) as batch_id
from county_value as cv
inner join batch as b on cv.batch_id = b.batch_id
where b.outcome = 'loaded'
group by cv.adcode, cv.indicator_id, cv.period;

-- Derived indicators (catalog kind 'derived'), computed from loaded ones: 规上企业净增 = 新增入规 − 退规.
create view county_value_derived as
select
    n.adcode, 'above_scale_net_count' as indicator_id, n.period, n.value - x.value as value,
    case when '初步' in (n.status, x.status) then '初步' else '最终' end as status,
    greatest(n.batch_id, x.batch_id) as batch_id
from county_value_loaded as n
inner join county_value_loaded as x on n.adcode = x.adcode and n.period = x.period
where n.indicator_id = 'new_above_scale_count' and x.indicator_id = 'exit_above_scale_count';

create view county_value_current as
with merged as (
    select * from county_value_loaded
    union all by name
    select * from county_value_derived
)

select
    m.adcode, m.indicator_id, m.period, m.value, i.unit, m.status, m.batch_id, b.is_demo,
    period_end(m.period, i.frequency) as period_end
from merged as m
inner join indicator as i on m.indicator_id = i.id
inner join batch as b on m.batch_id = b.batch_id;

-- 工业增长点 with the level that tracks each. The plan, 二(一)2: province, prefecture and county
-- serve projects expected to add over 10亿元, over 1亿元 and over 2000万元 of output.
create view growth_point_tracked as
select
    g.*,  -- noqa: AM04
    case
        when g.expected_output_yi >= 10 then '省级跟踪（≥10亿元）'
        when g.expected_output_yi >= 1 then '市级跟踪（≥1亿元）'
        when g.expected_output_yi >= 0.2 then '县级跟踪（≥2000万元）'
        else '未达跟踪线（<2000万元）'
    end as tracking_level
from growth_point as g;

-- The global filters of every page, in one place: which counties a view keeps.
-- '武鄂黄黄' as the circle keeps the core of the 武汉都市圈.
-- Macro parameters are not columns: sqlfluff must not qualify them.
-- noqa: disable=RF03,AM04
create macro region_in_filter(prefecture_code_p, metro_circle_p, county_type_p, in_scope_only_p) as table
    select
        r.*,
        (prefecture_code_p is null or r.prefecture_code = prefecture_code_p)
        and (
            metro_circle_p is null or r.metro_circle = metro_circle_p
            or (metro_circle_p = '武鄂黄黄' and r.wehh_core)
        )
        and (county_type_p is null or r.county_type = county_type_p)
        and (not coalesce(in_scope_only_p, false) or r.in_scope) as in_filter
    from region as r;
-- noqa: enable=all
