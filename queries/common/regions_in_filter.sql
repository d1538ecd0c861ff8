-- Which county-level units the global filters keep
-- grain: one row per adcode
-- params: $prefecture varchar (null = all); $metro_circle varchar (null = all, 武鄂黄黄 = the core); $county_type varchar (null = all); $in_scope_only boolean
-- returns: adcode varchar; name varchar; in_filter boolean
select adcode, name, in_filter
from region_in_filter($prefecture, $metro_circle, $county_type, $in_scope_only)
order by adcode
