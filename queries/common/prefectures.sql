-- The 17 prefecture-level units in code order, for the prefecture filter
-- grain: one row per prefecture code
-- params: none
-- returns: code varchar; name varchar; short_name varchar; metro_circle varchar
select code, name, short_name, metro_circle
from prefecture
order by code
