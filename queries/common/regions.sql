-- The 103 county-level units with their prefecture, metro circle and flags, for filters and search
-- grain: one row per adcode
-- params: none
-- returns: adcode varchar; name varchar; short_name varchar; prefecture_code varchar; prefecture varchar; county_type varchar; metro_circle varchar; wehh_core boolean; in_scope boolean; network_programme boolean
select
    adcode, name, short_name, prefecture_code, prefecture, county_type,
    metro_circle, wehh_core, in_scope, network_programme
from region
order by adcode
