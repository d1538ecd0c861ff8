-- The members of one named list (名单) placed in a county the filters keep, with the point of the park or
-- enterprise of that name and county where one is loaded with coordinates (the page puts the others at their county)
-- grain: one row per list member placed in a county the filters keep
-- params: $list_name varchar; $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: name varchar; kind varchar; adcode varchar; county varchar; category varchar; level varchar; resolution varchar; lon double; lat double
with places as (
    select park_name as name, adcode, lon, lat from park
    union all
    select enterprise_name as name, adcode, lon, lat from enterprise
)

select
    m.name, m.kind, m.adcode, r.name as county, m.category, m.level, m.resolution,
    any_value(p.lon) as lon, any_value(p.lat) as lat
from list_member as m
inner join region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only) as r on m.adcode = r.adcode
left join places as p on m.name = p.name and m.adcode = p.adcode and p.lon is not null
where m.list_name = $list_name and r.in_filter
group by m.row_number, m.name, m.kind, m.adcode, r.name, m.category, m.level, m.resolution
order by m.row_number
