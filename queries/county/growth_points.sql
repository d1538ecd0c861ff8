-- One county's industrial growth-point projects with the level that tracks each
-- grain: one row per project of the county
-- params: $adcode varchar
-- returns: project_id varchar; project_name varchar; industry_code varchar; industry_name varchar; expected_output_yi double; tracking_level varchar; status varchar; start_month date; is_demo boolean
select
    g.project_id, g.project_name, g.industry_code, i.name as industry_name, g.expected_output_yi,
    g.tracking_level,
    g.status, g.start_month,
    coalesce(b.is_demo, false) as is_demo
from growth_point_tracked as g
left join industry as i on g.industry_code = i.code
left join batch as b on g.batch_id = b.batch_id
where g.adcode = $adcode
order by g.expected_output_yi desc, g.project_id asc
