-- Warehouse schema, part 4: views and macros that queries share.

create view county_value_current as
select cv.adcode, cv.indicator_id, cv.period, cv.value, i.unit, cv.status, cv.batch_id, b.is_demo
from county_value as cv
inner join indicator as i on cv.indicator_id = i.id
inner join batch as b on cv.batch_id = b.batch_id
where b.outcome = 'loaded'
qualify row_number() over (
    partition by cv.adcode, cv.indicator_id, cv.period order by cv.batch_id desc, cv.row_seq desc
) = 1;

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
