-- Monthly monitoring of the 工业增长点: per county, how many projects in the pool reported this month
-- grain: one row per adcode with projects in the pool that month
-- params: $period date; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; county varchar; prefecture varchar; projects integer (个); reported integer (个); unreported integer (个); reported_pct double (%); is_demo boolean
select
    r.adcode, r.name as county, r.prefecture,
    cast(count(*) as integer) as projects,
    cast(count(*) filter (where rep.reported) as integer) as reported,
    cast(count(*) filter (where not rep.reported) as integer) as unreported,
    100.0 * count(*) filter (where rep.reported) / count(*) as reported_pct,
    bool_or(b.is_demo) as is_demo
from growth_point_report as rep
inner join growth_point as g on rep.project_id = g.project_id
inner join batch as b on rep.batch_id = b.batch_id
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on g.adcode = r.adcode
where rep.period = $period and r.in_filter
group by r.adcode, r.name, r.prefecture
order by reported_pct asc, projects desc
