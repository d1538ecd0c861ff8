-- Warehouse schema: views and macros that queries share.

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
