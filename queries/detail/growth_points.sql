-- The 工业增长点 projects in the pool in one month (they report monthly), with their tracking level and that month's report
-- grain: one row per project
-- params: $adcode varchar (null = every county the filters keep); $period date (the month whose report is shown); $industry varchar (null = all, else an industry_choice id: a GB/T 4754 division or the plan's named industry); $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: project_id varchar; project_name varchar; adcode varchar; county varchar; prefecture varchar; industry_code varchar; industry varchar; expected_output_yi double (亿元); level varchar (省级/市级/县级跟踪); status varchar; start_month date; reported boolean; lon double; lat double; is_demo boolean
select
    g.project_id, g.project_name, g.adcode, r.name as county, r.prefecture, g.industry_code,
    ind.name as industry, g.expected_output_yi,
    g.tracking_level as level,
    g.status, g.start_month, rep.reported, g.lon, g.lat, b.is_demo
from growth_point_tracked as g
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on g.adcode = r.adcode
inner join batch as b on g.batch_id = b.batch_id
left join industry as ind on g.industry_code = ind.code
inner join growth_point_report as rep on g.project_id = rep.project_id and rep.period = $period
where
    r.in_filter and ($adcode is null or g.adcode = $adcode) and ($industry is null or g.industry_code in (
        select m.division from industry_member as m
        where m.industry_id = $industry
    ))
order by g.expected_output_yi desc
