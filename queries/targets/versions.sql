-- Every load of responsibility targets: a version, who loaded it and when, what it covers, whether it is in force
-- grain: one row per targets batch, newest first
-- params: none
-- returns: version integer; file_name varchar; loaded_by varchar; loaded_at timestamp; outcome varchar; rolled_back_at timestamp; rows_loaded integer; counties integer; prefectures integer; has_province boolean; indicators integer; years varchar; is_demo boolean
select
    b.batch_id as version, b.file_name, b.loaded_by, b.loaded_at, b.outcome, b.rolled_back_at, b.rows_loaded,
    cast(count(distinct t.area_code) filter (where t.area_level = 'county') as integer) as counties,
    cast(count(distinct t.area_code) filter (where t.area_level = 'prefecture') as integer) as prefectures,
    coalesce(bool_or(t.area_level = 'province'), false) as has_province,
    cast(count(distinct t.indicator_id) as integer) as indicators,
    string_agg(distinct cast(t.year as varchar), '、' order by cast(t.year as varchar)) as years,
    b.is_demo
from batch as b
left join responsibility_target as t on b.batch_id = t.batch_id
where b.dataset = 'responsibility_targets'
group by all
order by b.batch_id desc
